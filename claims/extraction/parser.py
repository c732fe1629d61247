"""Parse a stored news article into its parts, keeping character offsets.

The stored text format (see the eval README) is line based::

     date 2023-07-26 <headline> - <outlet>     metadata line (optional, may start with a space)
    <headline>

    <dek>                                     optional
    <byline>                                  optional, author names
    <photo caption ending with its credit>    optional, right under the byline

    <body paragraphs separated by blank lines>

The parser works on blocks of non-blank lines and classifies the header blocks with small
heuristics (what a byline looks like, what a photo credit looks like).  Every field is
given both as a string and as a :class:`Span` whose ``start``/``end`` are offsets into
the *input* string, so callers can store the original text and point back into it.
Windows line endings are accepted as-is (offsets then still refer to the raw string).

No Django import here: the module is used by the CLI, tests and benchmarks on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

__all__ = ["ArticleParseError", "ParsedArticle", "Span", "parse_article", "parse_html"]


def _words(text: str) -> list[str]:
    """Split a word list written as one string (keeps the long lists compact and readable)."""
    return text.split()


class ArticleParseError(ValueError):
    """The input holds no usable article text."""


@dataclass(frozen=True)
class Span:
    """A piece of the input text: ``source[start:end] == text``."""

    text: str
    start: int
    end: int


@dataclass
class ParsedArticle:
    """An article split into fields; each ``*_span`` points into :attr:`source`."""

    source: str
    published: dt.date | None = None
    outlet: str | None = None
    headline: str | None = None
    dek: str | None = None
    bylines: list[str] = field(default_factory=list)
    caption: str | None = None
    caption_credit: str | None = None
    paragraphs: list[Span] = field(default_factory=list)
    body_start: int = 0
    metadata_span: Span | None = None
    outlet_span: Span | None = None
    headline_span: Span | None = None
    dek_span: Span | None = None
    byline_span: Span | None = None
    byline_spans: list[Span] = field(default_factory=list)
    caption_span: Span | None = None
    caption_credit_span: Span | None = None

    @property
    def body(self) -> str:
        """The body paragraphs joined by blank lines (for display, not for offsets)."""
        return "\n\n".join(p.text for p in self.paragraphs)


# --- regexes and word lists ---------------------------------------------------------------

# " date 2023-07-26 Headline words - Outlet"; the date is optional so that pages without one
# (parse_html) can still carry headline and outlet.
_METADATA_RE = re.compile(r"^[ \t\u00a0]*date(?:[ \t\u00a0]+(?P<date>\d{4}-\d{2}-\d{2}))?[ \t\u00a0]+(?P<rest>.*)$")
_OUTLET_SEP_RE = re.compile(r"[ \t\u00a0]+[-\u2013\u2014|][ \t\u00a0]+")
_WS = " \t\r\n\u00a0\u2009\u202f\ufeff"

# A byline is a short run of capitalised name tokens joined by "and" / "," / "&".
_NAME_TOKEN = r"(?:[A-Z\u00c0-\u00de][\w'\u2019.\-]*|[A-Z]\.)"
_NAME_PARTICLE = r"(?:de|da|del|der|den|di|du|van|von|la|le|bin|al|ibn|dos|das|y)"
_NAME = rf"{_NAME_TOKEN}(?:[ \u00a0]+(?:{_NAME_TOKEN}|{_NAME_PARTICLE}(?=[ \u00a0]+[A-Z])))*"
_BYLINE_RE = re.compile(
    rf"^(?:[Bb]y[ \u00a0]+)?(?P<names>{_NAME}"
    rf"(?:[ \u00a0]*(?:,|&|\band\b|,[ \u00a0]*and\b)[ \u00a0]*{_NAME})*)[ \u00a0]*$"
)
_BYLINE_SPLIT_RE = re.compile(r"\s*(?:,\s*and\s+|,|&|\band\b)\s*")
# Words that start a sentence rather than a name, so a one-line sentence is not a byline.
_NOT_NAME_WORDS = frozenset(
    _words(
        "The A An This That These Those It He She They We I In On At For From With As But And Or If When "
        "While After Before Photo Image Video Watch Listen Read Click Updated Published Share"
    )
)

# Typical photo credits: "... via AP", "Getty Images", "AP Photo/...", "(Reuters)", "Photo: ...".
_CREDIT_HINT_RE = re.compile(
    r"(?:\bvia\b|Getty|Images?\b|\bAP\b|Associated Press|Reuters|AFP|\bEPA\b|Bloomberg|Shutterstock|"
    r"\bPhoto|\bCredit|Courtesy|courtesy|Agency|Service|Pool|Press|News|/)"
)
_TRAILING_PAREN_RE = re.compile(r"[(\[](?P<credit>[^()\[\]]{2,80})[)\]][\s.]*$")
_SENTENCE_END_RE = re.compile(r"[.!?][\"'\u201d\u2019)]*[ \u00a0]+(?=\S)")


# --- line/block helpers ---------------------------------------------------------------------


_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the line terminator (\\n, \\r\\n or \\r)."""
    out: list[tuple[int, int]] = []
    for m in _LINE_RE.finditer(text):
        if m.start() == len(text) and m.end() == len(text) and out:
            break
        body = m.group().rstrip("\r\n")
        out.append((m.start(), m.start() + len(body)))
        if m.end() == len(text):
            break
    return out


