"""The ClaimReview mapping as a pure function: plain verdicts in, schema.org dicts out."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from onrecord.pipeline.publish.claimreview import (
    Organisation,
    claim_review,
    claim_reviewed,
    has_claim_review,
)
from onrecord.pipeline.publish.records import (
    CorrectionPublic,
    PublishedVerdict,
    RatingPublic,
    SourcePublicRef,
    SpeakerPublicRef,
    StatementPublicRef,
)

ORG = Organisation(name="Example Fact Desk", url="https://desk.example/")
PAGE = "https://factcheck.example/verdicts/7"
WHEN = dt.datetime(2024, 6, 2, 9, 30, tzinfo=dt.UTC)


def verdict(**changes: object) -> PublishedVerdict:
    base = PublishedVerdict(
        id=7,
        state="published",
        rating=RatingPublic("truth", "Truth", "False", 2, 6, 1, "#b3261e", "Not accurate."),
        summary="Crime doubled last year",
        explanation="",
        explanation_html="",
        evidence=(),
        corrections=(),
        correction_note="",
        published_at=WHEN,
        updated_at=WHEN,
        version=6,
        statement=StatementPublicRef(
            1, "\u201cCrime doubled,\u201d", "direct", dt.date(2024, 5, 30)
        ),
        speaker=SpeakerPublicRef(3, "City Police Union", "city-police-union", "organisation", ""),
        source=SourcePublicRef(4, "Union warns", "https://news.example/u", "Daily", WHEN),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_an_organisation_speaker_is_an_organization_without_same_as() -> None:
    data = claim_review(verdict(), page_url=PAGE, organisation=ORG)
    assert data["itemReviewed"]["author"] == {"@type": "Organization", "name": "City Police Union"}
    assert data["author"] == {
        "@type": "Organization",
        "name": "Example Fact Desk",
        "url": "https://desk.example/",
    }
    assert data["datePublished"] == "2024-06-02"
    assert data["itemReviewed"]["datePublished"] == "2024-05-30"
    assert data["reviewRating"]["ratingValue"] == 2
    assert "dateModified" not in data


def test_claim_without_source_address_speaker_or_date_leaves_those_fields_out() -> None:
    bare = verdict(
        speaker=None,
        source=SourcePublicRef(4, "Radio interview", None, None, None),
        statement=StatementPublicRef(1, "Crime doubled", "indirect", None),
    )
    claim = claim_review(bare, page_url=PAGE, organisation=ORG)["itemReviewed"]
    assert claim == {"@type": "Claim"}


def test_the_claim_is_the_summary_or_else_the_quote() -> None:
    assert claim_reviewed(verdict()) == "Crime doubled last year"
    assert claim_reviewed(verdict(summary="")) == "\u201cCrime doubled,\u201d"


def test_flip_claims_are_about_consistency() -> None:
    flip = verdict(
        rating=RatingPublic("flip", "Flip", "No Flip", 3, 3, 1, "", ""),
        speaker=SpeakerPublicRef(3, "Anna Varga", "anna-varga", "person", "", ("https://w/Q1",)),
    )
    data = claim_review(flip, page_url=PAGE, organisation=ORG)
    assert data["claimReviewed"] == "Anna Varga has held the same position: Crime doubled last year"
    assert data["reviewRating"]["ratingValue"] == data["reviewRating"]["bestRating"] == 3
    assert data["itemReviewed"]["author"]["@type"] == "Person"
    assert data["itemReviewed"]["author"]["sameAs"] == "https://w/Q1"


def test_corrections_set_date_modified() -> None:
    later = dt.datetime(2024, 7, 1, tzinfo=dt.UTC)
    corrected = verdict(
        state="corrected", corrections=(CorrectionPublic(later, "corrected", "x", 8),)
    )
    assert claim_review(corrected, page_url=PAGE, organisation=ORG)["dateModified"] == "2024-07-01"


@pytest.mark.parametrize(
    "changes",
    [
        {"state": "retracted"},
        {"rating": None},
        {"rating": RatingPublic("gone", "gone", "Odd", 1, None, None, "", "")},
    ],
)
def test_retracted_and_unrated_verdicts_have_no_claim_review(changes: dict[str, object]) -> None:
    item = verdict(**changes)
    assert not has_claim_review(item)
    with pytest.raises(ValueError, match="no ClaimReview"):
        claim_review(item, page_url=PAGE, organisation=ORG)
