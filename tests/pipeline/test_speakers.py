"""Speaker names and cross-document resolution of names to Speaker records."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, col, select

from onrecord.db import Database
from onrecord.models import AuditEvent, Speaker, SpeakerAlias, SpeakerKind
from onrecord.pipeline.speakers.names import (
    is_role_noun,
    normalize_name,
    normalize_title,
    slugify,
    strip_titles,
    surname,
)
from onrecord.pipeline.speakers.operations import (
    SpeakerMatch,
    add_alias,
    add_role,
    create_speaker,
    resolve_speaker,
)
from tests.factories import make_speaker

# Names: pure functions


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Vladimir Putin", "vladimir putin"),
        ("  Vladimir   Putin ", "vladimir putin"),
        ("Antonín Dvořák", "antonin dvorak"),
        ("Jean-Luc Mélenchon", "jean luc melenchon"),
        ("Conan O'Brien", "conan obrien"),
        ("Conan O\u2019Brien", "conan o brien"),
        ("Mr. Smith, Jr.", "mr smith jr"),
        ("ANGELA MERKEL", "angela merkel"),
        ("Straße", "strasse"),
        ("", ""),
        ("...", ""),
    ],
)
def test_normalize_name(name: str, expected: str) -> None:
    assert normalize_name(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Russian President Vladimir Putin", "Vladimir Putin"),
        ("President Vladimir Putin", "Vladimir Putin"),
        ("Former Prime Minister Boris Johnson", "Boris Johnson"),
        ("Finance Minister Anna Varga", "Anna Varga"),
        ("Valdorian Finance Minister Anna Varga", "Anna Varga"),
        ("Dr Anna Varga", "Anna Varga"),
        ("Mr. O'Brien", "O'Brien"),
        ("Sen. Elizabeth Warren", "Elizabeth Warren"),
        ("Opposition leader Tomas Berg", "Tomas Berg"),
        ("Vladimir Putin", "Vladimir Putin"),
        ("Antonín Dvořák", "Antonín Dvořák"),
        ("Putin", "Putin"),
        ("President", "President"),
    ],
)
def test_strip_titles(name: str, expected: str) -> None:
    assert strip_titles(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Angus King", "Angus King"),
        ("Stephen King", "Stephen King"),
        ("Senator Angus King", "Angus King"),
        ("Ana Judge", "Ana Judge"),
    ],
)
def test_strip_titles_keeps_a_surname_that_is_a_title_word(name: str, expected: str) -> None:
    assert strip_titles(name) == expected


@pytest.mark.parametrize("title", ["Prime Minister", "Finance Minister", "Foreign Secretary"])
def test_strip_titles_returns_a_bare_multi_word_title_unchanged(title: str) -> None:
    assert strip_titles(title) == title


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("U.S. President Joe Biden", "Joe Biden"),
        ("UK Prime Minister Keir Starmer", "Keir Starmer"),
        ("Greek Prime Minister Kyriakos Mitsotakis", "Kyriakos Mitsotakis"),
        ("Welsh First Minister Eluned Morgan", "Eluned Morgan"),
        ("London Mayor Sadiq Khan", "Sadiq Khan"),
        ("Tory leader Kemi Badenoch", "Kemi Badenoch"),
    ],
)
def test_strip_titles_after_any_place_or_party_word(name: str, expected: str) -> None:
    assert strip_titles(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Vladimir Putin", "Putin"),
        ("Russian President Vladimir Putin", "Putin"),
        ("Antonín Dvořák", "Dvořák"),
        ("Jean-Luc Mélenchon", "Mélenchon"),
        ("Putin", "Putin"),
    ],
)
def test_surname(name: str, expected: str) -> None:
    assert surname(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Anna Varga", "anna-varga"),
        ("Antonín Dvořák", "antonin-dvorak"),
        ("Conan O'Brien", "conan-o-brien"),
        ("  Ministry of Finance (Valdoria) ", "ministry-of-finance-valdoria"),
        ("Ludwig van Beethoven", "ludwig-van-beethoven"),
        ("Straße", "strasse"),
        ("", "speaker"),
        ("!!!", "speaker"),
        ("李克强", "speaker"),
    ],
)
def test_slugify(name: str, expected: str) -> None:
    assert slugify(name) == expected


def test_slugify_is_at_most_190_characters() -> None:
    assert len(slugify("Valdorian National Association " * 20)) <= 190


def test_slugify_never_ends_with_a_hyphen() -> None:
    # "valdorian-" is 10 characters, so the 190-character cut falls right after a hyphen.
    name = "Valdorian " * 19 + "Union"
    slug = slugify(name)
    assert not slug.endswith("-"), slug


@given(st.text(max_size=120))
def test_slugify_gives_url_safe_slugs(name: str) -> None:
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slugify(name))


@given(st.text(max_size=60))
def test_normalize_name_is_idempotent(name: str) -> None:
    once = normalize_name(name)
    assert normalize_name(once) == once


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("the finance minister", True),
        ("finance minister", True),
        ("a government spokesman", True),
        ("its chairwoman", True),
        ("his office", True),
        ("Vladimir Putin", False),
        ("the Kremlin", False),
        ("Finance Minister Anna Varga", False),
        ("Ministry of Finance", False),
    ],
)
def test_is_role_noun(name: str, expected: bool) -> None:
    assert is_role_noun(name) is expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Finance Minister", "finance minister"),
        ("The Minister", "minister"),
        ("the Finance  Minister", "finance minister"),
        ("Prime Minister", "prime minister"),
    ],
)
def test_normalize_title(title: str, expected: str) -> None:
    assert normalize_title(title) == expected


# Creating speakers


def aliases_of(session: Session, speaker: Speaker) -> list[str]:
    rows = session.exec(
        select(SpeakerAlias.normalized)
        .where(SpeakerAlias.speaker_id == speaker.id)
        .order_by(col(SpeakerAlias.id))
    )
    return list(rows)


def test_create_speaker_adds_name_and_surname_aliases_and_an_audit_event(any_db: Database) -> None:
    with any_db.write() as session:
        speaker = create_speaker(session, name="Antonín Dvořák", aliases=["Tony Dvorak"])
    with any_db.session() as session:
        stored = session.get(Speaker, speaker.id)
        assert stored is not None
        assert (stored.name, stored.slug, stored.kind) == (
            "Antonín Dvořák",
            "antonin-dvorak",
            SpeakerKind.PERSON,
        )
        assert aliases_of(session, stored) == ["antonin dvorak", "tony dvorak", "dvorak"]
        event = session.exec(select(AuditEvent)).one()
    assert (event.action, event.object_type, event.object_id) == (
        "speaker.created",
        "speaker",
        speaker.id,
    )
    assert event.data == {"name": "Antonín Dvořák"}


def test_an_organisation_gets_no_surname_alias(db: Database) -> None:
    with db.write() as session:
        speaker = create_speaker(
            session, name="Valdorian Statistics Office", kind=SpeakerKind.ORGANISATION
        )
        assert aliases_of(session, speaker) == ["valdorian statistics office"]


def test_two_speakers_with_the_same_name_get_different_slugs(any_db: Database) -> None:
    with any_db.write() as session:
        first = create_speaker(session, name="John Smith")
        second = create_speaker(session, name="John Smith")
        third = create_speaker(session, name="John  Smith")
        other = create_speaker(session, name="John Smithson")
    assert [first.slug, second.slug, third.slug, other.slug] == [
        "john-smith",
        "john-smith-2",
        "john-smith-3",
        "john-smithson",
    ]


def test_add_alias_skips_one_the_speaker_has(db: Database) -> None:
    with db.write() as session:
        speaker = make_speaker(session, name="Vladimir Putin")
        assert add_alias(session, speaker=speaker, alias="VLADIMIR PUTIN") is None
        assert add_alias(session, speaker=speaker, alias="  ") is None
        added = add_alias(session, speaker=speaker, alias=" Wladimir Putin ")
        assert added is not None
        assert (added.alias, added.normalized) == ("Wladimir Putin", "wladimir putin")
        assert aliases_of(session, speaker) == ["vladimir putin", "putin", "wladimir putin"]


def test_add_role_normalises_the_title(db: Database) -> None:
    with db.write() as session:
        speaker = make_speaker(session, name="Anna Varga")
        role = add_role(
            session,
            speaker=speaker,
            title="The Finance Minister",
            body="Government of Valdoria",
            party="Civic Union",
            started_on=dt.date(2019, 1, 1),
        )
    assert role.normalized_title == "finance minister"
    assert role.held_on(dt.date(2019, 1, 1))
    assert role.held_on(dt.date(2030, 1, 1))
    assert not role.held_on(dt.date(2018, 12, 31))


# Resolving names


def resolve(session: Session, name: str, on: dt.date | None = None) -> SpeakerMatch:
    match = resolve_speaker(session, name, on=on)
    assert match is not None, name
    return match


@pytest.mark.parametrize(
    "mention",
    [
        "Vladimir Putin",
        "vladimir putin",
        "VLADIMIR PUTIN",
        "Putin",
        "President Putin",
        "President Vladimir Putin",
        "Russian President Vladimir Putin",
        "Mr Putin",
    ],
)
def test_resolve_by_alias_and_title_forms(any_db: Database, mention: str) -> None:
    with any_db.write() as session:
        putin = make_speaker(session, name="Vladimir Putin")
        make_speaker(session, name="Anna Varga")
        match = resolve(session, mention)
    assert match.speaker.id == putin.id
    assert (match.method, match.score, match.needs_confirmation) == ("alias", 100.0, False)


def test_resolve_folds_accents(any_db: Database) -> None:
    with any_db.write() as session:
        dvorak = make_speaker(session, name="Antonín Dvořák")
        assert resolve(session, "Antonin Dvorak").speaker.id == dvorak.id
        assert resolve(session, "Dvorak").speaker.id == dvorak.id


@pytest.fixture
def finance_ministers(any_db: Database) -> tuple[int, int]:
    """Anna Varga was finance minister until June 2022, then Tomas Berg."""
    with any_db.write() as session:
        varga = make_speaker(session, name="Anna Varga")
        berg = make_speaker(session, name="Tomas Berg")
        add_role(
            session,
            speaker=varga,
            title="Finance Minister",
            started_on=dt.date(2019, 1, 1),
            ended_on=dt.date(2022, 6, 30),
        )
        add_role(session, speaker=berg, title="Finance Minister", started_on=dt.date(2022, 7, 1))
    assert varga.id is not None
    assert berg.id is not None
    return varga.id, berg.id


@pytest.mark.parametrize(
    ("mention", "on", "holder"),
    [
        ("the finance minister", dt.date(2020, 5, 1), 0),
        ("the finance minister", dt.date(2022, 6, 30), 0),
        ("the finance minister", dt.date(2022, 7, 1), 1),
        ("the finance minister", dt.date(2025, 1, 1), 1),
        ("finance minister", dt.date(2021, 3, 3), 0),
        ("the valdorian finance minister", dt.date(2020, 5, 1), 0),
        ("the valdorian finance minister", dt.date(2023, 5, 1), 1),
    ],
)
def test_resolve_role_noun_by_date(
    any_db: Database,
    finance_ministers: tuple[int, int],
    mention: str,
    on: dt.date,
    holder: int,
) -> None:
    with any_db.write() as session:
        match = resolve(session, mention, on=on)
    assert match.speaker.id == finance_ministers[holder]
    assert (match.method, match.needs_confirmation) == ("role", False)


def test_role_noun_without_a_date_needs_confirmation(
    any_db: Database, finance_ministers: tuple[int, int]
) -> None:
    with any_db.write() as session:
        match = resolve(session, "the finance minister")
    assert match.speaker.id in finance_ministers
    assert (match.method, match.needs_confirmation) == ("role", True)


def test_role_noun_nobody_held_on_the_date_creates_no_speaker(
    any_db: Database, finance_ministers: tuple[int, int]
) -> None:
    with any_db.write() as session:
        assert resolve_speaker(session, "the finance minister", on=dt.date(2015, 1, 1)) is None
        assert resolve_speaker(session, "the health minister", on=dt.date(2020, 1, 1)) is None
    with any_db.session() as session:
        assert len(session.exec(select(Speaker)).all()) == 2


def test_role_noun_with_a_capitalised_nationality_resolves_by_date(
    any_db: Database, finance_ministers: tuple[int, int]
) -> None:
    with any_db.write() as session:
        match = resolve_speaker(session, "the Valdorian finance minister", on=dt.date(2020, 5, 1))
    assert match is not None
    assert match.speaker.id == finance_ministers[0]


def test_capitalised_role_noun_resolves_by_date(
    any_db: Database, finance_ministers: tuple[int, int]
) -> None:
    with any_db.write() as session:
        match = resolve_speaker(session, "the Finance Minister", on=dt.date(2020, 5, 1))
        names = set(session.exec(select(Speaker.name)))
    assert "Minister" not in names
    assert match is not None
    assert match.speaker.id == finance_ministers[0]


@pytest.mark.parametrize(
    "mention", ["Vladimir Putn", "Vladimir Puttin", "Vladmir Putin", "President Vladimir Putn"]
)
def test_resolve_fuzzy_match_with_a_typo(any_db: Database, mention: str) -> None:
    with any_db.write() as session:
        putin = make_speaker(session, name="Vladimir Putin")
        make_speaker(session, name="Vladimir Zelensky")
        match = resolve(session, mention)
        count = len(session.exec(select(Speaker)).all())
    assert match.speaker.id == putin.id
    assert match.method == "fuzzy"
    assert 88.0 <= match.score < 100.0
    assert not match.needs_confirmation
    assert count == 2


@pytest.mark.parametrize("mention", ["Tomas Berg", "Stanley Johnson", "Petra Novak"])
def test_resolve_unknown_name_creates_a_speaker(any_db: Database, mention: str) -> None:
    with any_db.write() as session:
        make_speaker(session, name="Boris Johnson")
        make_speaker(session, name="Anna Varga")
        match = resolve(session, mention)
    assert (match.method, match.score, match.needs_confirmation) == ("created", 0.0, False)
    assert match.speaker.name == mention
    assert match.speaker.slug == slugify(mention)
    with any_db.session() as session:
        assert resolve(session, mention).speaker.id == match.speaker.id


def test_resolve_creates_a_speaker_without_the_title(any_db: Database) -> None:
    with any_db.write() as session:
        match = resolve(session, "Finance Minister Anna Varga")
        assert match.method == "created"
        assert match.speaker.name == "Anna Varga"
        assert match.speaker.slug == "anna-varga"
        assert resolve(session, "Varga").speaker.id == match.speaker.id
        assert resolve(session, "Anna Varga").speaker.id == match.speaker.id
        assert resolve(session, "Finance Minister Anna Varga").speaker.id == match.speaker.id
        assert resolve(session, "Ms Varga").speaker.id == match.speaker.id


@pytest.mark.parametrize(
    "mention", ["opposition leader Tomas Berg", "Opposition leader Tomas Berg"]
)
def test_resolve_creates_a_speaker_after_a_lower_case_title(any_db: Database, mention: str) -> None:
    with any_db.write() as session:
        match = resolve_speaker(session, mention)
    assert match is not None
    assert (match.method, match.speaker.name) == ("created", "Tomas Berg")


def test_resolve_with_create_false_returns_none(any_db: Database) -> None:
    with any_db.write() as session:
        assert resolve_speaker(session, "Petra Novak", create=False) is None
        assert session.exec(select(Speaker)).all() == []


@pytest.mark.parametrize("mention", ["", "   ", "...", "Government officials", "his office"])
def test_resolve_never_creates_a_speaker_from_a_non_name(any_db: Database, mention: str) -> None:
    with any_db.write() as session:
        assert resolve_speaker(session, mention) is None
        assert session.exec(select(Speaker)).all() == []


def test_resolve_two_people_with_one_surname_needs_confirmation(any_db: Database) -> None:
    with any_db.write() as session:
        john = make_speaker(session, name="John Smith")
        jane = make_speaker(session, name="Jane Smith")
        match = resolve(session, "Smith")
        assert match.speaker.id in {john.id, jane.id}
        assert (match.method, match.needs_confirmation) == ("alias", True)
        # The full names are not ambiguous.
        assert resolve(session, "Jane Smith").speaker.id == jane.id
        assert not resolve(session, "Jane Smith").needs_confirmation


def test_resolve_fuzzy_tie_needs_confirmation(any_db: Database) -> None:
    with any_db.write() as session:
        anna = make_speaker(session, name="Anna Varga")
        anne = make_speaker(session, name="Anne Varga")
        match = resolve(session, "Ann Varga")
    assert match.speaker.id in {anna.id, anne.id}
    assert (match.method, match.needs_confirmation) == ("fuzzy", True)


def test_people_whose_surname_is_a_title_word_stay_apart(any_db: Database) -> None:
    with any_db.write() as session:
        angus = resolve(session, "Angus King")
        stephen = resolve(session, "Stephen King")
    assert angus.speaker.name == "Angus King"
    assert stephen.speaker.id != angus.speaker.id


@pytest.mark.parametrize(
    ("name", "mention"),
    [
        ("Joe Biden", "U.S. President Joe Biden"),
        ("Keir Starmer", "UK Prime Minister Keir Starmer"),
        ("Sadiq Khan", "London Mayor Sadiq Khan"),
    ],
)
def test_title_with_a_place_before_it_resolves_to_the_known_speaker(
    any_db: Database, name: str, mention: str
) -> None:
    with any_db.write() as session:
        known = make_speaker(session, name=name)
        match = resolve_speaker(session, mention)
    assert match is not None
    assert match.speaker.id == known.id


@pytest.mark.parametrize("name", ["Ian King", "Brian Judge", "Dan King"])
def test_a_first_name_with_a_nationality_ending_is_still_a_name(
    any_db: Database, name: str
) -> None:
    assert not is_role_noun(name)
    with any_db.write() as session:
        match = resolve_speaker(session, name)
    assert match is not None
    assert (match.method, match.speaker.name) == ("created", name)


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("the finance minister", True),
        ("the Valdorian president", True),
        ("a spokesperson", False),  # indefinite: no particular person
        ("an official", False),
        ("the figures for unemployment", False),  # no title head: no role can match
        ("the ministry", False),
    ],
)
def test_could_name_a_role(description: str, expected: bool) -> None:
    from onrecord.pipeline.speakers.names import could_name_a_role

    assert could_name_a_role(description) is expected