def _span(text: str, start: int, end: int) -> Span:
    """Span of text[start:end] with surrounding whitespace (incl. NBSP) trimmed."""
    while start < end and text[start] in _WS:
        start += 1
    while end > start and text[end - 1] in _WS:
        end -= 1
    return Span(text[start:end], start, end)


def _blocks(text: str, lines: list[tuple[int, int]]) -> list[list[Span]]:
    """Group non-blank lines into blocks separated by blank lines."""
    blocks: list[list[Span]] = []
    current: list[Span] = []
    for start, end in lines:
        sp = _span(text, start, end)
        if not sp.text:
            if current:
                blocks.append(current)
                current = []
            continue
        current.append(sp)
    if current:
        blocks.append(current)
    return blocks


def _block_span(text: str, block: list[Span]) -> Span:
    return _span(text, block[0].start, block[-1].end)


# --- classification heuristics -----------------------------------------------------------------


def looks_like_byline(line: str) -> bool:
    """A short line of capitalised names ("Dan Morrison", "By A. Smith and B. Jones")."""
    line = line.strip(_WS)
    words = line.split()
    if not words or len(words) > 14 or any(ch.isdigit() for ch in line):
        return False
    first = words[1] if words[0].lower() == "by" and len(words) > 1 else words[0]
    if first in _NOT_NAME_WORDS:
        return False
    m = _BYLINE_RE.match(line)
    if not m:
        return False
    names = [n for n in _BYLINE_SPLIT_RE.split(m.group("names")) if n]
    # A single capitalised word is more likely a one-word dek or body fragment than a byline.
    return all(len(n.split()) >= 2 or n.isupper() for n in names)


def split_bylines(line: str) -> list[str]:
    """"By A and B, C" -> ["A", "B", "C"]."""
    line = re.sub(r"^\s*[Bb]y\s+", "", line.strip(_WS))
    return [n.strip(_WS) for n in _BYLINE_SPLIT_RE.split(line) if n.strip(_WS)]


def split_caption_credit(caption: str) -> tuple[str, str | None]:
    """Split a photo caption into (caption, credit) where a trailing credit is recognisable.

    The credit is the text after the caption's last sentence if it is short and looks like
    an agency / photographer credit, or a trailing parenthesised credit "(Reuters)".
    """
    caption = caption.strip(_WS)
    m = _TRAILING_PAREN_RE.search(caption)
    if m and _looks_like_credit(m.group("credit")):
        return caption[: m.start()].rstrip(_WS), m.group("credit").strip(_WS)
    ends = list(_SENTENCE_END_RE.finditer(caption))
    if ends:
        tail = caption[ends[-1].end():]
        if _looks_like_credit(tail) and not tail.rstrip().endswith((".", "?", "!")) or (
            _looks_like_credit(tail) and len(tail.split()) <= 4
        ):
            return caption[: ends[-1].end()].rstrip(_WS), tail.strip(_WS)
    elif _looks_like_credit(caption) and len(caption.split()) <= 8:
        return "", caption
    return caption, None


