"""Speakers: the names an article gives, noun phrases before and after reporting verbs,
and the resolution of surnames, pronouns and role nominals ("the mayor") to full names.

The per-article reading state (:class:`_State`) lives here because speaker resolution is
what most of it is for."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from .lexicon import (
    _ABBREVIATIONS,
    _AUX,
    _FEMALE_FIRST,
    _HONORIFICS,
    _MALE_FIRST,
    _MONTHS,
    _NAME_TOKEN_RE,
    _NATIONALITIES,
    _PARTICLES,
    _PERSON_PRONOUNS,
    _PREPOSITIONS,
    _SUFFIXES,
    _US_STATES,
    _WEEKDAYS,
    _WS,
    GROUP_NOUNS,
    MEDIA,
    NON_NAMES,
    ORG_ACRONYMS,
    ORG_CUES,
    ORG_NOMINALS,
    PERSON_NOMINALS,
    ROLE_MODIFIERS,
    SUBJECT_PRONOUNS,
    TITLES,
    _words,
)
from .parser import ParsedArticle


@dataclass
class Speaker:
    name: str | None
    kind: str | None
    role: str | None = None
    mention: str = ""
    pronoun: bool = False
    nominal: bool = False
    gender: str | None = None  # "m" / "f" when this mention says so ("Mrs. Roe")


@dataclass
class _Attribution:
    speaker: Speaker
    cue: str
    pos: int
    channel: str | None = None
    said_on: str | None = None


@dataclass
class _State:
    """What earlier paragraphs established, for pronouns and continuation quotes."""

    published: dt.date | None
    names: dict[str, str] = field(default_factory=dict)  # surname -> full name
    fulls_by_last: dict[str, set[str]] = field(default_factory=dict)  # surname -> every full name with it
    full_order: dict[str, int] = field(default_factory=dict)  # full name -> rank of its first appearance
    roles: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # role noun -> (offset, person)
    persons: list[tuple[int, Speaker]] = field(default_factory=list)  # recent person mentions
    mentions: list[tuple[int, Speaker]] = field(default_factory=list)  # known people named anywhere
    para_starts: list[int] = field(default_factory=list)  # article offset of each zone read
    mention_index: list[tuple[int, str]] = field(default_factory=list)  # (offset, full name), sorted
    cap_tokens: list[tuple[int, int]] = field(default_factory=list)  # capitalised words of the article
    gender: dict[str, str] = field(default_factory=dict)  # full name -> "m" / "f" where the text says
    name_gender: dict[str, str] = field(default_factory=dict)  # ... from first names and honorifics only
    full_names: set[str] = field(default_factory=set)  # full names the text gives
    glued: set[str] = field(default_factory=set)  # "Rival Jane Roe" where the text also has "Jane Roe"
    single_names: set[str] = field(default_factory=set)  # lowercased words the text uses as names
    midcaps: set[str] = field(default_factory=set)  # lowercased words capitalised mid-sentence
    last_group: tuple[int, Speaker] | None = None
    prev_para_attr: _Attribution | None = None
    prev_para_open_end: bool = False
    prev_para_colon: bool = False
    para_text: str = ""  # the paragraph being read (normalised marks) ...
    para_cues: list[tuple[int, int, str]] = field(default_factory=list)  # ... and its reporting verbs
    para_index: int = 0
    run_cache: dict[tuple[tuple[str, ...], tuple[str, ...]], Speaker | None] = field(default_factory=dict)


# Capitalised words (with a full stop after an initial or abbreviation: "J.", "Sen."). One scan
# of these per article gives the name runs, the words capitalised mid-sentence and the
# mentions of known people.
# (The capital comes before the look-behind: a pattern that opens with a character class lets
# the regex engine skip ahead, one that opens with a look-behind tries every position.)
_CAP_TOKEN_RE = re.compile(r"[A-Z](?<![\w'\u2019.-].)[\w'\u2019-]*\.?")
_RUN_PARTICLES = frozenset(_words("de da del van von der di du la le bin al"))
_LOWER_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyz,;")


def _cap_tokens(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CAP_TOKEN_RE.finditer(text)]


def _name_runs(text: str, tokens: list[tuple[int, int]], start: int) -> list[tuple[int, int]]:
    """Spans of two or more capitalised words in a row (single spaces, or a particle, between)
    from offset ``start``."""
    runs = []
    k, n = 0, len(tokens)
    while k < n:
        a, end = tokens[k]
        j = k
        while j + 1 < n:
            gap = text[end:tokens[j + 1][0]]
            inner = gap.strip(" \u00a0")
            if not gap or (inner and (inner not in _RUN_PARTICLES or gap[0] not in " \u00a0"
                                      or gap[-1] not in " \u00a0")):
                break
            j += 1
            end = tokens[j][1]
        if j > k and a >= start:
            runs.append((a, end))
        k = j + 1
    return runs




def _read_run(run: str) -> tuple[str | None, list[str], list[str], tuple[str, str] | None]:
    """What one capitalised run tells: the full name in it (if a person's), its role words
    (lower case), the words it shows to be single names ("President Vance", "Sen. Ortiz"), and
    an honorific's sex and surname ("Mrs. Roe")."""
    tokens = run.replace("\u00a0", " ").split()
    lower = [t.lower() for t in tokens]
    singles = [_unpossessed(tokens[k + 1].rstrip(".,")) for k in range(len(tokens) - 1)
               if lower[k] in _TITLE_WORDS and tokens[k + 1][:1].isupper() and len(tokens[k + 1]) > 2]
    honorific = next(((_HONORIFIC_GENDER[lower[k].rstrip(".")], _unpossessed(tokens[k + 1]))
                      for k in range(len(tokens) - 1) if lower[k].rstrip(".") in ("mr", "mrs", "ms", "miss")
                      and len(tokens[k + 1]) > 1), None)
    # A full stop after a word that is no initial or abbreviation ends a sentence: the run
    # stops there ("... World War II. Last week ...").
    stop = next((k for k, t in enumerate(tokens[:-1]) if t.endswith(".") and len(t) > 2
                 and lower[k][:-1] not in _ABBREVIATIONS and lower[k] not in TITLES
                 and lower[k] not in _SUFFIXES and not _INITIALS_RE.fullmatch(t)),
                None) if "." in run else None  # (most runs have no full stop: skip the scan)
    if stop is not None:
        tokens = tokens[: stop + 1]
    cut = _title_cut(tokens)
    role_tokens, tokens = tokens[: cut + 1], tokens[cut + 1:]
    while tokens and (tokens[0].lower() in ROLE_MODIFIERS or tokens[0].lower() in NON_NAMES
                      or tokens[0].lower() in _NATIONALITIES):
        role_tokens.append(tokens.pop(0))
    # Drop full stops except after an initial ("J.") or a suffix ("Jr.").
    tokens = [t.rstrip(".") if not (len(t) == 2 and t[1] == "." and t[0].isupper())
              and t.lower() not in _SUFFIXES else t
              for t in tokens]
    if "s " in run:
        owner = max((k for k, t in enumerate(tokens[:-1]) if t.endswith(("'s", "\u2019s"))), default=-1)
        tokens = tokens[owner + 1:]  # "NBC's Dante Chinni": the possessor is no part of the name
    if tokens and tokens[-1].endswith(("'s", "\u2019s")):
        tokens[-1] = tokens[-1][:-2]  # possessive: "Jane Doe's plan"
    roles = [t.lower() for t in role_tokens]
    if any(len(t) > 3 and t.isupper() for t in tokens) and not all(t.isupper() for t in tokens):
        return None, roles, singles, honorific  # a capitalised subheading running into the text
    if len(tokens) < 2 or any(t.lower() in ORG_CUES or t.lower() in NON_NAMES or t in ORG_ACRONYMS
                              for t in tokens):
        return None, roles, singles, honorific
    return " ".join(tokens), roles, singles, honorific


_INITIALS_RE = re.compile(r"(?:[A-Z]\.)+")
# Capitalised titles after which a word is a single name ("President Vance", "Sen. Ortiz").
_TITLE_WORDS = frozenset(_words(
    "president sen. senator rep. representative gov. governor mayor dr. gen. general secretary judge justice "
    "speaker chancellor minister prof. professor rev. reverend adm. col. lt. capt. sgt. sheriff commissioner "
    "ambassador director chairman chairwoman pope king queen prince princess councilman councilwoman del. "
    "delegate coach"
))


def _index_names(text: str, article: ParsedArticle, state: _State) -> None:
    """Map surnames to the full names the article gives, and role nouns to people.

    One scan of the article's capitalised runs; a run seen before is read from a cache (names
    repeat: most of an article's runs are the same few people)."""
    full_by_last: dict[str, set[str]] = {}
    order = state.full_order
    honorifics: list[tuple[str, str]] = []
    body_start = article.headline_span.end if article.headline_span else 0
    seen: dict[str, tuple[str | None, list[str], list[str], tuple[str, str] | None]] = {}
    tokens = state.cap_tokens = _cap_tokens(text)
    for run_start, run_end in _name_runs(text, tokens, body_start):
        run = text[run_start:run_end]
        info = seen.get(run)
        if info is None:
            info = seen[run] = _read_run(run)
            state.single_names.update(w.lower() for w in info[2])
            if info[3] is not None:
                honorifics.append(info[3])
        full, role_words, _, _ = info
        if full is None:
            continue
        last = full.rsplit(" ", 1)[-1]
        if last.lower() in _SUFFIXES:
            last = full.split()[-2]
        if last not in full_by_last:
            full_by_last[last] = set()
        full_by_last[last].add(full)
        order.setdefault(full, len(order))
        # Role before the name, in the same sentence: "Mayor Bill de Blasio", "spokesman John Kirby".
        before = text[max(0, run_start - 40):run_start].split()[-2:]
        for word in role_words + [w.lower().strip(",") for w in before]:
            if word in PERSON_NOMINALS:
                state.roles.setdefault(word, []).append((run_start, full))
    state.single_names.update(last.lower() for last in full_by_last)
    state.midcaps.update(text[a:b].rstrip(".").lower() for a, b in tokens
                         if a >= body_start and a > 1 and text[a - 1] == " " and text[a - 2] in _LOWER_BEFORE
                         and b - a > 1 and text[a + 1] != ".")
    for fulls in full_by_last.values():
        # A capitalised word glued to a name at a sentence start ("Rival Jane Roe", "Democrat
        # Jane Roe") is not part of it when the article also gives the name without it.
        glued = {f for f in fulls if any(g != f and f.endswith(" " + g) for g in fulls)
                 and f.split()[0].lower() not in _MALE_FIRST and f.split()[0].lower() not in _FEMALE_FIRST}
        fulls -= glued
        state.glued.update(glued)
        state.full_names.update(fulls)
    state.fulls_by_last = full_by_last
    for last, fulls in full_by_last.items():
        # Only expand a surname when the article gives one first name for it ("John Doe" and
        # "John Q. Doe" agree; "John Doe" and "Jane Doe" do not), to the form it gives first.
        firsts = {f.split()[0] for f in fulls}
        if len(firsts) == 1:
            state.names[last] = min(fulls, key=lambda f: order.get(f, 0))
    for gender, surname in honorifics:
        state.single_names.add(surname.lower())
        state.gender.setdefault(surname, gender)
        state.gender.setdefault(state.names.get(surname, surname), gender)
    for names in (state.names.values(), state.full_names):
        for full in names:
            first = full.split()[0].lower()
            if first in _MALE_FIRST:
                state.gender.setdefault(full, "m")
            elif first in _FEMALE_FIRST:
                state.gender.setdefault(full, "f")
    state.name_gender = dict(state.gender)


def _unpossessed(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "\u2019s")) else word


