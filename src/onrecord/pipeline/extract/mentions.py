"""Speaker mentions next to a cue: the noun phrase before ("Putin said") or after ("said Putin").

Works on word tokens, not a parser: a pronoun, a run of capitalised words (with titles and "of"),
or a determiner phrase ("the Russian president", "a spokesman for the campaign"), plus an
apposition between commas ("Putin, the Russian president, said").
"""

from __future__ import annotations

import re
from typing import Final

# abbreviations keep their period ("Sen.", "U.S."); other words do not take the sentence's period
TOKEN: Final = re.compile(
    r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Jr|Sr|St|Prof|Rev|Capt|Adm|Maj|Sec|Inc|Corp|Co"
    r"|Ltd|Ala|Ariz|Ark|Calif|Colo|Conn|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont"
    r"|Neb|Nev|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo)\.|[A-Z](?:\.[A-Z])+\.?|[A-Z]\.(?=\s[A-Z])"
    r"|[A-Z]-[A-Z](?:(?:\.[A-Z])+|[a-z]{0,4})\."
    r"|[^\W_][\w'’&-]*|--|[^\w\s]"
)
_TIME_WORDS: Final = frozenset(
    """today yesterday tonight monday tuesday wednesday thursday friday saturday sunday week night
    morning afternoon evening month year weekend time moment past""".split()
)
_AGO_WORDS: Final = frozenset(
    """a an one two three four five six seven eight nine ten few several more less than about
    nearly almost just only some days day weeks week months month years year hours hour minutes
    decades decade""".split()
)
_TIME_LEAD: Final = frozenset("on last this late early at the in for during that".split())

PRONOUNS: Final = frozenset("he she they it we you who i".split())
_PERSONAL: Final = frozenset("he she they we you i".split())
DETERMINERS: Final = frozenset(
    "the a an his her their its our my your this that these those one two three some many several "
    "most other another both each any few".split()
)
# words skipped between a subject and its verb: "Lee also said", "she has repeatedly argued"
_SKIP: Final = frozenset(
    """also has have had would will later previously recently then repeatedly once already often
    publicly privately reportedly frequently again initially first earlier further even still just
    never ever subsequently simply flatly quickly bluntly directly explicitly specifically openly
    separately himself herself themselves itself did does do not n't could might may must should
    can is was are were been be being had long since now today yesterday tonight monday tuesday
    wednesday thursday friday saturday sunday last week night morning afternoon evening
    immediately since privately widely mistakenly falsely correctly rightly wrongly angrily
    famously memorably consistently insistently emphatically quietly loudly personally cannot
    can't can’t couldn't couldn’t won't won’t wouldn't wouldn’t didn't didn’t doesn't doesn’t
    don't don’t isn't isn’t wasn't wasn’t""".split()
)
_PAREN_START: Final = frozenset(
    """in on at during who which speaking according when while after before for though however too
    meanwhile like as from with under without through if whose where""".split()
)
# capitalised words that begin sentences or clauses rather than names
CAP_STOP: Final = frozenset(
    """The But And Or So Yet In On At As When While After Before If Although Though Because Since
    Meanwhile However Still Then This That These Those It There Here What Why How Where Who Later
    Earlier Now Today Yesterday Last Also Instead Indeed Asked Speaking According Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday Thus Yes No Not Even Just Only Both Each Such With
    Without From For To Of By Under Over About Asked Many Some Most Other Others All
    Several January February March April June July August September October November
    December Usually Often Previously Recently Later Separately Similarly Meanwhile Besides
    Upon Absent Amid Among Beyond Given Unlike Like Despite Shortly Soon Already Nearly Perhaps
    Finally Eventually Ultimately Initially""".split()
)
_NOT_ADVERBS: Final = frozenset("italy family ally rally supply reply kelly sally".split())
_QUANTIFIERS: Final = frozenset("some many others most several few another".split())
_ALL_EACH: Final = frozenset("all each both none one two three half".split())
_OBJECT_PRONOUNS: Final = frozenset("them us those whom".split())
_CLAUSE_OPENERS: Final = frozenset([",", ";", ":", *"But And Yet So but and yet so while".split()])
_CONTRACTIONS: Final = frozenset(
    """it’s it's that’s that's he’s he's she’s she's there’s there's what’s what's who’s
    who's""".split()
)
_PREPOSITIONS: Final = frozenset(
    """of in on at for with from by to about into over under between against during after
    before upon since without""".split()
)
_CONNECT: Final = frozenset("of de del la van von bin al for the and".split())
ROLE_NOUNS: Final = frozenset(
    """officials official experts analysts critics aides advisers advisors sources supporters voters
    democrats republicans opponents lawmakers leaders observers economists investigators police
    prosecutors authorities residents people polls surveys studies researchers scientists
    spokesman spokeswoman spokesperson president senator governor candidate nominee campaign
    staffers strategists insiders diplomats activists protesters organizers members donors
    pollsters historians scholars commentators conservatives liberals progressives republican
    democrat administration officers americans rival rivals challenger lawmaker lawyer attorney
    aide adviser advisor chairman chairwoman executive founder director professor analyst expert
    strategist historian economist pollster source critic supporter opponent voter resident
    activist organizer""".split()
)
_CLAUSE_WORDS: Final = frozenset(
    """and or but that which is was are were be has have had not to than as if when while because
    so it this there what also would will can could should may might must said says""".split()
)


