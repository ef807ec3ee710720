"""Word lists for stance analysis, kept as data, and the small stemmer that keys them.

Every list here was written from general knowledge of English and of political position
statements (party programmes, voting-advice answers, speeches), never from evaluation pairs.
Lists are plain text blocks so that they read and diff like prose; the tables built from them at
import time are frozen. Words are matched on their folded surface form (see :func:`inflections`)
or, for topic overlap, on :func:`stem`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

__all__ = [
    "ANTONYMS",
    "COMMON_WORDS",
    "DIRECTION",
    "EVALUATION",
    "GENERIC_WORDS",
    "GRADED",
    "MODALS",
    "MULTIWORD",
    "NEGATION_MAX_SCOPE",
    "NEGATORS",
    "NOT_CUES",
    "NOT_NEGATED_AFTER_WITHOUT",
    "OBLIGATION",
    "OPTIONAL",
    "RESTRICTIVE",
    "SCOPE_BREAKERS",
    "STOPWORDS",
    "SYNONYMS",
    "TOPIC_DOMAINS",
    "UNIFORM",
    "UNIVERSAL",
    "antonym_of",
    "canonical",
    "domains_of",
    "inflections",
    "opposites",
    "stem",
]


def _words(block: str) -> tuple[str, ...]:
    return tuple(block.split())


def _pairs(block: str) -> tuple[tuple[str, str], ...]:
    left_right = (pair.split("/", 1) for pair in block.split())
    return tuple((left, right) for left, right in left_right)


# --- Stemming ---------------------------------------------------------------------------------

# (suffix, replacement, minimum length of what remains), tried in order; first match wins.
_SUFFIXES: Final = (
    ("izations", "ize", 3),
    ("ization", "ize", 3),
    ("ational", "ate", 3),
    ("ations", "ate", 3),
    ("ation", "ate", 3),
    ("nesses", "", 3),
    ("ness", "", 3),
    ("ments", "", 4),
    ("ment", "", 4),
    ("ities", "", 3),
    ("ity", "", 3),
    ("ings", "", 3),
    ("ing", "", 3),
    ("ies", "y", 2),
    ("ied", "y", 2),
    ("ily", "y", 2),
    ("ly", "", 4),
    ("ed", "", 3),
    ("sses", "ss", 3),
    ("shes", "sh", 3),
    ("ches", "ch", 3),
    ("xes", "x", 2),
    ("s", "", 3),
    ("ers", "", 3),
    ("er", "", 4),
    ("al", "", 4),
)
_BRITISH_RE: Final = re.compile(r"(?<=\w{4})is(ation|ations|e|ed|es|ing)$")
_DOUBLE_RE: Final = re.compile(r"([bdfgklmnprtz])\1$")


def stem(word: str) -> str:
    """A light, consistent stem: ``"raising"``, ``"raised"``, ``"raises"`` → ``"rais"``.

    Only consistency matters (two forms of one word meet; unrelated words rarely do), so this is a
    dozen suffix rules, British -ise spellings mapped to -ize, a final e and doubled consonants
    dropped. Words of four letters or fewer only lose a plural s.
    """
    w = word.casefold()
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if len(w) <= 4 or not w.isalpha():
        if len(w) == 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            return w[:-1]
        return w
    w = _BRITISH_RE.sub(r"iz\1", w)
    if w.endswith(("ss", "us", "is")):
        return w
    for suffix, replacement, keep in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= keep:
            w = w[: len(w) - len(suffix)] + replacement
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return _DOUBLE_RE.sub(r"\1", w)


def inflections(base: str, *, verb: bool = False) -> set[str]:
    """Regular surface forms of ``base``: plural for nouns, plus -ed/-ing forms for verbs.

    Over-generation is harmless (non-words never occur); irregular forms are listed explicitly.
    """
    forms = {base}
    if base.endswith("y") and len(base) > 2 and base[-2] not in "aeiou":
        forms |= {base[:-1] + "ies"}
        if verb:
            forms |= {base[:-1] + "ied", base + "ing"}
        return forms
    forms.add(base + ("es" if base.endswith(("s", "x", "z", "ch", "sh")) else "s"))
    if verb:
        root = base[:-1] if base.endswith("e") and not base.endswith("ee") else base
        forms |= {root + "ed", root + "ing", base + "d" if base.endswith("e") else base + "ed"}
        cvc = base[-1] not in "aeiouwxy" and base[-2] in "aeiou" and base[-3:-2] not in "aeiou"
        if len(base) >= 3 and cvc:
            forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
        forms |= {f.replace("ise", "ize") for f in set(forms) if "ise" in f}
        forms |= {f.replace("ize", "ise") for f in set(forms) if "ize" in f}
    return forms


# --- Function words ---------------------------------------------------------------------------

STOPWORDS: Final = frozenset(
    _words("""
    a an the this that these those it its it's itself they them their theirs we us our ours you
    your yours i me my mine he him his she her hers one ones who whom whose which what whatever
    where when why how there here and or if then than so as at by for from in into of on onto to
    with within about above across after against along among around before behind below beneath
    beside between beyond during except inside near off out outside over past since through
    throughout till toward towards under underneath until up upon via be am is are was were been
    being do does did doing done have has had having can could may might shall should will would
    must also just very too quite rather such own same other others another each both either any
    some all most many much more less few fewer lot lots s t don nor not no never yet still even
    already again ever well now today currently always often however therefore thus hence
    because while whereas although though whether etc e.g i.e per like unlike let lets make makes
    made get gets got way ways thing things something anything everything nothing someone anyone
    everyone nobody everybody somebody
