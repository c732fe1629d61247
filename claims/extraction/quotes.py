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

The word lists and shared patterns live in :mod:`claims.extraction.lexicon`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field

from .lexicon import (
    _ABBREVIATIONS,
    _AUX,
    _BARE_CLAUSE_CUES,
    _CALL_CUES,
    _CHANNEL_RE,
    _FEMALE_FIRST,
    _GERUND_CUES,
    _HONORIFICS,
    _MALE_FIRST,
    _MARKS_RE,
    _MONTHS,
    _NAME_TOKEN_RE,
    _NATIONALITIES,
    _PARTICLES,
    _PASSIVE,
    _PERSON_PRONOUNS,
    _PREPOSITIONS,
    _SENT_END_RE,
    _SINGLE_CLOSE,
    _SINGLE_MARKS_RE,
    _SINGLE_OPEN,
    _SUFFIXES,
    _TIME_RE,
    _TOKEN_RE,
    _US_STATES,
    _WEEKDAYS,
    _WS,
    CLAUSE_CUES,
    CLOSE_MARKS,
    CUE_VERBS,
    GROUP_NOUNS,
    MEDIA,
    NON_NAMES,
    OPEN_MARKS,
    ORG_ACRONYMS,
    ORG_CUES,
    ORG_NOMINALS,
    PERSON_NOMINALS,
    ROLE_MODIFIERS,
    SUBJECT_PRONOUNS,
    TITLES,
)
from .parser import ArticleParseError, ParsedArticle, Span, parse_article


def _words(text: str) -> list[str]:
    """Split a word list written as one string (keeps the long lists compact and readable)."""
    return text.split()


__all__ = ["EXTRACTOR_VERSION", "Quote", "extract_quotes", "extract_quotes_from_article", "render"]

EXTRACTOR_VERSION = "rules-1.1"

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

    def to_dict(self) -> dict[str, object]:
        """The JSON contract of the evaluation README (plus kind, date and confidence)."""
        return asdict(self)


@dataclass
class Speaker:
    name: str | None
    kind: str | None
    role: str | None = None
    mention: str = ""
    pronoun: bool = False
    nominal: bool = False


@dataclass
class _Attribution:
    speaker: Speaker
    cue: str
    pos: int
    channel: str | None = None
    said_on: str | None = None


@dataclass
class _QuoteSpan:
    open_at: int  # offset of the opening mark
    close_at: int | None  # offset of the closing mark, None if the quote runs to the paragraph end
    start: int
    end: int
    direct: bool = False
    attribution: _Attribution | None = None
    local: bool = False  # attribution found right next to the quote


@dataclass
class _State:
    """What earlier paragraphs established, for pronouns and continuation quotes."""

    published: dt.date | None
    names: dict[str, str] = field(default_factory=dict)  # surname -> full name
    roles: dict[str, str] = field(default_factory=dict)  # role noun -> full name
    persons: list[tuple[int, Speaker]] = field(default_factory=list)  # recent person mentions
    gender: dict[str, str] = field(default_factory=dict)  # full name -> "m" / "f" where the text says
    full_names: set[str] = field(default_factory=set)  # full names the text gives
    single_names: set[str] = field(default_factory=set)  # lowercased words the text uses as names
    midcaps: set[str] = field(default_factory=set)  # lowercased words capitalised mid-sentence
    last_group: tuple[int, Speaker] | None = None
    prev_para_attr: _Attribution | None = None
    prev_para_open_end: bool = False
    prev_para_colon: bool = False
    para_text: str = ""  # the paragraph being read (normalised marks) ...
    para_cues: list[tuple[int, int, str]] = field(default_factory=list)  # ... and its reporting verbs
    para_index: int = 0


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
    zones: list[tuple[Span, bool]] = []
    if article.headline_span is not None:
        zones.append((article.headline_span, True))
    if article.dek_span is not None:
        zones.append((article.dek_span, True))
    zones.extend((p, False) for p in article.paragraphs)
    quotes: list[Quote] = []
    for i, (para, is_head) in enumerate(zones):
        state.para_index = i
        quotes.extend(_paragraph_quotes(text, para, is_head, state))
    quotes.sort(key=lambda q: (q.start, q.end))
    return [q for q in quotes if q.end > q.start and text[q.start:q.end] == q.text]


def render(quotes: list[Quote], fmt: str = "json") -> str:
    """Output shared by ``python -m claims.extraction`` and ``manage.py extract_quotes``."""
    if fmt == "json":
        return json.dumps({"quotes": [q.to_dict() for q in quotes]}, ensure_ascii=False, indent=1)
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r} (use json or table)")
    rows = [("#", "kind", "speaker", "role", "cue", "conf", "text")]
    for n, q in enumerate(quotes, 1):
        snippet = q.text if len(q.text) <= 70 else q.text[:67] + "..."
        rows.append((str(n), q.kind, q.speaker or "?", (q.speaker_role or "")[:30], q.cue or "",
                     f"{q.confidence:.2f}", snippet.replace("\n", " ")))
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]) - 1)]
    lines = ["  ".join(r[c].ljust(widths[c]) for c in range(len(widths))) + "  " + r[-1] for r in rows]
    lines.append(f"{len(quotes)} statement(s)")
    return "\n".join(lines)


