"""The filter forms of the queue and of search (GET forms: no CSRF token)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from wtforms import BooleanField, DateField, Form, SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from onrecord.models import ReviewState, StatementKind, StatementStatus, User
from onrecord.pipeline.review.states import state_label
from onrecord.web.desk.queue_query import SORTS, QueueFilters


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """``(value, label)`` pairs as WTForms choices (raw tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _status_choices() -> list[tuple[str, str]]:
    return options(
        [("open", "Needs work (new or in progress)"), ("", "Any status")]
        + [
            (status.value, status.value.replace("_", " ").capitalize())
            for status in StatementStatus
        ]
    )


def _verdict_choices() -> list[tuple[str, str]]:
    return options(
        [("", "Any"), ("none", "No verdict yet")]
        + [(state.value, state_label(state)) for state in ReviewState]
    )


class StatementFilters(Form):
    """Filters shared by the queue and search."""

    speaker = SearchField("Speaker", validators=[Optional(), Length(max=200)], filters=[_strip])
    outlet = SearchField("Outlet", validators=[Optional(), Length(max=200)], filters=[_strip])
    said_from = DateField("Said from", validators=[Optional()])
    said_until = DateField("Said until", validators=[Optional()])
    kind = SelectField(
        "Kind",
        choices=options([("", "Any"), *[(k.value, k.value.capitalize()) for k in StatementKind]]),
        validators=[Optional()],
    )
    verdict = SelectField("Verdict", choices=_verdict_choices(), validators=[Optional()])

    def validate_said_until(self, field: DateField) -> None:
        """The range must not end before it starts."""
        if field.data and self.said_from.data and field.data < self.said_from.data:
            raise ValidationError("The end date is before the start date.")

    def query_args(self) -> dict[str, str]:
        """The filters as query arguments for the pager and sort links (empty ones left out)."""
        args = {}
        for f in self:
            value = f._value() if hasattr(f, "_value") else f.data
            if f.type == "BooleanField":
                value = "y" if f.data else ""
            if value not in ("", None):
                args[f.name] = str(value)
        return args


class QueueFilterForm(StatementFilters):
    """Filters and sort order of the queue."""

    status = SelectField("Status", choices=_status_choices(), default="open")
    worth = SelectField(
        "Check-worthiness",
        choices=options([("", "Any"), ("medium", "Medium or high"), ("high", "High")]),
        validators=[Optional()],
    )
    assignee = SelectField("Assigned to", choices=[], validators=[Optional()])
    suggestions = BooleanField("Only with matching suggestions")
    sort = SelectField("Sort", choices=options(SORTS.items()), default="newest")

    def __init__(self, *args: Any, people: Sequence[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assignee.choices = options(
            [("", "Anyone"), ("me", "Me"), ("nobody", "Nobody")]
            + [(str(user.id), user.display_name or user.username) for user in people]
        )

    def filters(self) -> QueueFilters:
        """The validated filters."""
        return QueueFilters(
            status=self.status.data if self.status.data is not None else "open",
            speaker=self.speaker.data or "",
            outlet=self.outlet.data or "",
            said_from=self.said_from.data,
            said_until=self.said_until.data,
            kind=self.kind.data or "",
            worth=self.worth.data or "",
            assignee=self.assignee.data or "",
            verdict=self.verdict.data or "",
            suggestions=bool(self.suggestions.data),
            sort=self.sort.data or "newest",
        )