def _expand_name(name: str, state: _State) -> str:
    """The full name the article gives for a surname ("Doe Jr." -> "John Q. Doe Jr.")."""
    tokens = name.split()
    core = [t for t in tokens if t.lower() not in _SUFFIXES]
    if len(core) == 1:
        full = state.names.get(core[0])
        if full is None and core[0].isupper() and len(core[0]) > 2:
            full = state.names.get(core[0].capitalize())  # "SMITH" in a transcript
        return full or name
    if len(core) == 2:
        # A two-word surname ("Garcia Lopez") that ends a longer full name ("Mr. Garcia Lopez"
        # makes "Garcia" a known single name too, so the full name decides).
        full = state.names.get(core[1])
        if full and full.endswith(" " + " ".join(core)) and len(full.split()) > 2 and (
                not _known_single(core[0], state) or full.split()[0] not in core):
            return full
    return name


def _clean_tok(tok: str) -> str:
    return tok.lower().rstrip(",;:").replace("\u2019", "'")


def _is_name_token(tok: str) -> bool:
    return bool(_NAME_TOKEN_RE.match(tok)) and tok.lower() not in NON_NAMES


# An apposition that gives a role through its owner: "Sanders' campaign manager", "the
# group's chief strategist".
_POSSESSIVE_ROLE_RE = re.compile(
    r"(?:the[\s\u00a0]+)?(?:[A-Z][\w.&-]*[\s\u00a0]+){0,3}[\w.&-]+['\u2019]s?[\s\u00a0]+[a-z]")


