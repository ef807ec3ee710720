"""Subjects with ages, places and possessors; relative clauses; where a stance's object ends."""

from __future__ import annotations

import pytest

from onrecord.pipeline.extract.cues import cue_class, find_cues
from tests.pipeline.extract.helpers import assert_statement, extract, only


def test_age_and_state_apposition_before_said() -> None:
    text = 'Dana Ruiz, 34, of Salem, Ore., said she would not vote "for a clown" this year.'
    assert_statement(
        only(text),
        text,
        'she would not vote "for a clown" this year',
        "mixed",
        "Dana Ruiz, 34, of Salem, Ore.",
        "Dana Ruiz",
    )


@pytest.mark.parametrize(
    ("owner", "mention"),
    [
        ("the mayor's", "the mayor's spokesman, Tom Hart"),
        ("the former mayor's", "the former mayor's spokesman, Tom Hart"),
        ("Ms. Ann Lee's", "Ms. Ann Lee's spokesman, Tom Hart"),
    ],
)
def test_possessor_before_a_trailing_speaker(owner: str, mention: str) -> None:
    text = f'"We will rebuild the bridge by spring," {owner} spokesman, Tom Hart, wrote on Twitter.'
    assert_statement(
        only(text),
        text,
        '"We will rebuild the bridge by spring,"',
        "direct",
        mention,
        "Tom Hart",
    )


def test_main_verb_after_a_relative_clause_keeps_its_subject() -> None:
    text = (
        "Still, Lee, who thinks the council acted in haste, called the new law "
        '"much, much better" than the old one, since it helps towns.'
    )
    found = extract(text)
    assert [(s.cue, s.text, s.speaker_mention, s.speaker) for s in found] == [
        ("thinks", "the council acted in haste", "who", "Lee"),
        ("called", 'the new law "much, much better" than the old one', "Lee", "Lee"),
    ]


def test_relative_clause_report_ends_before_the_main_verb() -> None:
    text = "Lee, who said the council was wrong, added that the vote was a sham."
    found = extract(text)
    assert [(s.cue, s.text, s.speaker) for s in found] == [
        ("said", "the council was wrong", "Lee"),
        ("added", "that the vote was a sham", "Lee"),
    ]


def test_who_resolves_to_the_nearest_name() -> None:
    text = "Tom Hart, 54, who thinks the council is wrong, left early."
    stmt = only(text)
    assert (stmt.text, stmt.speaker_mention, stmt.speaker) == (
        "the council is wrong",
        "who",
        "Tom Hart",
    )


def test_stance_object_ends_before_a_coordinated_verb() -> None:
    text = 'She called it "shameful" and called on leaders to act.'
    found = extract(text)
    assert [(s.cue, s.text, s.kind) for s in found] == [
        ("called", 'it "shameful"', "mixed"),
        ("called on", "leaders to act", "indirect"),
    ]


def test_stance_object_ends_at_a_spaced_hyphen() -> None:
    text = 'The mayor leads a drive - one he calls "Safe Streets" - but not for governor.'
    stmt = only(text)
    assert (stmt.cue, stmt.text, stmt.speaker_mention) == ("calls", '"Safe Streets"', "he")


def test_stance_participle_object_ends_before_a_contrast() -> None:
    text = "Hart attacked the plan, praising its goals but saying the cost was far too high."
    found = extract(text)
    assert ("praising", "its goals") in [(s.cue, s.text) for s in found]


@pytest.mark.parametrize("word", ["slammed", "dubbed", "preferred", "concurred", "rebutted"])
def test_doubled_consonant_forms_are_cues(word: str) -> None:
    assert cue_class(word) in ("speech", "stance")
    assert [c.word for c in find_cues(f"Lee {word} it.", 0, 20)] == [word]


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("Lee railed against the new toll on the bridge.", "railed against", "the new toll"),
        ("Hart lashed out at the council.", "lashed out at", "the council"),
        ("She complained about the noise from the plant.", "complained about", "the noise"),
    ],
)
def test_preposition_after_a_cue_belongs_to_the_cue(text: str, cue: str, content: str) -> None:
    stmt = only(text)
    assert stmt.cue == cue
    assert stmt.text.startswith(content)


