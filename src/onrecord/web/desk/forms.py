"""Forms of the desk blueprint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, Form, SearchField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional


class CommaSeparatedField(StringField):
    """A text box whose data is a list: ``"Ann Lee, Bo Chen"`` → ``["Ann Lee", "Bo Chen"]``."""

    data: list[str]

    def process_formdata(self, valuelist: Sequence[Any]) -> None:
        raw = str(valuelist[0]) if valuelist else ""
        self.data = [part.strip() for part in raw.split(",") if part.strip()]

    def _value(self) -> str:
        return ", ".join(self.data) if isinstance(self.data, list) else ""


class AddSourceForm(FlaskForm):
    """Paste an article: its text plus what we know about where it appeared."""

    title = StringField(
        "Headline",
        validators=[DataRequired(), Length(max=500)],
        description="As published, so that the desk can find the article again.",
    )
    outlet = StringField(
        "Outlet",
        validators=[Optional(), Length(max=200)],
        description="The publication, e.g. The Ledger. Leave empty if unknown.",
    )
    url = URLField(
        "Address (URL)",
        validators=[Optional(), URL(require_tld=False), Length(max=2048)],
        description="Optional. Two pastes at the same address become versions of one article.",
        render_kw={"inputmode": "url", "placeholder": "https://"},
    )
    published = DateField(
        "Published on",
        validators=[Optional()],
        description="Optional. Quotes are dated by this day unless the text says otherwise.",
    )
    authors = CommaSeparatedField(
        "Authors",
        description="Optional. Separate several names with commas.",
    )
    text = TextAreaField(
        "Article text",
        validators=[DataRequired(message="Paste the text of the article.")],
        description="Plain text; leave a blank line between paragraphs.",
        render_kw={"rows": 18, "spellcheck": "false"},
    )

    def ingest_arguments(self) -> dict[str, Any]:
        """The validated values as keyword arguments of ``ingest_text``."""
        published: dt.date | None = self.published.data
        return {
            "text": self.text.data or "",
            "title": self.title.data or "",
            "url": self.url.data or None,
            "outlet": self.outlet.data or None,
            "published": published,
            "authors": list(self.authors.data or []),
        }


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class SpeakerFilterForm(Form):
    """The name filter on the speakers list (a GET form, so no CSRF token)."""

    q = SearchField(
        "Name contains",
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
        description="Part of a name or alias; capitals and accents do not matter.",
    )
