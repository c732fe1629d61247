"""Word lists and patterns for the quote extractor (reporting verbs, titles, role nouns,
organisation cues, first names, states).

General English news vocabulary only: nothing here is specific to one article or outlet.
"""

from __future__ import annotations

import calendar
import re


def _words(text: str) -> list[str]:
    """Split a word list written as one string (keeps the long lists compact and readable)."""
    return text.split()


# --- word lists -----------------------------------------------------------------------------

# Reporting verbs.  Finite forms can introduce a direct quote and indirect speech.
_CUE_WORDS = _words(
    "say says said saying tell tells told telling add adds added adding ask asks asked asking write "
    "writes wrote writing note notes noted noting state states stated explain explains explained "
    "explaining argue argues argued arguing claim claims claimed claiming charge charges charged "
    "pledge pledges pledged pledging promise promises promised promising warn warns warned warning "
    "insist insists insisted insisting acknowledge acknowledges acknowledged acknowledging admit "
    "admits admitted admitting recall recalls recalled recalling continue continues continued declare "
    "declares declared announce announces announced announcing suggest suggests suggested suggesting "
    "stress stresses stressed stressing emphasize emphasizes emphasized emphasizing tweet tweets "
    "tweeted tweeting respond responds responded responding reply replies replied replying counter "
    "counters countered concede concedes conceded conceding predict predicts predicted predicting vow "
    "vows vowed vowing urge urges urged urging complain complains complained complaining confirm "
    "confirms confirmed observe observes observed remark remarks remarked report reports reported "
    "estimate estimates estimated testify testifies testified allege alleges alleged asserted asserts "
    "contend contends contended maintain maintains maintained mention mentions mentioned agree agrees "
    "agreed conclude concludes concluded recounted quipped joked boasted bragged lamented cautioned "
    "contends wondered mused conceded concluded posted described describes describing called calls "
    "calling added ruled branded accused accusing cited citing labeled labelled condemned condemning "
    "criticized criticised blasted slammed praised touted mocked dismissed denounced denouncing "
    "decried hailed lambasted scolded sings sang reads yelled yells shouted shouts commented comments "
    "exclaimed retorted snapped whispered pleaded demanded chanted texted emailed e-mailed wrote writes "
    "recalls recall concluded acknowledged stressed reiterated reiterates insisted added quipped "
    "explained conceded griped grumbled marveled marvelled scoffed sniped thundered questioned "
    "speculated theorized surmised announced declared proclaimed vowed charged alleged answer answers "
    "answered elaborate elaborates elaborated affirm affirms affirmed reasoned echoed fumed reacted assure "
    "assures assured remembered countered rejoined interjected opined confided disclosed revealed reveals "
    "informed reminded cautioned advised bemoaned protested objected sighed laughed screamed cried pleaded "
    "begged implored clarified conceded acknowledges confessed"
)
# Phrasal reporting verbs: the verb and its particle ("pointed out", "went on", "shot back").
PHRASAL_CUES: dict[str, str] = {
    "point": "out", "points": "out", "pointed": "out", "pointing": "out", "went": "on", "goes": "on",
    "shot": "back", "fired": "back", "chimed": "in", "summed": "up", "sums": "up", "spoke": "out",
}
CUE_VERBS: frozenset[str] = frozenset(_CUE_WORDS) | frozenset(f"{v} {p}" for v, p in PHRASAL_CUES.items())
# Cues that can take a "that"-clause or bare clause for reported speech.
_CALL_CUES = frozenset(_words("call calls called calling"))
_NO_CLAUSE_CUES = frozenset(_words(
    "ask asks asked asking call calls called calling described describes describing posted continue "
    "continues continued quipped joked wondered mused tweeted"
))
CLAUSE_CUES: frozenset[str] = (CUE_VERBS - _NO_CLAUSE_CUES) | _CALL_CUES
# Verbs that report a clause even without "that" ("said it was too early").
_BARE_CLAUSE_CUES = frozenset(_words(
    "say says said saying add adds added adding write writes wrote note notes noted argue argues "
    "argued claim claims claimed insist insists insisted warn warns warned explain explains explained "
    "acknowledge acknowledges acknowledged admit admits admitted suggest suggests suggested predict "
    "predicts predicted state states stated believe believes believed think thinks thought answered "
    "elaborated affirmed affirms reasoned assured assures revealed reveals disclosed confided reminded "
    "informed confessed"
)) | frozenset(["point out", "points out", "pointed out", "pointing out"])
_GERUND_CUES = frozenset(w for w in CUE_VERBS if w.endswith("ing"))
# Verbs whose next noun phrase is their object, never an inverted speaker ("..., blasted Roe
# as ..." names whom the subject blasted; "..., said Roe" names the speaker).
_OBJECT_CUES = frozenset(_words(
    "tell tells told telling urge urges urged urging accuse accused accusing blasted slammed praised "
    "call calls called calling describe described describes describing branded labeled labelled "
    "condemned condemning criticized criticised mocked dismissed denounced denouncing decried hailed "
    "lambasted scolded cited citing questioned"
))
_AUX = frozenset(_words(
    "has have had is are was were will would could may might did does do also later then previously "
    "again once recently repeatedly reportedly just often further publicly privately never long first "
    "initially earlier subsequently now still even has"
))
_PASSIVE = frozenset(["was", "were", "been", "being", "is", "are", "be"])