# --- names ------------------------------------------------------------------------------------

_NAME_RUN_RE = re.compile(
    r"(?<![\w.])(?:[A-Z][\w'\u2019\-]*\.?|[A-Z]\.)"
    r"(?:[ \u00a0]+(?:(?:de|da|del|van|von|der|di|du|la|le|bin|al)[ \u00a0]+)?"
    r"(?:[A-Z][\w'\u2019\-]*\.?|[A-Z]\.))+"
)


_HONORIFIC_RE = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?[ \u00a0]+([A-Z][\w'\u2019-]+)")


_MIDCAP_RE = re.compile(r"(?<=[a-z,;] )([A-Z][\w'\u2019-]+)")
# "President Vance", "Sen. Ortiz", "Gov. Reed": the word after a capitalised title is a name.
_TITLED_RE = re.compile(
    r"\b(?:President|Vice President|Sen\.|Senator|Rep\.|Representative|Gov\.|Governor|Mayor|Dr\.|Gen\.|"
    r"General|Secretary|Judge|Justice|Speaker|Chancellor|Prime Minister|Minister|Attorney General|Prof\.|"
    r"Professor|Rev\.|Reverend|Adm\.|Col\.|Lt\.|Capt\.|Sgt\.|Sheriff|Commissioner|Ambassador|Director|"
    r"Chairman|Chairwoman|Pope|King|Queen|Prince|Princess|Councilman|Councilwoman|Del\.|Delegate|Coach)"
    r"[ \u00a0]+(?:[A-Z]\.[ \u00a0]+)?([A-Z][\w'\u2019-]+)"
)


def _index_names(text: str, article: ParsedArticle, state: _State) -> None:
    """Map surnames to the full names the article gives, and role nouns to people."""
    full_by_last: dict[str, set[str]] = {}
    body_start = article.headline_span.end if article.headline_span else 0
    for m in _NAME_RUN_RE.finditer(text, body_start):
        tokens = m.group().replace("\u00a0", " ").split()
        cut = max((k for k, t in enumerate(tokens) if t.lower() in TITLES), default=-1)
        role_tokens, tokens = tokens[: cut + 1], tokens[cut + 1:]
        while tokens and (tokens[0].lower() in ROLE_MODIFIERS or tokens[0].lower() in NON_NAMES
                          or tokens[0].lower() in _NATIONALITIES):
            role_tokens.append(tokens.pop(0))
        tokens = [t.rstrip(".") if not re.fullmatch(r"[A-Z]\.", t) and t.lower() not in _SUFFIXES else t
                  for t in tokens]
        if tokens and tokens[-1].endswith(("'s", "\u2019s")):
            tokens[-1] = tokens[-1][:-2]  # possessive: "Jane Doe's plan"
        if len(tokens) < 2 or any(t.lower() in ORG_CUES or t.lower() in NON_NAMES or t in ORG_ACRONYMS
                                  for t in tokens):
            continue
        if text[m.end():m.end() + 2] in ("\u2019s", "'s") and False:
            continue
        full = " ".join(tokens)
        last = tokens[-1] if tokens[-1].lower() not in _SUFFIXES else tokens[-2]
        full_by_last.setdefault(last, set()).add(full)
        # Role before the name, in the same sentence: "Mayor Bill de Blasio", "spokesman John Kirby".
        before = text[max(0, m.start() - 60):m.start()].split()
        for word in [t.lower() for t in role_tokens] + [w.lower().strip(",") for w in before[-2:]]:
            if word in PERSON_NOMINALS and word not in state.roles:
                state.roles[word] = full
    state.single_names.update(last.lower() for last in full_by_last)
    state.midcaps.update(m.group(1).lower() for m in _MIDCAP_RE.finditer(text, body_start))
    for m in _TITLED_RE.finditer(text, body_start):
        state.single_names.add(m.group(1).lower())
    for fulls in full_by_last.values():
        state.full_names.update(fulls)
    for last, fulls in full_by_last.items():
        # Only expand a surname when the article gives one first name for it ("John Doe" and
        # "John Q. Doe" agree; "John Doe" and "Jane Doe" do not).
        firsts = {f.split()[0] for f in fulls}
        if len(firsts) == 1:
            state.names[last] = max(fulls, key=len)
    for m in _HONORIFIC_RE.finditer(text):
        state.single_names.add(m.group(2).lower())
        gender = "m" if m.group(1) == "Mr" else "f"
        surname = m.group(2)
        state.gender.setdefault(surname, gender)
        state.gender.setdefault(state.names.get(surname, surname), gender)
    for names in (state.names.values(),):
        for full in names:
            first = full.split()[0].lower()
            if first in _MALE_FIRST:
                state.gender.setdefault(full, "m")
            elif first in _FEMALE_FIRST:
                state.gender.setdefault(full, "f")


def _expand_name(name: str, state: _State) -> str:
    """The full name the article gives for a surname ("Doe Jr." -> "John Q. Doe Jr.")."""
    tokens = name.split()
    core = [t for t in tokens if t.lower() not in _SUFFIXES]
    if len(core) == 1:
        full = state.names.get(core[0])
        if full is None and core[0].isupper() and len(core[0]) > 2:
            full = state.names.get(core[0].capitalize())  # "SMITH" in a transcript
        return full or name
    if len(core) == 2 and not _known_single(core[0], state):
        # A two-word surname ("Garcia Lopez") that ends a longer full name.
        full = state.names.get(core[1])
        if full and full.endswith(" ".join(core)) and len(full.split()) > 2:
            return full
    return name


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
            word.group(1).lower().rstrip(".") in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1))
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