def test_said_at_an_event_that_keeps_its_that_clause() -> None:
    stmt = only("Lee said at the meeting that taxes would rise.")
    assert (stmt.cue, stmt.text) == ("said", "that taxes would rise")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Lee backed the new toll and has defended it since.", "the new toll"),
        ("Hart endorsed Ann Lee after her win in the primary.", "Ann Lee"),
        ("Lee criticized the council at a rally in Salem.", "the council"),
        ("Hart praised the plan in December.", "the plan"),
        ("Lee supports a new tax; her rival opposes it.", "a new tax"),
        ("Hart backs tougher rules but rejects a ban.", "tougher rules"),
    ],
)
def test_stance_object_ends_before_adjuncts_and_new_clauses(text: str, content: str) -> None:
    assert extract(text)[0].text == content


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Lee says she respects Hart and urges him to run.", "she respects Hart"),
        ("Hart said the bridge was safe and he promised to drive over it.", "the bridge was safe"),
    ],
)
def test_reported_clause_ends_before_a_coordinated_report(text: str, content: str) -> None:
    assert extract(text)[0].text == content


def test_trailing_speaker_owns_a_clause_with_a_report_inside() -> None:
    text = "In all, the senator has raised $7 million for her race, campaign officials said."
    found = extract(text)
    assert [(s.cue, s.text, s.speaker_mention) for s in found] == [
        ("said", "In all, the senator has raised $7 million for her race", "campaign officials"),
        ("raised", "$7 million for her race", "the senator"),
    ]


def test_inner_report_ends_where_the_outer_trailing_report_ends() -> None:
    text = (
        "The council has also agreed to host up to 200 people, officials said Tuesday, "
        "adding that more could come."
    )
    found = extract(text)
    assert [(s.cue, s.text, s.speaker_mention) for s in found] == [
        ("said", "The council has also agreed to host up to 200 people", "officials"),
        ("agreed", "to host up to 200 people", "The council"),
        ("adding", "that more could come", "officials"),
    ]


def test_trailing_speaker_with_an_action_after_it() -> None:
    stmt = only("Sales were great, he said, wiping sweat off his face.")
    assert (stmt.text, stmt.speaker_mention) == ("Sales were great", "he")


def test_that_does_not_jump_into_an_apposition() -> None:
    text = "Lee also mocked Hart's story about a bear, an event that Hart says changed him."
    found = extract(text)
    assert found[0].cue == "mocked"
    assert found[0].text.startswith("Hart's story about a bear")


def test_participle_aside_in_the_subject_keeps_the_speaker() -> None:
    text = "Ruiz, citing data from the county, said that about 4,000 people live there."
    found = extract(text)
    assert [(s.cue, s.text, s.speaker_mention) for s in found] == [
        ("citing", "data from the county", "Ruiz"),
        ("said", "that about 4,000 people live there", "Ruiz"),
    ]


def test_long_dash_aside_between_subject_and_verb() -> None:
    text = (
        "The judge -- who has been in a spat with the mayor over the past few days -- "
        "said she regretted her remarks."
    )
    stmt = only(text)
    assert (stmt.text, stmt.speaker_mention) == ("she regretted her remarks", "The judge")


def test_when_clause_before_the_speaker_of_a_coordinated_said() -> None:
    text = 'When asked whom she supported, Ms. Ruiz smiled and said, "I am waiting."'
    stmt = only(text)
    assert (stmt.text, stmt.speaker_mention, stmt.speaker) == (
        '"I am waiting."',
        "Ms. Ruiz",
        "Ruiz",
    )


def test_ago_between_subject_and_verb() -> None:
    stmt = only("The council less than two weeks ago said that the bridge was unsafe.")
    assert (stmt.text, stmt.speaker_mention) == ("that the bridge was unsafe", "The council")