def _looks_like_credit(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 14:
        return False
    lower = [w for w in words if w[:1].islower() and w not in {"via", "for", "of", "and", "by", "de", "the"}]
    return len(lower) <= 1 and bool(_CREDIT_HINT_RE.search(text))


def _looks_like_dek(block: list[Span]) -> bool:
    """A single short line; deks often lack a full stop, body paragraphs rarely do."""
    if len(block) != 1:
        return False
    line = block[0].text
    return len(line.split()) <= 40 and not line.endswith((".", '"', "\u201d", "\u2019", "'", "!", "?"))


# --- main entry points ----------------------------------------------------------------------


def parse_article(text: str) -> ParsedArticle:
    """Parse an article in the stored text format; a text without metadata line is all body."""
    if not isinstance(text, str):
        raise ArticleParseError(f"article text must be str, not {type(text).__name__}")
    if not text.strip(_WS):
        raise ArticleParseError("article text is empty")
    art = ParsedArticle(source=text)
    lines = _lines(text)
    first = next((i for i, (s, e) in enumerate(lines) if text[s:e].strip(_WS)), None)
    assert first is not None
    meta = _METADATA_RE.match(text[lines[first][0]:lines[first][1]])
    if not meta:
        _fill_body(art, _blocks(text, lines))
        return art

    _fill_metadata(art, meta, lines[first][0])
    rest = lines[first + 1:]
    # The headline is the first non-blank line after the metadata line.
    while rest and not text[rest[0][0]:rest[0][1]].strip(_WS):
        rest = rest[1:]
    if rest:
        art.headline_span = _span(text, *rest[0])
        art.headline = art.headline_span.text
        rest = rest[1:]
    elif art.metadata_span is not None and art.headline is None:
        raise ArticleParseError("article has a metadata line but no headline or body")
    blocks = _blocks(text, rest)
    blocks = _fill_header(art, blocks)
    _fill_body(art, blocks)
    return art


def _fill_metadata(art: ParsedArticle, meta: re.Match[str], offset: int) -> None:
    text = art.source
    line_end = offset + meta.end()
    art.metadata_span = _span(text, offset, line_end)
    if meta.group("date"):
        try:
            art.published = dt.date.fromisoformat(meta.group("date"))
        except ValueError:
            art.published = None
    rest_start = offset + meta.start("rest")
    rest = meta.group("rest")
    seps = list(_OUTLET_SEP_RE.finditer(rest))
    if seps:
        sep = seps[-1]
        art.outlet_span = _span(text, rest_start + sep.end(), rest_start + len(rest))
        art.outlet = art.outlet_span.text or None
        # Headline from metadata only as a fallback: the next line carries the real one.
        art.headline = rest[: sep.start()].strip(_WS) or None


def _fill_header(art: ParsedArticle, blocks: list[list[Span]]) -> list[list[Span]]:
    """Consume dek / byline / caption blocks from the front; return the body blocks."""
    text = art.source
    if not blocks:
        return blocks
    byline_at = None
    for i in range(min(2, len(blocks))):
        if looks_like_byline(blocks[i][0].text):
            byline_at = i
            break
    if byline_at == 1 or (byline_at is None and len(blocks) > 1 and _looks_like_dek(blocks[0])):
        art.dek_span = _block_span(text, blocks[0])
        art.dek = art.dek_span.text
        blocks = blocks[1:]
        byline_at = 0 if byline_at == 1 else None
    if byline_at == 0:
        block = blocks[0]
        art.byline_span = block[0]
        art.bylines = split_bylines(block[0].text)
        art.byline_spans = _name_spans(text, block[0])
        if len(block) > 1:
            _fill_caption(art, _block_span(text, block[1:]))
        blocks = blocks[1:]
    return blocks


def _name_spans(text: str, line: Span) -> list[Span]:
    out = []
    pos = line.start
    for name in split_bylines(line.text):
        start = text.find(name, pos, line.end)
        if start >= 0:
            out.append(Span(name, start, start + len(name)))
            pos = start + len(name)
    return out


def _fill_caption(art: ParsedArticle, span: Span) -> None:
    caption, credit = split_caption_credit(span.text)
    if credit is not None:
        cstart = span.start + span.text.rfind(credit)
        art.caption_credit_span = Span(credit, cstart, cstart + len(credit))
        art.caption_credit = credit
    if caption:
        art.caption_span = Span(caption, span.start, span.start + len(caption))
        art.caption = caption


def _fill_body(art: ParsedArticle, blocks: list[list[Span]]) -> None:
    art.paragraphs = [_block_span(art.source, b) for b in blocks]
    if art.paragraphs:
        art.body_start = art.paragraphs[0].start
    else:
        art.body_start = len(art.source)


# --- HTML ------------------------------------------------------------------------------------


def html_to_text(html: str) -> str:
    """Extract the article from a saved web page into the stored text format (trafilatura)."""
    if not html or not html.strip():
        raise ArticleParseError("HTML page is empty")
    import trafilatura  # imported lazily: heavy, and only needed for web pages

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        raise ArticleParseError("no article text found in the HTML page")
    title = _clean_line(getattr(doc, "title", None))
    date = _clean_line(getattr(doc, "date", None))
    site = _clean_line(getattr(doc, "sitename", None))
    author = _clean_line(getattr(doc, "author", None))
    dek = _clean_line(getattr(doc, "description", None))
    parts: list[str] = []
    if title:
        date_part = f" {date[:10]}" if date and re.match(r"\d{4}-\d{2}-\d{2}", date) else ""
        parts.append(f" date{date_part} {title}" + (f" - {site}" if site else ""))
        parts.append(title)
        parts.append("")
        if dek and dek != title and not body.startswith(dek):
            parts.extend([dek, ""])
        if author:
            parts.extend([" and ".join(a.strip() for a in author.split(";") if a.strip()), ""])
    paragraphs = [p.strip() for p in body.splitlines() if p.strip()]
    parts.append("\n\n".join(paragraphs))
    return "\n".join(parts) + "\n"


def _clean_line(value: object) -> str:
    return " ".join(str(value).split()) if value else ""


def parse_html(html: str) -> ParsedArticle:
    """Find the article in a saved web page, render it in the stored format and parse that.

    ``result.source`` is the rendered text: store it, since all offsets point into it.
    """
    return parse_article(html_to_text(html))
