"""In-document speaker resolution: from a mention ("he", "Putin", "the Russian president") to a
name.

The resolver reads the article once, in order, and remembers every person introduced with a full
name (with the titles that came before it: "Russian President Vladimir Putin" files "Vladimir
Putin" under "russian president" and "president"), with a gender when the text gives one
(Mr./Mrs., a following he/she, a short list of first names). A mention is then resolved:

* a full name: itself, titles stripped;
* a surname: the last person with that surname;
* he/she: the last speaker of that gender (or of unknown gender), else the last person named;
* "who": the name just before ", who";
* a role noun ("the Russian president", "the senator"): the last person introduced with that title;
* an organisation ("the Kremlin", "Russian media", "the campaign"): the mention itself;
* anything vague ("officials", "some", "they"): None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, Literal

SpeakerKind = Literal["person", "organisation"]

_NAME_RUN: Final = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Sec|St)\.\s+)?"
    r"[A-Z][a-zA-Z’'-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-zA-Z’'-]+){0,5}"
)
TITLE_WORDS: Final = frozenset(
    """president vice sen senator rep representative gov governor mr mrs ms dr secretary minister
    prime foreign defense state chancellor speaker leader chairman chairwoman chair ceo director
    judge justice attorney general gen lt col sgt mayor ambassador former candidate nominee
    presidential republican democratic democrat gop house senate majority minority whip press
    spokesman spokeswoman adviser advisor campaign manager chief executive businessman billionaire
    rev pastor pope king queen prince sheikh sec st u.s. us american russian chinese british french
    german israeli iranian syrian mexican canadian ukrainian turkish vermont texas florida ohio new
    jersey york california massachusetts former-secretary of the""".split()
)
# the head word of a title; words before it qualify it ("Finance Minister", "Border Chief")
_HEAD_TITLES: Final = frozenset(
    """president minister secretary senator governor mayor chancellor ambassador chairman
    chairwoman chair spokesman spokeswoman spokesperson director commissioner chief leader
    premier judge general adviser advisor economist""".split()
)
_ORG_WORDS: Final = frozenset(
    """alliance division parliament assembly television radio channel statistics forum archive
    archives ministry's kremlin house department ministry committee campaign party times post
    news journal agency
    council court commission administration government office inc corp company university institute
    foundation association network media press group coalition union bureau service fund bank
    center centre organization organisation cnn fox msnbc nbc abc cbs politico reuters bloomberg
    nato fbi cia nsa un eu gop dnc rnc congress senate pentagon police army board team poll survey
    study report website newspaper paper magazine tribune guardian telegraph club
    league""".split()
)
# capitalised words that open sentences or name dates, never a person: "When Valdoria's leaders",
# "Mr. No", "October"
_NOT_NAME: Final = frozenset(
    """the but and or so yet in on at as when while after before if although though because since
    meanwhile however still then this that these those it there here what why how where who
    later earlier now today yesterday last also instead indeed asked speaking according thus yes
    no not even just only both each such with without from for to of by under over about many
    some most other others all several usually often previously recently separately similarly
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december we i you they he she his her its their our
    my once back""".split()
)
# a possessive before these names the person it refers to: "His office said …"
_SPEAKS_FOR: Final = frozenset(
    "office spokesman spokeswoman spokesperson campaign team aides aide staff".split()
)
_ROLE_BEFORE: Final = re.compile(r"\b([a-z]+)\s+$")
_LOOSE_QUALIFIERS: Final = frozenset(
    "the a an new former top senior current incoming outgoing his her its their".split()
)
_ROLE_HEAD: Final = re.compile(r"^[A-Za-z’'.-]+$")
_VAGUE: Final = frozenset(
    """they we you i it some many several others other officials experts analysts critics sources
    people observers supporters voters one few most all both either which that polls surveys
    studies data results numbers figures""".split()
)
_INDEFINITE: Final = frozenset(("a", "an", "some", "many", "several", "one"))
_FEMALE: Final = frozenset(
    """hillary nancy elizabeth sarah carly nikki michelle melania ivanka kellyanne hope huma debbie
    donna marine angela theresa susan mary patricia jennifer linda barbara jessica karen lisa
    betsy condoleezza madeleine dianne kamala tulsi kirsten amy heidi claire jeanne lindsey sally
    megyn katy kate anna maria laura julia emma olivia rachel rebecca samantha jill loretta janet
    sheryl ruth sonia elena ann anne jane joan carol helen alice grace""".split()
)
_MALE: Final = frozenset(
    """donald bernie ted marco jeb john chris ben rand mike paul barack joe tim bill george james
    robert michael david richard thomas tom charles mark steve steven scott jeff jim bob dan
    kevin mitch harry chuck lindsey reince newt rudy vladimir xi emmanuel boris justin recep
    benjamin ali mohammed muhammad ahmed sean tucker eric jared corey kellyanne""".split()
) - {"kellyanne", "lindsey"}
_HONORIFICS: Final = frozenset(("Mr.", "Mrs.", "Ms.", "Dr."))
_POSSESSIVE: Final = re.compile(r"[’']s?$")
_HE: Final = re.compile(r"\b(?:he|his|him)\b", re.IGNORECASE)
_SHE: Final = re.compile(r"\b(?:she|her|hers)\b", re.IGNORECASE)
_MALE_HONORIFIC: Final = re.compile(r"\bMr\.\s+")
_FEMALE_HONORIFIC: Final = re.compile(r"\b(?:Mrs|Ms)\.\s+")
_WHO_NEAR: Final = re.compile(r"([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*,\s*$")
_WHO_HEAD: Final = re.compile(
    r"([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*,\s*(?:[^,]{0,80},\s*)?$"
)


@dataclass(slots=True)
class _Person:
    name: str
    gender: str | None = None
    weak_gender: bool = False  # guessed from a nearby pronoun, not a title or first name
    titles: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Resolver:
    """Resolves mentions in document order; call ``observe`` on text as you pass it."""

    text: str
    people: list[_Person] = field(default_factory=list)
    by_name: dict[str, _Person] = field(default_factory=dict)
    last_speaker: list[_Person] = field(default_factory=list)
    runs: dict[str, _Person | None] = field(default_factory=dict)  # name runs already read
    seen_upto: int = 0

    def observe(self, upto: int) -> None:
        """Register the people named in the text up to ``upto``."""
        if upto <= self.seen_upto:
            return
        for m in _NAME_RUN.finditer(self.text, self.seen_upto, upto):
            run = m.group()
            lead = 0
            while lead < len(run) and " " in run[lead:]:
                first = run[lead:].split(" ", 1)[0]
                if first.lower() not in _NOT_NAME:
                    break
                lead += len(first) + 1
            run = run[lead:]
            if m.start() > 0 and self.text[m.start() - 1] in '"“‘«':
                continue  # "Hard Choices", "Time for a Fresh Start": a quoted title
            if " " not in run:
                continue  # one capitalised word names nobody new ("Mr. Hart" has a space)
            if run in self.runs:  # seen before: only the recency changes
                known = self.runs[run]
                if known is not None and self.people[-1] is not known:
                    self.people.remove(known)
                    self.people.append(known)
                continue
            self.runs[run] = self._register(run, m.start() + lead)
        self.seen_upto = upto

    def _register(self, run: str, pos: int) -> _Person | None:
        words = run.split()
        name_words = _strip_titles(words)
        honorific = len(words) > len(name_words) and words[-len(name_words) - 1] in _HONORIFICS
        if (
            (len(name_words) < 2 and not (honorific and name_words))
            or any(w.lower().strip(".") in _ORG_WORDS for w in name_words)
            or any(_POSSESSIVE.sub("", w).lower() in _NOT_NAME for w in name_words)
        ):
            return None  # "Mr. Hart" is a person; a lone capitalised word is not
        name = _POSSESSIVE.sub("", " ".join(name_words))
        person = self.by_name.get(name)
        if person is None:
            person = _Person(name)
            self.people.append(person)
            self.by_name[name] = person
        else:  # move to the end: the most recently named person comes last
            self.people.remove(person)
            self.people.append(person)
        titles = [w.lower().strip(".") for w in words[: len(words) - len(name_words)]]
        role = _ROLE_BEFORE.search(self.text, max(0, pos - 30), pos)
        if role is not None and role.group(1).lower() in _HEAD_TITLES:
            titles.append(role.group(1).lower())  # "Green Union leader Paula Brant"
        if titles:
            person.titles.add(" ".join(titles))
            person.titles.add(titles[-1])
        if person.gender is None:
            person.gender, person.weak_gender = _gender(self.text, pos, name_words[0])
        return person

    def resolve(self, start: int, end: int) -> tuple[str | None, SpeakerKind | None]:
        """Resolve the mention text[start:end] to a speaker name and kind."""
        self.observe(end)
        parts = [p.strip() for p in self.text[start:end].split(",")]
        mention = parts[0]
        if len(parts) > 1 and not _has_name(mention) and _has_name(parts[1]):
            mention = parts[1]  # "Its leader, Jonas Weller"
        person_of, _, _place = mention.partition(" of ")
        if _place and _has_name(person_of) and not _ORG_RUN.search(person_of):
            mention = person_of  # "Tom Hart of the Civic Institute", "Sen. Ann Lee of Oregon"
        low = mention.lower()
        words = low.split()
        if len(words) == 2 and words[0] in ("his", "her") and words[1] in _SPEAKS_FOR:
            return self._named_last("m" if words[0] == "his" else "f")
        if low in ("he", "she", "him", "her"):
            return self._pronoun("m" if low in ("he", "him") else "f")
        if low == "who":
            lo = max(0, start - 160)
            head = _WHO_NEAR.search(self.text, lo, start)  # "Still, Lee, who": the nearest name
            if head is None or head.group(1).lower() in _NOT_NAME:
                head = _WHO_HEAD.search(self.text, lo, start)  # "Tom Hart, 54, who"
            return self.resolve(head.start(1), head.end(1)) if head else (None, None)
        if mention.isupper() and len(words) >= 3:
            return None, None  # a newsletter heading introducing an excerpt names no one
        if len(low) < 2 or low in _VAGUE or low.split()[0] in _INDEFINITE:
            # "Q:"/"A:" labels, "officials", "a spokesman for …": nobody in particular
            return None, None
        return self._named(mention)

    def _named_last(self, gender: str) -> tuple[str | None, SpeakerKind | None]:
        """ "His office": the person most recently named, of that gender."""
        for person in reversed(self.people):
            if person.gender in (gender, None):
                return person.name, "person"
        return None, None

    def _pronoun(self, gender: str) -> tuple[str | None, SpeakerKind | None]:
        last = self.last_speaker[-1] if self.last_speaker else None
        if last is not None and last.weak_gender and last.gender != gender:
            # the speaker just named goes on as "he": trust that over a guessed gender
            last.gender = gender
            return self._spoke(last)
        for pool in (self.last_speaker, self.people):
            for person in reversed(pool):
                if person.gender in (gender, None):
                    if person.gender is None:
                        person.gender, person.weak_gender = gender, True
                    return self._spoke(person)
        return None, None

    def _named(self, mention: str) -> tuple[str | None, SpeakerKind | None]:
        words = mention.split()
        if len(words) > 1 and words[-1].islower() and _ROLE_HEAD.match(words[-1]):
            # "the Civic Alliance leader": a role, whoever was last given it
            person = self._by_title(words[-1].lower())
            if person is not None:
                return self._spoke(person)
        org = _ORG_RUN.search(mention)
        if org is not None and org.start() > 0 and mention[:1].islower():
            return org.group().removeprefix("the "), "organisation"  # "figures from the … Office"
        caps = _trailing_capitalised(words)
        if caps and all(w.lower().strip(".,") in _NOT_NAME for w in words[caps[0] :]):
            caps = None  # "… published in October"
        if caps and caps[0] > 0 and words[0].lower() not in ("the", "a", "an"):
            words = words[caps[0] :]  # "screenwriter Ann Lee", "campaign manager Jeff Smith"
            mention = " ".join(words)
        bare = [w for w in words if w.lower() not in ("the", "a", "an")]
        low_words = [w.lower().strip(".’'s") for w in bare]
        if any(w in _ORG_WORDS for w in low_words) or not bare or not bare[0][:1].isupper():
            person = self._by_title(" ".join(w.lower() for w in bare))
            if person is not None:
                return self._spoke(person)
            if any(w in _ORG_WORDS for w in low_words):
                return _org_name(mention), "organisation"
            return None, None  # "the contractor": a role nobody in the article was given
        name_words = _strip_titles(words)
        if any(w[:1].islower() and w not in _NAME_PARTICLES for w in name_words):
            # "The Democratic front-runner and former mayor": roles, not a name
            person = self._by_title(name_words[-1].lower())
            return self._spoke(person) if person else (None, None)
        if not name_words:
            person = self._by_title(" ".join(w.lower().strip(".") for w in bare))
            return self._spoke(person) if person else (None, None)
        if len(name_words) == 1:
            person = self._by_surname(name_words[0])
            if person is not None:
                return self._spoke(person)
            return name_words[0], "person"
        name = " ".join(name_words)
        person = self.by_name.get(name) or self._register(mention, self.text.find(mention))
        return self._spoke(person) if person else (name, "person")

    def _spoke(self, person: _Person) -> tuple[str | None, SpeakerKind | None]:
        if person in self.last_speaker:
            self.last_speaker.remove(person)
        self.last_speaker.append(person)
        return person.name, "person"

    def _by_surname(self, surname: str) -> _Person | None:
        surname = _POSSESSIVE.sub("", surname)
        for person in reversed(self.people):
            if person.name.split()[-1] == surname:
                return person
        return None

    def _by_title(self, role: str) -> _Person | None:
        role = role.strip()
        words = role.split()
        head = words[-1] if words else ""
        if any(w not in _LOOSE_QUALIFIERS for w in words[:-1]):
            head = ""  # "the prime minister" is not whoever was a finance minister
        for key in (role, " ".join(words[1:]), head):
            for person in reversed(self.people):
                if key and key in person.titles:
                    return person
        return None


_NAME_PARTICLES: Final = frozenset("de del la van von bin al da di du le".split())


def _has_name(part: str) -> bool:
    """Two capitalised words, the first not a determiner: "Jonas Weller"."""
    words = part.split()
    return (
        len(words) >= 2
        and all(w[:1].isupper() for w in words[-2:])
        and words[0].lower() not in _NOT_NAME
        and words[0].lower() not in ("its", "a", "an")
    )


_ORG_RUN: Final = re.compile(
    r"(?:the\s+)?(?:[A-Z][\w’'-]*\s+){1,4}(?:Office|Ministry|Agency|Bureau|Institute|Council|"
    r"Commission|Department|Committee|Bank|Foundation|Association|Center|Centre)\b"
)


def _trailing_capitalised(words: list[str]) -> tuple[int] | None:
    """Where the run of capitalised words that ends the mention starts, if there is one."""
    i = len(words)
    while i > 0 and words[i - 1][:1].isupper():
        i -= 1
    return (i,) if i < len(words) else None


def _org_name(mention: str) -> str:
    """ "The Kremlin" at a sentence start is still "the Kremlin"."""
    return "the" + mention[3:] if mention.startswith("The ") else mention


def _strip_titles(words: list[str]) -> list[str]:
    i = 0
    while i < len(words) and words[i].lower().strip(".’'") in TITLE_WORDS:
        i += 1
    # "Finance Minister Anna Berger", "Interior Minister …": whatever qualifies a head title
    # word is part of the title, as long as a first name and a surname remain after it
    for j in range(len(words) - 3, i - 1, -1):
        if words[j].lower().strip(".’'") in _HEAD_TITLES:
            return words[j + 1 :]
    return words[i:]


def _gender(text: str, pos: int, first_name: str) -> tuple[str | None, bool]:
    """The gender and whether it is only a guess from the next pronoun."""
    before = text[max(0, pos - 6) : pos + 5]
    if _MALE_HONORIFIC.search(before):
        return "m", False
    if _FEMALE_HONORIFIC.search(before):
        return "f", False
    if first_name.lower() in _FEMALE:
        return "f", False
    if first_name.lower() in _MALE:
        return "m", False
    # the first personal pronoun after the name is a strong hint in news prose
    he = _HE.search(text, pos, pos + 300)
    she = _SHE.search(text, pos, pos + 300)
    if he and (not she or he.start() < she.start()):
        return "m", True
    if she:
        return "f", True
    return None, True