@pytest.mark.parametrize("verb", ["boomed", "whispered", "muttered", "bellowed", "groused"])
def test_manner_of_speaking_verbs_report_quotes(verb: str) -> None:
    text = f'She thanked the crowd and then {verb}, "There is no place like home."'
    found = extract(text)
    assert (found[-1].cue, found[-1].text, found[-1].speaker_mention) == (
        verb,
        '"There is no place like home."',
        "She",
    )


def test_asked_clause_before_the_speaker_is_not_the_speakers_words() -> None:
    text = 'Asked by a reporter to respond to the criticism, Lee said, "What does it say?"'
    found = extract(text)
    assert [(s.cue, s.text, s.speaker_mention) for s in found] == [
        ("Asked", "to respond to the criticism", "a reporter"),
        ("said", '"What does it say?"', "Lee"),
    ]


def test_quote_between_dashes_with_its_speaker() -> None:
    text = (
        'Lee suggested that the plan was not serious - "Again, we need the details," she said '
        "- and charged that it would fail."
    )
    found = extract(text)
    assert [(s.cue, s.text, s.speaker_mention) for s in found][:2] == [
        ("suggested", "that the plan was not serious", "Lee"),
        ("said", '"Again, we need the details,"', "she"),
    ]


def test_split_quote_between_dashes_ends_at_the_dash() -> None:
    text = (
        'He has railed against the plan - "I love this town," he said, "I will never leave it" '
        "- and vowed to fight."
    )
    said = [(s.text, s.speaker_mention) for s in extract(text) if s.cue == "said"]
    assert said == [('"I love this town,"', "he"), ('"I will never leave it"', "he")]


def test_asked_aside_between_subject_and_verb() -> None:
    text = (
        "It came up after Mr. Hart, asked about the cost of the bridge, had said, "
        '"I think we pay plenty already."'
    )
    said = [s for s in extract(text) if s.cue == "said"]
    assert [(s.text, s.speaker_mention, s.speaker) for s in said] == [
        ('"I think we pay plenty already."', "Mr. Hart", "Hart")
    ]


def test_long_lead_in_between_said_and_its_quote() -> None:
    text = (
        "Sen. Ann Lee, R-Ore., said in an op-ed piece before a 2014 Senate hearing on the "
        'bridge, "The council failed to act."'
    )
    stmt = only(text)
    assert (stmt.text, stmt.speaker) == ('"The council failed to act."', "Ann Lee")


def test_stance_after_an_opening_adjunct_and_a_comma() -> None:
    text = "In Salem, former Gov. Tom Hart called Lee “unhinged.”"
    stmt = only(text)
    assert (stmt.cue, stmt.text, stmt.kind, stmt.speaker) == (
        "called",
        "Lee “unhinged.”",
        "mixed",
        "Tom Hart",
    )


def test_main_verb_after_a_who_clause_with_a_report_inside() -> None:
    text = (
        "Lee, who says Hart is attacking her because the polls have tightened, said voters "
        "should back her."
    )
    said = [s for s in extract(text) if s.cue == "said"]
    assert [(s.text, s.speaker_mention) for s in said] == [("voters should back her", "Lee")]


def test_shares_of_people_as_speakers() -> None:
    text = "Nearly a third say they don't know, and about one in five say it is not an improvement."
    found = extract(text)
    assert [(s.text, s.speaker_mention) for s in found] == [
        ("they don't know", "Nearly a third"),
        ("it is not an improvement", "about one in five"),
    ]


def test_one_and_another_as_speakers() -> None:
    text = "One says the town has the most, while another says the county has twice as many."
    assert [s.speaker_mention for s in extract(text)] == ["One", "another"]


def test_said_keeps_its_clause_before_a_new_subject() -> None:
    text = "And while he said he would bring back the old toll, he added that it would be legal."
    assert [(s.cue, s.text) for s in extract(text)] == [
        ("said", "he would bring back the old toll"),
        ("added", "that it would be legal"),
    ]


def test_denies_with_a_short_object() -> None:
    stmt = only("The council denies any wrongdoing.")
    assert (stmt.cue, stmt.text) == ("denies", "any wrongdoing")
    assert stmt.speaker_mention == "The council"


