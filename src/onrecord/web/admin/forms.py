"""Forms of the API token page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from onrecord.models import User
from onrecord.pipeline.accounts.tokens import NAME_MAX


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class CreateTokenForm(FlaskForm):
    """A new token for a user: who it acts as and what it is for."""

    user_id = SelectField(
        "Acts as user",
        coerce=int,
        validators=[DataRequired(message="Choose the user the token acts as.")],
        description="The token can do what this user's role allows, and stops working "
        "when the user is deactivated.",
    )
    name = StringField(
        "Name",
        validators=[DataRequired(message="Name the token."), Length(max=NAME_MAX)],
        filters=[_strip],
        description="What or who uses it, e.g. “CMS import” or “data team”.",
    )

    def __init__(self, *args: Any, users: Sequence[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user_id.choices = [
            SelectChoice(user.id, f"{user.username} ({user.role.value})")
            for user in users
            if user.id is not None
        ]


class RevokeTokenForm(FlaskForm):
    """Revoke one token (a button; the CSRF token is the only field)."""
