"""Stance-change analysis on pairs of statements we wrote (never on evaluation data)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.pipeline.match import lexicon as lx
from onrecord.pipeline.match import stance
from onrecord.pipeline.match.stance import StanceResult, analyse_pair, topic_similarity
from onrecord.pipeline.match.stance_text import (
    axis_positions,
    clause_polarity,
    content_words,
    find_cues,
    negated,
    tokenize,
)

PAIRS = Path(__file__).with_name("stance_pairs.csv")
RELATION = {"Inconsistent": "reversal", "Consistent": "consistent", "Unrelated": "unrelated"}


def kinds(result: StanceResult) -> set[str]:
    """Kinds of the signals that counted towards the contrast."""
    return {s.kind for s in result.explanation.signals if s.weight > 0}


def assert_offsets_valid(result: StanceResult) -> None:
    """Every span indexes its text; equal alignment segments hold the same words."""
    exp = result.explanation
    for seg in exp.alignment:
        for (start, end), text in ((seg.a, exp.text_a), (seg.b, exp.text_b)):
            assert 0 <= start <= end <= len(text)
        if seg.op == "equal":
            words_a = [t.norm for t in tokenize(exp.text_a[seg.a[0] : seg.a[1]])]
            words_b = [t.norm for t in tokenize(exp.text_b[seg.b[0] : seg.b[1]])]
            assert words_a == words_b
    for signal in exp.signals:
        for spans, text in ((signal.spans_a, exp.text_a), (signal.spans_b, exp.text_b)):
            for start, end in spans:
                assert 0 <= start < end <= len(text)
                assert text[start:end].strip() == text[start:end]


# --- The pair from the issue ------------------------------------------------------------------


def test_fraternal_assistance_against_grave_error_is_a_reversal() -> None:
    a = "The 1968 intervention was fraternal assistance that saved the region."
    b = "The 1968 intervention was a mistake, a grave error."
    result = analyse_pair(a, b)
    assert result.relation == "reversal"
    assert result.topic_score > 0.5
    assert result.contrast_score > 0.8
    evaluation = next(s for s in result.explanation.signals if s.kind == "evaluation")
    assert [a[s:e] for s, e in evaluation.spans_a] == ["fraternal assistance"]
    assert [b[s:e] for s, e in evaluation.spans_b] == ["mistake", "grave error"]
    assert "(negative) replaces 'fraternal assistance' (positive)" in evaluation.description
    assert_offsets_valid(result)


# --- Each signal ------------------------------------------------------------------------------


def test_negation_of_shared_words() -> None:
    result = analyse_pair(
        "Our country should join the European Union.",
        "Our country should never join the European Union.",
    )
    assert result.relation == "reversal"
    signal = next(s for s in result.explanation.signals if s.kind == "modality")
    text_b = result.explanation.text_b
    assert [text_b[s:e] for s, e in signal.spans_b] == ["should never"]


def test_plain_negation_names_its_scope() -> None:
    result = analyse_pair(
        "Nuclear power is a safe source of energy.", "Nuclear power is not a safe source of energy."
    )
    assert result.relation == "reversal"
    signal = next(s for s in result.explanation.signals if s.kind == "negation")
    assert signal.description.startswith("'not' in text B negates 'safe source energy'")
    assert signal.spans_a == ()


def test_negated_modal_is_modality() -> None:
    result = analyse_pair(
        "Taxes on petrol should be raised.", "Taxes on petrol should not be raised."
    )
    assert "modality" in kinds(result)
    assert result.relation == "reversal"


def test_contracted_modal() -> None:
    result = analyse_pair("We will raise the pension age.", "We won't raise the pension age.")
    signal = next(s for s in result.explanation.signals if s.kind == "modality")
    assert signal.description == "'won't' in text B where text A has 'will'"
    assert result.relation == "reversal"
    assert_offsets_valid(result)


def test_obligation_against_choice() -> None:
    result = analyse_pair(
        "Vaccination against measles must be mandatory for all children.",
        "Vaccination against measles should remain voluntary.",
    )
    assert {"modality", "antonym"} <= kinds(result)
    assert result.relation == "reversal"


def test_antonym_pair() -> None:
    result = analyse_pair(
        "We support the construction of new nuclear power plants.",
        "We oppose the construction of new nuclear power plants.",
    )
    signal = next(s for s in result.explanation.signals if s.kind == "antonym")
    assert signal.description == "'oppose' in text B is the opposite of 'support' in text A"
    assert result.relation == "reversal"


def test_numbers_that_disagree() -> None:
    result = analyse_pair(
        "Coal plants should be closed by 2030.", "Coal plants should be closed by 2045."
    )
    assert "number" in kinds(result)
    assert result.relation == "reversal"


def test_only_against_all() -> None:
    result = analyse_pair(
        "Subsidies should go only to organic farms.", "Subsidies should go to all farmers."
    )
    assert "quantifier" in kinds(result)


def test_policy_axis_without_shared_words() -> None:
    result = analyse_pair("Coal power is clean and safe.", "All coal plants must be shut down.")
    assert "position" in kinds(result) or "direction" in kinds(result)
    assert result.relation == "reversal"


def test_axis_agreement_without_shared_words_is_consistent() -> None:
    result = analyse_pair("Renewable energy should be expanded.", "Coal plants must be closed.")
    assert result.relation != "reversal"
    assert result.contrast_score < 0.5


def test_negation_and_antonym_cancel() -> None:
    result = analyse_pair("We will not raise taxes.", "We will lower taxes.")
    assert result.relation == "consistent"
    cancelled = [s for s in result.explanation.signals if "cancelled" in s.description]
    assert {s.kind for s in cancelled} == {"modality", "antonym"}  # "will not" is a modal
    assert all(s.weight == 0 for s in cancelled)


def test_repeat_is_consistent_and_low_contrast() -> None:
    text = "The minimum wage should be raised to 12 euros an hour."
    result = analyse_pair(text, text)
    assert result.relation == "consistent"
    assert result.topic_score == pytest.approx(1.0)
    assert result.contrast_score < 0.3
    assert result.explanation.summary() == "no contrast signal"


def test_unrelated_statements() -> None:
    result = analyse_pair("Glyphosate must be banned.", "The voting age should be lowered to 16.")
    assert result.relation == "unrelated"
    assert result.topic_score < stance.TOPIC_THRESHOLD


def test_negation_about_something_else_does_not_count() -> None:
    result = analyse_pair(
        "Pensions must rise with wages.", "We will not build a new airport in the north."
    )
    assert "negation" not in kinds(result)


def test_stance_on_the_shared_words_decides_not_the_whole_sentence() -> None:
    flip = analyse_pair("Rail tickets are too expensive.", "Train fares should rise.")
    signal = next(s for s in flip.explanation.signals if s.kind == "direction")
    assert signal.weight > 0
    assert flip.relation == "reversal"
    text_b = flip.explanation.text_b
    assert [text_b[s:e] for s, e in signal.spans_b] == ["rise"]  # the word carrying the flip
    same = analyse_pair(
        "Our country should not join the European Union.",
        "Joining the European Union would be a mistake for our country.",
    )
    assert same.relation == "consistent"
    cancelled = [
        s for s in same.explanation.signals if "cancelled by the same stance" in s.description
    ]
    assert cancelled
    assert all(s.weight == 0 for s in cancelled)


def test_negation_alone_is_against_what_its_clause_names() -> None:
    result = analyse_pair(
        "Public buildings should be fitted with solar panels.",
        "The state should not spend money on solar panels.",
    )
    assert result.relation == "reversal"
    assert "direction" in kinds(result) or "position" in kinds(result)


def test_without_exception_is_not_a_negation() -> None:
    tokens = tokenize("Privacy must be protected without exception.")
    assert [c.kind for c in find_cues(tokens)] == ["direction"]
    assert clause_polarity(tokens, find_cues(tokens)) == 1


def test_free_of_is_against() -> None:
    result = analyse_pair(
        "Genetically modified crops should remain banned.",
        "Our food must stay free of genetic engineering.",
    )
    assert result.relation != "reversal"


def test_close_to_is_not_closing() -> None:
    tokens = tokenize("Every region needs a hospital close to home.")
    assert find_cues(tokens) == []


def test_uniform_against_graded() -> None:
    result = analyse_pair(
        "Fines for speeding should depend on income.",
        "Everyone should pay the same fine for the same offence.",
    )
    assert "quantifier" in kinds(result)
    assert result.relation == "reversal"


def test_same_topic_with_no_evidence_either_way_is_a_possible_reversal() -> None:
    result = analyse_pair(
        "Schools should start later in the morning.",
        "The school day should begin at 7.30 as it does now.",
    )
    assert result.contrast_score == pytest.approx(0.5)
    assert result.relation == "reversal"
    assert result.explanation.summary() == "no contrast signal"


# --- Topic score ------------------------------------------------------------------------------


def test_topic_from_shared_subject_domains_without_shared_words() -> None:
    same = topic_similarity("Coal plants must be closed.", "Solar energy should be expanded.")
    other = topic_similarity("Coal plants must be closed.", "Teachers deserve higher salaries.")
    assert same >= stance.TOPIC_THRESHOLD > other


def test_topic_synonyms_and_derived_forms_meet() -> None:
    assert topic_similarity("Firms should hire more apprentices.", "Companies need help.") > 0.3
    assert lx.canonical(lx.stem("railways")) == lx.canonical(lx.stem("trains"))
    assert "tax" in lx.domains_of(lx.stem("taxation"))


def test_common_words_count_less_than_subject_words() -> None:
    weights = content_words(tokenize("The big plan to tax sugary drinks"))
    assert weights[lx.stem("big")] < weights[lx.stem("sugary")]


def test_matcher_topic_score_is_used_and_clamped() -> None:
    a, b = "Glyphosate must be banned.", "The voting age should be lowered to 16."
    assert analyse_pair(a, b, topic_score=0.9).relation != "unrelated"
    assert analyse_pair(a, b, topic_score=7.0).topic_score == 1.0
    assert analyse_pair(a, b, topic_score=float("nan")).topic_score == 0.0


def test_topic_similarity_ranks_same_topic_first() -> None:
    base = "Rents in our cities must be capped."
    same = topic_similarity(base, "Rent increases for tenants should be limited by law.")
    other = topic_similarity(base, "The army needs new fighter jets.")
    assert same > other
    assert 0.0 <= other <= same <= 1.0


def test_topic_similarity_tolerates_word_forms() -> None:
    assert topic_similarity("Immigration must be limited.", "Immigrants are welcome here.") > 0.2


# --- Text analysis ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("We should raise taxes.", 1),
        ("We should not raise taxes.", -1),
        ("Taxes must be lowered.", -1),
        ("We oppose cuts to pensions.", 1),
        ("Nuclear power is a dangerous, costly mistake.", -1),
        ("It was a mistake to close the plants.", 1),
        ("We will never cut pensions, never.", 1),
        ("The sky is blue.", 0),
        ("", 0),
    ],
)
def test_clause_polarity(text: str, polarity: int) -> None:
    tokens = tokenize(text)
    assert clause_polarity(tokens, find_cues(tokens)) == polarity


def test_negation_scope_stops_at_but() -> None:
    tokens = tokenize("This is not wrong but it is costly.")
    cues = find_cues(tokens)
    index = {t.norm: k for k, t in enumerate(tokens)}
    assert negated(tokens, cues, index["wrong"])
    assert not negated(tokens, cues, index["costly"])


def test_tokens_index_the_text_exactly() -> None:
    text = "Don’t cut 1,200 jobs—never!  Café owners’ 12.5% tax…"
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text
    assert [t.norm for t in tokenize(text)][:3] == ["don't", "cut", "1,200"]


def test_multiword_direction() -> None:
    tokens = tokenize("Nuclear power should be phased out.")
    cues = find_cues(tokens)
    assert [(c.kind, c.sign) for c in cues] == [("direction", -1)]
    positions = axis_positions(tokens, cues)
    assert positions["environment (+ protect)"][0] == 1


# --- Explanation ------------------------------------------------------------------------------


def test_explanation_is_json_and_aligned() -> None:
    result = analyse_pair(
        "Shops should be allowed to open on Sundays.", "Shops must stay closed on Sundays."
    )
    data = json.loads(json.dumps(result.to_dict()))
    assert data["relation"] == "reversal"
    explanation = data["explanation"]
    assert explanation["text_a"].startswith("Shops should")
    assert {seg["op"] for seg in explanation["alignment"]} >= {"equal", "replace"}
    assert all(
        set(sig) >= {"kind", "description", "spans_a", "spans_b"} for sig in explanation["signals"]
    )
    assert explanation["summary"] == result.explanation.summary()
    assert_offsets_valid(result)


def test_alignment_insert_has_empty_span_at_the_insertion_point() -> None:
    result = analyse_pair("Taxes should be raised.", "Taxes should not be raised.")
    insert = next(seg for seg in result.explanation.alignment if seg.op == "insert")
    assert insert.a[0] == insert.a[1] == len("Taxes should")
    assert result.explanation.text_b[insert.b[0] : insert.b[1]] == "not"


# --- Our own development pairs ----------------------------------------------------------------


def load_pairs() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_own_pairs_file_is_well_formed() -> None:
    rows = load_pairs()
    assert len(rows) >= 80
    assert len({r["pair_id"] for r in rows}) == len(rows)
    assert {r["split"] for r in rows} == {"dev", "heldout", "train", "heldout2"}
    assert {r["label_3"] for r in rows} == set(RELATION)
    assert all(r["pair_id"].startswith("own-") for r in rows)


@pytest.mark.parametrize(
    ("split", "least"),
    # dev and heldout: surface contradictions, easier than real data (docs/stance.md); train
    # and heldout2: position statements in the style of voting-advice answers, many indirect.
    [("dev", 0.85), ("heldout", 0.85), ("train", 0.7), ("heldout2", 0.6)],
)
def test_own_pairs_mostly_right(split: str, least: float) -> None:
    """A regression guard on our own pairs, per split."""
    rows = [r for r in load_pairs() if r["split"] == split]
    assert rows
    results = [analyse_pair(r["text_1"], r["text_2"]) for r in rows]
    right = sum(
        RELATION[r["label_3"]] == res.relation for r, res in zip(rows, results, strict=True)
    )
    assert right / len(rows) >= least
    for res in results:
        assert_offsets_valid(res)


# --- Properties -------------------------------------------------------------------------------

TEXT = st.text(
    alphabet=st.sampled_from(list("abc not never raise cut 12 ,.;!?'’-—\n\t é日"))
    | st.characters(),
    max_size=80,
)


@settings(max_examples=150, deadline=None)
@given(TEXT, TEXT, st.none() | st.floats(allow_nan=True))
def test_never_raises_and_offsets_stay_valid(a: str, b: str, topic: float | None) -> None:
    result = analyse_pair(a, b, topic_score=topic)
    assert result.relation in {"unrelated", "consistent", "reversal"}
    assert 0.0 <= result.topic_score <= 1.0
    assert 0.0 <= result.contrast_score <= 1.0
    assert_offsets_valid(result)
    json.dumps(result.to_dict())


WORDS = st.lists(
    st.sampled_from(
        "we will not never raise cut taxes pensions must should voluntary mandatory only all "
        "mistake justified coal nuclear 2030 2045 the , . but".split()
    ),
    max_size=14,
)


@settings(max_examples=150, deadline=None)
@given(WORDS, WORDS)
def test_vocabulary_sentences_keep_offsets_valid(a: list[str], b: list[str]) -> None:
    result = analyse_pair(" ".join(a), " ".join(b))
    assert_offsets_valid(result)
    swapped = analyse_pair(" ".join(b), " ".join(a))
    assert swapped.topic_score == pytest.approx(result.topic_score)