""")
)

# Words that appear in position statements on every subject: shared, they say little about the
# topic, so they count a fraction of a content word in the topic overlap.
GENERIC_WORDS: Final = frozenset(
    _words("""
    government governments state states country countries nation national people citizen citizens
    public policy policies politics political law laws legal measure measures need needs needed
    important importance support supports new year years time times should must right rights
    society social system systems level levels area areas part role way work working use used
    good better best bad worse problem problems issue issues question future today current
    important possible necessary further level increase decrease more less than number
    percent per cent example case cases form forms basis general generally particular
    especially clear clearly important fact facts world local regional federal city cities
    canton cantons municipality municipalities party parties programme program plan plans want
    wants believe think say says said view opinion position favour favor oppose against
""")
)

# The most frequent content words of general English (verbs, adjectives, nouns of everyday
# use): shared, they say little about the subject, like a low inverse document frequency. Written
# from general knowledge of English word frequency; a word here counts half in the topic overlap.
COMMON_WORDS: Final = frozenset(
    _words("""
    go goes going went gone come comes coming came take takes taking took taken give gives
    giving gave given see sees seen saw know knows known knew find finds found look looks
    looking tell tells told ask asks asked seem seems seemed feel feels felt try tries tried
    leave leaves call calls called keep keeps kept put puts bring brings brought begin begins
    began show shows showed shown hear heard play plays run runs move moves live lives lived
    living hold holds held turn turns turned happen happens provide provides provided become
    becomes became include includes included continue continues set sets learn change
    changes changed lead leads led understand watch follow follows stop create speak read
    allow add spend grow open walk win offer remember consider appear wait serve send
    expect stay fall reach remain suggest pass require report decide
    pull go able new old first last long great little own big high different small large next
    early young important few public bad same good right left late hard real best better sure
    free full whole certain main major possible clear true low strong short simple special
    easy recent whole human local late single open available likely common top ready
    day days week weeks month months life lives hand hands
    part place case point group number side kind head service friend father mother
    fact hour hours game line end member members name
    team minute idea body information back parent face level office door person
    result change morning reason girl guy moment air force
""")
)

# --- Negation ---------------------------------------------------------------------------------

NEGATORS: Final = frozenset(
    _words("""
    not no never none nobody nothing neither nor nowhere without cannot can't cant n't don't
    dont doesn't doesnt didn't didnt won't wont wouldn't wouldnt shouldn't shouldnt isn't isnt
    aren't arent wasn't wasnt weren't werent hasn't hasnt haven't havent hadn't hadnt mustn't
    mustnt needn't neednt couldn't couldnt mightn't shan't ain't
""")
)

# A negator's scope runs forward over at most this many tokens, and stops at punctuation (see
# stance.py) or at one of these words, which start a new clause or a contrast.
NEGATION_MAX_SCOPE: Final = 8
SCOPE_BREAKERS: Final = frozenset(
    _words("""
    but however although though whereas while because since yet instead rather unless otherwise
    nevertheless nonetheless despite so therefore
""")
)

# --- Evaluation: words that state a judgement (+1 approving, -1 disapproving) -----------------

_POSITIVE_EVALUATION = _words("""
    right justified justifiable necessary needed essential indispensable vital crucial important
    correct proper appropriate legitimate reasonable sensible wise sound fair just success
    successful achievement triumph victory benefit beneficial advantage advantageous useful
    valuable helpful effective efficient good great excellent positive welcome welcomed
    thankful grateful gratitude praise praiseworthy proud pride honour honor honourable
    honorable rescue salvation saviour savior liberation liberator heroic hero brave courageous
    fraternal brotherly friendly solidarity assistance aid help support protection protective
    safe safety secure security stable stability prosperity prosperous progress progressive
    improvement better best sustainable fairness justice freedom free democratic peace peaceful
    affordable enrichment opportunity opportunities strength strong healthy clean responsible
    sensible acceptable desirable worthwhile commendable admirable