SUBJECT_PRONOUNS: frozenset[str] = frozenset({"he", "she", "they", "we", "i"})
_PERSON_PRONOUNS = frozenset({"he", "she"})

# Titles that precede a name ("Sen. Ted Cruz", "Defense Minister Sergei Shoigu").
TITLES: frozenset[str] = frozenset(
    _words(
        "president vice prime minister secretary sen. senator rep. representative gov. governor mayor "
        "director chairman chairwoman chair commissioner judge justice dr. gen. general adm. admiral col. "
        "colonel lt. lieutenant sgt. sergeant capt. captain prof. professor rev. reverend mr. mrs. ms. "
        "miss ceo cfo coo chief ambassador speaker leader spokesman spokeswoman spokesperson attorney "
        "prosecutor officer deputy congressman congresswoman chancellor premier king queen prince "
        "princess pope candidate nominee sheriff lord sir dame coach councilman councilwoman assemblyman "
        "assemblywoman superintendent inspector detective pastor bishop rabbi imam father sister brother "
        "founder co-founder president-elect executive manager analyst economist strategist pollster "
        "anchor host correspondent editor columnist commander marshal sgt trooper official adviser "
        "advisor aide counsel lawyer activist researcher scientist expert specialist fellow lawmaker "
        "chancellor st. gov lt gen sen rep dr mr mrs ms prof sens. reps. sens reps del. rev gov."
    )
)
# Words allowed inside a role before a name ("longtime Democratic pollster Jane Doe").
ROLE_MODIFIERS: frozenset[str] = frozenset(
    _words(
        "former longtime long-time top senior chief deputy acting interim then-president incoming "
        "outgoing veteran retired presidential vice assistant associate executive national state federal "
        "foreign defense security press communications campaign white house republican democratic "
        "democrat independent conservative liberal progressive political military intelligence police "
        "local regional general managing special the his her their its of for and at on u.s. us"
    )
)
_HONORIFICS = frozenset(["mr.", "mrs.", "ms.", "miss", "dr.", "mr", "mrs", "ms", "dr", "sir", "dame"])
# Group nouns: "U.S. officials", "analysts", "Democrats".
GROUP_NOUNS: frozenset[str] = frozenset(
    _words(
        "officials analysts experts critics lawmakers authorities sources residents witnesses "
        "investigators prosecutors researchers scientists economists observers officers leaders aides "
        "advocates activists members supporters opponents democrats republicans police diplomats voters "
        "organizers protesters demonstrators doctors executives insiders strategists pollsters attorneys "
        "lawyers spokesmen representatives senators legislators regulators military analysts historians "
        "commentators conservatives liberals progressives advisers advisors staffers employees workers "
        "people officers agents administrators organisers campaigners parents students teachers"
    )
)
# Singular nominals that can be speakers ("the mayor said"); judged by the editor, resolved if possible.
PERSON_NOMINALS: frozenset[str] = frozenset(
    _words(
        "mayor senator president spokesman spokeswoman spokesperson official candidate nominee governor "
        "minister secretary lawyer attorney source analyst expert director chairman chairwoman chief "
        "congressman congresswoman commissioner judge sheriff leader businessman businesswoman woman man "
        "officer prosecutor professor economist author writer researcher aide adviser advisor owner "
        "founder ceo executive representative ambassador general candidate pollster strategist host "
        "narrator announcer father mother son daughter wife husband friend reader questioner doctor "
        "physician veteran student teacher resident voter worker activist protester manager historian "
        "scholar consultant operative surrogate insider organizer organiser mom dad brother sister "
        "neighbor neighbour supporter critic businesswoman billionaire developer mogul senator-elect "
        "congressman-elect lawmaker delegate speaker commentator columnist journalist reporter editor "
        "anchor moderator physicist economist scientist official nominee"
    )
)
ORG_NOMINALS: frozenset[str] = frozenset(
    _words(
        "company agency campaign department ministry report statement group organization organisation "
        "union government administration committee study survey poll firm bank court council commission "
        "newspaper network website magazine paper office party embassy military team board foundation "
        "institute center centre club association coalition alliance network"
    )
)
# Capitalised words that mark an organisation name ("State Department", "Tax Policy Center").
ORG_CUES: frozenset[str] = frozenset(
    _words(
        "department ministry agency commission committee party campaign council office association "
        "university institute center centre foundation corporation corp. corp inc. inc co. company group "
        "bank fund service services news times post journal press network house pentagon kremlin "
        "administration government police court union alliance organization organisation coalition board "
        "bureau senate congress parliament assembly reuters politico axios bloomberg army navy embassy "
        "tribune herald gazette magazine daily weekly club league federation authority authorities "
        "institution council"
    )
)
# Acronyms only count in capitals ("UN", not "Un" in "Kim Jong Un"; "WHO", not "who").
ORG_ACRONYMS: frozenset[str] = frozenset(
    _words(
        "CNN MSNBC NBC ABC CBS BBC AFP AP NATO FBI CIA NSA UN U.N. IMF WHO DNC RNC EPA SEC S.E.C. NAACP "
        "ACLU EU E.U. OPEC NRA IRS DOJ DHS ICE NPR PBS"
    )
)
MEDIA: frozenset[str] = frozenset(
    _words(
        "reuters cnn msnbc nbc abc cbs bbc fox afp ap politico axios bloomberg npr pbs"
    )
)
# Capitalised words that are not names even when they start a sentence.
NON_NAMES: frozenset[str] = frozenset(
    _words(
        "the a an this that these those it its he she they we i you in on at for from with as but and or "
        "if when while after before monday tuesday wednesday thursday friday saturday sunday january "
        "february march april may june july august september october november december today yesterday "
        "tomorrow there here what who why how where then still yet so also some many most all both each "
        "other another one two three according asked speaking later earlier meanwhile however instead"
    )
)
_PREPOSITIONS = frozenset(_words(
    "in on at during after before while when speaking according about to with via from for by as into "
    "of over under since until without"
))
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower() + ".": i for i, m in enumerate(calendar.month_abbr) if m})
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_ABBREVIATIONS = frozenset(
    _words(
        "mr mrs ms dr sen rep gov gen lt col sgt capt prof rev st jr sr inc corp co ltd u.s u.k u.n a.m "
        "p.m jan feb mar apr jun jul aug sep sept oct nov dec no vs etc adm d.c e.g i.e del sens reps supt gens "
        "messrs mt ft pres gov. maj cmdr"
    )
)

