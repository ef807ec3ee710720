"""group_topics: connected components of a speaker's links, named, reversals marked."""

from __future__ import annotations

import datetime as dt

from onrecord.pipeline.match.topics import TopicLink, group_topics

D = dt.date


def test_linked_statements_form_topics_and_loners_are_left_out() -> None:
    statements = [
        (1, D(2009, 8, 21), "The 1968 intervention in Marnesia was fraternal assistance."),
        (2, D(2018, 8, 21), "Valdoria's 1968 intervention in Marnesia"),
        (3, D(2022, 8, 21), "The 1968 intervention in Marnesia was a mistake."),
        (4, D(2019, 1, 1), "A windfall tax is wrong."),
        (5, D(2023, 9, 1), "A windfall tax is right."),
        (6, D(2024, 1, 1), "Something unrelated."),
    ]
    links = [
        TopicLink(2, 1, reversal_confirmed=False, flip_rating=None, anchors=("marnesia", "1968")),
        TopicLink(
            3, 1, reversal_confirmed=True, flip_rating="Full Flop", anchors=("marnesia", "1968")
        ),
        TopicLink(5, 4, reversal_confirmed=False, flip_rating=None),
        TopicLink(6, 99, reversal_confirmed=False, flip_rating=None),  # another speaker's
    ]
    topics = group_topics(statements, links)
    assert [t.statement_ids for t in topics] == [[4, 5], [1, 2, 3]]  # newest topic first
    windfall, marnesia = topics
    assert windfall.name == "A windfall tax is wrong."
    assert marnesia.name == "Marnesia"  # years do not name a topic
    assert marnesia.flipped_ids == {3}
    assert windfall.reversals == []


def test_a_long_first_statement_is_cut_for_the_name_and_unknown_dates_come_last() -> None:
    words = "one two three four five six seven eight nine ten"
    statements = [(1, D(2019, 1, 1), words), (2, D(2020, 1, 1), "two"), (3, None, "three")]
    links = [TopicLink(2, 1, False, None), TopicLink(3, 2, False, None)]
    (topic,) = group_topics(statements, links)
    assert topic.name == "one two three four five six seven eight…"
    assert topic.statement_ids == [1, 2, 3]