def _clean_tok(tok: str) -> str:
    return tok.lower().rstrip(",;:").replace("\u2019", "'")


def _is_name_token(tok: str) -> bool:
    return bool(_NAME_TOKEN_RE.match(tok)) and tok.lower() not in NON_NAMES


# --- speaker noun phrases ---------------------------------------------------------------------


def _parse_subject(left: str, state: _State) -> Speaker | None:
    """Speaker from the text just before a reporting verb ("..., Jane Doe, a professor at X")."""
    left = left.strip(_WS + ",")
    # Drop auxiliaries and adverbs between subject and verb ("U.S. officials have", "the mayor also").
    words = left.split()
    while words and words[-1].lower() in _AUX:
        words.pop()
    if not words:
        return None
    left = " ".join(words).rstrip(",")
    chunks = [c.strip(_WS) for c in re.split(r",|\s[\u2014\u2013]\s|\s--\s|\(|\)", left) if c.strip(_WS)]
    role_from_appos = None
    while chunks:
        chunk = chunks.pop()
        first = chunk.split()[0].lower()
        if chunks and (first in {"a", "an"} or (first == "the" and len(chunk.split()) > 2)
                       or first in {"who", "which", "whose"} or (chunk[0].islower() and first in TITLES)):
            if first not in {"who", "which", "whose"}:
                role_from_appos = chunk
            continue  # apposition after the name
        if chunks and first in _PREPOSITIONS:
            continue  # adverbial phrase between subject and verb
        if chunks and (re.fullmatch(r"[A-Z][\w.]*-[A-Z][\w.]*\.?|[A-Z]|\d{1,3}", chunk)
                       or chunk.lower() in _US_STATES):
            continue  # party/state tag like (D-Ore.), or the state after a town ("of Dover, Del.")
        sp = _parse_np_tail(chunk, state)
        if sp and role_from_appos and not sp.role and sp.kind == "person":
            sp.role = role_from_appos
        return sp
    return None


