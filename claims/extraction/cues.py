"""Reporting verbs in a sentence, and what follows them: the channel ("told Reuters",
"in a statement") and the day the words were said.

Shared by the quote driver (:mod:`claims.extraction.quotes`), speaker parsing and reported
speech (:mod:`claims.extraction.reported`)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from .lexicon import (
    _CHANNEL_RE,
    _MONTHS,
    _PASSIVE,
    _TIME_RE,
    _WEEKDAYS,
    CUE_VERBS,
    PHRASAL_CUES,
)

_WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_PARTICLE_RE = re.compile(r"[\s\u00a0]+([a-z]+)\b")
_LOWER_WORD_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")

if TYPE_CHECKING:  # only for annotations: speakers imports this module
    from .speakers import _State


_PREV_WORD_RE = re.compile(r"([\w-]+)\W*$")
_THAT_RE = re.compile(r"[\s\u00a0]+that\b")
_POSSESSOR_RE = re.compile(r"\b[A-Z][\w.-]*['\u2019]s[\s\u00a0]+$")


# Verb forms that are far more often nouns or adjectives before another noun.
_NOUN_FIRST = frozenset(["state", "states", "report", "reports", "charge", "charges", "claim", "claims",
                         "post", "posts", "comment", "comments", "remark", "remarks", "call", "calls"])
_CAP_NEXT_RE = re.compile(r"[\s\u00a0]+[A-Z]")
_NOUN_NEXT_RE = re.compile(r"[\s\u00a0]+(?:(?:senator|sen\.|rep\.|representative|officials?|lawmakers?|"
                           r"legislators?|governments?|department|agency|police|party|law|laws|capitol|house|"
                           r"legislature|level|lines?|data|card|cards|center|logs?|times?)\b)")


class _CueMatch:
    """A reporting verb found in a string (the interface of the ``re.Match`` it replaced)."""

    __slots__ = ("_start", "_end", "_word")

    def __init__(self, word: str, start: int, end: int) -> None:
        self._word, self._start, self._end = word, start, end

    def group(self, _n: int = 1) -> str:
        return self._word

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


def _cue_words(s: str) -> list[tuple[int, int, str]]:
    """Every word of ``s`` that is a reporting verb form (a word scan plus set lookup, which
    measured faster than one big alternation regex)."""
    out = []
    lowered = s.lower()
    if len(lowered) != len(s):  # (a few characters change length when lowered)
        lowered = "".join(c.lower()[:1] or c for c in s)
    for m in _LOWER_WORD_RE.finditer(lowered):
        low = m.group()
        if low in CUE_VERBS:
            out.append((m.start(), m.end(), s[m.start():m.end()]))
        elif low in PHRASAL_CUES:
            particle = _PARTICLE_RE.match(lowered, m.end())
            if particle and particle.group(1) == PHRASAL_CUES[low]:
                verb, rest = s[m.start():m.end()], s[particle.start(1):particle.end(1)]
                out.append((m.start(), particle.end(), f"{verb} {rest}"))
    return out


def _cue_matches(s: str, state: _State | None = None) -> list[_CueMatch]:
    """Reporting verbs in ``s``.

    ``s`` is usually a piece of the paragraph being read; the verbs of that paragraph are
    found once (``state.para_cues``) and only filtered here, instead of rescanning the text
    for every candidate quote and sentence."""
    words: list[tuple[int, int, str]] | None = None
    if state is not None and state.para_text:
        off = state.para_text.find(s) if s else -1
        if off >= 0:
            stop = off + len(s)
            words = [(a - off, b - off, w) for a, b, w in state.para_cues if a >= off and b <= stop]
    if words is None:
        words = _cue_words(s)
    out = []
    for start, end, word in words:
        lw = word.lower()
        if word[0].isupper() and start > 0 and not lw.startswith("say"):
            continue  # capitalised "Report", "Post" etc. are names, not verbs
        prev = _PREV_WORD_RE.search(s, max(0, start - 30), start)
        prev_word = prev.group(1).lower() if prev else ""
        if prev_word in _PASSIVE and lw in {"told", "asked", "called", "described", "reported", "estimated",
                                            "alleged"}:
            continue
        if prev_word in {"the", "a", "an", "his", "her", "their", "its", "this", "so"}:
            continue  # a noun ("the report", "his claims") or "so-called"
        if lw in _NOUN_FIRST and (_NOUN_NEXT_RE.match(s, end) or (lw == "state" and _CAP_NEXT_RE.match(s, end))):
            continue  # "state senator", "state officials": a noun before a noun
        if (prev_word == "s" and not lw.endswith(("ed", "ing")) and _POSSESSOR_RE.search(s, max(0, start - 40), start)
                and not _THAT_RE.match(s, end)):
            # After a possessor it is a noun too ("the mayor's remarks on Monday"), one whose
            # possessor is no speaker of the sentence, unless a clause follows ("Roe's claim that").
            continue
        out.append(_CueMatch(word, start, end))
    return out


def _details(tail: str, state: _State) -> tuple[str | None, str | None]:
    """(channel, said_on) from the words after a reporting verb."""
    channel = None
    told = re.match(r"[\s\u00a0]*((?:the\s+)?(?:[A-Z][\w.&'\u2019-]*\s*){1,5}|reporters|journalists|the newspaper)",
                    tail)
    ch = _CHANNEL_RE.search(tail)
    if ch:
        channel = ch.group("ch") or ch.group("media")
    elif told:
        cand = told.group(1).strip().rstrip(".,;:")
        if cand and cand.split()[0].lower() not in _WEEKDAYS and cand.lower().rstrip(".") not in _MONTHS:
            channel = cand
    return channel, _said_on(tail, state.published)


def _said_on(tail: str, published: dt.date | None) -> str | None:
    if published is None:
        return None
    m = _TIME_RE.search(tail[:80])
    if not m:
        return None
    if m.group("wd"):
        delta = (published.weekday() - _WEEKDAYS[m.group("wd").lower()]) % 7
        return (published - dt.timedelta(days=delta)).isoformat()
    if m.group("mon"):
        month = _MONTHS[m.group("mon").lower()]
        year = int(m.group("yr")) if m.group("yr") else (published.year if month <= published.month
                                                         else published.year - 1)
        if m.group("day"):
            try:
                return dt.date(year, month, int(m.group("day"))).isoformat()
            except ValueError:
                return f"{year:04d}-{month:02d}"
        return f"{year:04d}-{month:02d}"
    rel = m.group("rel")
    if rel == "yesterday":
        return (published - dt.timedelta(days=1)).isoformat()
    if rel == "last month":
        first = published.replace(day=1) - dt.timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    if rel == "last year":
        return f"{published.year - 1:04d}"
    return None


def _opening_channel(sentence: str) -> str | None:
    """The channel of an opening phrase: "In a statement to Reuters, the union said ..."."""
    opening = sentence.lstrip(" \u00a0\"\u201c")
    m = _CHANNEL_RE.match(opening[:1].lower() + opening[1:])
    if m is None or not m.group().lower().startswith(("in ", "during ", "at ", "on ", "via ")):
        return None
    return m.group("ch") or m.group("media")


def _details_no_told(tail: str, state: _State) -> tuple[str | None, str | None]:
    ch = _CHANNEL_RE.search(tail)
    channel = (ch.group("ch") or ch.group("media")) if ch else None
    return channel, _said_on(tail, state.published)