_CHUNK_SPLIT_RE = re.compile(r",|\s[\u2014\u2013\u2015]\s|\s--\s|\(|\)")
_TAG_CHUNK_RE = re.compile(r"[A-Z][\w.]*-[A-Z][\w.]*\.?(?: [A-Z][\w.]*)*|[A-Z]|\d{1,3}")
_PLAIN_WORD_RE = re.compile(r"[\w.-]+")
_CAMEL_RE = re.compile(r"[a-z][A-Z]")


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
    chunks = [c.strip(_WS) for c in _CHUNK_SPLIT_RE.split(left) if c.strip(_WS)]
    role_from_appos = None
    while chunks:
        chunk = chunks.pop()
        first = chunk.split()[0].lower()
        # "In a statement to Reuters, the union said": an opening phrase, however it ends, is
        # no speaker; what follows it is the subject, not an apposition.
        opening = all(c.split()[0].lower() in _PREPOSITIONS for c in chunks)
        if first in _PREPOSITIONS and not chunks:
            return None
        if chunks and not opening and (first in {"a", "an"} or (first == "the" and len(chunk.split()) > 2)
                       or first in {"who", "which", "whose"} or (chunk[0].islower() and first in TITLES)
                       or _POSSESSIVE_ROLE_RE.match(chunk)):
            if first not in {"who", "which", "whose"}:
                role_from_appos = chunk
            continue  # apposition after the name
        if chunks and first in _PREPOSITIONS:
            continue  # adverbial phrase between subject and verb
        if chunks and (_TAG_CHUNK_RE.fullmatch(chunk)
                       or chunk.lower() in _US_STATES):
            continue  # party/state tag like (D-Ore.), (R-Grand Rapids), or a town's state ("Dover, Del.")
        if chunks and chunk[0].islower() and (first.endswith(("ing", "ed", "ly"))
                                              or first in {"not", "now", "one", "part", "among", "both", "each"}):
            continue  # participle or adverb phrase after the name (", speaking from a podium in X,")
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
                                                   and _is_name_token(words[i - 2])) or (
                w.isdigit() and i > 1 and _is_name_token(words[i - 2])):  # "Local 212", "Channel 4"
            i -= 1
            continue
        break
    if 0 < i < len(words) and i >= 2 and words[i - 1] == "of" and _is_name_token(words[i - 2]) and (
            words[i - 2].lower() in ORG_CUES):
        # "the Association of Harbor Pilots", "University of Leeds": the name runs through "of".
        i -= 2
        while i > 0 and _is_name_token(words[i - 1]):
            i -= 1
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
        while j > 0 and len(words) - j <= 10:
            w = words[j - 1]
            lw = w.lower()
            if lw in {"of", "and"} and j > 1 and words[j - 2].lower() not in _ROLE_STOP:
                j -= 1  # "the former secretary of state and current nominee"
                continue
            if lw in _DETERMINERS or w.endswith(("'s", "\u2019s")):
                phrase = " ".join(words[j - 1:])
                if last in PERSON_NOMINALS:
                    return _role_speaker(last, phrase, state)
                return Speaker(phrase, "organization", mention=phrase, nominal=True)
            if lw in _ROLE_STOP or not _PLAIN_WORD_RE.fullmatch(w) or lw.endswith("ly"):
                break
            j -= 1
    # Role nominal: "the mayor", "the company".
    if len(words) >= 2 and words[-2].lower() in {"the", "a", "an"} | {"his", "her", "their", "its"}:
        if last in PERSON_NOMINALS:
            return _role_speaker(last, " ".join(words[-2:]), state)
        if last in ORG_NOMINALS:
            phrase = " ".join(words[-2:])
            return Speaker(phrase, "organization", mention=phrase, nominal=True)
    if len(words) >= 3 and words[-3].lower() == "the" and last in PERSON_NOMINALS | ORG_NOMINALS:
        phrase = " ".join(words[-3:])
        if last in PERSON_NOMINALS:
            return _role_speaker(last, phrase, state)
        return Speaker(phrase, "organization", mention=phrase, nominal=True)
    return None