@pytest.mark.parametrize(
    ("text", "cue", "content", "mention"),
    [
        (
            "He believes it is also crucial for him to speak early.",
            "believes",
            "it is also crucial for him to speak early",
            "He",
        ),
        (
            "She learned her father had begun the process.",
            "learned",
            "her father had begun the process",
            "She",
        ),
        (
            "But her allies fear that more emails might come out.",
            "fear",
            "that more emails might come out",
            "her allies",
        ),
        (
            "Lee lost the vote, and she's hoping the governor's support will help.",
            "hoping",
            "the governor's support will help",
            "she",
        ),
    ],
)
def test_thoughts_reported_without_that(text: str, cue: str, content: str, mention: str) -> None:
    stmt = only(text)
    assert (stmt.cue, stmt.text, stmt.speaker_mention) == (cue, content, mention)


@pytest.mark.parametrize(
    "text",
    ["Fans know him as the voice of the town.", "The fears that the bridge would fail were real."],
)
def test_objects_and_nouns_are_not_thoughts(text: str) -> None:
    assert extract(text) == []


@pytest.mark.parametrize(
    ("text", "cue", "content", "mention"),
    [
        ("After praising the plan, Lee voted against it.", "praising", "the plan", "Lee"),
        (
            "Besides attacking the former mayor, Lee said the plan did wonderful things.",
            "attacking",
            "the former mayor",
            "Lee",
        ),
        (
            "Lee has been the most aggressive in denouncing the local press.",
            "denouncing",
            "the local press",
            "Lee",
        ),
    ],
)
def test_gerund_after_a_preposition_reports(
    text: str, cue: str, content: str, mention: str
) -> None:
    stmt = extract(text)[0]
    assert (stmt.cue, stmt.text, stmt.speaker_mention) == (cue, content, mention)


def test_called_him_an_epithet_is_a_report() -> None:
    stmt = only("They called him a political opportunist who has neglected his duties.")
    assert (stmt.cue, stmt.text) == (
        "called",
        "him a political opportunist who has neglected his duties",
    )
    assert extract("They called it a day.") == []


def test_relative_clause_ending_in_a_quote_keeps_its_closing_mark() -> None:
    text = (
        'Hart, who estimates that his legal costs were "in the seven figures," described the '
        'impact as "horrendous."'
    )
    first = extract(text)[0]
    assert (first.cue, first.text) == (
        "estimates",
        'that his legal costs were "in the seven figures,"',
    )


def test_where_clause_report_ends_at_its_comma() -> None:
    text = (
        'Where he used to boast that he had beaten the "old guard," on Tuesday night he said '
        'it still posed "a threat."'
    )
    assert [(s.cue, s.text) for s in extract(text)] == [
        ("boast", 'that he had beaten the "old guard,"'),
        ("said", 'it still posed "a threat."'),
    ]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            'Lee said the plan was "dead on arrival," but the council disagreed.',
            'the plan was "dead on arrival,"',
        ),
        (
            'Lee called the plan "dead on arrival," which angered the council.',
            'the plan "dead on arrival,"',
        ),
    ],
)
def test_report_ends_at_a_comma_inside_a_closing_mark(text: str, content: str) -> None:
    assert only(text).text == content


def test_naming_verbs_keep_their_as_complement() -> None:
    text = 'Mr. Hart, recalling weekly breakfasts with Lee, described himself as her "whisperer."'
    assert [(s.cue, s.text, s.kind) for s in extract(text)] == [
        ("recalling", "weekly breakfasts with Lee", "indirect"),
        ("described", 'himself as her "whisperer."', "mixed"),
    ]
    assert only("Lee backed the plan as the vote neared.").text == "the plan"


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            'Lee made a joke and called Hart "very flexible," a nod to his changes.',
            "called",
            'Hart "very flexible,"',
        ),
        (
            "Hart talked up her “50-state strategy,” promising to campaign.",
            "talked up",
            "her “50-state strategy,”",
        ),
        (
            "Mayor Ann Lee heralded the deal with the county.",
            "heralded",
            "the deal with the county",
        ),
    ],
)
def test_more_report_verbs_and_quote_asides(text: str, cue: str, content: str) -> None:
    stmt = extract(text)[0]
    assert (stmt.cue, stmt.text) == (cue, content)


