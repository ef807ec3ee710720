"""Forms of the desk blueprint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    Form,
    HiddenField,
    IntegerField,
    SearchField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    URL,
    AnyOf,
    DataRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)


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


# --- Ingestion: by URL, by upload, feeds (issue 4) ---------------------------------

#: File types the upload form accepts (``read_upload`` decides what they contain).
UPLOAD_EXTENSIONS = ("html", "htm", "txt", "jsonl")


class AddUrlForm(FlaskForm):
    """Fetch an article by its address; the outlet is optional (the page usually says)."""

    url = URLField(
        "Address (URL)",
        validators=[DataRequired(message="Enter the article's address."), Length(max=2048)],
        filters=[_strip],
        description="An http or https address of a published article.",
        render_kw={"inputmode": "url", "placeholder": "https://"},
    )
    outlet = StringField(
        "Outlet",
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
        description="Optional. Leave empty to use the site name the page gives.",
    )


class UploadForm(FlaskForm):
    """Upload one article (.html, .htm, .txt) or a JSON Lines batch (.jsonl)."""

    file = FileField(
        "File",
        validators=[
            FileRequired(message="Choose a file to upload."),
            FileAllowed(UPLOAD_EXTENSIONS, message="Upload a .html, .htm, .txt or .jsonl file."),
        ],
        description="An .html, .htm or .txt article, or a .jsonl batch with one article a line "
        "(up to 20 MB).",
        render_kw={"accept": ",".join(f".{ext}" for ext in UPLOAD_EXTENSIONS)},
    )
    outlet = StringField(
        "Outlet",
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
        description="Optional, for a single article. Each line of a batch names its own.",
    )
    published = DateField(
        "Published on",
        validators=[Optional()],
        description="Optional, for a single article.",
    )

    def known_metadata(self) -> dict[str, Any]:
        """What the form says about a single uploaded article, for ``read_upload``."""
        return {"outlet": self.outlet.data or None, "published": self.published.data}


class AddFeedForm(FlaskForm):
    """Add an RSS or Atom feed; it is fetched once to check that it is one."""

    url = URLField(
        "Feed address (URL)",
        validators=[DataRequired(message="Enter the feed's address."), Length(max=2048)],
        filters=[_strip],
        description="The address of an RSS or Atom feed, not of the site's home page.",
        render_kw={"inputmode": "url", "placeholder": "https://"},
    )
    outlet = StringField(
        "Outlet",
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
        description="Optional. Articles from this feed are stored under this outlet.",
    )


class PollFeedForm(FlaskForm):
    """The "Poll now" button: nothing but the CSRF token."""


# --- Speakers: aliases, roles, merging, reassigning statements (issue 4) -----------


class AddAliasForm(FlaskForm):
    """Another name the speaker appears under in print."""

    alias = StringField(
        "Other name",
        validators=[DataRequired(message="Enter a name."), Length(max=200)],
        filters=[_strip],
        description="A spelling, transliteration or short form, e.g. V. Putin.",
    )


class AddRoleForm(FlaskForm):
    """A title the speaker held between two dates (either may be open)."""

    title = StringField(
        "Title",
        validators=[DataRequired(message="Enter the title."), Length(max=200)],
        filters=[_strip],
        description="As articles write it, e.g. finance minister.",
    )
    body = StringField(
        "Body",
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
        description="Optional. Government, parliament, company…",
    )
    party = StringField("Party", validators=[Optional(), Length(max=200)], filters=[_strip])
    started_on = DateField("From", validators=[Optional()], description="Optional.")
    ended_on = DateField("To", validators=[Optional()], description="Empty if still held.")

    def validate_ended_on(self, field: DateField) -> None:
        """The role cannot end before it starts."""
        start: dt.date | None = self.started_on.data
        if start is not None and field.data is not None and field.data < start:
            raise ValidationError("The end date is before the start date.")

    def role_arguments(self) -> dict[str, Any]:
        """The validated values as keyword arguments of ``add_role``."""
        return {
            "title": self.title.data or "",
            "body": self.body.data or "",
            "party": self.party.data or "",
            "started_on": self.started_on.data,
            "ended_on": self.ended_on.data,
        }


class SpeakerSearchForm(Form):
    """A name to look for among speakers (a GET form, so no CSRF token)."""

    q = SearchField(
        "Speaker's name",
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
        description="Part of a name or a misspelling; close matches are listed.",
    )


class MergeSpeakersForm(FlaskForm):
    """Confirm a merge; which speakers is in the address."""


#: Where a reassign form sends the user back to.
RETURN_PAGES = ("source", "unconfirmed", "statement")


class ReassignStatementForm(FlaskForm):
    """Attribute a statement to a speaker (by id) or to nobody."""

    speaker_id = IntegerField("Speaker", validators=[Optional(), NumberRange(min=1)])
    nobody = BooleanField("Nobody (unattributed)")
    back = HiddenField(default="source", validators=[Optional(), AnyOf(RETURN_PAGES)])

    def validate_nobody(self, field: BooleanField) -> None:
        """Exactly one of a speaker and "nobody"."""
        if field.data and self.speaker_id.data is not None:
            raise ValidationError("Choose a speaker or nobody, not both.")
        if not field.data and self.speaker_id.data is None:
            raise ValidationError("Choose a speaker, or nobody.")