def _parse_np_tail(chunk: str, state: _State) -> Speaker | None:
    """The noun phrase that ends ``chunk``: a name, pronoun, group or role nominal."""
    words = chunk.replace("\u00a0", " ").split()
    while words and words[0].lower() in {"and", "but", "so", "yet", "then", "while"}:
        words = words[1:]
    while words and words[-1].lower() in _AUX:
        words.pop()
    if not words:
        return None
    last = _clean_tok(words[-1])
    if last in SUBJECT_PRONOUNS and len(words) <= 3:
        # Resolved later, in text order, once earlier speakers of the paragraph are known.
        return Speaker(None, None, mention=last, pronoun=True)
    if last in ("who",):
        return None
    # Name run from the end.
    i = len(words)
    while i > 0:
        w = words[i - 1]
        lw = w.lower()
        if _is_name_token(w) or lw in _SUFFIXES or (lw in _PARTICLES and i < len(words) and i > 1
                                                   and _is_name_token(words[i - 2])):
            i -= 1
            continue
        break
    run = words[i:]
    prefix = words[:i]
    if run:
        return _speaker_from_run(run, prefix, state)
    # Group: "U.S. officials", "some Democrats" (lowercase plural nouns).
    if last in GROUP_NOUNS:
        j = len(words) - 1
        while j > 0 and (words[j - 1][0].isupper() or words[j - 1].lower() in ROLE_MODIFIERS
                         or words[j - 1].lower() in GROUP_NOUNS
                         or words[j - 1].lower() in {"some", "many", "several", "other", "two", "three",
                                                     "both", "most", "few", "administration",
                                                     "intelligence", "government", "city", "county"}):
            j -= 1
        phrase = " ".join(words[j:])
        if len(words) - j > 5:
            return None
        return Speaker(phrase, "group", mention=phrase)
    # Role nominal with modifiers: "the Ohio businessman", "the mayor's former campaign strategist".
    if last in PERSON_NOMINALS or last in ORG_NOMINALS:
        j = len(words) - 1
        while j > 0 and len(words) - j <= 6:
            w = words[j - 1]
            lw = w.lower()
            if lw in _DETERMINERS or w.endswith(("'s", "\u2019s")):
                phrase = " ".join(words[j - 1:])
                if last in PERSON_NOMINALS:
                    return Speaker(state.roles.get(last, phrase), "person", mention=phrase, nominal=True)
                return Speaker(phrase, "organization", mention=phrase, nominal=True)
            if lw in _ROLE_STOP or not re.fullmatch(r"[\w.-]+", w) or lw.endswith("ly"):
                break
            j -= 1
    # Role nominal: "the mayor", "the company".
    if len(words) >= 2 and words[-2].lower() in {"the", "a", "an"} | {"his", "her", "their", "its"}:
        if last in PERSON_NOMINALS:
            name = state.roles.get(last)
            phrase = " ".join(words[-2:])
            return Speaker(name or phrase, "person", mention=phrase, nominal=True)
        if last in ORG_NOMINALS:
            phrase = " ".join(words[-2:])
            return Speaker(phrase, "organization", mention=phrase, nominal=True)
    if len(words) >= 3 and words[-3].lower() == "the" and last in PERSON_NOMINALS | ORG_NOMINALS:
        phrase = " ".join(words[-3:])
        kind = "person" if last in PERSON_NOMINALS else "organization"
        return Speaker(state.roles.get(last, phrase) if kind == "person" else phrase, kind,
                       mention=phrase, nominal=True)
    return None


def _speaker_from_run(run: list[str], prefix: list[str], state: _State) -> Speaker | None:
    """Split "Russian Defense Minister Sergei Shoigu" into role and name; spot organisations."""
    run = [w.rstrip(",") for w in run]
    lower = [w.lower() for w in run]
    if any(w in ORG_CUES for w in lower) or any(w in ORG_ACRONYMS for w in run) or (
            len(run) == 1 and lower[0] in MEDIA):
        # The organisation's name without its article ("the New York Post" -> "New York Post"),
        # as a reader would file it; the mention keeps the article.
        name = " ".join(run[1:] if lower[0] == "the" and len(run) > 1 else run)
        mention = ("the " + name) if (prefix and prefix[-1].lower() == "the") or lower[0] == "the" else name
        cut = max((k for k, w in enumerate(lower) if w in TITLES and k < len(run) - 1), default=-1)
        if cut >= 0 and not any(w in ORG_CUES for w in lower[cut + 1:]):
            return _person(run[cut + 1:], run[: cut + 1], prefix, state)
        return Speaker(name, "organization", mention=mention)
    cut = max((k for k, w in enumerate(lower) if w in TITLES), default=-1)
    name_tokens = run[cut + 1:]
    role_tokens = run[: cut + 1]
    # Party/nationality adjectives before a name ("Republican Jane Doe").
    while len(name_tokens) > 1 and (name_tokens[0].lower() in ROLE_MODIFIERS or name_tokens[0].endswith("an")
                                    and name_tokens[0].lower() in _NATIONALITIES):
        role_tokens.append(name_tokens.pop(0))
    if not name_tokens:
        return None
    if all(t.isupper() and len(t) > 1 for t in name_tokens) and len(name_tokens) == 1:
        return Speaker(name_tokens[0], "organization", mention=name_tokens[0])
    sp = _person(name_tokens, role_tokens, prefix, state)
    # A lone capitalised word is a person only if the article uses it as one (surname of a full
    # name, after a title or honorific) or it is a common first name; otherwise it is usually a
    # sentence-initial word ("During", "Meanwhile") or a place ("Paris").
    if sp.name and " " not in sp.name and not role_tokens and not _known_single(sp.name, state):
        low = sp.name.lower()
        if low in NON_NAMES or low in _NATIONALITIES or low in ROLE_MODIFIERS or low in _PREPOSITIONS:
            return None
        if low in GROUP_NOUNS:
            return Speaker(sp.name, "group", mention=sp.name)
        if low in state.midcaps or re.search(r"[a-z][A-Z]", sp.name):
            # Capitalised mid-sentence too ("Acme", "Norway"): a proper noun but not a
            # known person, so an organisation (or a group for plurals like "Democrats").
            kind = "group" if low.endswith("s") and low[:-1] in state.midcaps | {low[:-1]} else "organization"
            return Speaker(sp.name, kind, mention=sp.name)
        return None
    return sp


def _known_single(name: str, state: _State) -> bool:
    low = name.lower().rstrip(".")
    return low in state.single_names or low in _MALE_FIRST or low in _FEMALE_FIRST