@pytest.mark.parametrize(
    ("text", "cue", "mention"),
    [
        ('At the time, she released a statement saying, "We trust them."', "saying", "she"),
        (
            'Her campaign sent an email to supporters stating, "Hart joins the critics."',
            "stating",
            "Her campaign",
        ),
        (
            'The museum issued a report this month charging the group with "crimes."',
            "charging",
            "The museum",
        ),
        (
            "On Tuesday, as shares of Valdor fell, Mr. Hart wrote to investors, "
            'telling them it was "worth more."',
            "telling",
            "Mr. Hart",
        ),
    ],
)
def test_the_author_of_a_document_speaks_through_it(text: str, cue: str, mention: str) -> None:
    stmt = next(s for s in extract(text) if s.cue == cue)
    assert stmt.speaker_mention == mention


def test_asked_question_ends_before_its_adjuncts() -> None:
    text = (
        'Asked why he had yet to endorse Lee during an appearance Friday on "Morning Show," '
        "Hart said he had not heard her say the right things."
    )
    assert [(s.cue, s.text) for s in extract(text)] == [
        ("Asked", "why he had yet to endorse Lee"),
        ("said", "he had not heard her say the right things"),
    ]


def test_asked_clause_is_not_the_trailing_speakers_words() -> None:
    text = 'Asked if the comments had rattled them as well, Hart said, "Sure."'
    assert [(s.cue, s.text) for s in extract(text)] == [
        ("Asked", "if the comments had rattled them as well"),
        ("said", '"Sure."'),
    ]


@pytest.mark.parametrize(
    ("text", "content", "mention"),
    [
        (
            "Even the organizer of a pro-Hart rally said the rules raised the risk of violence.",
            "the rules raised the risk of violence",
            "the organizer of a pro-Hart rally",
        ),
        (
            "Jolly said he has worked with both parties on a bill that would help students.",
            "he has worked with both parties on a bill that would help students",
            "Jolly",
        ),
        (
            "Rep. Ann Lee (Mich.), a delegate supporting Hart, said he has spoken with others.",
            "he has spoken with others",
            "Rep. Ann Lee (Mich.), a delegate supporting Hart",
        ),
    ],
)
def test_said_with_harder_subjects(text: str, content: str, mention: str) -> None:
    stmt = next(s for s in extract(text) if s.cue == "said")
    assert (stmt.text, stmt.speaker_mention) == (content, mention)


def test_said_twice_in_one_sentence_keeps_both_reports() -> None:
    text = "He said his attacks on Hart have given him momentum and said that Hart was wrong."
    assert [s.text for s in extract(text)] == [
        "his attacks on Hart have given him momentum",
        "that Hart was wrong",
    ]


def test_inverted_speaker_with_an_apposition_after_a_clause_report() -> None:
    text = (
        "As the race moves on, a state that she hoped to carry, it will be tight, "
        "said Dan Roe, an analyst."
    )
    said = [s for s in extract(text) if s.cue == "said"]
    assert [(s.speaker_mention, s.text) for s in said] == [
        ("Dan Roe", "As the race moves on, a state that she hoped to carry, it will be tight")
    ]


def test_aside_with_a_report_between_subject_and_told() -> None:
    text = (
        "Priebus, in the wake of a new poll showing Hart's standing down to 14 percent, "
        "told reporters on Sunday that Hart sees the need to do better."
    )
    found = {s.cue: s for s in extract(text)}
    assert found["showing"].text == "Hart's standing down to 14 percent"
    assert (found["told"].text, found["told"].speaker_mention) == (
        "that Hart sees the need to do better",
        "Priebus",
    )


def test_report_before_but_said_and_a_quote() -> None:
    text = 'Boreing said the members will still meet for drinks, but said, "It is time we change."'
    assert [s.text for s in extract(text)] == [
        "the members will still meet for drinks",
        '"It is time we change."',
    ]


