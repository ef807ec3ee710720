"""Pure functions on speaker names: normalising, titles, slugs."""

from __future__ import annotations

import re

from onrecord.pipeline.text import collapse_space, fold

#: Honorifics: stand right before a name ("Mr Weller", "Dr. Varn").
HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof sir dame lord lady rev fr gen col maj capt lt sgt".split()
)
#: Words that end a title: "Finance *Minister*", "Opposition *Leader*".
TITLE_HEADS = frozenset(
    """
    president minister secretary senator sen representative rep governor gov mayor
    chancellor premier spokesman spokeswoman spokesperson speaker leader chairman chairwoman
    chair chief ambassador commissioner judge king queen prince princess congressman
    congresswoman candidate councillor councilor attorney director executive ceo
    adviser advisor economist historian official head envoy whip monarch pope
    """.split()
)
#: Words that may stand inside a title before its head: "*Deputy Prime* Minister".
TITLE_MODIFIERS = frozenset(
    """
    vice prime deputy foreign finance interior home defence defense justice health economy
    economic state former acting minority majority house opposition party labour labor
    trade energy environment education transport agriculture culture interior treasury
    budget chief senior first lead union campaign press national regional federal white
    managing executive attorney general committee council board commission parliament
    assembly senate congress bank ministry department office surgeon inspector solicitor
    """.split()
)
#: Small words that join a title to its complement ("Leader *of the* Opposition").
TITLE_JOINERS = frozenset("of the and for".split())
#: Every word that can be part of a title (used where any title word is enough).
TITLE_WORDS = HONORIFICS | TITLE_HEADS | TITLE_MODIFIERS
_IN_TITLE = TITLE_HEADS | TITLE_MODIFIERS | TITLE_JOINERS
_PUNCT_RE = re.compile(r"[^\w\s'-]")
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def normalize_name(name: str) -> str:
    """Folded name with punctuation removed and white space collapsed: the alias lookup key."""
    return collapse_space(_PUNCT_RE.sub(" ", fold(name)).replace("'", "").replace("-", " "))


def _key(word: str) -> str:
    return fold(word).strip(".,")


#: "General" heads a title only after these words ("Attorney General", not "General Motors").
_GENERAL_AFTER = frozenset({"attorney", "secretary", "surgeon", "inspector", "solicitor"})


def _is_head(words: list[str], i: int) -> bool:
    key = _key(words[i])
    if key == "general":
        return i > 0 and _key(words[i - 1]) in _GENERAL_AFTER
    return key in TITLE_HEADS


def _title_length(words: list[str]) -> int:
    """How many leading words form a title: honorifics, or ``[Nationality] modifier* head``.

    A title must leave at least one word after it, so "Prime Minister" alone or
    "Angus King" (a name whose last word is a title head) are not titles.
    """
    i = 0
    while i < len(words) - 1 and _key(words[i]) in HONORIFICS:
        i += 1
    if i:
        return i
    # A place, party or nationality word may open a title ("U.S. President",
    # "Tory leader", "London Mayor"); the title must still leave a name after it.
    start = (
        1 if len(words) > 2 and words[0][:1].isupper() and _key(words[0]) not in _IN_TITLE else 0
    )
    end, last_head = start, 0
    while end < len(words) - 1 and _key(words[end]) in _IN_TITLE:
        if _is_head(words, end):
            last_head = end + 1
        end += 1
    if not last_head:
        return 0
    cut = last_head
    if end > last_head and _key(words[last_head]) in TITLE_JOINERS:
        # A complement: "Leader of the Opposition Jonas Weller" is cut after
        # "Opposition"; "Leader of the Civic Alliance ..." stops on a joiner
        # ("the"), so we cannot tell where the name starts and cut nothing.
        if _key(words[end - 1]) in TITLE_JOINERS:
            return 0
        cut = end
    # "Finance Minister Mr Varga": an honorific may follow the title.
    while cut < len(words) - 1 and _key(words[cut]) in HONORIFICS:
        cut += 1
    return cut


def strip_titles(name: str) -> str:
    """The name without leading titles: ``"Russian President V. Putin"`` → ``"V. Putin"``.

    A title is a run of honorifics, or an optional nationality adjective, title
    modifiers and a head word ("Deputy Prime Minister"). A name that is only a
    title ("Prime Minister") or ends in a head word ("Angus King") is returned unchanged.
    """
    words = collapse_space(name).split(" ")
    cut = _title_length(words)
    return " ".join(words[cut:]) if cut else collapse_space(name)