""")
_NEGATIVE_EVALUATION = _words("""
    mistake mistaken error erroneous grave wrong wrongful misguided failure failed fiasco disaster
    disastrous catastrophe catastrophic calamity tragedy tragic blunder folly foolish stupid
    shameful shame disgrace disgraceful scandal scandalous outrage outrageous crime criminal
    illegal illegitimate unjust unjustified unfair unacceptable inacceptable intolerable
    unnecessary unneeded superfluous pointless useless harmful harm damaging damage detrimental
    dangerous danger threat threatening risky hazardous bad worse worst terrible awful poor
    negative costly expensive wasteful waste burden problematic invasion occupation aggression
    oppression oppressive repression brutal brutality violent violence betrayal treason
    irresponsible reckless ineffective inefficient unsustainable unaffordable unsafe insecure
    unstable undemocratic authoritarian corrupt corruption abuse exploitation exploitative
    discriminatory discrimination racist racism regrettable deplorable counterproductive
    excessive absurd ridiculous nonsense lie lies false misleading propaganda weak weakness
""")
EVALUATION: Final[Mapping[str, int]] = MappingProxyType(
    {f: 1 for w in _POSITIVE_EVALUATION for f in inflections(w)}
    | {f: -1 for w in _NEGATIVE_EVALUATION for f in inflections(w)}
)

# --- Direction: verbs and comparatives that move their object up (+1) or down (-1) ------------

_UP_VERBS = _words("""
    increase raise expand extend strengthen boost promote support introduce build invest allow
    permit legalize enable encourage protect preserve keep maintain continue create improve
    subsidize fund favour favor welcome defend secure guarantee accept adopt approve join enlarge
    grow rise double triple enhance reinforce advance foster develop retain uphold prioritize
    facilitate open admit include accelerate reintroduce restore establish endorse embrace
    champion back save rescue help free liberate enrich tighten underestimate
""")
_DOWN_VERBS = _words("""
    decrease reduce cut lower lessen limit restrict ban prohibit forbid abolish scrap end stop
    halt oppose reject refuse close shut dismantle weaken abandon withdraw leave eliminate remove
    freeze prevent discourage cancel repeal terminate resist fight combat criticize condemn deny
    drop fall decline shrink halve curb exclude slash lift block veto oppress occupy
    invade destroy suppress deport expel quit exit postpone delay slow exaggerate overestimate
    overrate exempt
""")
_UP_WORDS = _words("""
    more higher greater larger bigger stronger further additional extra increased expanded
    pro growth expansion introduction investment investments
""")
_DOWN_WORDS = _words("""
    less fewer lower smaller weaker reduced against anti ban bans abolition reduction reductions
    cuts halt moratorium phaseout exit end withdrawal restriction restrictions limitation
    limitations decline closure closures
""")
DIRECTION: Final[Mapping[str, int]] = MappingProxyType(
    {f: 1 for w in _UP_VERBS for f in inflections(w, verb=True)}
    | {w: 1 for w in _UP_WORDS}
    | {"rose": 1, "risen": 1, "grew": 1, "grown": 1, "built": 1, "kept": 1, "upheld": 1}
    | {f: -1 for w in _DOWN_VERBS for f in inflections(w, verb=True)}
    | {w: -1 for w in _DOWN_WORDS}
    | {"fell": -1, "fallen": -1, "shrank": -1, "shrunk": -1, "forbade": -1}
    | {"forbidden": -1, "withdrew": -1, "withdrawn": -1, "froze": -1, "frozen": -1}
)

# Multi-word expressions, joined with "_" by the tokenizer's look-up, with their direction.
MULTIWORD: Final[Mapping[tuple[str, ...], int]] = MappingProxyType(
    {
        ("phase", "out"): -1,
        ("phased", "out"): -1,
        ("phasing", "out"): -1,
        ("shut", "down"): -1,
        ("close", "down"): -1,
        ("scale", "back"): -1,
        ("scaled", "back"): -1,
        ("cut", "back"): -1,
        ("roll", "back"): -1,
        ("rolled", "back"): -1,
        ("do", "away", "with"): -1,
        ("get", "rid", "of"): -1,
        ("put", "an", "end", "to"): -1,
        ("crack", "down", "on"): -1,
        ("no", "longer"): -1,
        ("too", "many"): -1,
        ("free", "of"): -1,
        ("free", "from"): -1,
        ("too", "much"): -1,
        ("too", "high"): -1,
        ("too", "few"): 1,
        ("too", "little"): 1,
        ("too", "low"): 1,
        ("step", "up"): 1,
        ("stepped", "up"): 1,
        ("scale", "up"): 1,
        ("in", "favour", "of"): 1,
        ("in", "favor", "of"): 1,
        ("stand", "up", "for"): 1,
        ("stand", "by"): 1,
    }
)

# --- Modality ---------------------------------------------------------------------------------

# Obligation and its opposite, choice. "must" vs "voluntary" is a flip even without a negator.
OBLIGATION: Final = frozenset(
    _words("""
    must required require requires requirement mandatory compulsory obligatory obligation
    obliged duty binding enforce enforced force forced forcing compel compelled
