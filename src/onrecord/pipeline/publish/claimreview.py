"""A published verdict as schema.org ClaimReview (architecture section 7).

Pure functions: a :class:`~onrecord.pipeline.publish.records.PublishedVerdict`
in, a JSON-ready ``dict`` out. The verdict page embeds it as its only JSON-LD
block and ``/verdicts/claimreview.jsonl`` and ``onrecord export`` write one per
line, so all three say the same thing.

Ratings grow with truth, so ``bestRating`` is the scale's highest value. A Flip
verdict rates how consistent the speaker has been: the claim is phrased as a
claim of consistency, and "No Flip" is the best value.

Only verdicts that still stand and carry a rating have a ClaimReview: a
retracted verdict withdraws its rating, so it has none (search engines would
otherwise keep showing it), and neither has a verdict published without a rating.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from onrecord.pipeline.publish.records import PublishedVerdict, SpeakerPublicRef

SCHEMA_CONTEXT = "https://schema.org"
#: The scale whose verdicts are claims about consistency.
FLIP_SCALE = "flip"


@dataclass(frozen=True, slots=True)
class Organisation:
    """The fact-checking organisation that authors every ClaimReview."""

    name: str
    url: str


def has_claim_review(verdict: PublishedVerdict) -> bool:
    """Whether ``verdict`` gets a ClaimReview: it stands (not retracted) and has a rating."""
    return (
        not verdict.retracted
        and verdict.rating is not None
        and verdict.rating.value is not None
        and verdict.rating.best is not None
        and verdict.rating.worst is not None
    )


def claim_reviewed(verdict: PublishedVerdict) -> str:
    """The claim as ClaimReview states it: short, without the rating.

    A Flip verdict is about consistency, so its claim says that the speaker's
    position has not changed.
    """
    claim = verdict.claim.strip()
    if verdict.rating is None or verdict.rating.scale != FLIP_SCALE:
        return claim
    who = verdict.speaker.name if verdict.speaker else "The speaker"
    return f"{who} has held the same position: {claim}"


def _claim_author(speaker: SpeakerPublicRef) -> dict[str, Any]:
    author: dict[str, Any] = {
        "@type": "Person" if speaker.is_person else "Organization",
        "name": speaker.name,
    }
    if speaker.same_as:
        author["sameAs"] = list(speaker.same_as) if len(speaker.same_as) > 1 else speaker.same_as[0]
    return author


def _appearance(verdict: PublishedVerdict) -> dict[str, Any] | None:
    source = verdict.source
    if not source.url:
        return None
    work: dict[str, Any] = {"@type": "CreativeWork", "url": source.url}
    if source.title:
        work["headline"] = source.title
    if source.published_at is not None:
        work["datePublished"] = source.published_at.date().isoformat()
    if source.outlet:
        work["publisher"] = {"@type": "Organization", "name": source.outlet}
    return work


def _item_reviewed(verdict: PublishedVerdict) -> dict[str, Any]:
    claim: dict[str, Any] = {"@type": "Claim"}
    if verdict.speaker is not None:
        claim["author"] = _claim_author(verdict.speaker)
    if verdict.statement.said_on is not None:
        claim["datePublished"] = verdict.statement.said_on.isoformat()
    appearance = _appearance(verdict)
    if appearance is not None:
        # The source we took the statement from is the earliest appearance we know of.
        claim["appearance"] = [appearance]
        claim["firstAppearance"] = appearance
    return claim


def claim_review(
    verdict: PublishedVerdict, *, page_url: str, organisation: Organisation
) -> dict[str, Any]:
    """The ClaimReview of ``verdict``, whose public page is ``page_url`` (absolute).

    Raises ValueError for a verdict without one (see :func:`has_claim_review`).
    """
    rating = verdict.rating
    if not has_claim_review(verdict) or rating is None:
        raise ValueError(f"verdict {verdict.id} has no ClaimReview (retracted or unrated)")
    review: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": page_url,
        "claimReviewed": claim_reviewed(verdict),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating.value,
            "bestRating": rating.best,
            "worstRating": rating.worst,
            "alternateName": rating.label,
        },
        "author": {"@type": "Organization", "name": organisation.name, "url": organisation.url},
        "itemReviewed": _item_reviewed(verdict),
    }
    if verdict.published_at is not None:
        review["datePublished"] = verdict.published_at.date().isoformat()
    if verdict.corrections:
        review["dateModified"] = verdict.corrections[-1].date.date().isoformat()
    return review
