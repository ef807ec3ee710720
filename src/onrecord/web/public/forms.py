"""The verdict index's search form (a GET form: no CSRF token)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wtforms import DateField, Form, SearchField, SelectField
from wtforms.validators import Length, Optional, ValidationError

from onrecord.pipeline.publish.records import SpeakerPublicRef
from onrecord.pipeline.review.scales import all_scales
from onrecord.web.desk.queue_forms import options


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _rating_choices() -> list[Any]:
    labels: list[tuple[str, str]] = []
    for scale in all_scales():
        for level in sorted(scale.levels, key=lambda level: -level.value):
            labels.append((level.label, f"{level.label} ({scale.name} scale)"))
    return options([("", "Any rating"), *labels])


class VerdictSearchForm(Form):
    """Words, speaker, rating, scale and the dates the statements were made."""

    q = SearchField(
        "Words",
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
        description="Words of the quote, the claim or the speaker's name.",
    )
    speaker = SelectField("Speaker", choices=[], validators=[Optional()])
    rating = SelectField("Rating", choices=_rating_choices(), validators=[Optional()])
    scale = SelectField(
        "Scale",
        choices=options([("", "Any scale"), *[(s.slug, s.name) for s in all_scales()]]),
        validators=[Optional()],
    )
    date_from = DateField("Said from", validators=[Optional()])
    date_to = DateField("Said until", validators=[Optional()])

    def __init__(self, *args: Any, speakers: Sequence[SpeakerPublicRef] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.speaker.choices = options(
            [("", "Anyone"), *[(speaker.slug, speaker.name) for speaker in speakers]]
        )

    def validate_date_to(self, field: DateField) -> None:
        """The range must not end before it starts."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")

    def query_args(self) -> dict[str, str]:
        """The filled-in filters as query arguments (for page links)."""
        args = {}
        for f in self:
            value = f._value() if hasattr(f, "_value") else f.data
            if value not in ("", None):
                args[f.name] = str(value)
        return args

    def criteria(self) -> dict[str, Any]:
        """The validated filters as keyword arguments of ``list_published_verdicts``."""
        return {
            "q": self.q.data or None,
            "speaker_slug": self.speaker.data or None,
            "rating": self.rating.data or None,
            "scale": self.scale.data or None,
            "date_from": self.date_from.data,
            "date_to": self.date_to.data,
        }