def _role_speaker(noun: str, phrase: str, state: _State) -> Speaker:
    """"The spokesman": the person the article introduced with that role, the latest one before
    this paragraph ends (else the first one after it); no name when the article gives none."""
    people = state.roles.get(noun, [])
    bound = (state.para_starts[-1] if state.para_starts else 0) + len(state.para_text)
    before = [full for pos, full in people if pos < bound]
    name = before[-1] if before else (people[0][1] if people else None)
    if name is None and phrase.lower().startswith("the ") and state.persons and (
            _para_of(state.persons[-1][0], state) >= state.para_index - 1):
        # "the former secretary of state said ...", right after a paragraph about Jane Roe: an
        # epithet for the person in focus (news style avoids repeating a name).
        name = state.persons[-1][1].name
    return Speaker(name, "person", role=phrase, mention=phrase, nominal=True)


def _speaker_from_run(run: list[str], prefix: list[str], state: _State) -> Speaker | None:
    """Split "Russian Defense Minister Sergei Shoigu" into role and name; spot organisations.

    Memoised per article (the same few names come back in every paragraph); callers get a copy,
    which they may fill in."""
    key = (tuple(run), tuple(prefix[-8:]))
    if key in state.run_cache:
        sp = state.run_cache[key]
    else:
        sp = state.run_cache[key] = _read_speaker_run(run, prefix, state)
    return replace(sp) if sp is not None else None


