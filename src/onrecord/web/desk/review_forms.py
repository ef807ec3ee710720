"""Forms of the verdict pages: the verdict itself, starting one, assigning.

(Kept apart from ``forms.py`` so two people can add forms at once; the rules the
fields check are the pipeline's, in ``onrecord.pipeline.review.verdicts``.)
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from onrecord.models import Review
from onrecord.pipeline.review.scales import all_scales, get_scale
from onrecord.pipeline.review.states import ReviewAction
from onrecord.pipeline.review.verdicts import (
    EVIDENCE_MAX,
    SUMMARY_MAX,
    VerdictChanges,
    summary_problem,
    url_problem,
)

#: Empty evidence rows shown under the filled ones.
SPARE_EVIDENCE_ROWS = 2


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class EvidenceForm(Form):
    """One evidence link: a title and an http(s) address."""

    title = StringField("Title", validators=[Optional(), Length(max=300)], filters=[_strip])
    url = StringField(
        "Address",
        validators=[Length(max=2048)],
        filters=[_strip],
        render_kw={"inputmode": "url", "placeholder": "https://"},
    )

    def validate_url(self, field: StringField) -> None:
        """http(s) only; a title without an address is refused."""
        if not field.data:
            if self.title.data:
                raise ValidationError("Add the address of this source.")
            return
        problem = url_problem(field.data)
        if problem:
            raise ValidationError(problem)


class VerdictForm(FlaskForm):
    """The verdict: rating, claim summary, explanation, evidence and team notes.

    ``version`` carries the version the page showed (optimistic locking);
    ``action`` is the workflow button pressed (empty: just save);
    ``public_note`` is the note of a correction or retraction.
    """

    label = SelectField("Rating", validators=[Optional()], choices=[])
    summary = StringField(
        "Claim summary",
        validators=[Optional(), Length(max=SUMMARY_MAX)],
        filters=[_strip],
        description=(
            f"One line, at most {SUMMARY_MAX} characters: what was claimed, not the verdict "
            "(no “true”, “false”, “misleading”)."
        ),
    )
    explanation = TextAreaField(
        "Explanation",
        validators=[Optional(), Length(max=50_000)],
        description="Markdown: **bold**, *italic*, [links](https://…), lists. No HTML.",
        render_kw={"rows": 10},
    )
    evidence = FieldList(FormField(EvidenceForm), label="Evidence", max_entries=EVIDENCE_MAX)
    notes = TextAreaField(
        "Notes for the team",
        validators=[Optional(), Length(max=20_000)],
        description="Never published.",
        render_kw={"rows": 3},
    )
    public_note = TextAreaField(
        "Public note",
        validators=[Optional(), Length(max=5_000)],
        description="Needed to correct or retract: shown with the verdict, says what changed.",
        render_kw={"rows": 3},
    )
    version = HiddenField(validators=[InputRequired()])
    action = HiddenField()

    def setup(self, review: Review) -> VerdictForm:
        """Fill the rating choices from the verdict's scale and pad the evidence rows."""
        scale = get_scale(review.scale)
        self.label.choices = [SelectChoice("", "Not rated yet")] + [
            SelectChoice(level.label, f"{level.label} ({level.value})") for level in scale.levels
        ]
        while len(self.evidence.entries) < min(
            EVIDENCE_MAX, len(review.evidence or []) + SPARE_EVIDENCE_ROWS
        ):
            self.evidence.append_entry()
        return self

    def validate_summary(self, field: StringField) -> None:
        """No rating words, one line."""
        problem = summary_problem(field.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_version(self, field: HiddenField) -> None:
        """A whole number, as the page sent it."""
        if not str(field.data or "").isdigit():
            raise ValidationError("The form lost its version number. Reload the page.")

    def validate_action(self, field: HiddenField) -> None:
        """One of the workflow's actions, or empty."""
        if field.data and field.data not in set(ReviewAction):
            raise ValidationError("Unknown action.")

    def changes(self) -> VerdictChanges:
        """The submitted verdict for the operations."""
        return VerdictChanges(
            label=self.label.data or "",
            summary=self.summary.data or "",
            explanation=self.explanation.data or "",
            evidence=[dict(entry.data) for entry in self.evidence.entries],
            notes=self.notes.data or "",
        )

    def chosen_action(self) -> ReviewAction | None:
        """The workflow button pressed, if any."""
        return ReviewAction(self.action.data) if self.action.data else None

    def expected_version(self) -> int:
        """The version the person loaded."""
        return int(self.version.data)


class StartReviewForm(FlaskForm):
    """Start a verdict on a statement, on one of the scales."""

    scale = SelectField("Scale", validators=[DataRequired()], choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scale.choices = [SelectChoice(scale.slug, scale.name) for scale in all_scales()]


class AssignForm(FlaskForm):
    """Give a statement's verdict to someone (0 = nobody)."""

    assignee = IntegerField("Assign to", validators=[InputRequired()])
    next = HiddenField()

    def assignee_id(self) -> int | None:
        """The chosen user's id, None for nobody."""
        value = self.assignee.data
        return int(value) if value else None