_DETERMINERS = frozenset(_words("the a an his her their its my our your one another"))

_ROLE_STOP = frozenset(
    _words(
        "the a an and or but that who which whom whose this these those his her their its our my your he "
        "she they we it i is are was were be been has have had do does did will would can could may might "
        "to of as if so than then when while where after before because said says say told tells"
    )
) | _PREPOSITIONS


def _person(name_tokens: list[str], role_tokens: list[str], prefix: list[str], state: _State) -> Speaker:
    honorific = [t for t in name_tokens if t.lower() in _HONORIFICS]
    name_tokens = [t for t in name_tokens if t.lower() not in _HONORIFICS]
    name_tokens = [t[:-2] if t.endswith(("'s", "\u2019s")) else t for t in name_tokens]
    name = _expand_name(" ".join(name_tokens), state)
    role_words = []
    for w in reversed(prefix):
        lw = w.lower().rstrip(",")
        if lw in {"the", "a", "an"} or not w or w.endswith(","):
            break
        # Role words: capitalised, known titles/modifiers, or plain nouns ("county port commissioner");
        # stop at function words and verbs, which mean the role phrase has ended.
        if w[0].isupper() or lw in TITLES or lw in ROLE_MODIFIERS or lw in PERSON_NOMINALS or (
            lw.isalpha() and lw not in _ROLE_STOP and not lw.endswith(("ed", "ly")) and len(role_words) < 6
        ):
            role_words.insert(0, w)
            continue
        break
    role = " ".join(role_words + [t for t in role_tokens if t.lower() not in _HONORIFICS or not honorific])
    role = role.strip() or None
    if role and role.lower() in _HONORIFICS:
        role = None
    return Speaker(name, "person", role=role, mention=" ".join(name_tokens))


def _resolve_pronoun(sp: Speaker, state: _State) -> None:
    """Fill in a pronoun speaker with the most recent compatible person (or group for "they")."""
    pronoun = sp.mention.lower()
    if pronoun in _PERSON_PRONOUNS:
        unwanted = "f" if pronoun == "he" else "m"
        for _, person in reversed(state.persons[-8:]):
            if state.gender.get(person.name or "") != unwanted:
                sp.name, sp.kind, sp.role = person.name, "person", person.role
                if person.name:
                    state.gender.setdefault(person.name, "m" if pronoun == "he" else "f")
                return
    elif pronoun == "they" and state.last_group:
        group = state.last_group[1]
        sp.name, sp.kind, sp.role = group.name, group.kind, group.role


_INVERTED_RE = re.compile(
    r"[\s\u00a0]*((?:[^,.;:!?\u2014()\"\u201c\u201d]|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z][a-z])\.)*)"
)


def _parse_inverted(right: str, state: _State) -> tuple[Speaker | None, int]:
    """Speaker right after the verb ("said Doe, speaking of ..."); returns (speaker, length)."""
    m = _INVERTED_RE.match(right)
    if not m:
        return None, 0
    chunk = m.group(1)
    words = chunk.split()
    # Cut at the first word that cannot belong to the noun phrase.
    keep: list[str] = []
    for w in words:
        lw = w.lower()
        if keep and (lw in _PREPOSITIONS or lw in {"who", "that", "which", "and"}
                     or lw in _WEEKDAYS or lw.rstrip(".") in _MONTHS):
            break
        keep.append(w)
    if not keep or len(keep) > 9:
        return None, 0
    if keep[0].lower() in _PREPOSITIONS or keep[0].lower() in _WEEKDAYS:
        return None, 0
    sp = _parse_np_tail(" ".join(keep), state)
    if sp is None:
        return None, 0
    end = right.find(keep[-1]) + len(keep[-1])
    rest = right[end:]
    appos = re.match(r",\s+((?:a|an|the)\s+[^,.;]+?|[a-z][^,.;]*?(?:spokesman|spokeswoman|director|"
                     r"professor|analyst|chairman|official|leader|president|secretary)[^,.;]*?)(?=[,.;]|$)", rest)
    if appos and sp.kind == "person" and not sp.role:
        sp.role = appos.group(1)
    return sp, end


# --- attribution around quotes ----------------------------------------------------------------

_WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_PREV_WORD_RE = re.compile(r"([\w-]+)\W*$")


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
    return [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(s) if m.group().lower() in CUE_VERBS]


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


def _attribution_after(s: str, pos: int, limit: int, state: _State) -> _Attribution | None:
    """``," Smith said`` / ``," said Smith`` right after a closing mark at ``pos``."""
    seg = s[pos:limit]
    end = _first_sentence_end(seg)
    clause = seg[: end.start() + 1] if end else seg
    if not clause.strip(_WS + ",.") or len(clause.split()) > 40:
        return None
    if not re.match(r"[\s\u00a0]*[,\u2014\u2013-]?[\s\u00a0]*\S", clause) or clause.lstrip(_WS)[:1] in ".;":
        return None
    for m in _cue_matches(clause, state)[:1]:
        left = clause[: m.start()].strip(_WS + ",\u2014\u2013-")
        tail = clause[m.end():]
        if left:
            if len(left.split()) > 30:
                return None
            sp = _parse_subject(left, state)
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