def test_opening_time_is_not_trailing_content() -> None:
    stmt = only("Last month, 26 percent said the same.")
    assert (stmt.text, stmt.speaker_mention) == ("the same", "26 percent")
    assert only("In Salem, the plan is bad, Lee said.").text == "In Salem, the plan is bad"


@pytest.mark.parametrize(
    ("text", "mention", "speaker"),
    [
        (
            "Sen. Ann Lee, R-S.C., a long-shot candidate, said Hart is overselling the plan.",
            "Sen. Ann Lee, R-S.C., a long-shot candidate",
            "Ann Lee",
        ),
        (
            "Sen. Ann Lee (a Democrat so young she is taken for a staffer) says she was adrift.",
            "Sen. Ann Lee",
            "Ann Lee",
        ),
    ],
)
def test_party_tags_and_parenthetical_asides_after_a_name(
    text: str, mention: str, speaker: str
) -> None:
    stmt = next(s for s in extract(text) if s.cue in ("said", "says"))
    assert (stmt.speaker_mention, stmt.speaker) == (mention, speaker)


def test_trailing_told_with_an_object_and_a_circumstance() -> None:
    text = (
        "This is not about me, President Lee told his closest advisers as he worked on the speech."
    )
    stmt = only(text)
    assert (stmt.text, stmt.speaker_mention) == ("This is not about me", "President Lee")


def test_report_ends_before_a_new_clause_with_said() -> None:
    text = "Since June, when he asked supporters to run for office, many said they would."
    asked = next(s for s in extract(text) if s.cue == "asked")
    assert asked.text == "to run for office"


@pytest.mark.parametrize(
    ("text", "cue", "mention"),
    [
        (
            "Shortly after the merger news, the families of the founders had mobilized, "
            "warning that the deal would ruin the firm.",
            "warning",
            "the families of the founders",
        ),
        (
            'Lee\'s right-hand woman rallied supporters, saying: "We have to be ready."',
            "saying",
            "Lee's right-hand woman",
        ),
        (
            "Experts have discounted the claims, but have speculated that the town might grow.",
            "speculated",
            "Experts",
        ),
    ],
)
def test_speaker_of_a_participle_or_coordinated_verb(text: str, cue: str, mention: str) -> None:
    stmt = next(s for s in extract(text) if s.cue == cue)
    assert stmt.speaker_mention == mention


@pytest.mark.parametrize(
    "text",
    [
        "Absent a strong defense of the plan, voters may listen and conclude that it failed.",
        "Shortly after the vote, Ann Lee and the mayor met, and later said the deal was done.",
    ],
)
def test_opening_prepositions_are_never_speakers(text: str) -> None:
    assert all(s.speaker_mention not in ("Absent", "Shortly") for s in extract(text))


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            'Lee had previously said, "We\'ll see," when asked whether she would run.',
            '"We\'ll see,"',
        ),
        ('Lee said "the bridge is safe" in an interview.', '"the bridge is safe"'),
    ],
)
def test_quote_after_said_ends_before_a_circumstance(text: str, content: str) -> None:
    stmt = extract(text)[0]
    assert (stmt.cue, stmt.text, stmt.kind) == ("said", content, "direct")


def test_hyphenated_epithet_before_a_trailing_speaker() -> None:
    text = '"We did not discuss that," warm-and-fuzzy Hart said.'
    stmt = only(text)
    assert (stmt.text, stmt.speaker_mention, stmt.speaker) == (
        '"We did not discuss that,"',
        "warm-and-fuzzy Hart",
        "Hart",
    )


def test_passive_participle_aside_is_not_a_trailing_report() -> None:
    text = (
        "The power line between the two towns, agreed in 2013 and completed in 2018, "
        "has cut prices on both sides, he added."
    )
    stmt = only(text)
    assert (stmt.cue, stmt.speaker_mention) == ("added", "he")
    assert stmt.text.startswith("The power line between the two towns, agreed in 2013")


