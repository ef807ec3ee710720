"""The search form (a GET form: no CSRF token)."""

from __future__ import annotations

from wtforms import SearchField, SelectField
from wtforms.validators import Length, Optional

from onrecord.models import StatementStatus
from onrecord.web.desk.queue_forms import StatementFilters, options
from onrecord.web.desk.queue_query import QueueFilters


class SearchForm(StatementFilters):
    """Words to look for (typos allowed) plus the statement filters."""

    q = SearchField(
        "Words",
        validators=[Optional(), Length(max=300)],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        description="Any words of the statement, in any order; typos and word beginnings work.",
    )
    status = SelectField(
        "Status",
        choices=options(
            [
                ("", "Any"),
                *[(s.value, s.value.replace("_", " ").capitalize()) for s in StatementStatus],
            ]
        ),
        validators=[Optional()],
    )

    def is_search(self) -> bool:
        """Whether anything was asked (words or a filter)."""
        return bool(self.query_args())

    def filters(self) -> QueueFilters:
        """The validated filters (no queue defaults: any status unless chosen)."""
        return QueueFilters(
            status=self.status.data or "",
            speaker=self.speaker.data or "",
            outlet=self.outlet.data or "",
            said_from=self.said_from.data,
            said_until=self.said_until.data,
            kind=self.kind.data or "",
            verdict=self.verdict.data or "",
        )