def _read_speaker_run(run: list[str], prefix: list[str], state: _State) -> Speaker | None:
    run = [w.rstrip(",") for w in run]
    # A capitalised word that opens the sentence is no part of the name: "Although Trump",
    # "Now Jane Roe", "Was Roe (satisfied)"; an occupation there is a role ("Comedian Jane Roe").
    while len(run) > 1 and run[0].lower() in _SENTENCE_OPENERS:
        run = run[1:]
    if len(run) > 2 and run[0].lower() in _OCCUPATIONS:
        prefix, run = [*prefix, run[0]], run[1:]
    lower = [w.lower() for w in run]
    owner = max((k for k, w in enumerate(run[:-1]) if w.endswith(("'s", "\u2019s"))), default=-1)
    if owner >= 0 and all(_is_name_token(w) for w in run[owner + 1:]):
        # "NBC's Dante Chinni", "Acme's Jane Roe": the possessor is an affiliation, not the name.
        sp = _speaker_from_run(run[owner + 1:], prefix, state)
        if sp is not None and sp.kind == "person":
            sp.role = " ".join(run[: owner + 1] + ([sp.role] if sp.role else []))
        return sp
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
    cut = _title_cut(run)
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
        if _SURNAME_PREFIX_RE.match(sp.name):
            return sp  # "McAdoo", "O'Neal": shaped like a surname, never a sentence opener
        if low in state.midcaps or _CAMEL_RE.search(sp.name):
            # Capitalised mid-sentence too ("Acme", "Norway"): a proper noun but not a
            # known person, so an organisation (or a group for plurals like "Democrats").
            kind = "group" if low.endswith("s") and low[:-1] in state.midcaps | {low[:-1]} else "organization"
            return Speaker(sp.name, kind, mention=sp.name)
        return None
    return sp


_SENTENCE_OPENERS = frozenset(_words(
    "although though because since even now maybe perhaps was is were did does has had if unless until whether "
    "once instead indeed yes no only just not like unlike as despite meanwhile however also still yet then so "
    "but and or nor while when after before where why how what who which during on in at for from with without "
    "by of to into about under over through against"
))
_OCCUPATIONS = PERSON_NOMINALS | frozenset(_words(
    "comedian actor actress filmmaker singer rapper artist novelist producer entrepreneur investor "
    "philanthropist musician athlete poet playwright designer"
))