def test_long_noun_phrase_apposition_with_and_and_to() -> None:
    text = (
        "Tom Roe, a top Lee fundraiser and lobbyist close to the campaign in Salem, says the "
        "main goal is “to stop Hart.”"
    )
    stmt = only(text)
    assert (stmt.text, stmt.speaker) == ("the main goal is “to stop Hart.”", "Tom Roe")
    assert stmt.speaker_mention is not None
    assert stmt.speaker_mention.startswith("Tom Roe, a top")
    assert only("The plan will fail, and the council will pay, said Hart.").text == (
        "The plan will fail, and the council will pay"
    )


def test_inverted_speaker_with_a_bare_apposition_owns_a_clause_with_a_report() -> None:
    text = (
        'The rejection of the treaty signals "the beginning of the end" for the union, '
        "said Ann Roe, founder of the Freedom Party."
    )
    found = extract(text)
    assert [(s.cue, s.speaker_mention) for s in found] == [
        ("said", "Ann Roe"),
        ("signals", "The rejection of the treaty"),
    ]
    assert found[0].text.startswith("The rejection of the treaty signals")


def test_coordinated_added_keeps_the_first_speaker() -> None:
    text = 'Lazar said he welcomed the move and added, "I will plead guilty."'
    added = next(s for s in extract(text) if s.cue == "added")
    assert (added.text, added.speaker_mention) == ('"I will plead guilty."', "Lazar")


def test_participle_quote_after_a_lead_in_and_a_styled_noun() -> None:
    text = 'Bush offered a Hart-style retort on the mayor, tweeting at him, "You are a loser."'
    assert [(s.cue, s.text, s.speaker_mention) for s in extract(text)] == [
        ("offered", "a Hart-style retort on the mayor", "Bush"),
        ("tweeting", '"You are a loser."', "Bush"),
    ]


def test_two_roles_of_one_trailing_speaker() -> None:
    text = (
        '"The bridge is run by fools," the Salem senator and Republican presidential '
        "candidate said in a statement."
    )
    stmt = only(text)
    assert stmt.speaker_mention == "the Salem senator and Republican presidential candidate"


@pytest.mark.parametrize(
    ("text", "cue", "content", "mention"),
    [
        (
            "The senator emailed supporters saying: “The struggle continues” and vowing to fight.",
            "saying",
            "“The struggle continues”",
            "The senator",
        ),
        (
            'Lee interjected, “Ladies and gentlemen, Mr. Paul Simon," who then sang.',
            "interjected",
            '“Ladies and gentlemen, Mr. Paul Simon,"',
            "Lee",
        ),
    ],
)
def test_quote_ends_before_what_follows_it(text: str, cue: str, content: str, mention: str) -> None:
    stmt = only(text)
    assert (stmt.cue, stmt.text, stmt.speaker_mention) == (cue, content, mention)


def test_elected_is_a_modifier_after_a_determiner() -> None:
    assert only("The newly elected mayor said the plan was bad.").speaker_mention == (
        "The newly elected mayor"
    )


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Lee had said she would visit at some later time, and to date has only issued a tweet.",
            "she would visit at some later time",
        ),
        (
            "Many closures, he said, have involved public courses, the latter a kind of club.",
            "have involved public courses",
        ),
        (
            "Around that time, 47 percent said they would vote for Lee, however this time it fell.",
            "they would vote for Lee",
        ),
    ],
)
def test_reported_clause_ends_before_the_narrators_addition(text: str, content: str) -> None:
    assert next(s for s in extract(text) if s.cue == "said").text == content


def test_who_clause_report_ends_before_did() -> None:
    text = "Hart, who endorsed Lee in May and said he would campaign with her, ultimately did not."
    said = next(s for s in extract(text) if s.cue == "said")
    assert (said.text, said.speaker) == ("he would campaign with her", "Hart")


def test_a_count_after_a_comma_is_a_speaker_not_an_age() -> None:
    text = "Already, 520 delegates have said they support Lee, 39 have said they support Hart."
    said = [(s.text, s.speaker_mention) for s in extract(text) if s.cue == "said"]
    assert said == [("they support Lee", "520 delegates"), ("they support Hart", "39")]