def _details_no_told(tail: str, state: _State) -> tuple[str | None, str | None]:
    ch = _CHANNEL_RE.search(tail)
    channel = (ch.group("ch") or ch.group("media")) if ch else None
    return channel, _said_on(tail, state.published)


def _attribution_before(s: str, sent_start: int, pos: int, state: _State) -> _Attribution | None:
    """``Smith said, "`` / ``Smith told reporters: "`` right before an opening mark at ``pos``."""
    seg = s[sent_start:pos]
    if not re.search(r"[,:\u2014][\s\u00a0]*$", seg):
        return None
    cues = _cue_matches(seg, state)
    if not cues:
        return None
    m = cues[-1]
    between = seg[m.end():].strip(_WS)
    if len(between.split()) > 9:
        return None
    left = seg[: m.start()]
    sp = _parse_subject(left, state) if left.strip(_WS) else None
    if sp is None and not left.strip(_WS):
        sp, _ = _parse_inverted(seg[m.end():], state)
    if sp is None:
        return None
    tail = seg[m.end():]
    channel, said_on = _details(tail, state) if m.group(1).lower() in {"told", "tells"} else _details_no_told(
        tail, state)
    return _Attribution(sp, m.group(1), sent_start + m.start(), channel, said_on)


# --- reported speech ----------------------------------------------------------------------------

_SKIP_AFTER_CUE_RE = re.compile(
    r"(?:[\s\u00a0,]+(?:on|last|this|early|late|in|during|at|earlier)?\s*"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|week|month|year|morning|afternoon|evening|night|today|"
    r"yesterday|recently|previously|repeatedly|publicly|privately|earlier|later|again|also|\d{1,2}),?)*"
)


def _clause_after_cue(sent: str, cue_end: int, cue: str) -> tuple[int, str] | None:
    """Start of the reported clause after the verb, and the words skipped (channel/time)."""
    rest = sent[cue_end:]
    if cue.lower() in _CALL_CUES:
        # "called for the vote to be delayed", "called on the council to act"
        call = re.match(r"[\s\u00a0]+(?:for|on)\s+", rest)
        return (cue_end + call.end(), "") if call else None
    that = re.match(r"([^.;:!?\"\u201c]{0,80}?)\bthat\s+", rest)
    if that and len(that.group(1).split()) <= 10 and "," not in that.group(1).strip(", ")[:-1]:
        return cue_end + that.end(), that.group(1)
    if cue.lower() in {"told", "tells", "tell", "telling"}:
        obj = re.match(r"[\s\u00a0]*(?:reporters|journalists|the audience|the crowd|him|her|them|us|me|"
                       r"(?:the\s+)?(?:[A-Z][\w.'\u2019&-]*\s+){1,4})", rest)
        if not obj:
            return None
        skip = _SKIP_AFTER_CUE_RE.match(rest, obj.end())
        start = skip.end() if skip else obj.end()
        return cue_end + start, rest[:start]
    skip = _SKIP_AFTER_CUE_RE.match(rest)
    start = skip.end() if skip else 0
    nxt = rest[start:].lstrip(_WS + ",")
    # A bare clause must start like a subject: pronoun, determiner, name, number.
    if cue.lower() not in _BARE_CLAUSE_CUES or not re.match(
        r"(?:(?:he|she|it|they|we|I|you|there|the|a|an|his|her|their|its|our|my|your|this|these|those|"
        r"no|some|many|most|all|both|too|more|much|few|every|each|any|one|two|other|such|neither|either|"
        r"nobody|everyone|everybody|someone|somebody|people|only|not|if|when|while|although|because|"
        r"without|unless|once)\b|[A-Z\d])", nxt):
        return None
    return cue_end + len(rest) - len(nxt), rest[:start]


