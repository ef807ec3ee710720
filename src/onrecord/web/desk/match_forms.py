"""Forms of the matching pages: deciding a suggested link, rating a reversal, comparing two texts.

The decision forms carry the link's state as the page showed it
(:func:`onrecord.pipeline.match.operations.link_state`), so that a decision
taken meanwhile by someone else is refused instead of overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, IntegerField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from onrecord.models import FlipRating

NOTE_MAX = 1000
TEXT_MAX = 5000


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class LinkDecisionForm(FlaskForm):
    """Confirm or dismiss one link (the button's route says which), with an optional note."""

    state = HiddenField(validators=[DataRequired()])
    note = TextAreaField(
        "Note for the team",
        validators=[Optional(), Length(max=NOTE_MAX)],
        filters=[_strip],
        render_kw={"rows": 2},
    )


class FlipRatingForm(FlaskForm):
    """Rate a reversal on the Flip scale; rating it also confirms it."""

    state = HiddenField(validators=[DataRequired()])
    rating = RadioField(
        "Flip rating",
        choices=[SelectChoice(rating.value, rating.value) for rating in FlipRating],
        validators=[DataRequired(message="Choose No Flip, Half Flip or Full Flop.")],
    )
    note = TextAreaField(
        "Why (shown with the rating)",
        validators=[Optional(), Length(max=NOTE_MAX)],
        filters=[_strip],
        render_kw={"rows": 2},
    )

    def chosen(self) -> FlipRating:
        """The rating as the enum (after validation)."""
        return FlipRating(self.rating.data)


class CompareForm(Form):
    """Two statements to compare: each side is a statement number or a pasted text.

    ``exists`` (given by the view) says whether a statement number exists, so
    the form can answer a wrong number with a field error.
    """

    a_id = IntegerField("Earlier statement number", validators=[Optional(), NumberRange(min=1)])
    a_text = TextAreaField(
        "or the earlier text",
        validators=[Optional(), Length(max=TEXT_MAX)],
        filters=[_strip],
        render_kw={"rows": 4},
    )
    b_id = IntegerField("Later statement number", validators=[Optional(), NumberRange(min=1)])
    b_text = TextAreaField(
        "or the later text",
        validators=[Optional(), Length(max=TEXT_MAX)],
        filters=[_strip],
        render_kw={"rows": 4},
    )

    def __init__(self, *args: Any, exists: Callable[[int], bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._exists = exists

    def _side_problem(self, number: IntegerField, text: TextAreaField, which: str) -> str:
        if number.errors:
            return ""
        if number.data is not None and text.data:
            return f"Give the {which} statement's number or its text, not both."
        if number.data is None and not text.data:
            return f"Give the {which} statement's number or paste its text."
        if number.data is not None and not self._exists(number.data):
            return f"There is no statement {number.data}."
        return ""

    def validate(self, extra_validators: Any = None) -> bool:
        """Each side needs exactly one of a statement number that exists or a text."""
        valid = bool(super().validate(extra_validators))
        for number, text, which in ((self.a_id, self.a_text, "earlier"),
                                    (self.b_id, self.b_text, "later")):  # fmt: skip
            problem = self._side_problem(number, text, which)
            if problem:
                number.errors = [*number.errors, problem]
                valid = False
        return valid

    @property
    def submitted(self) -> bool:
        """Whether anything was asked (an empty page shows the form only)."""
        fields = (self.a_id, self.a_text, self.b_id, self.b_text)
        return any(any(field.raw_data or ()) for field in fields)