@pytest.mark.parametrize(
    ("text", "content", "mention"),
    [
        (
            "A former candidate -- Tom Hart, who lost the 2008 race to Lee -- said "
            'the mayor "had no plan."',
            'the mayor "had no plan."',
            "A former candidate",
        ),
        (
            "The council had “put the biggest crack” in the wall, she said in a video message.",
            "The council had “put the biggest crack” in the wall",
            "she",
        ),
        (
            'Hart said the families would pay "slightly more" in taxes, an admission Lee used.',
            'the families would pay "slightly more" in taxes',
            "Hart",
        ),
        (
            'When Lee said Mr. Hart "is not serious" in answering a question, she made headlines.',
            'Mr. Hart "is not serious"',
            "Lee",
        ),
        (
            "Hart said the deadlock has “kept us safe” on Twitter before claiming it is open.",
            "the deadlock has “kept us safe”",
            "Hart",
        ),
    ],
)
def test_said_content_ends_before_circumstances(text: str, content: str, mention: str) -> None:
    stmt = next(s for s in extract(text) if s.cue == "said")
    assert (stmt.text, stmt.speaker_mention) == (content, mention)


def test_report_ends_before_as_he_and_coordinated_irregular_verbs() -> None:
    stmt = only("Tom Roe says he is “excited where we stand” as he faces a test in the primary.")
    assert stmt.text == "he is “excited where we stand”"
    called = extract("He called his rival ''a fraud'' and made no mention of Lee.")[0]
    assert (called.cue, called.text) == ("called", "his rival ''a fraud''")


def test_but_as_clause_report_ends_at_its_comma() -> None:
    text = (
        'But as Hart pledged to confront attacks by "knife-wielding gangs," many in the '
        "audience warmed to him."
    )
    pledged = next(s for s in extract(text) if s.cue == "pledged")
    assert pledged.text == 'to confront attacks by "knife-wielding gangs,"'


def test_cue_inside_a_hyphenated_compound_is_not_a_cue() -> None:
    assert [s.cue for s in extract("Lee praised the Oscar-nominated actor.")] == ["praised"]
    assert extract("He is a lively and sought-after host of the show.") == []


def test_report_ends_before_and_at_one_point() -> None:
    text = "Boos rained down when Hart mentioned the former mayor, and at one point the crowd sang."
    assert next(s for s in extract(text) if s.cue == "mentioned").text == "the former mayor"


@pytest.mark.parametrize(
    ("text", "content", "mention"),
    [
        (
            "Republicans were irritated, with Sen. Tom Hart calling it a “Chinese menu.”",
            "it a “Chinese menu.”",
            "Sen. Tom Hart",
        ),
        (
            "Sen. Ted Roe (R-Texas), also a hopeful, called the group “abhorrent” in a tweet.",
            "the group “abhorrent”",
            "Sen. Ted Roe (R-Texas), also a hopeful",
        ),
        (
            "Speaker Ann Lee on Tuesday called Hart's remarks ''racist,'' an extraordinary charge.",
            "Hart's remarks ''racist,''",
            "Speaker Ann Lee",
        ),
    ],
)
def test_more_called_reports(text: str, content: str, mention: str) -> None:
    stmt = next(s for s in extract(text) if s.cue in ("called", "calling"))
    assert (stmt.text, stmt.speaker_mention) == (content, mention)


def test_participle_after_by_takes_a_determiner_subject() -> None:
    text = "The Republican candidate appeared to assert his plans by saying, “I am trying.”"
    saying = next(s for s in extract(text) if s.cue == "saying")
    assert (saying.text, saying.speaker_mention) == ("“I am trying.”", "The Republican candidate")


def test_participle_after_a_comma_and_an_adverb() -> None:
    text = (
        "Mr. Hart tries to turn the noise to his advantage, showing his crowds, alternately "
        'shouting "Get them out" and "Be nice."'
    )
    shouting = next(s for s in extract(text) if s.cue == "shouting")
    assert shouting.speaker_mention == "Mr. Hart"