def _reported(s: str, base: int, sent: tuple[int, int], state: _State,
              protected: list[tuple[int, int]]) -> list[tuple[int, int, _Attribution]]:
    """Indirect statements in one sentence: (start, end, attribution) in paragraph offsets."""
    a, b = sent
    text = s[a:b]
    out: list[tuple[int, int, _Attribution]] = []
    stripped_end = len(text.rstrip(_WS + ".!?\"\u201d'\u2019"))
    if text.rstrip(_WS).endswith(("\u201d", '"')) and text.rstrip(_WS + "\u201d\"")[-1:] in ".!?":
        stripped_end = len(text.rstrip(_WS))  # keep a closing mark that ends a partial quote
        stripped_end = len(text.rstrip(_WS)) - 1 if text.rstrip(_WS)[-2:-1] in ".!?" else stripped_end

    # "According to X, CLAUSE." / "CLAUSE, according to X."
    acc = re.search(r"\b[Aa]ccording to\s+", text)
    if acc:
        if acc.start() == 0:
            comma = text.find(",", acc.end())
            if comma > 0:
                sp = _parse_np_tail(text[acc.end():comma], state) or _loose_np(text[acc.end():comma])
                if sp and stripped_end - comma > 12:
                    out.append((a + comma + 1, a + stripped_end, _Attribution(sp, "according to", base + a)))
                    return out
        elif text[: acc.start()].rstrip().endswith(","):
            tail = text[acc.end():stripped_end]
            sp = _parse_inverted(tail, state)[0] or _loose_np(tail)
            if sp:
                out.append((a, a + acc.start() - 1, _Attribution(sp, "according to", base + a + acc.start())))
                return out

    # "CLAUSE, Smith said." / "CLAUSE, said Smith." at the end of the sentence.
    comma = text.rfind(",", 0, stripped_end)
    if comma > 10:
        tail = text[comma + 1:stripped_end]
        cues = _cue_matches(tail, state)
        if cues and len(tail.split()) <= 14 and not any(p[0] <= a + comma < p[1] for p in protected):
            m = cues[0]
            left = tail[: m.start()].strip()
            sp = None
            if left:
                if len(left.split()) <= 9:
                    sp = _parse_np_tail(left.rstrip(","), state)
                    if sp and sp.mention and not left.endswith(sp.mention) and not sp.pronoun:
                        sp = sp if left.split()[-1].rstrip(",").lower() not in _AUX else sp
            else:
                sp = _parse_inverted(tail[m.end():], state)[0]
            if sp and m.group(1).lower() in CLAUSE_CUES - _GERUND_CUES:
                details = _details_no_told(tail[m.end():], state)
                out.append((a, a + comma, _Attribution(sp, m.group(1), base + a + comma + 1 + m.start(),
                                                       details[0], details[1])))
                return out

    # "CLAUSE, SPEAKER CUE, CLAUSE." (a parenthetical attribution): the whole sentence is reported.
    for m in _PAREN_ATTR_RE.finditer(text, 0, stripped_end):
        cue = m.group("cue")
        if cue.lower() not in CLAUSE_CUES or cue.lower() in _GERUND_CUES or cue.lower() in _CALL_CUES:
            continue
        if any(p[0] <= a + m.start() < p[1] for p in protected):
            continue
        sp = _parse_np_tail(m.group("np"), state)
        if sp is None or m.start() < 8 or stripped_end - m.end() < 10:
            continue
        start = len(text) - len(text.lstrip(_WS + "\"\u201c"))
        out.append((a + start, a + stripped_end, _Attribution(sp, cue, base + a + m.start("cue"))))
        return out

    # "SPEAKER CUE [that] CLAUSE."
    for m in _cue_matches(text, state):
        cue = m.group(1)
        if cue.lower() not in CLAUSE_CUES or any(p[0] <= a + m.start() < p[1] for p in protected):
            continue
        left = text[: m.start()]
        if cue.lower() in _GERUND_CUES and re.search(r"\b(?:is|are|was|were|been)\s+$", left):
            # Progressive "the mayor is telling residents that ...": the subject precedes "is".
            piece = re.split(r"[,;:]\s", left)[-1]
            sp = _parse_np_tail(piece, state) if len(piece.split()) <= 8 else None
        elif cue.lower() in _GERUND_CUES:
            sp = _sentence_subject(text, state) if ", " in left else None
        else:
            if left.rstrip().endswith(","):
                left_clean = left.rstrip(_WS + ",")
                sp = _parse_subject(left_clean, state) if len(left_clean.split()) <= 20 else None
            else:
                # The subject is the noun phrase before the verb, after the last clause break.
                piece = re.split(r"[,;:]\s|\b(?:and|but|because|as|while|when|after|before|although|though|if|"
                                 r"which|who)\s", left)[-1]
                piece = _TRAILING_ADVERBIAL_RE.sub("", piece)
                sp = _parse_np_tail(piece, state) if len(piece.split()) <= 12 else None
                if sp is None and left.strip() and re.search(r",\s*$", left) is None:
                    sp = _parse_subject(left, state) if "," in left and len(left.split()) <= 20 else None
        if sp is None:
            continue
        found = _clause_after_cue(text, m.end(), cue)
        if found is None:
            continue
        start, skipped = found
        if stripped_end - start < 12 or len(text[start:stripped_end].split()) < 3:
            continue
        channel, said_on = (_details(skipped, state) if cue.lower() in {"told", "tells", "telling"}
                            else _details_no_told(skipped, state))
        out.append((a + start, a + stripped_end, _Attribution(sp, cue, base + a + m.start(), channel, said_on)))
        break
    return out