""")
)
OPTIONAL: Final = frozenset(
    _words("""
    voluntary voluntarily optional choose choice choices discretion freely nonbinding
""")
)
# Modal verbs that a following negator turns into prohibition or refusal ("will not", "must not").
MODALS: Final = frozenset(_words("must should shall ought need will would can could may might"))

# --- Quantifier scope: "only / exclusively" against "all / every / broad" ---------------------

RESTRICTIVE: Final = frozenset(
    _words("""
    only alone exclusively solely merely exclusive limited restricted exception exceptions except
    selected selective targeted certain specific particular few
""")
)
UNIVERSAL: Final = frozenset(
    _words("""
    all every everyone everybody everything universal universally general generally whole
    entire broad broadly comprehensive unrestricted unlimited regardless always blanket
    nationwide across-the-board
""")
)

# --- Uniform against graded: "the same premium for everyone" / "premiums by income" ----------

UNIFORM: Final = frozenset(_words("same equal uniform flat identical single standard"))
GRADED: Final = frozenset(
    _words("""
    depend depends dependent depending according proportional proportionate graduated
    progressive differentiated vary varies income-based means-tested
""")
)
# "without exception", "without delay": an intensifier, not a negation of the clause.
NOT_NEGATED_AFTER_WITHOUT: Final = frozenset(
    _words("exception exceptions delay doubt question fail restriction restrictions")
)

# A cue word followed by this word is not a cue: "close to home" is near, not shut.
NOT_CUES: Final = frozenset({("close", "to"), ("closer", "to"), ("end", "of"), ("back", "to")})

# --- Antonyms ---------------------------------------------------------------------------------

# Pairs of opposites, "left/right"; every inflection of either side faces every one of the other.
_ANTONYM_PAIRS = _pairs("""
    increase/decrease increase/reduce increase/cut raise/lower raise/cut raise/reduce
    rise/fall rise/drop grow/shrink more/less more/fewer higher/lower greater/smaller
    larger/smaller support/oppose support/reject tighten/lift pro/anti allow/ban
    allow/prohibit allow/forbid permit/ban permit/prohibit legalize/ban legalize/prohibit
    legal/illegal open/close open/closed open/shut expand/reduce expand/restrict
    expand/limit expand/cut extend/shorten extend/limit introduce/abolish keep/abolish
    maintain/abolish retain/abolish preserve/abolish keep/scrap strengthen/weaken
    accept/reject approve/reject join/leave enter/leave include/exclude public/private
    nationalize/privatize privatize/public mandatory/voluntary compulsory/voluntary
    obligatory/voluntary
    build/demolish success/failure succeed/fail right/wrong correct/wrong true/false
    safe/dangerous good/bad better/worse strong/weak always/never everyone/nobody all/none
    agree/disagree centralize/decentralize regulate/deregulate arm/disarm tighten/loosen
    tighten/relax tighten/ease easier/harder cheaper/dearer start/stop begin/end
    continue/stop continue/end benefit/harm help/harm help/hurt protect/endanger
    protect/threaten save/destroy win/lose gain/loss praise/criticize praise/condemn
    love/hate necessary/unnecessary necessary/superfluous useful/useless
    justified/unjustified fair/unfair liberation/occupation liberation/invasion
    assistance/aggression assistance/invasion rescue/invasion peace/war peaceful/violent
    friend/enemy ally/enemy sufficient/insufficient enough/insufficient enough/too
    early/late earlier/later young/old minimum/maximum import/export encourage/discourage
    promote/discourage promote/restrict subsidize/tax invest/cut fund/defund
    arm/demilitarize lift/impose remove/introduce abolish/reintroduce lenient/strict
    loose/strict soft/tough harsh/lenient tougher/softer stricter/looser