def _is_cap(word: str) -> bool:
    return word[:1].isupper() and word not in CAP_STOP


def subject_before(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The mention that ends just before ``hi`` (a cue), looking no further back than ``lo``."""
    toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text, max(lo, hi - 100), hi)]
    i = len(toks) - 1
    appo_end: int | None = None
    while i >= 0:
        word = toks[i][2]
        low = word.lower()
        if low == "ago":
            # "The council two weeks ago said", "less than a month ago"
            i -= 1
            while i >= 0 and (toks[i][2].lower() in _AGO_WORDS or toks[i][2][:1].isdigit()):
                i -= 1
            continue
        if low in _TIME_WORDS:
            # "The White House on Tuesday said", "she said last week", "Lee at the time said"
            i -= 1
            while i >= 0 and toks[i][2].lower() in _TIME_LEAD:
                i -= 1
            continue
        adverb = (
            low.endswith("ly")
            and len(low) > 4
            and low not in _NOT_ADVERBS
            # "Jolly said": a capitalised word right before the cue is a name
            and not (word[:1].isupper() and i == len(toks) - 1)
        )
        if (low in _SKIP or adverb) and not (
            word[:1].isupper() and i > 0 and toks[i - 1][2] not in ",("
        ):
            i -= 1
            continue
        if appo_end is not None and _PARTY.fullmatch(word) and i > 0 and toks[i - 1][2] == ",":
            i -= 2  # "Sen. Ann Lee, R-S.C., a long-shot candidate, said"
            continue
        if (
            word.isdigit()
            and i > 0
            and toks[i - 1][2] == ","
            and i + 1 < len(toks)
            and toks[i + 1][2] == ","  # an age sits between commas; "Lee, 39 have said" counts
        ):
            # "Tom Hart, 54, who …, told", "Ann Lee, 34, of Salem, Ore., said": an age
            appo_end = toks[i][1] if appo_end is None else appo_end
            i -= 2
            continue
        if word in ",)—–-" or word == "--":
            j = _parenthetical_start(toks, i)
            if j is None:
                return None
            inner = toks[j + 1 : i]
            if word == ")" and (
                _PARTY.fullmatch("".join(t[2] for t in inner))
                or (inner and inner[0][2].lower() in ("a", "an", "the", "who", "which"))
                or (0 < len(inner) <= 3 and all(t[2][:1].isupper() or t[2] in ".-" for t in inner))
            ):
                i = j - 1  # "Sen. Ann Lee (D-Ore.) said", "Rep. Ann Lee (Mich.), a …, said"
                continue
            if len(inner) > 1 and inner[0][2].lower() in ("also", "himself", "herself"):
                inner = inner[1:]  # "Sen. Ted Roe, also a hopeful, called"
            first = inner[0][2].lower() if inner else ""
            if first not in _PAREN_START and not (first.endswith(("ing", "ed")) and len(first) > 4):
                noun_phrase = first in ("a", "an", "the")  # "a fundraiser and lobbyist close to …"
                dash_aside = word in ("--", "—", "–") and inner and inner[0][2][:1].isupper()
                if dash_aside:
                    i = j - 1  # "A former candidate -- Tom Hart, who lost in 2008 -- said"
                    continue
                if appo_end is not None or any(
                    t[2].lower() in _CLAUSE_WORDS
                    and not _names_and(inner, k)
                    and not (noun_phrase and t[2].lower() in ("and", "or", "to", "than", "as"))
                    for k, t in enumerate(inner)
                ):
                    return None  # a clause, not an apposition: "the race will be tight, said"
                appo_end = toks[i - 1][1]  # "Putin, the Russian president, said"
            i = j - 1
            continue
        break
    span = _np_ending_at(toks, i)
    if span is None:
        return None
    return (span[0], appo_end) if appo_end is not None else span


def _names_and(toks: list[tuple[int, int, str]], k: int) -> bool:
    """The "and" of "Tom Hart and Ann Lee": between two capitalised words."""
    return (
        toks[k][2] == "and"
        and 0 < k < len(toks) - 1
        and toks[k - 1][2][:1].isupper()
        and toks[k + 1][2][:1].isupper()
    )


# party and state after a name: "(D-Ore.)", "(R-N.Y.)", "(D)"
_PARTY: Final = re.compile(r"[DRI](?:-[A-Z][A-Za-z.]{0,8})?\.?")


def _place_comma(toks: list[tuple[int, int, str]], j: int) -> bool:
    """The comma of "Columbus, Ohio": a capitalised word on each side, a comma after."""
    return (
        toks[j][2] == ","
        and 0 < j < len(toks) - 2
        and toks[j - 1][2][:1].isupper()
        and toks[j + 1][2][:1].isupper()
        and toks[j + 2][2] == ","
        and not _PARTY.fullmatch(toks[j + 1][2])  # "Ann Lee, R-Ore., said": a party tag
    )


def _parenthetical_start(toks: list[tuple[int, int, str]], i: int) -> int | None:
    opener = {")": "(", "—": "—", "–": "–", "-": "-", "--": "--"}.get(toks[i][2], ",(")
    reach = 16 if opener == ",(" else 32  # a dash aside may hold a whole clause
    for j in range(i - 1, max(-1, i - reach), -1):
        if toks[j][2] in opener:
            if _place_comma(toks, j):
                continue  # "in Columbus, Ohio," is one place, not the edge of the aside
            return j if j > 0 else None
        if toks[j][2] in '.;:!?"“”' and not (opener == "(" and toks[j][2] == "."):
            return None
    return None


def _np_ending_at(toks: list[tuple[int, int, str]], i: int) -> tuple[int, int] | None:
    if i < 0:
        return None
    start, end, word = toks[i]
    low = word.lower()
    contraction = _PRONOUN_CONTRACTION.fullmatch(low)
    if contraction is not None:
        return start, start + contraction.end(1)  # "she's hoping": the pronoun alone
    if low in PRONOUNS or low in _QUANTIFIERS:
        return start, end  # "he", "who", "Some say …"
    if not word[:1].isalnum():
        return None
    if word[:1].isdigit() or low in _SHARE_HEADS:
        return _number_phrase(toks, i)
    if _is_cap(word):
        j = i
        while j - 1 >= 0:
            prev = toks[j - 1][2]
            if _is_cap(prev) or (prev in _CONNECT and j - 2 >= 0 and _is_cap(toks[j - 2][2])):
                j -= 1
            elif (
                prev == "the"
                and j - 3 >= 0
                and toks[j - 2][2] == "of"
                and _is_cap(toks[j - 3][2])
                and toks[j][2] not in CAP_STOP
            ):
                j -= 3  # "Tom Hart of the Civic Institute"
            else:
                break
        if toks[j][2] in _CONNECT:
            j += 1
        if j - 1 >= 0 and toks[j - 1][2].lower() == "the":
            j -= 1
        return toks[j][0], end
    return _nominal_ending_at(toks, i)


_PRONOUN_CONTRACTION: Final = re.compile(r"(he|she|it|they|we|i|you|who)[’'](?:s|re|ve|d|ll|m)")
_NUMBER_WORDS: Final = frozenset(
    """one two three four five six seven eight nine ten about nearly almost only just more than
    fewer less in of out roughly some over under half a third thirds quarter quarters fifth
    fifths""".split()
)
# "Nearly a third say", "About one in five say": a share of people answering
_SHARE_HEADS: Final = frozenset(
    """two three four five six seven eight nine ten third thirds quarter quarters fifth fifths
    half""".split()
)


def _number_phrase(toks: list[tuple[int, int, str]], i: int) -> tuple[int, int] | None:
    """ "Six in 10", "About 46", "More than six in 10": a share of people answering."""
    j = i
    while j - 1 >= 0 and (toks[j - 1][2].lower() in _NUMBER_WORDS or toks[j - 1][2][:1].isdigit()):
        j -= 1
    if j == i:
        if i + 1 < len(toks) and toks[i + 1][2].lower() in ("have", "had", "has"):
            return toks[i][0], toks[i][1]  # "…, 39 have said they support Hart"
        return None  # a bare number is no speaker
    return toks[j][0], toks[i][1]


def _of_pronoun(toks: list[tuple[int, int, str]], i: int) -> tuple[int, int] | None:
    """ "most of them", "all of us": a share of a group named earlier."""
    head = toks[i - 2][2].lower()
    if head in _QUANTIFIERS or head in _ALL_EACH:
        return toks[i - 2][0], toks[i][1]
    return None


_HYPHENATED: Final = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _nominal_ending_at(toks: list[tuple[int, int, str]], i: int) -> tuple[int, int] | None:
    word = toks[i][2]
    if word.lower() in _OBJECT_PRONOUNS and i >= 2 and toks[i - 1][2] == "of":
        return _of_pronoun(toks, i)
    if (
        not _HYPHENATED.fullmatch(word)
        or word.lower() in _CLAUSE_WORDS
        or word.lower() in _PREPOSITIONS
    ):
        return None
    j = i
    anchored = word.lower() in ROLE_NOUNS
    for k in range(i - 1, max(-1, i - 5), -1):
        prev = toks[k][2]
        low = prev.lower()
        if low in _CONTRACTIONS or low in _PREPOSITIONS:
            break
        if low in DETERMINERS or prev[:1].isdigit():
            j, anchored = k, True
            break
        if prev.endswith(("’s", "'s")):
            j, anchored = _owner_start(toks, k), True
            break
        if _is_cap(prev):
            j, anchored = k, True
            continue
        if low.endswith("ed") and k - 1 >= 0 and toks[k - 1][2][:1].isalpha():
            before = toks[k - 1][2].lower()
            if before not in DETERMINERS and not before.endswith("ly"):
                break  # "The senator emailed supporters": a verb, not a modifier
        if (
            (prev.isalpha() or _HYPHENATED.fullmatch(prev))
            and prev[:1].islower()
            and low not in _CLAUSE_WORDS
            and low not in _SKIP
        ):  # "the organizer of a pro-Hart rally"
            j = k
            continue
        break
    if not anchored and word.endswith("s") and (j == 0 or toks[j - 1][2] in _CLAUSE_OPENERS):
        anchored = True  # "But bridge engineers say": a bare plural opening its clause
    # "a spokesman for the campaign", "supporters of reform", "most of them": one of/for phrase
    if j - 2 >= 0 and toks[j - 1][2] in ("for", "of", "at", "from", "with", "by"):
        head = toks[j - 2][2]
        inner = _nominal_ending_at(toks, j - 2) if head.islower() else None
        if inner is None and head.lower() in _QUANTIFIERS | _ALL_EACH:
            inner = toks[j - 2][0], toks[j - 2][1]
        if inner is not None:
            return inner[0], toks[i][1]
    if (
        (not anchored or (j - 2 >= 0 and toks[j - 2][2].lower() in ROLE_NOUNS))
        and j - 2 >= 0
        and toks[j - 1][2] == "and"
        and toks[j - 2][2][:1].isalpha()
    ):
        # "The front-runner and former mayor said": two roles of one subject
        inner = _np_ending_at(toks, j - 2) if toks[j - 2][2].lower() not in PRONOUNS else None
        if inner is not None:
            return inner[0], toks[i][1]
    if not anchored:
        return None
    return toks[j][0], toks[i][1]


def _owner_start(toks: list[tuple[int, int, str]], k: int) -> int:
    """The start of a possessor: "the mayor's", "the former mayor's", "Ms. Ann Lee's"."""
    j = k
    while j - 1 >= 0 and _is_cap(toks[j - 1][2]) and toks[k][2][:1].isupper():
        j -= 1  # "Ms. Ann Lee's spokesman"
    for m in range(j - 1, max(-1, j - 4), -1):
        low = toks[m][2].lower()
        if low in ("the", "a", "an"):
            return m  # "the mayor's spokesman", "the former mayor's aide"
        if not (toks[m][2].isalpha() and toks[m][2].islower()) or low in _CLAUSE_WORDS:
            break
    return j


_FINITE: Final = frozenset(
    "is was are were has have had will would can could should may might must does did".split()
)
_DEMONSTRATIVES: Final = frozenset("this that these those".split())
_AFTER_STOP: Final = frozenset(
    """in on at during who which that when while adding saying noting to as of after before but and
    because if about since told""".split()
)


def subject_after(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The mention that starts just after ``lo`` (a cue, as in "said Putin"), before ``hi``."""
    toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text, lo, min(hi, lo + 200))]
    if not toks:
        return None
    first = toks[0][2]
    if first.lower() in _PERSONAL:
        return toks[0][0], toks[0][1]
    low = first.lower()
    if low in _DEMONSTRATIVES:
        return None
    if not (low in DETERMINERS or _is_cap(first) or low in ROLE_NOUNS):
        # "said conservative activist Bob Klaus": lowercase role words, then a name
        k = 0
        while k < min(4, len(toks) - 1) and toks[k][2].isalpha() and toks[k][2].islower():
            if toks[k][2] in _AFTER_STOP and not (k and toks[k][2] == "of"):
                return None  # "master of ceremonies Tom Hart" keeps its "of"
            k += 1
        if not (k and _is_cap(toks[k][2])):
            return None
    end = toks[0][1]
    role_end = 0  # lowercase role words before the name: "master of ceremonies Tom Hart"
    while role_end < len(toks) and toks[role_end][2].isalpha() and toks[role_end][2].islower():
        role_end += 1
    role_end = role_end if role_end < len(toks) and _is_cap(toks[role_end][2]) else 0
    for k in range(1, min(len(toks), 10)):
        word = toks[k][2]
        if word.lower() in _FINITE:
            return None  # "said the bridge would …": a clause follows, not a speaker
        of_name = word.lower() == "of" and (
            k < role_end or (k + 1 < len(toks) and toks[k + 1][2][:1].isupper())
        )
        if not word[:1].isalnum() or (word.lower() in _AFTER_STOP and not of_name):
            break  # "Sen. Ann Lee of Oregon" keeps its "of"
        end = toks[k][1]
    return toks[0][0], end
