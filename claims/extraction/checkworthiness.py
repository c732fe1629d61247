"""Check-worthiness: how much a statement looks like a fact that records could confirm or refute.

A statement scores high when it asserts something checkable: a figure, a percentage, a sum of
money, a comparison ("more than", "the largest", "a record", "doubled"), an action or event
("rose", "voted", "signed", "killed"), a cause, a date, named people, places and organisations.
It scores low when it is an opinion ("I think"), a value judgement ("terrible"), a prediction or
promise ("will", "going to"), a hedge or hypothesis ("would", "if"), a question, a courtesy
("thank you"), vague ("a lot of things"), or a fragment too short to assert anything.

Each feature is a row of `FEATURES`: a word list (or a small test), a weight added to `BASE` when it
holds, and the phrase an editor reads on the claim page. `score` sums the weights of the features that hold,
clamps the sum to 0-100 and lists the phrases, so every score can be explained and argued with.
Plain word lists and a few regular expressions, no model and no Django import: deterministic,
offline, and fast enough to score every imported statement as it is stored.

Measured on a labelled set of statements by ``bench/eval_checkworthiness.py`` (README,
"Check-worthiness").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

BASE = 40

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class CheckWorthiness:
    """A score from 0 (nothing to check) to 100 (check first), and why.

    ``reasons`` are phrases for the claim page ("contains a figure and a comparison", "opinion");
    ``features`` are the names of the rows of `FEATURES` that held.
    """

    score: int
    reasons: tuple[str, ...]
    features: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Statement:
    text: str  # as written: capitals tell names from the start of a sentence
    lower: str  # lower case, straight apostrophes
    tokens: list[str]  # its words
    numbers: list[str]  # runs of digits
    kind: str | None


@dataclass(frozen=True, slots=True)
class Feature:
    """One weighted sign of check-worthiness.

    It holds when the statement has one of ``words`` (lower case; a phrase of two or three words
    counts as one word) or when ``test`` says so. ``phrase`` is what the editor reads: positive
    features are gathered into one reason ("contains a figure and a comparison"), each negative
    one is a reason of its own ("opinion"). Features of one ``group`` add their weights but give
    one phrase, the first in table order, so "46 percent" reads "a percentage", not "a percentage
    and a figure".
    """

    name: str
    weight: int
    phrase: str
    words: frozenset[str] = frozenset()
    test: Callable[[_Statement], bool] | None = None
    group: str = ""


def _words(*chunks: str) -> frozenset[str]:
    """Words separated by spaces; phrases of several words separated by commas."""
    return frozenset(
        " ".join(p.split()) for chunk in chunks for p in (chunk.split(",") if "," in chunk else chunk.split())
    )


_PERCENTAGE = re.compile(r"\d\s*(?:%|percent\b|per cent\b|percentage point)")
_MONEY = re.compile(r"[$£€]\s?\d|\d\s*(?:dollars|euros|pounds|cents)\b")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_CALENDAR = (
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
)
# A capitalised word after a lower-case word or a comma (a name, not the start of a sentence),
# other than a month or a day, which are dates.
_NAME = re.compile(rf"(?<=[a-z0-9,;)]\s)(?!(?:{'|'.join(_CALENDAR.split())})\b)(?:[A-Z][a-z]+|[A-Z][A-Z.&]+)")
# Words ending in -est that are not superlatives.
_NOT_SUPERLATIVES = _words(
    "interest honest latest protest request suggest arrest west test rest guest harvest modest contest "
    "manifest invest digest chest nest quest earnest priest pest vest attest detest conquest inquest "
    "forest unrest behest lest jest zest crest wrest midwest southwest northwest best"
)


def _superlative(s: _Statement) -> bool:
    return "est" in s.lower and any(
        len(w) > 5 and w.endswith("est") and w not in _NOT_SUPERLATIVES for w in s.tokens
    )


FEATURES: tuple[Feature, ...] = (
    # --- signs of a checkable fact -------------------------------------------------------
    Feature("percentage", 20, "a percentage",
            test=lambda s: bool(s.numbers) and _PERCENTAGE.search(s.lower) is not None, group="number"),
    Feature("money", 20, "a sum of money",
            test=lambda s: bool(s.numbers) and _MONEY.search(s.lower) is not None, group="number"),
    Feature(
        "figure", 15, "a figure",
        _words("two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty "
               "hundred hundreds thousand thousands million millions billion billions trillion dozen dozens"),
        # A year on its own is a date, not a figure.
        test=lambda s: any(_YEAR.fullmatch(n) is None for n in s.numbers),
        group="number",
    ),
    Feature("quantity", 10, "a quantity",
            _words("majority half third quarter average total percentage rate share",
                   "number of, amount of, per year, a year, per capita"),
            group="number"),
    Feature(
        "comparison", 15, "a comparison",
        _words("more than, less than, fewer than, greater than, higher than, lower than, larger than, bigger than, "
               "smaller than, as many as, as much as, compared with, compared to, twice as, the most, the least, "
               "ever, in history, first time, a record, record high, record low, record number, lead over, point lead",
               "doubled tripled halved quadrupled outnumber outnumbered surpassed exceeded overtook trailed ahead "
               "behind"),
        test=_superlative,
    ),
    Feature(
        "event", 15, "an action or event",
        _words(
            "rose risen fell fallen increased decreased dropped grew declined jumped surged plunged climbed soared "
            "killed died dead wounded injured shot attacked invaded bombed hacked arrested charged convicted "
            "indicted sentenced sued ruled voted signed passed approved rejected vetoed repealed won lost elected "
            "appointed resigned fired hired raised spent paid cut owed earned donated received funded collected "
            "founded created built closed opened launched cancelled canceled banned released published leaked "
            "deleted destroyed used sent met visited moved admitted denied refused rated targeted recruited "
            "reviewed revealed found adopted imposed enacted deported seized violated broke backed opposed "
            "negotiated negotiating offered agreed sold bought owns owned holds held lived worked served taught "
            "graduated married born hid avoided cheated lied stole fined taxed borrowed invested cost costs "
            "struck crashed fled returned joined quit formed merged acquired testified campaigned employs employed"
        ),
        group="event",
    ),
    Feature(
        "cause", 10, "a cause and effect",
        _words("caused, causes, because of, due to, led to, leads to, resulted in, results in, responsible for, "
               "as a result, blamed, thanks to, allowed"),
        group="event",
    ),
    Feature(
        "date", 10, "a date",
        # "may" is left out: far more often the verb than the month.
        _words(_CALENDAR.lower().replace("may ", ""), "ago yesterday since",
               "last year, last month, last week, this year, so far"),
        test=lambda s: any(_YEAR.fullmatch(n) for n in s.numbers),
    ),
    Feature("name", 10, "a name", test=lambda s: _NAME.search(s.text) is not None),
    Feature("past", 5, "a verb in the past tense", _words("was were had did been wasn't weren't didn't hadn't"),
            test=lambda s: any(len(w) > 4 and w.endswith("ed") for w in s.tokens), group="event"),
    # --- signs of something else ---------------------------------------------------------
    Feature(
        "opinion", -25, "opinion",
        _words("i think, i believe, we believe, i feel, we feel, i hope, we hope, i guess, i suppose, in my opinion, "
               "in my view, i'm convinced, i am convinced, i'm sure, it seems, seems to, i don't think, i do think, "
               "i wish, i want, i'd like, i'm optimistic, i'm afraid, i'm not sure"),
        group="opinion",
    ),
    Feature(
        "judgement", -15, "a value judgement",
        _words(
            "great terrible wonderful horrible disgusting amazing incredible shameful disgraceful ridiculous crazy "
            "insane stupid outrageous unacceptable sad tremendous beautiful awful fantastic disaster disastrous "
            "pathetic brilliant excellent fabulous nasty evil bad wrong unfit dangerous reckless legitimate unfair "
            "smart dumb weak strong courageous heroic shame deplorable despicable intolerable absurd"
        ),
        group="opinion",
    ),
    Feature("ought", -15, "says what ought to be done",
            _words("should, shouldn't, must, ought, need to, needs to, have to, has to, let's, let us, we need, "
                   "it's time")),
    # "(urged X) to ...", "(plans) to ...": reported speech that asks for or plans an action.
    Feature("request", -20, "what someone wants done", test=lambda s: bool(s.tokens) and s.tokens[0] == "to"),
    Feature("prediction", -25, "a prediction or promise",
            _words("will, won't, i'll, we'll, you'll, he'll, she'll, they'll, it'll, going to, gonna, shall, "
                   "promise, in the future, next year")),
    Feature("hypothetical", -10, "hedged or hypothetical",
            _words("would could might may if perhaps possibly probably likely unlikely maybe")),
    Feature("question", -30, "a question",
            test=lambda s: "?" in s.text or (bool(s.tokens) and s.tokens[0] in ("whether", "how", "why"))),
    Feature("courtesy", -30, "a greeting or courtesy",
            _words("thank you, thanks, congratulations, congratulate, welcome, hello, good morning, good evening, "
                   "merry christmas, happy birthday, god bless, i love you, honored, pleasure to, commend")),
    Feature("vague", -10, "vague",
            _words("something, somehow, things, stuff, a lot, lots of, some people, many people, kind of, sort of, "
                   "everybody, everyone, anything, whatever")),
    Feature("fragment", -30, "a fragment too short to check", test=lambda s: len(s.tokens) < 4, group="length"),
    Feature("short", -10, "short", test=lambda s: 4 <= len(s.tokens) < 7, group="length"),
    Feature("partial", -10, "a quoted fragment", test=lambda s: s.kind == "partial"),
)


def _index(features: tuple[Feature, ...]) -> dict[str, tuple[str, ...]]:
    """Each word or phrase of the table, with the features it belongs to."""
    index: dict[str, list[str]] = {}
    for feature in features:
        for word in feature.words:
            index.setdefault(word, []).append(feature.name)
    return {word: tuple(names) for word, names in index.items()}


# A statement is read once, word by word (a phrase looked up only where one can start),
# rather than once per feature: that keeps scoring in the tens of thousands a second.
_BY_WORD = _index(FEATURES)
_PHRASE_STARTS = frozenset(w.split()[0] for w in _BY_WORD if " " in w)


def score(text: str, *, kind: str | None = None) -> CheckWorthiness:
    """Score a statement from 0 to 100 and say why.

    ``kind`` is the attribution's kind when known (``direct``, ``partial``, ``indirect``): a
    ``partial`` quote is a fragment of the reporter's sentence and scores a little lower.
    """
    lower = text.lower().translate(_APOSTROPHES)
    tokens = _WORD.findall(lower)
    found: set[str] = set()
    for i, token in enumerate(tokens):
        if token in _BY_WORD:
            found.update(_BY_WORD[token])
        if token in _PHRASE_STARTS:
            for phrase in (" ".join(tokens[i:i + 2]), " ".join(tokens[i:i + 3])):
                if phrase in _BY_WORD:
                    found.update(_BY_WORD[phrase])
    statement = _Statement(text, lower, tokens, _DIGITS.findall(text), kind)
    total = BASE
    fired: list[Feature] = []
    for feature in FEATURES:
        if feature.name in found or (feature.test is not None and feature.test(statement)):
            total += feature.weight
            fired.append(feature)
    return CheckWorthiness(
        score=max(0, min(100, total)), reasons=_reasons(fired), features=tuple(f.name for f in fired)
    )


def _reasons(fired: list[Feature]) -> tuple[str, ...]:
    seen_groups: set[str] = set()
    found: list[str] = []
    against: list[str] = []
    for feature in fired:
        if feature.group:
            if feature.group in seen_groups:
                continue
            seen_groups.add(feature.group)
        (found if feature.weight > 0 else against).append(feature.phrase)
    if not found and not against:
        return ("no figure, name or event to check",)
    reasons = [f"contains {_and(found)}"] if found else []
    return (*reasons, *against)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