# Time phrases between a subject and its verb ("the bank just this month announced").
_TRAILING_ADVERBIAL_RE = re.compile(
    r"(?:[\s\u00a0]+(?:just|also|this|last|next|earlier|later|week|month|year|morning|afternoon|evening|night|"
    r"on|in|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|recently|previously|"
    r"[a-z]+ly))+[\s\u00a0]*$"
)

_PAREN_ATTR_RE = re.compile(
    r",[\s\u00a0]+(?P<np>(?:[\w.'\u2019-]+[\s\u00a0]+){0,4}?[\w.'\u2019-]+)[\s\u00a0]+"
    r"(?:also[\s\u00a0]+)?(?P<cue>[a-z]+)(?:[\s\u00a0]+(?:on|in|last|this)?[\s\u00a0]*[A-Za-z]+day)?,[\s\u00a0]"
)

_LEAD_SUBJECT_RE = re.compile(
    r"(?:[^,]{0,60},\s+)?(?P<np>(?:(?:the|The)\s+)?(?:[A-Z][\w.'\u2019-]*\s+){0,6}(?:[A-Z][\w.'\u2019-]*)|[Hh]e|[Ss]he|"
    r"They)\s+(?:also\s+|has\s+|had\s+|have\s+)?[a-z]"
)


def _sentence_subject(sentence: str, state: _State) -> Speaker | None:
    """The subject of a sentence, for participle cues ("X attacked Y, saying ...")."""
    m = _LEAD_SUBJECT_RE.match(sentence)
    if not m:
        return None
    return _parse_np_tail(m.group("np"), state)


def _loose_np(text: str) -> Speaker | None:
    """Any short noun phrase after "according to" ("a new poll", "court documents")."""
    words = text.strip(_WS + ",.").split()
    if not words or len(words) > 8:
        return None
    phrase = " ".join(words)
    return Speaker(phrase if any(w[0].isupper() for w in words) else None, None, mention=phrase)


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
        after_attr = _attribution_after(s, q.close_at + 1, after_limit, state) if q.close_at is not None else None
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
            continue
        found = _reported(s, base, sent, state, [(q.open_at, (q.close_at or len(s)) + 1) for q in inside])
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
    events.sort(key=lambda e: e[0])
    for _, kind, obj in events:
        if kind == "mention":
            _update_state(obj, state)  # type: ignore[arg-type]
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
            elif state.prev_para_attr is not None and (continuation or state.prev_para_colon
                                                       or not narrative.strip(_WS + ".,;:\u2014-")):
                q.attribution, conf = state.prev_para_attr, 0.7
            else:
                continue
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
    r"(?:[a-z]+ed|[a-z]+s|blasted|likened|dismissed|exhorted|vowed|compared|referred|labeled|labelled|dubbed|"
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
    m = cues[-1]
    if m.group(1).lower() in _GERUND_CUES:
        subject = _sentence_subject(s[sent[0]:sent[1]], state)
        if subject is not None:
            return _Attribution(subject, m.group(1), base + sent[0] + m.start())
    left = seg[: m.start()]
    piece = re.split(r"[;:]\s|,\s(?![A-Z][a-z]+,)|\b(?:and|but|because|as|while|when|which|who)\s", left)[-1]
    sp = _parse_np_tail(piece, state) if piece.strip() and len(piece.split()) <= 12 else None
    pron = re.search(r"\b(?:what|which|that|as)\s+(he|she|they|it)\s*$", left)
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


_SUBJECT_RE = re.compile(
    r"(?:(?:[A-Z][\w'\u2019-]*\.?|[A-Z]\.)[ \u00a0]+){0,5}(?:[A-Z][\w'\u2019-]*|[A-Z]\.)(?=[ \u00a0]+[a-z])"
)


def _subject_mentions(s: str, base: int, sentences: list[tuple[int, int]], protected: list[tuple[int, int]],
                      state: _State) -> list[tuple[int, Speaker]]:
    """Person names that open a narrative sentence: likely subjects, antecedents of "he"/"she"."""
    out = []
    for a, _ in sentences:
        if any(p0 <= a < p1 for p0, p1 in protected):
            continue
        m = _SUBJECT_RE.match(s, a)
        if not m:
            continue
        words = m.group().split()
        sp = _speaker_from_run(words, [], state)
        if sp and sp.kind == "person" and sp.name and words[0].lower() not in NON_NAMES and (
                sp.name in state.gender or sp.name in state.full_names
                or (" " not in sp.name and _known_single(sp.name, state))):
            out.append((base + a, sp))
    return out


def _update_state(attr: _Attribution, state: _State) -> None:
    sp = attr.speaker
    if sp.name is None:
        return
    if sp.kind == "person" and not sp.nominal:
        state.persons.append((attr.pos, sp))
    elif sp.kind in ("group", "organization"):
        state.last_group = (attr.pos, sp)


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