""")
# Negating prefixes: "legal" / "illegal", "fair" / "unfair", "regulate" / "deregulate".
_NEG_PREFIXES: Final = frozenset(("un", "in", "il", "im", "ir", "dis", "non", "non-", "de", "anti"))


def _antonym_table(pairs: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for left, right in pairs:
        left_forms = inflections(left, verb=True)
        right_forms = inflections(right, verb=True)
        for form in left_forms:
            table.setdefault(form, set()).update(right_forms)
        for form in right_forms:
            table.setdefault(form, set()).update(left_forms)
    return {word: frozenset(opposites) for word, opposites in table.items()}


ANTONYMS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(_antonym_table(_ANTONYM_PAIRS))


def opposites(word: str) -> frozenset[str]:
    """Every folded form that :func:`antonym_of` pairs with ``word`` (for look-ups in a text)."""
    found = set(ANTONYMS.get(word, ()))
    if len(word) >= 4:
        found.update(prefix + word for prefix in _NEG_PREFIXES)
    for prefix in _NEG_PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 4:
            found.add(rest)
    return frozenset(found)


def antonym_of(word: str, other: str) -> bool:
    """Whether two folded surface forms are opposites, by the table or by a negating prefix."""
    if other in ANTONYMS.get(word, ()):
        return True
    longer, shorter = (word, other) if len(word) > len(other) else (other, word)
    extra = len(longer) - len(shorter)
    return (
        len(shorter) >= 4
        and 2 <= extra <= 5
        and longer.endswith(shorter)
        and longer[:extra] in _NEG_PREFIXES
    )


# --- Topic domains: words that signal the same subject without being the same word ------------

_DOMAINS = {
    "energy": """energy energies nuclear atomic coal lignite gas oil petroleum electricity electric
        power plant plants renewable renewables solar photovoltaic wind turbine turbines hydro
        hydropower dam dams fossil fuel fuels grid grids reactor reactors uranium heating heat
        pump pumps insulation efficiency blackout kilowatt megawatt pipeline pipelines fracking
        biogas biomass hydrogen battery batteries storage utility utilities""",
    "climate": """climate warming emissions emission carbon co2 greenhouse environment
        environmental pollution pollutant pollutants sustainability sustainable paris
        net-zero neutrality footprint ozone smog air""",
    "nature": """nature biodiversity species wildlife wolf wolves lynx bear bears bees insects
        forest forests trees tree landscape landscapes conservation protected park parks
        reserve reserves river rivers lake lakes water waters soil hunting hunters fishing
        pesticide pesticides glyphosate""",
    "migration": """migration migrant migrants immigration immigrant immigrants emigration
        refugee refugees asylum seekers border borders deportation deportations deport
        deported integration foreigner foreigners foreign-born naturalisation naturalization
        naturalise naturalize citizenship passport residence permit permits schengen
        newcomers expulsion expel""",
    "tax": """tax taxes taxation taxed taxing taxpayer taxpayers vat income wealth inheritance
        levy levies tariff tariffs fiscal deduction deductions revenue revenues duty duties
        exemption exemptions loophole loopholes""",
    "budget": """budget budgets debt debts deficit deficits spending austerity borrowing
        expenditure expenditures balanced brake savings saving finances surplus bonds
        treasury""",
    "labour": """wage wages minimum salary salaries pay paid worker workers employee employees
        employer employers job jobs unemployment employment unemployed union unions labour
        labor hours strike strikes workplace overtime contract contracts dismissal
        apprentice apprentices apprenticeship staff workforce colleagues shift shifts
        part-time full-time home-office remote""",
    "pension": """pension pensions retirement retire retired retiree retirees pensioner
        pensioners elderly old-age ahv annuity annuities""",
    "health": """health healthcare hospital hospitals clinic clinics doctor doctors physician
        physicians patient patients nursing nurse nurses insurance premium premiums medical
        medicine medicines care vaccination vaccinations vaccine vaccines vaccinate pandemic
        covid virus drug pharmaceutical pharmaceuticals disease diseases illness cancer
        mental therapy treatment treatments surgery organ organs donation donor donors
        dentist dental pharmacy pharmacies prevention""",
    "education": """school schools schooling education educational teacher teachers teaching
        student students university universities college colleges tuition pupil pupils
        classroom classrooms curriculum training apprenticeship kindergarten preschool
        homework grades exam exams literacy learn learning language languages study studies
        academic scholarship scholarships""",
    "research": """research science scientific scientists innovation innovations laboratory
        technology technologies patent patents""",
    "housing": """housing house houses rent rents rental renting tenant tenants landlord
        landlords apartment apartments flat flats homes home mortgage mortgages construction
        building buildings dwelling dwellings property properties zoning homeless
        homelessness accommodation""",
    "transport": """transport transportation traffic car cars vehicle vehicles automobile road
        roads motorway motorways highway highways rail railway railways train trains tram
        trams bus buses bicycle bicycles bike bikes cycling cyclists pedestrian pedestrians
        speed fuel petrol diesel aviation flight flights flying airport airports airline
        airlines parking commute commuters ticket tickets fare fares tunnel tunnels truck
        trucks lorry lorries mobility toll tolls driving drivers driver""",
    "eu": """eu europe european brussels euro eurozone membership schengen bilateral
        bilaterals commission""",
    "defence": """defence defense army armies military soldier soldiers nato weapon weapons
        arms armed forces conscription war wars troops fighter jets jet tanks missile
        missiles navy neutral neutrality alliance alliances peacekeeping armament""",
    "security": """police policing crime crimes criminal criminals security surveillance
        prison prisons prisoner prisoners sentence sentences terrorism terrorist terrorists
        justice court courts judge judges punishment penalty penalties violence violent
        offender offenders theft burglary cameras camera monitoring""",
    "digital": """digital internet online data privacy broadband network networks software
        cyber cybersecurity platform platforms algorithm algorithms artificial intelligence
        computer computers e-voting e-government digitalisation digitalization social-media""",
    "media": """media press newspaper newspapers journalism journalists broadcasting
        broadcaster broadcasters television radio licence license fee fees censorship
        information misinformation""",
    "agriculture": """agriculture agricultural farmers farmer farming farms farm crop crops
        organic livestock meat dairy milk cattle cows pigs poultry animal animals welfare food
        foods genetic genetically gmo engineering fertiliser fertilizer harvest rural
        countryside""",
    "drugs": """cannabis marijuana drug drugs alcohol tobacco smoking cigarettes narcotics
        addiction heroin cocaine gambling casino casinos""",
    "family": """family families child children kids parents parent parental childcare
        daycare nursery creche marriage married spouse spouses couples couple divorce
        maternity paternity mother mothers father fathers baby babies""",
    "gender": """gender women woman men equality equal feminism feminist quota quotas lgbt
        lgbtq gay gays lesbian homosexual same-sex transgender trans queer abortion
        abortions pregnancy harassment""",
    "democracy": """referendum referendums initiative initiatives election elections elect
        elected vote votes voting voter voters ballot democracy democratic parliament
        parliamentary constitution constitutional senate representatives politicians
        mandate mandates lobbying lobbyists transparency campaign campaigns donations
        suffrage""",
    "economy": """economy economic business businesses companies company corporation
        corporations corporate firm firms market markets competition trade industry
        industries industrial growth bank banks banking financial finance subsidies subsidy
        enterprise enterprises shops shop retail consumer consumers prices price inflation
        export exports import imports investment investors capital profit profits
        entrepreneurs startup startups tourism""",
    "welfare": """welfare benefits benefit poverty poor social assistance basic allowance
        allowances disability disabled needy inequality redistribution unemployment
        homeless""",
    "foreign": """foreign aid development sanctions russia russian ukraine ukrainian china
        chinese israel palestine palestinian diplomacy diplomatic international intervention
        invasion embassy treaty treaties united nations un human humanitarian""",
    "religion": """religion religious church churches christian christians islam muslim
        muslims mosque mosques jewish faith burqa headscarf veil minaret minarets secular
        clergy""",
    "culture": """culture cultural art arts artists museum museums music theatre heritage
        sport sports football olympic tradition traditions language dialect""",
    "justice": """rights freedom freedoms liberty liberties discrimination racism racist
        minorities minority equality speech assembly dignity""",
    "state": """administration bureaucracy bureaucratic civil servants officials federal
        federalism canton cantons cantonal municipality municipalities municipal
        decentralisation centralisation merger mergers ministry ministries government
        agencies agency authority authorities""",
    "animals": """animal animals pet pets dog dogs cat cats wolf wolves hunting zoo zoos
        welfare slaughter vegan vegetarian""",
    "time": """daylight clock clocks summertime holiday holidays sunday sundays weekend
        weekends""",
}


def _domain_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for name, block in _DOMAINS.items():
        for word in block.split():
            table.setdefault(stem(word), set()).add(name)
    return {key: frozenset(names) for key, names in table.items()}


TOPIC_DOMAINS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(_domain_table())
# Derived forms the light stemmer leaves apart ("taxation" / "tax") meet on a 6-letter prefix.
_DOMAIN_PREFIXES: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {key[:6]: names for key, names in sorted(TOPIC_DOMAINS.items()) if len(key) >= 6}
)


def domains_of(word_stem: str) -> frozenset[str]:
    """The subject domains of a stem: by the stem itself, else by its first six letters."""
    found = TOPIC_DOMAINS.get(word_stem)
    if found is None and len(word_stem) >= 7:
        found = _DOMAIN_PREFIXES.get(word_stem[:6])
    return found or frozenset()


# --- Synonyms: different words for one policy object, compared as one stem ------------------

_SYNONYM_GROUPS = """
    car/automobile/motorcar vehicle/vehicles rail/railway/railways/train/trains
    motorway/highway/freeway/autobahn bicycle/bike/cycling/cyclist
    company/firm/enterprise/corporation/business employee/worker/staff
    wage/salary/earnings job/employment pension/retirement/old-age
    childcare/daycare/nursery/creche doctor/physician/gp medicine/medication/drug
    refugee/asylum migrant/immigrant/foreigner immigration/migration
    citizenship/naturalisation/naturalization deportation/expulsion/deport/expel
    army/military/armed abolish/scrap environment/nature climate/co2/carbon/emissions
    energy/energies renewable/solar/wind nuclear/atomic
    farmer/agriculture/farming/agricultural/farm school/education/pupil/student
    teacher/teaching university/college tuition/fee rent/rental/tenant/landlord
    house/housing/apartment/flat/dwelling police/policing prison/jail/imprisonment
    crime/criminal/offence/offense tax/taxation/levy eu/european/europe/brussels
    referendum/plebiscite vote/voting/ballot/election parliament/legislature
    internet/online/digital surveillance/monitoring/monitor budget/spending/expenditure
    debt/deficit/borrowing poverty/poor welfare/benefit price/cost/fare
    cannabis/marijuana/hemp abortion/termination same-sex/gay/homosexual
    broadcaster/broadcasting/television/radio newspaper/press/media
    shop/store/retail/retailer sunday/weekend gmo/genetic/genetically
    euthanasia/assisted-suicide/assisted-dying death/die dying/die