_SURNAME_PREFIX_RE = re.compile(r"(?:Mc|Mac|O['\u2019])[A-Z][a-z]+$")


def _title_cut(tokens: list[str]) -> int:
    """Index of the last title word in a name run, -1 if none.  A title word ending a run
    after a first name is a surname ("Charlie King", "Ann Bishop"), not a title."""
    lower = [t.lower() for t in tokens]
    titles = [k for k, w in enumerate(lower) if w in TITLES]
    if (titles and titles[-1] == len(tokens) - 1 and len(tokens) >= 2 and tokens[-2][:1].isupper()
            and ((lower[-2] not in TITLES and lower[-2] not in ROLE_MODIFIERS) or lower[-2] in _HONORIFICS)):
        titles.pop()
    return titles[-1] if titles else -1


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
    honorific = [t for t in name_tokens + role_tokens[-1:] if t.lower() in _HONORIFICS]
    name_tokens = [t for t in name_tokens if t.lower() not in _HONORIFICS]
    name_tokens = [t[:-2] if t.endswith(("'s", "\u2019s")) else t for t in name_tokens]
    while len(name_tokens) > 2 and " ".join(name_tokens) in state.glued:
        role_tokens = role_tokens + name_tokens[:1]  # "Rival Jane Roe": the role word goes to the role
        name_tokens = name_tokens[1:]
    gender = _HONORIFIC_GENDER.get(honorific[0].lower().rstrip(".")) if honorific else None
    name = _expand_name(" ".join(name_tokens), state)
    if gender and " " not in name:
        name = _expand_by_gender(name, gender, state)
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
    if gender and name:
        state.gender.setdefault(name, gender)
    return Speaker(name, "person", role=role, mention=" ".join(name_tokens), gender=gender)


_HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f"}


def _expand_by_gender(surname: str, gender: str, state: _State) -> str:
    """"Mrs. Roe" where the article names both John and Jane Roe: the one whose first name says so."""
    firsts, others = (_MALE_FIRST, _FEMALE_FIRST) if gender == "m" else (_FEMALE_FIRST, _MALE_FIRST)
    fulls = state.fulls_by_last.get(surname, set())
    fits = {f for f in fulls if f.split()[0].lower() in firsts}
    # Every other bearer of the surname must be known to be of the other sex.
    if len({f.split()[0] for f in fits}) != 1 or any(f.split()[0].lower() not in others for f in fulls - fits):
        return surname
    return min(fits, key=lambda f: state.full_order.get(f, 0))


def _resolve_pronoun(sp: Speaker, state: _State) -> None:
    """Fill in a pronoun speaker with the most recent compatible person (or group for "they")."""
    pronoun = sp.mention.lower()
    if pronoun in _PERSON_PRONOUNS:
        unwanted = "f" if pronoun == "he" else "m"
        best = next(((pos, person) for pos, person in reversed(state.persons[-8:])
                     if (person.gender or state.gender.get(person.name or "")) != unwanted), None)
        # A named person's gender must be known from a first name or honorific, not guessed
        # from earlier pronouns: places and bodies are named too ("Virginia", "United States").
        wanted = "m" if pronoun == "he" else "f"
        other = next(((pos, person) for pos, person in reversed(state.mentions[-12:])
                      if state.name_gender.get(person.name or "") == wanted), None)
        if other is not None and (best is None or _prefer_mention(best[0], other[0], state)):
            best = other
        if best is not None:
            person = best[1]
            sp.name, sp.kind, sp.role = person.name, "person", person.role
            if person.name:
                state.gender.setdefault(person.name, "m" if pronoun == "he" else "f")
            return
    elif pronoun == "they" and state.last_group:
        group = state.last_group[1]
        sp.name, sp.kind, sp.role = group.name, group.kind, group.role


def _para_of(pos: int, state: _State) -> int:
    return bisect.bisect_right(state.para_starts, pos) - 1


