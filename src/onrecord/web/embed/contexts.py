"""The template context contract of the widgets: what each widget template receives.

A newsroom that overrides ``embed/review.html`` or ``embed/speaker.html`` (see
``ONRECORD_EMBED_TEMPLATE_DIR``) can rely on exactly these names and fields; they
are documented in docs/publishing.md and a test checks that the documentation,
these classes and what the views pass agree. Adding a field is fine; renaming or
removing one breaks newsrooms' templates and needs a CHANGELOG entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from onrecord.web.embed.links import EmbedInfo
from onrecord.web.embed.themes import Theme


@dataclass(frozen=True, slots=True)
class ScaleStep:
    """One step of the rating scale graphic, worst first."""

    value: int
    label: str
    colour: str  # CSS colour; the chosen step is also taller, so colour is never needed
    current: bool


@dataclass(frozen=True, slots=True)
class VerdictCard:
    """A published verdict as a widget shows it (plain values, no database objects)."""

    review_id: int
    state: str  # "published", "corrected" or "retracted"
    claim: str  # the claim checked, in one line (the verdict's summary)
    quote: str  # what was said, verbatim (may be long; templates truncate)
    speaker_name: str
    speaker_slug: str | None
    said_on: dt.date | None
    source_title: str
    outlet_name: str
    label: str  # the rating label, e.g. "Mostly True"
    rating_value: int | None
    scale_name: str  # e.g. "Truth"
    best: int | None
    worst: int | None
    steps: tuple[ScaleStep, ...]
    excerpt: str  # the start of the explanation, plain text
    correction_note: str  # public note of a correction or retraction ("" if none)
    published_at: dt.datetime | None
    updated_at: dt.datetime
    page_url: str  # the full verdict on our public site

    @property
    def is_corrected(self) -> bool:
        """Whether a correction was published."""
        return self.state == "corrected"

    @property
    def is_retracted(self) -> bool:
        """Whether the verdict was withdrawn (templates then show no rating)."""
        return self.state == "retracted"


@dataclass(frozen=True, slots=True)
class ReversalCard:
    """A confirmed change of position by a speaker (two statements, rated on the Flip scale)."""

    flip_rating: str  # "No Flip", "Half Flip" or "Full Flop" ("" when not rated)
    earlier_text: str
    earlier_said_on: dt.date | None
    later_text: str
    later_said_on: dt.date | None


@dataclass(frozen=True, slots=True)
class SpeakerCard:
    """A speaker's public record as the speaker widget shows it."""

    slug: str
    name: str
    description: str
    verdicts: tuple[VerdictCard, ...]  # newest first, at most SPEAKER_VERDICTS
    reversals: tuple[ReversalCard, ...]  # newest first, at most SPEAKER_REVERSALS
    verdict_count: int  # all published verdicts, also those not shown
    page_url: str


@dataclass(frozen=True, slots=True)
class Assets:
    """URLs of the widget's stylesheet and resize script (versioned by content)."""

    css: str
    resize_js: str


@dataclass(frozen=True, slots=True)
class ReviewWidgetContext:
    """Context of ``embed/review.html``."""

    verdict: VerdictCard
    theme: Theme
    embed: EmbedInfo
    assets: Assets


@dataclass(frozen=True, slots=True)
class SpeakerWidgetContext:
    """Context of ``embed/speaker.html``."""

    speaker: SpeakerCard
    theme: Theme
    embed: EmbedInfo
    assets: Assets


@dataclass(frozen=True, slots=True)
class ErrorWidgetContext:
    """Context of ``embed/error.html`` (a widget that cannot be shown)."""

    status: int
    title: str
    message: str
    theme: Theme
    assets: Assets


def as_context(value: object) -> dict[str, object]:
    """A context dataclass as the keyword arguments of ``render_template``."""
    return {f.name: getattr(value, f.name) for f in fields(value)}  # type: ignore[arg-type]