OPEN_MARKS = "\u201c\u201e\u00ab"
CLOSE_MARKS = "\u201d\u00bb"
_SINGLE_OPEN = "\u2018"
_SINGLE_CLOSE = "\u2019"
_MARKS_RE = re.compile("[\"\u201c\u201d\u201e\u00ab\u00bb]")
_SINGLE_MARKS_RE = re.compile("[\"\u201c\u201d\u201e\u00ab\u00bb'\u2018\u2019]")
_ALL_MARKS = "\"\u201c\u201d\u201e\u00ab\u00bb"
_WS = " \t\r\n\u00a0\u2009\u202f"
_TOKEN_RE = re.compile(r"[\w\u00c0-\u024f][\w\u00c0-\u024f'\u2019.\-]*|[,:;()\u2014\u2013]|--")
_NAME_TOKEN_RE = re.compile(r"^(?:[A-Z\u00c0-\u00de][\w\u00c0-\u024f'\u2019.\-]*|[A-Z]\.(?:[A-Z]\.)*|O['\u2019]\w+)$")
_PARTICLES = frozenset(_words(
    "de da del der den di du van von la le bin al ibn dos das y st."
))
_SUFFIXES = frozenset(["jr.", "jr", "sr.", "sr", "ii", "iii", "iv"])
_SENT_END_RE = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=[\s\u00a0]+[\"\u201c\u2018'(\[A-Z0-9\u00c0-\u00de]|\s*$)")
_CHANNEL_RE = re.compile(
    r"\b(?:in|during|at|via|on)\s+(?P<ch>(?:a|an|the|his|her|their|its)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:statement|interview|e-?mail|tweet|post|letter|message|op-ed|speech|press release|news conference|"
    r"press conference|memo|video|blog post|call|briefing|hearing|testimony|remarks|appearance|podcast|"
    r"broadcast|filing|report|rally|debate|town hall|conference call)"
    r"(?:\s+(?:to|with|on)\s+(?:the\s+)?(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
    r"March|April|May|June|July|August|September|October|November|December)\b)"
    r"(?:[A-Z][\w.'\u2019&-]*(?:\s+|$)){0,3}[A-Z][\w'\u2019&-]*(?:\.[A-Z][\w'\u2019&-]*)*\.?(?<!\.))?)"
    r"|\bon\s+(?P<media>Twitter|Facebook|Instagram|X|Truth Social|TikTok|YouTube|CNN|MSNBC|Fox News|NBC|ABC|CBS|"
    r"NPR|(?:\u201c|\")[^\"\u201d]{2,40}(?:\u201d|\"))"
)
_TIME_RE = re.compile(
    r"\b(?:(?:on|last|this|in|early|late)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:in|on|last|since|early|late)\s+(?P<mon>January|February|March|April|May|June|July|August|September|"
    r"October|November|December)(?:\s+(?P<day>\d{1,2})\b)?(?:,?\s+(?P<yr>\d{4}))?"
    r"|\b(?P<rel>yesterday|last month|last week|last year)\b"
)

