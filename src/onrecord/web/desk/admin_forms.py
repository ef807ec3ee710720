"""Forms of the admin pages: users and rating scales."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from onrecord.models import Role
from onrecord.pipeline.accounts.passwords import MIN_PASSWORD_LENGTH

ROLE_CHOICES = [
    SelectChoice(Role.VIEWER.value, "Viewer (reads the desk)"),
    SelectChoice(Role.FACT_CHECKER.value, "Fact-checker (reviews, drafts verdicts)"),
    SelectChoice(Role.EDITOR.value, "Editor (approves, publishes, merges speakers)"),
    SelectChoice(Role.ADMIN.value, "Admin (users, scales, tokens)"),
]


class NewUserForm(FlaskForm):
    """Create an account with a first password the person changes later."""

    username = StringField(
        "Username",
        validators=[DataRequired(), Length(min=2, max=64)],
        description="Lower-case letters, digits, '.', '_' or '-'.",
    )
    display_name = StringField("Name shown on the desk", validators=[Optional(), Length(max=100)])
    email = EmailField("Email", validators=[Optional(), Email(), Length(max=255)])
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.FACT_CHECKER.value)
    password = PasswordField(
        "First password",
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=f"At least {MIN_PASSWORD_LENGTH} characters; give it to the person safely.",
    )


class RoleForm(FlaskForm):
    """Change a user's role."""

    role = SelectField("Role", choices=ROLE_CHOICES)


class PasswordResetForm(FlaskForm):
    """Set a new password for someone (ends their sessions)."""

    password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=f"At least {MIN_PASSWORD_LENGTH} characters. Every session of the user ends.",
    )


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (enable, disable, end sessions, retire)."""


_LEVEL_LINE = re.compile(
    r"^(?P<label>[^|]+)\|(?P<value>[^|]+)\|(?P<colour>[^|]+)(?:\|(?P<desc>.*))?$"
)


class LevelsField(TextAreaField):
    """One level per line: ``Label | value | #colour | description`` → a list of dicts."""

    levels: list[dict[str, Any]]

    def process_formdata(self, valuelist: Sequence[Any]) -> None:
        super().process_formdata(valuelist)
        self.levels = []
        self.line_errors: list[str] = []
        for n, line in enumerate(str(self.data or "").splitlines(), start=1):
            if not line.strip():
                continue
            match = _LEVEL_LINE.match(line.strip())
            if match is None:
                self.line_errors.append(
                    f"line {n} should read “Label | value | #colour | description”"
                )
                continue
            raw_value = match["value"].strip()
            value: int | str = (
                int(raw_value) if re.fullmatch(r"-?\d{1,6}", raw_value) else raw_value
            )
            self.levels.append(
                {
                    "label": match["label"].strip(),
                    "value": value,
                    "colour": match["colour"].strip(),
                    "description": (match["desc"] or "").strip(),
                }
            )

    def pre_validate(self, form: Any) -> None:
        if getattr(self, "line_errors", None):
            raise ValidationError("; ".join(self.line_errors).capitalize() + ".")


class NewScaleForm(FlaskForm):
    """Define a rating scale."""

    slug = StringField(
        "Short name",
        validators=[DataRequired(), Length(min=2, max=50)],
        description="Used in addresses and the API, e.g. “stars”. It cannot change later.",
    )
    name = StringField("Name", validators=[DataRequired(), Length(max=100)])
    description = TextAreaField("What the scale is for", validators=[Optional(), Length(max=2000)])
    levels = LevelsField(
        "Levels",
        validators=[DataRequired()],
        description=(
            "One level per line: Label | value | #colour | description. Higher values are "
            "better (ClaimReview's bestRating). Status is never shown by colour alone."
        ),
        render_kw={"rows": 8, "spellcheck": "false"},
    )
