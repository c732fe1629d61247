"""How alike are two statements? Pure text logic for claim matching; no Django import.

Two appearances of one claim differ in how they are cut ("makes me smart" / "That makes me
smart."), punctuated, spelled ("the law" / "the laws") or reported ("He said not paying taxes
was smart"). Two measures cover those cases, each cheap enough to run over every candidate:

- `partial`: rapidfuzz's partial ratio of the normalised texts: the shorter text found, nearly
  letter for letter, inside the longer one. It catches cuts and punctuation changes.
- `containment`: the share of the shorter statement's content words (stop words removed,
  light stemming) found in the other. It catches reordering and reported speech that keeps
  the key words. It is damped when only one or two words are shared, since any two statements
  on the same story share a couple of words.

The score is the larger of the two; `terms` also gives the words a candidate index stores.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

# Above LINK_THRESHOLD a statement is linked to the claim as a new appearance; between
# SUGGEST_THRESHOLD and LINK_THRESHOLD an editor is shown the suggestion with its score.
LINK_THRESHOLD = 0.85
SUGGEST_THRESHOLD = 0.55
# A statement shorter than this (in words) is never linked without an editor, however well it
# matches: "white people" or "strong leader" match far too much.
MIN_LINK_WORDS = 4

_WORD = re.compile(r"[0-9a-z]+(?:'[a-z]+)?")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before being
    below between both but by can can't could couldn't did didn't do does doesn't doing don't down during each
    few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
    herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's
    me more most mustn't my myself no nor not now of off on once only or other ought our ours ourselves out
    over own same say said says saying shan't she she'd she'll she's should shouldn't so some such than that
    that's the their theirs them themselves then there there's these they they'd they'll they're they've this
    those through to too under until up very was wasn't we we'd we'll we're we've were weren't what what's
    when when's where where's which while who who's whom why why's will with won't would wouldn't you you'd
    you'll you're you've your yours yourself yourselves well look yes oh mr mrs ms""".split()
)
_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix stripper: "taxes" ~ "tax", "paying" ~ "pay", "laws" ~ "law"."""
    word = word.split("'")[0]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word


def normalize_text(text: str) -> str:
    """Lower case, one space between words, no punctuation or quotation marks."""
    return " ".join(_WORD.findall(text.lower().translate(_APOSTROPHES)))


def may_link(score: float, text: str) -> bool:
    """Whether a match is linked without an editor, or only suggested (Meedan Check's split:
    a higher threshold for an automatic match, and a short text never matched automatically)."""
    return score >= LINK_THRESHOLD and len(words(text)) >= MIN_LINK_WORDS


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().translate(_APOSTROPHES))


def terms(text: str) -> set[str]:
    """The statement's content words, stemmed: what it is about."""
    return {stem(w) for w in _WORD.findall(text.lower().translate(_APOSTROPHES)) if w not in STOP_WORDS}


@dataclass(frozen=True)
class Similarity:
    score: float
    partial: float
    containment: float
    shared: int


@dataclass(frozen=True)
class Statement:
    """A text prepared once for many comparisons: its content words and normalised form."""

    text: str
    terms: frozenset[str]
    normalized: str

    @classmethod
    def of(cls, text: str) -> Statement:
        return cls(text, frozenset(terms(text)), normalize_text(text))


@lru_cache(maxsize=50_000)
def prepared_statement(text: str) -> Statement:
    """`Statement.of`, remembered: stored claims come back as candidates again and again."""
    return Statement.of(text)


def compare(a: Statement, b: Statement) -> Similarity:
    shared = len(a.terms & b.terms)
    containment = shared / min(len(a.terms), len(b.terms)) if a.terms and b.terms else 0.0
    # One or two shared words are common between any statements on one story: damp them.
    damped = containment * min(1.0, shared / 3)
    partial = 0.0
    # A near-verbatim cut shares most content words, so below half of them the (costlier)
    # character comparison cannot reach 0.9: skip it.
    if containment >= 0.5 and min(len(a.normalized), len(b.normalized)) >= 10 and min(len(a.terms), len(b.terms)) >= 2:
        partial = fuzz.partial_ratio(a.normalized, b.normalized) / 100
    # A partial match below 0.9 is two texts that merely share phrasing; it says little.
    score = max(damped, partial if partial >= 0.9 else 0.0)
    return Similarity(score=round(score, 4), partial=partial, containment=containment, shared=shared)


def similarity(a: str, b: str) -> Similarity:
    return compare(Statement.of(a), Statement.of(b))


def best_similarity(text: str | Statement, others: Iterable[str]) -> Similarity:
    prepared = text if isinstance(text, Statement) else Statement.of(text)
    best = Similarity(0.0, 0.0, 0.0, 0)
    for other in others:
        current = compare(prepared, Statement.of(other))
        if current.score > best.score:
            best = current
    return best


def diff_words(text: str, other: str) -> list[tuple[str, bool]]:
    """`text` split into words, each marked True where the other statement lacks it.

    For the review desk, to highlight what differs between a statement and a suggested claim.
    """
    theirs = terms(other)
    out: list[tuple[str, bool]] = []
    for token in re.split(r"(\s+)", text):
        if not token or token.isspace():
            if token:
                out.append((token, False))
            continue
        words = _WORD.findall(token.lower().translate(_APOSTROPHES))
        differs = any(w not in STOP_WORDS and stem(w) not in theirs for w in words)
        out.append((token, differs))
    return out