# A few very common first names, only to keep "she said" off a man and "he said" off a woman.
_MALE_FIRST = frozenset(
    _words(
        "john james robert michael william david richard joseph thomas charles christopher daniel matthew "
        "anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward "
        "jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin "
        "samuel gregory frank alexander raymond patrick jack dennis jerry tyler aaron jose adam nathan "
        "henry douglas zachary peter kyle walter ethan jeremy harold keith christian roger noah gerald "
        "carl terry sean austin arthur lawrence jesse dylan bryan joe jordan billy bruce albert willie "
        "gabriel logan alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip "
        "johnny barack bill mike ted chris tom jim bernie mitt jeb marco rand newt dick al vladimir xi "
        "sergei boris emmanuel jeh ben dan tim ed"
    )
)
_FEMALE_FIRST = frozenset(
    _words(
        "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty "
        "margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah "
        "stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela "
        "nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria heather "
        "diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith megan "
        "cheryl andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean alice "
        "madison doris abigail julia judy grace denise amber marilyn beverly danielle theresa sophia "
        "marie diana brittany natalie isabella charlotte rose alexis kayla hillary kamala nikki "
        "condoleezza theresa angela ivanka melania chelsea michele claire kellyanne huma loretta sally "
        "jill katie melanie susana debbie tina tammy wendy heidi gwen kirsten dianne elaine nina "
        "lena rosa carmen ana adriana esther leslie marcia betsy kate kathy cathy sue jane"
    )
)

# US state names and their newspaper abbreviations, which follow a town in an apposition.
_US_STATES = frozenset(
    [s.lower() for s in (
        "Ala. Alaska Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Hawaii Idaho Ill. Ind. Iowa Kan. Ky. La. "
        "Maine Md. Mass. Mich. Minn. Miss. Mo. Mont. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Ohio Okla. Ore. "
        "Pa. R.I. S.C. S.D. Tenn. Texas Utah Vt. Va. Wash. W.Va. Wis. Wyo. D.C."
    ).split()]
    + ["alabama", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
       "georgia", "illinois", "indiana", "kansas", "kentucky", "louisiana", "maryland", "massachusetts",
       "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada", "oklahoma",
       "oregon", "pennsylvania", "tennessee", "vermont", "virginia", "washington", "wisconsin", "wyoming",
       "new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota",
       "rhode island", "south carolina", "south dakota", "west virginia"]
)

_NATIONALITIES = frozenset(
    _words(
        "american russian chinese korean north-korean ukrainian british french german iranian israeli "
        "palestinian syrian iraqi afghan turkish indian pakistani japanese mexican canadian european "
        "australian italian spanish saudi egyptian"
    )
)