"""


def _synonym_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _SYNONYM_GROUPS.split():
        stems = [stem(word) for word in group.split("/")]
        for word_stem in stems:
            table.setdefault(word_stem, stems[0])
    return table


SYNONYMS: Final[Mapping[str, str]] = MappingProxyType(_synonym_table())


def canonical(word_stem: str) -> str:
    """The stem that stands for a group of synonyms ("firm" -> "company"), else the stem."""
    return SYNONYMS.get(word_stem, word_stem)


# --- Policy axes: where a statement stands, as in voting-advice "spider" charts ---------------
#
# Each axis has words that, endorsed, move a statement one way (+1) or the other (-1). A
# statement's position on an axis is the sum, over its axis words, of the word's orientation
# times the polarity of its clause ("lower taxes": -1 x tax(-1) = +1, market-liberal). Two
# statements on the same axis are on the same topic; on opposite sides, they contradict each
# other even when they share no word ("all nuclear plants must close" / "nuclear power is clean").
# Multi-word entries (up to three words) are matched before shorter ones.

_AXES: dict[str, dict[int, str]] = {
    "economy (+ market, - state)": {
        1: """market markets competition privatise privatisation privatization deregulation
            entrepreneur entrepreneurs enterprise business businesses company companies
            employer employers investor investors shareholders profit profits growth
            self-responsibility flexibility flexible free_trade free_market tax_cuts
            austerity debt_brake balanced_budget savings private private_sector
            private_schools private_insurance liberalisation liberalization liberalise
            liberalize tax_competition entrepreneurship startups start-ups innovation
            self-employed smes small_businesses opening_hours tuition_fees tax_relief
            deregulate competitiveness free_enterprise economic_growth home_ownership
            landlords property_owners economic_freedom""",
        -1: """tax taxes taxation levy levies vat wealth_tax inheritance_tax regulation
            regulations bureaucracy red_tape state_intervention nationalise nationalisation
            public_ownership minimum_wage wage_floor union unions trade_union collective
            redistribution welfare benefits social_security social_assistance pension pensions
            subsidy subsidies debt deficit spending expenditure public_spending public_service
            public_services social_housing rent_control inequality poverty workers
            basic_income unemployment_benefits public_health childcare daycare
            parental_leave public_broadcasting licence_fee license_fee broadcasting_fee
            affordable_housing price_cap price_caps employee_protection public_sector
            free_tuition collective_agreements state-owned public_companies price_controls
            rent_cap rent_brake tenants tenant_protection social_justice equal_pay unemployed
            low-income low_incomes child_benefit family_allowance free_school_meals
            wealth_redistribution single-payer citizens_insurance public_insurance
            public_hospitals public_schools""",
    },
    "environment (+ protect)": {
        1: """climate climate_protection environment environmental renewable renewables solar
            wind_power wind_energy biodiversity nature conservation organic sustainability
            sustainable public_transport rail railway railways train trains bicycle bicycles
            cycling cycle_lanes electric_cars animal_welfare recycling speed_limit
            carbon_tax co2_tax insulation heat_pumps energy_transition fuel_tax fuel_taxes
            petrol_tax flight_tax eco_tax kerosene_tax emissions_trading climate_neutral
            climate_neutrality net_zero green energy_efficiency electric_vehicles e-mobility
            cyclists pedestrians car-free tram trams climate_targets environmental_protection
            nature_reserves forests trees bees insects animal_rights vegetarian vegan""",
        -1: """emissions emission co2 carbon coal lignite oil fossil fossil_fuels gas_heating
            nuclear nuclear_power atomic petrol diesel combustion_engine fuel cars car
            motorway motorways highway highways road_construction aviation flights flying
            airport airports pesticides pesticide glyphosate meat factory_farming plastic
            pollution fracking gas natural_gas climate_change global_warming climate_crisis
            hunting animal_testing deforestation cheap_flights greenhouse_gases kerosene
            road_traffic parking parking_spaces new_roads lorries trucks intensive_farming
            mass_tourism combustion_engines""",
    },
    "migration (+ open)": {
        1: """immigration immigrant immigrants migration migrants refugee refugees asylum
            asylum_seekers integration diversity multicultural naturalisation naturalization
            citizenship dual_citizenship foreigners family_reunification residence_permit
            work_permit humanitarian open_borders sea_rescue free_movement integration_courses
            language_courses skilled_workers foreign_workers labour_migration inclusion
            resettlement""",
        -1: """deportation deportations deport border_controls border_control border_fence
            border_protection illegal_immigration mass_immigration
            repatriation expulsion border borders illegal_migration asylum_abuse detention
            remigration upper_limit safe_countries border_security assimilation
            parallel_societies""",
    },
    "europe and the world (+ open)": {
        1: """eu european_union europe european euro eurozone schengen brussels membership
            integration globalisation globalization free_trade international cooperation
            development_aid foreign_aid un united_nations nato multilateral european_army
            european_integration eu_membership bilateral free_trade_agreements ukraine""",
        -1: """sovereignty independence neutrality self-determination national_interest
            protectionism tariffs tariff brexit eu_exit""",
    },
    "security (+ law and order)": {
        1: """police policing surveillance video_surveillance cameras punishment punishments
            sentence sentences prison prisons army military armed_forces defence defense
            soldiers conscription security border_guards data_retention penalties penalty
            death_penalty law_and_order defence_spending defense_spending armament rearmament
            military_spending defence_budget defense_budget deterrence intelligence
            facial_recognition preventive_detention law_enforcement zero_tolerance""",
        -1: """privacy civil_liberties data_protection disarmament pacifism crime crimes
            criminals terrorism terrorists decriminalisation decriminalization civil_rights
            demilitarisation demilitarization""",
    },
    "society (+ liberal)": {
        1: """same-sex same_sex gay lesbian lgbt lgbtq transgender marriage_for_all
            abortion euthanasia assisted_suicide assisted_dying cannabis marijuana
            legalisation legalization gender gender_equality equality feminism adoption
            self-determination secular secularism marriage_equality civil_union
            sex_education surrogacy stem_cell prostitution decriminalisation decriminalization
            sex_work gender-neutral queer right_to_choose reproductive_rights contraception
            women_quota gender_quota""",
        -1: """religion religious church churches christian tradition traditional
            traditional_family values morality decency burqa_ban headscarf_ban
            christian_values family_values unborn unborn_life pro-life patriotism homeland
            national_identity morals""",
    },
}


def _axis_table() -> dict[tuple[str, ...], tuple[tuple[str, int], ...]]:
    table: dict[tuple[str, ...], list[tuple[str, int]]] = {}
    for axis, sides in _AXES.items():
        for orientation, block in sides.items():
            for entry in block.split():
                key = tuple(stem(part) for part in entry.replace("-", "_").split("_"))
                table.setdefault(key, []).append((axis, orientation))
    return {key: tuple(dict.fromkeys(values)) for key, values in table.items()}


AXIS_WORDS: Final[Mapping[tuple[str, ...], tuple[tuple[str, int], ...]]] = MappingProxyType(
    _axis_table()
)
