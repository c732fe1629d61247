"""Rule-based quote and attribution extraction for English news text.

Approach (no statistical model, so it is fast, offline and explainable):

1. :func:`parse_article` splits the article; only the headline, dek and body paragraphs are
   searched (metadata line, byline and photo caption are not statements).
2. Quotation marks are paired per paragraph with a small state machine that understands
   curly and straight marks, nesting, and quotes left open at a paragraph end (the
   newspaper convention for a quote running on into the next paragraph).
3. Each quoted span is classified: *direct* (it starts a sentence, or follows "said,"/":"),
   *partial* (embedded in the reporter's sentence), or dropped (titles, names, scare quotes
   with no reporting verb nearby).
4. Attribution is looked for right after the closing mark (``," Smith said``, ``," said
   Smith``, ``," Jane Doe, a professor at X, told Reuters``), right before the opening mark
   (``Smith said, "``), in the sentence around a partial quote, then in the same paragraph,
   then carried over from the previous paragraph for quote-only paragraphs.
5. Reported (indirect) speech is found in sentences without direct quotes with three
   patterns: ``SPEAKER CUE [that] CLAUSE``, ``CLAUSE, SPEAKER CUE`` and ``according to``.
6. Speakers are noun phrases parsed with word lists (titles, role nouns, group nouns,
   organisation cues, pronouns).  Surnames are expanded to the full name the article gives
   when that is unambiguous; pronouns go to the most recent person speaker; role nominals
   ("the mayor") to the person introduced with that role.

Favour precision: anything that does not parse cleanly is left out.

Modules: word lists and shared patterns in :mod:`claims.extraction.lexicon`; reporting verbs
and their channel/date in :mod:`~claims.extraction.cues`; speaker noun phrases, name index and
pronoun/role resolution in :mod:`~claims.extraction.speakers`; reported speech in
:mod:`~claims.extraction.reported`.  This module pairs quotation marks and drives a paragraph.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import asdict, dataclass

from .cues import (
    _cue_matches,
    _cue_words,
    _details,
    _details_no_told,
    _opening_channel,
)
from .lexicon import (
    _ABBREVIATIONS,
    _GERUND_CUES,
    _MARKS_RE,
    _OBJECT_CUES,
    _PARTICLES,
    _SENT_END_RE,
    _SINGLE_CLOSE,
    _SINGLE_MARKS_RE,
    _SINGLE_OPEN,
    _TOKEN_RE,
    _US_STATES,
    _WS,
    CLOSE_MARKS,
    NON_NAMES,
    OPEN_MARKS,
    ORG_CUES,
    _words,
)
from .parser import ArticleParseError, ParsedArticle, Span, parse_article
from .reported import (
    _cue_subject,
    _reported,
)
from .speakers import (
    _ROLE_WORDS,
    Speaker,
    _Attribution,
    _expand_by_gender,
    _expand_name,
    _index_names,
    _known_single,
    _loose_np,
    _para_of,
    _parse_inverted,
    _parse_subject,
    _resolve_pronoun,
    _sentence_subject,
    _speaker_from_run,
    _State,
    _update_state,
)

__all__ = ["EXTRACTOR_VERSION", "Quote", "extract_quotes", "extract_quotes_from_article", "render"]

EXTRACTOR_VERSION = "rules-2.0"

# --- data --------------------------------------------------------------------------------------


@dataclass
class Quote:
    """One attributed statement; ``text == article[start:end]``."""

    text: str
    start: int
    end: int
    kind: str
    speaker: str | None = None
    speaker_kind: str | None = None
    speaker_role: str | None = None
    cue: str | None = None
    channel: str | None = None
    said_on: str | None = None
    confidence: float = 0.5
    # Index (in the extractor's output) of the reported statement this partial quote is part
    # of: 'Roe said the plan was "a time bomb"' is one statement, its quoted words a detail.
    part_of: int | None = None

    def to_dict(self) -> dict[str, object]:
        """The JSON contract of the evaluation README (plus kind, date and confidence)."""
        return asdict(self)






@dataclass
class _QuoteSpan:
    open_at: int  # offset of the opening mark
    close_at: int | None  # offset of the closing mark, None if the quote runs to the paragraph end
    start: int
    end: int
    direct: bool = False
    attribution: _Attribution | None = None
    local: bool = False  # attribution found right next to the quote




# --- public API -----------------------------------------------------------------------------


def extract_quotes(text: str) -> list[Quote]:
    """Every statement the article attributes to a speaker, in text order."""
    try:
        article = parse_article(text)
    except ArticleParseError:
        return []
    return extract_quotes_from_article(article)


def extract_quotes_from_article(article: ParsedArticle) -> list[Quote]:
    text = article.source
    state = _State(published=article.published)
    _index_names(text, article, state)
    state.mention_index = _index_mentions(text, state)
    zones: list[tuple[Span, bool]] = []
    if article.headline_span is not None:
        zones.append((article.headline_span, True))
    if article.dek_span is not None:
        zones.append((article.dek_span, True))
    zones.extend((p, False) for p in article.paragraphs)
    quotes: list[Quote] = []
    for i, (para, is_head) in enumerate(zones):
        state.para_index = i
        state.para_starts.append(para.start)
        quotes.extend(_paragraph_quotes(text, para, is_head, state))
    quotes.sort(key=lambda q: (q.start, -q.end))
    quotes = [q for q in quotes if q.end > q.start and text[q.start:q.end] == q.text]
    _link_parts(quotes)
    return quotes


def _link_parts(quotes: list[Quote]) -> None:
    """Point each partial quote at the reported statement that contains it (sorted by start,
    longest first, so a container always comes before its parts)."""
    open_reports: list[int] = []
    for i, q in enumerate(quotes):
        if q.kind == "indirect":
            open_reports.append(i)
        elif q.kind == "partial":
            q.part_of = next((k for k in reversed(open_reports)
                              if quotes[k].start <= q.start and q.end <= quotes[k].end + 1), None)


def render(quotes: list[Quote], fmt: str = "json") -> str:
    """Output shared by ``python -m claims.extraction`` and ``manage.py extract_quotes``."""
    if fmt == "json":
        return json.dumps({"quotes": [q.to_dict() for q in quotes]}, ensure_ascii=False, indent=1)
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r} (use json or table)")
    rows = [("#", "kind", "speaker", "role", "cue", "conf", "text")]
    for n, q in enumerate(quotes, 1):
        snippet = q.text if len(q.text) <= 70 else q.text[:67] + "..."
        kind = q.kind if q.part_of is None else f"{q.kind} (in #{q.part_of + 1})"
        rows.append((str(n), kind, q.speaker or "?", (q.speaker_role or "")[:30], q.cue or "",
                     f"{q.confidence:.2f}", snippet.replace("\n", " ")))
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]) - 1)]
    lines = ["  ".join(r[c].ljust(widths[c]) for c in range(len(widths))) + "  " + r[-1] for r in rows]
    lines.append(f"{len(quotes)} statement(s)")
    return "\n".join(lines)


# --- names ------------------------------------------------------------------------------------











# --- quotation marks ------------------------------------------------------------------------


def _can_open(s: str, i: int) -> bool:
    prev = s[i - 1] if i > 0 else " "
    nxt = s[i + 1] if i + 1 < len(s) else " "
    return (prev in _WS or prev in "([{\u2014\u2013-/:;,\u2018\u201c") and nxt not in _WS


def _can_close(s: str, i: int) -> bool:
    prev = s[i - 1] if i > 0 else " "
    nxt = s[i + 1] if i + 1 < len(s) else " "
    return prev not in _WS and (nxt in _WS or not nxt.isalnum())


def _find_quotes(s: str, single: bool) -> list[tuple[int, int | None]]:
    """(open, close) mark offsets in paragraph string ``s``; nested quotes are folded in."""
    out: list[tuple[int, int | None]] = []
    stack: list[int] = []
    opens = OPEN_MARKS + (_SINGLE_OPEN if single else "")
    closes = CLOSE_MARKS + (_SINGLE_CLOSE if single else "")
    marks_re = _SINGLE_MARKS_RE if single else _MARKS_RE
    for mark in marks_re.finditer(s):
        i, ch = mark.start(), mark.group()
        if ch in opens or ((ch == '"' or (single and ch == "'")) and not stack and _can_open(s, i)):
            if ch in opens and not _can_open(s, i) and stack and _can_close(s, i):
                ch = "\u201d"  # a mis-typed closing mark
            else:
                stack.append(i)
                continue
        if ch in closes or ch == '"' or (single and ch == "'"):
            if stack and _can_close(s, i):
                if ch in (_SINGLE_CLOSE, "'") and s[i + 1:i + 2].isalpha():
                    continue  # apostrophe
                start = stack.pop()
                if not stack:
                    out.append((start, i))
            elif ch == '"' and stack and _can_open(s, i):
                stack.append(i)  # nested straight quote
    if stack:
        out.append((stack[0], None))
    return out


# --- sentence helpers -------------------------------------------------------------------------


_LAST_WORD_RE = re.compile(r"([\w.]+)[.!?]*$")


def _sentence_bounds(s: str, protected: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence (start, end) in ``s``; never splits inside a quote span."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END_RE.finditer(s):
        cut = m.end()
        # Inside a quote only where the quote ends with the sentence (“... in history.” She said).
        if any(a < m.start() < b and m.end() != b for a, b in protected):
            continue
        word = _LAST_WORD_RE.search(s, max(start, m.start() - 20), m.start() + 1)
        if word and s[m.start()] == "." and (
            word.group(1).lower().rstrip(".") in _ABBREVIATIONS or re.fullmatch(r"[A-Z]\.?", word.group(1))
        ):
            continue
        bounds.append((start, cut))
        start = cut
        while start < len(s) and s[start] in _WS:
            start += 1
    if start < len(s):
        bounds.append((start, len(s)))
    return bounds


def _is_abbreviation_end(s: str, m: re.Match[str], start: int = 0) -> bool:
    """A full stop after an initial or a known abbreviation ("John Q. Public", "Sen. Ortiz")."""
    if s[m.start()] != ".":
        return False
    word = _LAST_WORD_RE.search(s, max(start, m.start() - 20), m.start() + 1)
    return bool(word) and (word.group(1).lower().rstrip(".") in _ABBREVIATIONS
                           or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]\.?", word.group(1)) is not None)


def _first_sentence_end(seg: str) -> re.Match[str] | None:
    for m in _SENT_END_RE.finditer(seg):
        if not _is_abbreviation_end(seg, m):
            return m
    return None


def _tokens(s: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(s)]






# --- speaker noun phrases ---------------------------------------------------------------------























# --- attribution around quotes ----------------------------------------------------------------













# "..., as Jane Roe put it" / "As the memo put it, "...": no reporting verb, but an attribution.
_PUT_IT_RE = re.compile(r"[\s\u00a0,]*[Aa]s[\s\u00a0]+(?P<np>[^.;:!?\"\u201c\u201d]{1,80}?)[\s\u00a0,]+"
                        r"(?:[a-z]+ly[\s\u00a0]+|once[\s\u00a0]+)?put[\s\u00a0]+it\b")


def _put_it(s: str, pos: int, end: int, state: _State) -> _Attribution | None:
    m = _PUT_IT_RE.match(s, pos, end)
    if m is None:
        return None
    sp = _parse_subject(m.group("np"), state) or _loose_np(m.group("np"))
    if sp is None or sp.name is None:
        return None
    return _Attribution(sp, "put it", m.start("np"))


_LONE_NAME_RE = re.compile(r"[A-Z][a-z]+(?:['\u2019-][A-Z]?[a-z]+)?")


_AFTER_CLOSE_RE = re.compile(r"[\s\u00a0]*[,\u2014\u2013-]?[\s\u00a0]*\S")


def _attribution_after(s: str, pos: int, limit: int, state: _State) -> _Attribution | None:
    """``," Smith said`` / ``," said Smith`` right after a closing mark at ``pos``."""
    seg = s[pos:limit]
    put = _put_it(s, pos, limit, state)
    if put is not None:
        return put
    end = _first_sentence_end(seg)
    clause = seg[: end.start() + 1] if end else seg
    if not clause.strip(_WS + ",.") or len(clause.split()) > 40:
        return None
    if not _AFTER_CLOSE_RE.match(clause) or clause.lstrip(_WS)[:1] in ".;":
        return None
    for m in _cue_matches(clause, state)[:1]:
        left = clause[: m.start()].strip(_WS + ",\u2014\u2013-")
        tail = clause[m.end():]
        if left:
            if len(left.split()) > 30:
                return None
            sp = _parse_subject(left, state)
            if sp is None and _LONE_NAME_RE.fullmatch(left) and left.lower() not in NON_NAMES:
                # '"...," Sweeny said.': right after a quote, a lone capitalised word before the
                # verb is its speaker even when the article spells the name otherwise elsewhere.
                sp = Speaker(_expand_name(left, state), "person", mention=left)
        elif m.group(1).lower() in _OBJECT_CUES:
            return None  # '"...," blasted Roe': Roe is blasted, not speaking
        else:
            sp, n = _parse_inverted(tail, state)
            tail = tail[n:] if sp else tail
        if sp is None:
            return None
        cue = m.group(1)
        channel, said_on = _details(tail, state) if cue.lower() in {"told", "tells", "tell"} else (
            _details_no_told(tail, state))
        return _Attribution(sp, cue, pos + m.start(), channel, said_on)
    return None




def _attribution_before(s: str, sent_start: int, pos: int, state: _State) -> _Attribution | None:
    """``Smith said, "`` / ``Smith told reporters: "`` right before an opening mark at ``pos``."""
    seg = s[sent_start:pos]
    if seg.rstrip(_WS)[-1:] not in (",", ":", "\u2014"):
        return None
    put = _put_it(s, sent_start, pos, state)
    if put is not None and re.fullmatch(r"[\s\u00a0,:]*", s[_PUT_IT_RE.match(s, sent_start, pos).end():pos]):
        return put
    cues = _cue_matches(seg, state)
    if not cues:
        return None
    m = cues[-1]
    between = seg[m.end():].strip(_WS)
    # A colon allows a longer lead-in ("said she has the one quality the job needs: "...").
    if len(between.split()) > (16 if between.endswith(":") else 9):
        return None
    left = seg[: m.start()]
    if m.group(1).lower() in _GERUND_CUES and left.rstrip(_WS).endswith(","):
        # "X attacked Y for Z, saying, "..."": the speaker is the sentence subject, not Z.
        sp = _sentence_subject(seg, state)
    else:
        sp = _parse_subject(left, state) if left.strip(_WS) else None
        if sp is None and left.strip(_WS):
            sp = _cue_subject(seg, m.start(), m.group(1), state)
    if sp is None and not left.strip(_WS):
        sp, _ = _parse_inverted(seg[m.end():], state)
    if sp is None:
        return None
    tail = seg[m.end():]
    channel, said_on = _details(tail, state) if m.group(1).lower() in {"told", "tells"} else _details_no_told(
        tail, state)
    return _Attribution(sp, m.group(1), sent_start + m.start(), channel or _opening_channel(seg), said_on)


# --- reported speech ----------------------------------------------------------------------------















# --- paragraph driver -----------------------------------------------------------------------------


def _paragraph_quotes(text: str, para: Span, is_head: bool, state: _State) -> list[Quote]:
    # Analysis runs on a same-length copy with doubled apostrophes turned into quote marks;
    # quote texts are always cut from the original ``text``.
    s = _normalise_marks(para.text)
    base = para.start
    state.para_text, state.para_cues = s, _cue_words(s)
    if is_head:
        found = _headline_colon(text, s, base, state)
        if found:
            return found
    raw = _find_quotes(s, single=is_head)
    spans: list[_QuoteSpan] = []
    for o, c in raw:
        start, end = o + 1, (c if c is not None else len(s))
        while start < end and s[start] in _WS:
            start += 1
        while end > start and s[end - 1] in _WS + ",":
            end -= 1
        if end - start < 2:
            continue
        if _SO_CALLED_RE.search(s, max(0, o - 12), o):
            continue  # a so-called "rescue": the reporter's scare quotes, nobody's statement
        spans.append(_QuoteSpan(o, c, start, end))
    protected = [(q.open_at, (q.close_at if q.close_at is not None else len(s)) + 1) for q in spans]
    sentences = _sentence_bounds(s, protected)
    starts_with_open = bool(spans) and spans[0].open_at == len(s) - len(s.lstrip(_WS))
    continuation = state.prev_para_open_end and starts_with_open

    out: list[Quote] = []
    attributions: list[_Attribution] = []
    # Direct vs partial, and local attribution.
    for k, q in enumerate(spans):
        sent_start = max((a for a, _ in sentences if a <= q.open_at), default=0)
        prev_close = spans[k - 1].close_at + 1 if k > 0 and spans[k - 1].close_at is not None else 0
        lead_start = max(sent_start, prev_close)
        lead = s[lead_start:q.open_at]
        after_limit = spans[k + 1].open_at if k + 1 < len(spans) else len(s)
        inner = s[q.start:q.end]
        lead_stripped = lead.strip(_WS)
        before_attr = _attribution_before(s, lead_start, q.open_at, state) if lead_stripped else None
        q.direct = (not lead_stripped or lead_stripped.endswith((":", ".", "?", "!"))
                    or before_attr is not None
                    or (k > 0 and lead_start == prev_close and spans[k - 1].direct and lead_stripped.endswith(",")))
        if q.direct and lead_stripped and before_attr is None and not lead_stripped.endswith(":"):
            q.direct = lead_start == prev_close and spans[k - 1].direct if k > 0 else False
        if q.direct and not lead_stripped and k > 0 and lead_start == prev_close and not spans[k - 1].direct:
            q.direct = False  # a list of fragments: called him a "nasty guy," "unstable" and "sick"
        after_attr = _attribution_after(s, q.close_at + 1, after_limit, state) if q.close_at is not None else None
        if (after_attr is not None and not q.direct and s[q.start:q.end].rstrip(_WS + "'\u2019")[-1:] in ".!?"
                and re.match(r"[\s\u00a0]*[A-Z]", s[q.close_at + 1:after_limit])):
            # 'X accused Y of "recklessness." Z said ...': a fragment that ends its sentence is no
            # quote of the next sentence's subject.
            after_attr = None
        # A quoted title or name at a sentence start is not a statement unless attributed.
        if q.direct and _looks_like_title(inner) and after_attr is None and before_attr is None:
            q.direct = False
        q.attribution = after_attr or before_attr
        if q.attribution is not None and (after_attr is not None or before_attr is not None):
            q.local = True
        if q.attribution:
            q.attribution.pos += base  # paragraph offset -> article offset, for ordering
    # Reported speech and the sentences holding partial quotes.
    reported: list[tuple[int, int, _Attribution]] = []
    partial_attr: dict[int, _Attribution] = {}
    for sent in sentences:
        inside = [q for q in spans if sent[0] <= q.open_at < sent[1]]
        if any(q.direct for q in inside):
            # '"...," Roe said, adding that the deals went out "like candy."': a fragment after
            # the attribution of a direct quote in the same sentence is the same speaker's.
            for q in inside:
                if q.direct:
                    continue
                if q.attribution is not None:
                    partial_attr[id(q)] = q.attribution  # 'But "the point," Roe added, "is ..."'
                    continue
                lead = next((d for d in reversed(inside) if d.direct and d.attribution is not None
                             and d.close_at is not None and d.close_at < q.open_at), None)
                between = s[lead.close_at + 1:q.open_at] if lead is not None else ""
                # Two verbs, the attribution's and the one introducing the fragment ("adding"), or
                # the attribution followed by a participle clause (", referring to the "...").
                cues = _cue_matches(between, state) if lead is not None else []
                if cues and len(between.split()) <= 25 and (
                        len(cues) >= 2 or re.match(r"[^,.;]{0,40},\s+[a-z]+ing\b", between[cues[0].end():])):
                    # A second verb with a subject of its own ("..., and as Roe went on about "...")
                    # is that subject's.
                    own = (_cue_subject(between, cues[-1].start(), cues[-1].group(1), state)
                           if len(cues) >= 2 and cues[-1].group(1).lower() not in _GERUND_CUES else None)
                    at = base + lead.close_at + 1 + cues[-1].start()
                    partial_attr[id(q)] = (_Attribution(own, cues[-1].group(1), at)
                                           if own is not None and own.name else lead.attribution)
            # '"...," Roe said, adding that the vote was close.': the clause is reported speech
            # of the quote's speaker.
            last = max((d for d in inside if d.direct and d.close_at is not None), key=lambda d: d.open_at,
                       default=None)
            if last is not None and last.attribution is not None and last.local:
                m = _ADDING_RE.search(s, last.close_at + 1, sent[1])
                if m and not any(last.close_at < p.open_at for p in inside):
                    end = len(s[:sent[1]].rstrip(_WS + ".!?\"\u201d'\u2019"))
                    if end - m.end() > 12:
                        reported.append((m.end(), end, _Attribution(last.attribution.speaker, m.group(1),
                                                                    base + m.start(1))))
            continue
        quoted = [(q.open_at, (q.close_at or len(s)) + 1) for q in inside]
        found = [r for part in _clauses(s, sent, quoted, state) for r in _reported(s, base, part, state, quoted)]
        for r in found:
            reported.append(r)
        for q in inside:
            attr = q.attribution or (found[0][2] if found else _partial_attribution(s, sent, q, state, base))
            if attr:
                partial_attr[id(q)] = attr
    # Text order: resolve pronouns with the speakers introduced before them.
    events: list[tuple[int, str, object]] = []
    for q in spans:
        if q.direct:
            pos = q.attribution.pos if q.attribution else base + q.start
            events.append((pos, "direct", q))
        elif id(q) in partial_attr:
            events.append((partial_attr[id(q)].pos, "partial", q))
    for r in reported:
        events.append((r[2].pos, "indirect", r))
    for pos, subject in _subject_mentions(s, base, sentences, protected, state):
        events.append((pos, "mention", _Attribution(subject, "", pos)))
    for pos, named in _name_mentions(s, base, sentences, protected, state):
        events.append((pos, "name", named))
    events.sort(key=lambda e: e[0])
    for pos, kind, obj in events:
        if kind == "mention":
            subject = obj.speaker  # type: ignore[attr-defined]
            if subject.pronoun:
                # "He then ...": the pronoun's antecedent stays the person the text is about.
                _resolve_pronoun(subject, state)
                if subject.name is None:
                    continue
                subject.pronoun = False
            _update_state(obj, state)  # type: ignore[arg-type]
            continue
        if kind == "name":
            state.mentions.append((pos, obj))  # type: ignore[arg-type]
            continue
        attr = obj.attribution if kind == "direct" else (partial_attr[id(obj)] if kind == "partial" else obj[2])
        if attr is not None:
            if attr.speaker.pronoun and attr.speaker.name is None:
                _resolve_pronoun(attr.speaker, state)
            _update_state(attr, state)
            attributions.append(attr)
    # Direct quotes without a local attribution.
    para_attr = attributions[-1] if attributions else None
    narrative = _narrative(s, spans)
    for k, q in enumerate(spans):
        if not q.direct:
            continue
        conf = 0.9
        if q.attribution is None:
            label = _label_attribution(s, q, state, base)
            if label is not None:
                q.attribution = label
        if q.attribution is None and q.close_at is not None:
            q.attribution = _dash_attribution(s, q.close_at + 1, state, base)
        if q.attribution is None:
            near = _nearest_attributed(spans, k)
            if near is not None:
                q.attribution, conf = near, 0.75
            elif para_attr is not None:
                q.attribution, conf = para_attr, 0.6
            elif (lead_in := _lead_in_subject(s, sentences, q, state, base)) is not None:
                # 'Roe touted her record. "We need ..."', 'The mayor put it simply: "..."'
                q.attribution, conf = lead_in, 0.6
            elif state.prev_para_attr is not None and (continuation or state.prev_para_colon
                                                       or not narrative.strip(_WS + ".,;:\u2014-")):
                q.attribution, conf = state.prev_para_attr, 0.7
            elif state.persons and _para_of(state.persons[-1][0], state) >= state.para_index - 2:
                # Nobody in reach: the person the text was last about, as a low-confidence guess.
                q.attribution, conf = _Attribution(state.persons[-1][1], "", base + q.start), 0.4
            else:
                # A quoted sentence nobody in reach is credited with is still a statement: kept
                # with no speaker and a low confidence, for the editor to attribute.
                q.attribution, conf = _Attribution(Speaker(None, None), "", base + q.start), 0.3
        attr = q.attribution
        if attr.speaker.pronoun:
            conf -= 0.1
        out.append(_make_quote(text, base, q, "direct", attr, conf))
    for q in spans:
        if not q.direct and id(q) in partial_attr:
            inner = s[q.start:q.end]
            if _looks_like_title(inner) or len(inner.split()) < 1:
                continue
            out.append(_make_quote(text, base, q, "partial", partial_attr[id(q)], 0.65))
    for start, end, attr in reported:
        st, en = _trim(s, start, end)
        if en - st < 8:
            continue
        conf = 0.6 - (0.1 if attr.speaker.pronoun else 0.0)
        sp = attr.speaker
        out.append(Quote(text[base + st:base + en], base + st, base + en, "indirect", sp.name, sp.kind, sp.role,
                         attr.cue, attr.channel, attr.said_on, round(conf, 2)))
    # Carry-over for the next paragraph.
    last_quote_attr = next((q.attribution for q in reversed(spans) if q.direct and q.attribution), None)
    state.prev_para_attr = last_quote_attr or (attributions[-1] if attributions else None) or (
        state.prev_para_attr if not narrative.strip(_WS) else None)
    state.prev_para_open_end = bool(spans) and spans[-1].close_at is None
    if s.rstrip(_WS).endswith(":") and para_attr is None and (not spans or spans[-1].close_at is not None):
        # "The mayor continued:" as a paragraph of its own introduces the next paragraph's quote.
        end = len(s.rstrip(_WS))
        sent_start = max((a for a, _ in sentences if a < end), default=0)
        para_attr = _attribution_before(s, sent_start, end, state)
        if para_attr is not None:
            para_attr.pos += base
            if para_attr.speaker.pronoun and para_attr.speaker.name is None:
                _resolve_pronoun(para_attr.speaker, state)
    state.prev_para_colon = s.rstrip(_WS).endswith(":") and para_attr is not None
    if state.prev_para_colon:
        state.prev_para_attr = para_attr
    return out


def _clauses(s: str, sent: tuple[int, int], quoted: list[tuple[int, int]], state: _State) -> list[tuple[int, int]]:
    """A sentence split at semicolons that start a report of their own ("Mayor says A; critics
    say B"); other semicolons go on with the same report."""
    parts, start = [], sent[0]
    for m in _SEMICOLON_RE.finditer(s, sent[0], sent[1]):
        if any(a <= m.start() < b for a, b in quoted):
            continue
        rest_end = s.find(";", m.end(), sent[1])
        rest = s[m.end():rest_end if rest_end > 0 else sent[1]]
        if _cue_matches(rest, state):
            parts.append((start, m.start() + 1))
            start = m.end()
    parts.append((start, sent[1]))
    return parts


_SEMICOLON_RE = re.compile(r";[\s\u00a0]+")
_SO_CALLED_RE = re.compile(r"\b[Ss]o[- \u00a0]called[\s\u00a0]*$")
_ADDING_RE = re.compile(
    r",[\s\u00a0]+(adding|saying|noting|arguing|explaining|insisting|warning|acknowledging|admitting|"
    r"suggesting|claiming|stressing|predicting)[\s\u00a0]+(?:that[\s\u00a0]+)?(?=[a-zA-Z])"
)

_DOUBLE_APOS_RE = re.compile("(?<!['\u2019])(?:''|\u2019\u2019|\u2018\u2018)(?!['\u2019])")


def _normalise_marks(s: str) -> str:
    """Turn the doubled apostrophes some wires use for quotation marks (''Yes,'' he said) into a
    straight mark plus a space, keeping the length, so every offset into ``s`` stays valid.

    An opening pair becomes ' "' (the space stands in front, so the mark can open); a closing
    pair becomes '" ' (the space after, so the mark can close)."""
    if "''" not in s and "\u2019\u2019" not in s and "\u2018\u2018" not in s:
        return s

    def repl(m: re.Match[str]) -> str:
        before = s[m.start() - 1] if m.start() > 0 else " "
        after = s[m.end()] if m.end() < len(s) else " "
        opening = (before in _WS or before in "([{\u2014\u2013-/:;") and after not in _WS
        return ' "' if opening else '" '

    return _DOUBLE_APOS_RE.sub(repl, s)


_HEAD_COLON_RE = re.compile(r"^((?:[A-Z][\w.'\u2019-]*[ \u00a0]){0,3}[A-Z][\w.'\u2019-]*):[ \u00a0]+(\S.{8,})$")


def _headline_colon(text: str, s: str, base: int, state: _State) -> list[Quote]:
    """Headline form "Pat Smith: Statement ..." when the text names that person elsewhere."""
    m = _HEAD_COLON_RE.match(s)
    if not m:
        return []
    sp = _speaker_from_run(m.group(1).split(), [], state)
    if sp is None or sp.kind != "person" or not sp.name:
        return []
    surname = sp.name.split()[-1]
    if surname not in state.names:
        return []
    attr = _Attribution(sp, ":", base)
    a, b = base + m.start(2), base + m.end(2)
    out = [Quote(text[a:b], a, b, "indirect", sp.name, sp.kind, sp.role, ":",
                 None, None, 0.5)]
    for o, c in _find_quotes(m.group(2), single=True):
        if c is None or c - o < 3:
            continue
        q = _QuoteSpan(o, c, m.start(2) + o + 1, m.start(2) + c)
        out.append(_make_quote(text, base, q, "partial", attr, 0.5))
    return out


# Verbs of characterising speech that put words in the subject's mouth ("likened X to a "...")
# although they are not reporting verbs proper.
_SUBJECT_VERB_RE = re.compile(
    r"\s(?:also\s+|has\s+|have\s+|had\s+|then\s+|again\s+|openly\s+|repeatedly\s+)?"
    # (a word ending in -s is a verb unless it is a common function word ending so)
    r"(?:[a-z]+ed|(?!(?:its|his|this|thus|as|us|plus|across|less|unless|perhaps|whereas|always|news)\b)[a-z]+s|blasted|likened|dismissed|exhorted|vowed|compared|referred|labeled|labelled|dubbed|"
    r"branded|termed|deemed|rated|cited|referenced|invoked|mocked|derided|praised|promised|pledged)\b"
)


def _subject_attribution(s: str, sent: tuple[int, int], q: _QuoteSpan, state: _State,
                         base: int) -> _Attribution | None:
    """A partial quote in a sentence whose subject is a named speaker doing something with
    words ("the senator likened the plan to a "leaky boat""): credit the subject."""
    seg = s[sent[0]:q.open_at]
    if len(seg.split()) > 25 or _looks_like_title(s[q.start:q.end]):
        return None
    sp = _sentence_subject(s[sent[0]:sent[1]], state)
    if sp is None or sp.nominal or sp.kind not in ("person", "organization") or sp.name is None:
        return None
    if not _SUBJECT_VERB_RE.search(seg):
        return None
    return _Attribution(sp, "", base + sent[0])


def _partial_attribution(s: str, sent: tuple[int, int], q: _QuoteSpan, state: _State,
                         base: int) -> _Attribution | None:
    """A reporting verb with a subject before the partial quote in its sentence ("X pledged "...")."""
    seg = s[sent[0]:q.open_at]
    cues = _cue_matches(seg, state)
    if not cues:
        return _subject_attribution(s, sent, q, state, base)
    # The last verb before the fragment, unless it sits in a relative clause ("saying anybody
    # who complains is "...""), where the verb before it is tried.
    m = cues[-1]
    if len(cues) > 1 and re.search(r"\b(?:who|that|which)\s+$", seg[max(0, m.start() - 12):m.start()]):
        m = cues[-2]
    if m.group(1).lower() in _GERUND_CUES:
        subject = _sentence_subject(s[sent[0]:sent[1]], state)
        if subject is not None:
            return _Attribution(subject, m.group(1), base + sent[0] + m.start())
    left = seg[: m.start()]
    sp = _cue_subject(seg, m.start(), m.group(1), state)
    pron = re.search(r"\b(?:what|which|that|as)\s+(he|she|they|it)\s*$", left)
    if sp is None and pron and pron.group(1) == "it":
        # "... condemned the test as what it called "...": "it" is the sentence's organisation.
        subject = _sentence_subject(s[sent[0]:sent[1]], state)
        if subject is not None and subject.kind == "organization" and subject.name:
            sp = subject
    if sp is None and pron:
        sp = Speaker(None, None, mention=pron.group(1), pronoun=True)
    if sp is None and left.strip():
        sp = _parse_subject(left, state) if len(left.split()) <= 20 else None
    if sp is None:
        return None
    tail = s[sent[0] + m.end():sent[1]]
    channel, said_on = _details_no_told(tail, state)
    return _Attribution(sp, m.group(1), base + sent[0] + m.start(), channel, said_on)


# Transcript layout: "SMITH: Well, ..." or "Host: ..." opening the quote or paragraph.
_LABEL_RE = re.compile(r"([A-Z][A-Z.'\u2019-]+(?:[ \u00a0][A-Z][A-Z.'\u2019-]+){0,2}):[ \u00a0]+(?=\S)")
# Byline-style attribution after a quote: "... the best year yet." ― Jane Roe
_DASH_ATTR_RE = re.compile(r"[ \u00a0]*[\u2015\u2014\u2013-]{1,2}[ \u00a0]*"
                           r"((?:[A-Z][\w.'\u2019-]*[ \u00a0]+){0,3}[A-Z][\w.'\u2019-]*)[ \u00a0.,]*$")


def _label_speaker(label: str, state: _State) -> Speaker | None:
    """A transcript label ("SMITH", "JANE DOE") as a speaker, expanded to the full name."""
    words = [w.capitalize() if w.isupper() else w for w in label.replace("\u00a0", " ").split()]
    if any(w.lower() in NON_NAMES or w.lower() in ORG_CUES for w in words) or label in {"Q", "A"}:
        return None
    name = _expand_name(" ".join(words), state)
    return Speaker(name, "person", mention=label)


def _label_attribution(s: str, q: _QuoteSpan, state: _State, base: int) -> _Attribution | None:
    m = _LABEL_RE.match(s, q.start)
    if not m or m.end() >= q.end:
        return None
    sp = _label_speaker(m.group(1), state)
    if sp is None:
        return None
    q.start = m.end()  # the statement starts after the label
    return _Attribution(sp, ":", base + q.start)


def _dash_attribution(s: str, pos: int, state: _State, base: int) -> _Attribution | None:
    m = _DASH_ATTR_RE.match(s, pos)
    if not m:
        return None
    sp = _speaker_from_run(m.group(1).split(), [], state)
    if sp is None or sp.kind != "person":
        return None
    return _Attribution(sp, "\u2015", base + pos)


def _lead_in_subject(s: str, sentences: list[tuple[int, int]], q: _QuoteSpan, state: _State,
                     base: int) -> _Attribution | None:
    """The named subject of the narrative sentence that leads into quote ``q`` in its paragraph."""
    sent = next(((a, b) for a, b in sentences if a <= q.open_at < b), None)
    if sent is None:
        return None
    if not s[sent[0]:q.open_at].strip(_WS):
        prev = [(a, b) for a, b in sentences if b <= sent[0]]
        if not prev:
            return None
        sent = prev[-1]
    text = s[sent[0]:min(sent[1], q.open_at)]
    if _MARKS_RE.match(text.lstrip(_WS)):
        return None  # the sentence before is a quote itself
    sp = _sentence_subject(text, state)
    if sp is None or sp.nominal and sp.kind != "person":
        return None
    if sp.pronoun and sp.name is None:
        _resolve_pronoun(sp, state)
    if sp.name is None or sp.kind not in ("person", "organization"):
        return None
    return _Attribution(sp, "", base + sent[0])


def _nearest_attributed(spans: list[_QuoteSpan], k: int) -> _Attribution | None:
    for j in range(k - 1, -1, -1):
        if spans[j].direct and spans[j].attribution and spans[j].local:
            return spans[j].attribution
    for j in range(k + 1, len(spans)):
        if spans[j].direct and spans[j].attribution and spans[j].local:
            return spans[j].attribution
    return None


def _narrative(s: str, spans: list[_QuoteSpan]) -> str:
    parts, pos = [], 0
    for q in spans:
        parts.append(s[pos:q.open_at])
        pos = (q.close_at + 1) if q.close_at is not None else len(s)
    parts.append(s[pos:])
    return " ".join(parts)


# Words that open a sentence before its subject: conjunctions and adverbs ("But", "Still,")
# and heads of introductory phrases, which run to the first comma ("During a town hall, ...").
_OPENERS = frozenset(_words(
    "but and so yet still now then also meanwhile however instead separately similarly indeed again moreover "
    "nonetheless nevertheless thus there here later earlier"
))
_INTRO_HEADS = frozenset(_words(
    "during on in at after before while when since like unlike despite following for under with without as "
    "though although once until over throughout outside inside back if because given amid among by from to "
    "upon within across asked pressed last this in addition according"
))
_FUNCTION_WORDS = frozenset(_words("his her their its of for and or at on to in by with"))
_WORD_AT_RE = re.compile(r"[\s\u00a0\"\u201c(]*([A-Za-z][\w'\u2019-]*)")
_SUBJECT_TOKEN_RE = re.compile(r"[^\s\u00a0]+")
_AGE_RE = re.compile(r"\d+-year-old|[\w-]+-based|\d+")


def _subject_np(text: str) -> tuple[list[str], bool]:
    """The words of a narrative sentence's subject noun phrase (skipping openers and
    introductory phrases), and whether the subject is "he"/"she"."""
    i = 0
    for _ in range(4):
        m = _WORD_AT_RE.match(text, i)
        if not m:
            return [], False
        first = m.group(1).lower()
        if first in _OPENERS:
            i = m.end()
            if text[i:i + 1] == ",":
                i += 1
            continue
        if first in _INTRO_HEADS or (m.group(1)[0].isupper() and first.endswith(("ing", "ed"))):
            comma = text.find(", ", m.end(), m.end() + 160)
            if comma < 0:
                return [], False
            i = comma + 2
            # A place after the phrase ("In Dover, Del., Jane Roe said") is part of it.
            nxt = text.find(", ", i, i + 20)
            if nxt > 0 and text[i:nxt].lower() in _US_STATES:
                i = nxt + 2
            continue
        break
    m = _WORD_AT_RE.match(text, i)
    if m and m.group(1) in ("He", "She"):
        return [], True
    words: list[str] = []
    for tok in _SUBJECT_TOKEN_RE.finditer(text, i):
        w = tok.group()
        core = w.strip(",;:()\"\u201c\u201d")
        if not core or w.startswith("("):
            break
        low = core.lower()
        if not (core[0].isupper() or (low in _ROLE_WORDS and low not in _FUNCTION_WORDS) or low in ("the", "a", "an")
                or _AGE_RE.fullmatch(core)):
            break
        words.append(core)
        if w.endswith((",", ";", ":", ")")) or w.startswith("("):
            break
    return words, False


def _subject_mentions(s: str, base: int, sentences: list[tuple[int, int]], protected: list[tuple[int, int]],
                      state: _State) -> list[tuple[int, Speaker]]:
    """The subject of each narrative sentence when it is a person the article names (or "he"/
    "she", resolved later in text order): the antecedents of later pronouns."""
    out = []
    for a, b in sentences:
        if any(p0 <= a < p1 for p0, p1 in protected):
            continue
        words, pronoun = _subject_np(s[a:b])
        if pronoun:
            out.append((base + a, Speaker(None, None, mention=s[a:b].lstrip(_WS + "\"\u201c(")[:3].strip().lower(),
                                          pronoun=True)))
            continue
        k = len(words)
        while k > 0 and (words[k - 1][0].isupper() or words[k - 1].lower() in _PARTICLES):
            k -= 1
        run = words[k:]
        if not run or run[-1].endswith(("'s", "\u2019s", "'", "\u2019")):
            continue  # no name, or a possessor ("Roe's plan")
        sp = _speaker_from_run(run, words[:k], state)
        if sp and sp.kind == "person" and sp.name and run[0].lower() not in NON_NAMES and (
                sp.name in state.gender or sp.name in state.full_names
                or (" " not in sp.name and _known_single(sp.name, state))):
            out.append((base + a, sp))
    return out


_NEXT_CAP_RE = re.compile(r"[ \u00a0]+[A-Z]")


_HONORIFIC_BEFORE_RE = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?[ \u00a0]+$")


def _index_mentions(text: str, state: _State) -> list[tuple[int, str]]:
    """(offset, full name) of every mention of a person whose gender the article gives by a
    first name or honorific and whose surname it ties to one full name (one scan of the
    article's capitalised words with a dictionary look-up: cheaper than parsing every
    capitalised run of every paragraph)."""
    keys = {last: full for last, full in state.names.items() if full in state.name_gender}
    shared = {last for last, fulls in state.fulls_by_last.items() if len(fulls) > 1 and last not in keys}
    out: list[tuple[int, str]] = []
    if not keys and not shared:
        return out
    for a, b in state.cap_tokens:
        if text[b - 1] == ".":
            b -= 1
        word = text[a:b]
        if word.endswith(("'s", "\u2019s")):
            word = word[:-2]
        full = keys.get(word)
        if full is None and word in shared:
            # "Mr. Roe" where the article names John and Jane Roe: the honorific decides.
            hon = _HONORIFIC_BEFORE_RE.search(text, max(0, a - 6), a)
            if hon:
                full = _expand_by_gender(word, "m" if hon.group(1) == "Mr" else "f", state)
                full = full if full != word else None
        # Not followed by another capitalised word: "Roe Foundation" is no mention of Jane Roe.
        if full is not None and not _NEXT_CAP_RE.match(text, b):
            out.append((a, full))
    return out


def _name_mentions(s: str, base: int, sentences: list[tuple[int, int]], protected: list[tuple[int, int]],
                   state: _State) -> list[tuple[int, Speaker]]:
    """People named anywhere in the paragraph's narrative (outside quotes), each placed at the end
    of its sentence, so that a pronoun in the same sentence never resolves to them."""
    index = state.mention_index
    k = bisect.bisect_left(index, (base, ""))
    out = []
    while k < len(index) and index[k][0] < base + len(s):
        pos, full = index[k]
        k += 1
        at = pos - base
        if any(p0 <= at < p1 for p0, p1 in protected):
            continue
        end = next((b for a, b in sentences if a <= at < b), len(s))
        out.append((base + end, Speaker(full, "person", mention=full)))
    return out


def _looks_like_title(inner: str) -> bool:
    """Short Title Case strings are names, titles or slogans rather than statements."""
    words = re.findall(r"[\w'\u2019-]+", inner)
    if not words or len(words) > 6:
        return False
    small = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "with", "or", "is"}
    return all(w[0].isupper() or w.lower() in small or w[0].isdigit() for w in words) and not inner.rstrip().endswith(
        ("?", "!"))


def _trim(s: str, start: int, end: int) -> tuple[int, int]:
    while start < end and s[start] in _WS + ",":
        start += 1
    while end > start and s[end - 1] in _WS + ",;:":
        end -= 1
    return start, end


def _make_quote(text: str, base: int, q: _QuoteSpan, kind: str, attr: _Attribution, conf: float) -> Quote:
    sp = attr.speaker
    if sp.name is None:
        conf = min(conf, 0.4)
    return Quote(text[base + q.start:base + q.end], base + q.start, base + q.end, kind, sp.name, sp.kind,
                 sp.role, attr.cue, attr.channel, attr.said_on, round(max(0.05, min(conf, 0.99)), 2))