def _prefer_mention(subject_pos: int, mention_pos: int, state: _State) -> bool:
    """Whether a person merely named (not a subject or speaker) is a better antecedent for a
    pronoun than the last subject: only when named in a later paragraph.  Measured: plain
    recency over all mentions is much worse; a later paragraph catches "... with Jane Roe
    lambasting the plan." followed by '"...," she said.'"""
    return mention_pos > subject_pos and _para_of(mention_pos, state) > _para_of(subject_pos, state)


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
    if (keep[0].lower() in _PREPOSITIONS or keep[0].lower() in _WEEKDAYS
            or keep[0].lower() in {"that", "whether", "if", "it", "this", "what", "how", "why"}):
        return None, 0  # "suggests that Phoenix ...": a clause follows the verb, not its speaker
    sp = _parse_np_tail(" ".join(keep), state)
    if sp is None:
        return None, 0
    end = right.find(keep[-1]) + len(keep[-1])
    rest = right[end:]
    appos = re.match(r",\s+((?:a|an|the)\s+[^,.;]+?|[a-z][^,.;]*?(?:spokesman|spokeswoman|director|"
                     r"professor|analyst|chairman|official|leader|president|secretary)[^,.;]*?)(?=[,.;]|$)", rest)
    if appos and sp.kind == "person" and not sp.role:
        sp.role = appos.group(1)
        end += appos.end()
    return sp, end


# Lower-case words that may stand before a subject's name ("presidential nominee Jane Roe").
_ROLE_WORDS = TITLES | ROLE_MODIFIERS | PERSON_NOMINALS | _NATIONALITIES
_ROLE_STOP_WORDS = frozenset(_words("the his her their its of for and at on"))
_ROLE_WORD_ALT = "|".join(sorted((re.escape(w) for w in _ROLE_WORDS if w.isalpha() and w not in _ROLE_STOP_WORDS),
                                  key=len, reverse=True))

_LEAD_SUBJECT_RE = re.compile(
    r"(?P<intro>[^,]{0,60},\s+)??(?P<np>(?:(?:the|The)\s+)?(?:(?:[A-Z][\w.'\u2019-]*|" + _ROLE_WORD_ALT + r")\s+){0,8}"
    r"(?:[A-Z][\w.'\u2019-]*)|[Hh]e|[Ss]he|They)"
    # The subject ends at its verb, an apposition (", 54, a nurse"), or a party tag ("(D-Ohio)").
    r"(?:\s+(?:also\s+|has\s+|had\s+|have\s+)?[a-z]|,\s|\s\()"
)


def _sentence_subject(sentence: str, state: _State) -> Speaker | None:
    """The subject of a sentence, for participle cues ("X attacked Y, saying ...")."""
    # The sentence's first noun phrase, else the one after an introductory phrase ("During
    # the debate, Jane Roe ..."): the lazy intro group tries the shorter reading first.
    m = _LEAD_SUBJECT_RE.match(sentence)
    sp = _subject_np(sentence, m, state) if m else None
    if sp is None and m is not None and m.group("intro") is None:
        comma = sentence.find(", ", 0, 62)
        m = _LEAD_SUBJECT_RE.match(sentence, comma + 2) if comma > 0 else None
        sp = _subject_np(sentence, m, state) if m else None
    return sp


def _subject_np(sentence: str, m: re.Match[str], state: _State) -> Speaker | None:
    np = m.group("np")
    if np.endswith(("'s", "\u2019s")):
        # A possessive is the subject only with its noun: "Jane Roe's campaign said".
        nxt = re.match(r"\s+([a-z]+)", sentence[m.end("np"):])
        if nxt and (nxt.group(1) in PERSON_NOMINALS or nxt.group(1) in ORG_NOMINALS):
            return _parse_np_tail(np + " " + nxt.group(1), state)
        return None
    return _parse_np_tail(np, state)


def _loose_np(text: str) -> Speaker | None:
    """Any short noun phrase after "according to" ("a new poll", "court documents")."""
    words = text.strip(_WS + ",.").split()
    if not words or len(words) > 8:
        return None
    phrase = " ".join(words)
    return Speaker(phrase if any(w[0].isupper() for w in words) else None, None, mention=phrase)


def _update_state(attr: _Attribution, state: _State) -> None:
    sp = attr.speaker
    if sp.name is None:
        return
    if sp.kind == "person" and not sp.nominal:
        state.persons.append((attr.pos, sp))
    elif sp.kind in ("group", "organization"):
        state.last_group = (attr.pos, sp)