#: Title heads that are practically never surnames ("Russian President"; not "Angus King").
_UNAMBIGUOUS_HEADS = frozenset(
    "president minister secretary senator governor mayor chancellor premier spokesman "
    "spokeswoman spokesperson ambassador commissioner congressman congresswoman".split()
)


def _title_after_place(rest: list[str]) -> bool:
    """Whether the words after a leading place word can be read as a title: several words,
    a lower-case title ("president") or a head that is no surname ("President", not "King")."""
    if len(rest) > 1:
        return True
    return rest[0].islower() or _key(rest[0]) in _UNAMBIGUOUS_HEADS


def is_title(text: str) -> bool:
    """Whether ``text`` is only a title, maybe after a place word ("Valdorian finance minister").

    Used on what follows "the", so that "the Finance Minister" is a description;
    on its own, "Ian King" is a name, not a title (see :func:`is_description`).
    """
    words = _WORD_RE.findall(text)
    if len(words) > 1 and _key(words[0]) not in _IN_TITLE and _title_after_place(words[1:]):
        words = words[1:]
    if not words:
        return False
    keys = [_key(w) for w in words]
    return all(k in _IN_TITLE for k in keys) and any(k in TITLE_HEADS for k in keys)


def surname(name: str) -> str:
    """The last word of a person's name (the usual short form in print)."""
    parts = strip_titles(name).split()
    return parts[-1] if parts else name


def slugify(name: str) -> str:
    """A URL slug: ``"Anna Varga"`` → ``"anna-varga"``."""
    return _SLUG_RE.sub("-", fold(name)).strip("-")[:190].rstrip("-") or "speaker"


#: Lower-case words allowed inside a proper name ("Ministry of Finance", "Ludwig van Beethoven").
NAME_PARTICLES = frozenset(
    "of the for and on in de del della der di da du van von den ter le la al el bin ibn y e".split()
)
_WORD_RE = re.compile(r"[\w’'.-]+")


def looks_like_name(name: str) -> bool:
    """Whether ``name`` reads as a proper name rather than a description.

    Every word must be capitalised (or a particle such as "of" or "van"), the
    first word must not be a determiner ("his office", "the channel"), and it
    must be short; so "Valdorian Statistics Office" passes while "Government
    officials" and "its chairwoman" do not.
    """
    words = _WORD_RE.findall(name)
    if not words or len(words) > 7:
        return False
    if fold(words[0]) in DETERMINERS:
        return False
    capitalised = 0
    for word in words:
        if word[:1].isupper() or word[:1].isdigit():
            capitalised += 1
        elif word.lower() not in NAME_PARTICLES:
            return False
    return capitalised > 0


#: Words that open a description, never a name.
DETERMINERS = frozenset(
    "the a an his her its their our my your this that these those some several many".split()
)


def without_article(name: str) -> str:
    """``name`` without a leading "the"/"a"/"an": "the Kremlin" → "Kremlin"."""
    words = collapse_space(name).split(" ")
    if len(words) > 1 and fold(words[0]) in {"the", "a", "an"}:
        return " ".join(words[1:])
    return collapse_space(name)


def is_description(name: str) -> bool:
    """Whether ``name`` describes rather than names: no capitalised word once a leading
    article is dropped, or it opens with a possessive ("the finance minister",
    "finance minister", "its chairwoman"; not "the Kremlin")."""
    words = _WORD_RE.findall(name)
    if not words:
        return False
    if fold(words[0]) in DETERMINERS - {"the", "a", "an"}:
        return True
    has_article = fold(words[0]) in {"the", "a", "an"}
    rest = words[1:] if has_article else words
    if not rest:
        return False
    if not any(w[:1].isupper() for w in rest):
        return True
    # "the Finance Minister", "the Valdorian finance minister": a title, not a name
    # (without the article, "Ian King" or "Dan Judge" are names).
    return has_article and is_title(" ".join(rest))


def could_name_a_role(name: str) -> bool:
    """Whether a description may denote a role holder: definite ("the", not "a
    spokesperson") and containing a title head ("the finance minister", not "the figures")."""
    words = _WORD_RE.findall(name)
    if not words or fold(words[0]) in {"a", "an", "some", "several", "many"}:
        return False
    return any(_key(word) in TITLE_HEADS for word in words)


def is_role_noun(name: str) -> bool:
    """Whether ``name`` is a description rather than a name (see :func:`is_description`)."""
    return is_description(name)


def normalize_title(title: str) -> str:
    """A role title as a lookup key without articles: ``"The Minister"`` → ``"minister"``."""
    words = normalize_name(title).split()
    while words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words)
