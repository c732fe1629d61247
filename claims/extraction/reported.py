"""Reported (indirect) speech without quotation marks: ``SPEAKER CUE [that] CLAUSE``,
``CLAUSE, SPEAKER CUE``, parenthetical ``CLAUSE, SPEAKER CUE, CLAUSE`` and ``according to``."""

from __future__ import annotations

import bisect
import re

from .cues import (
    _cue_matches,
    _details,
    _details_no_told,
    _opening_channel,
)
from .lexicon import (
    _AUX,
    _BARE_CLAUSE_CUES,
    _CALL_CUES,
    _GERUND_CUES,
    _OBJECT_CUES,
    _PREPOSITIONS,
    _WS,
    CLAUSE_CUES,
    NON_NAMES,
    PERSON_NOMINALS,
    _words,
)
from .speakers import (
    Speaker,
    _Attribution,
    _loose_np,
    _parse_inverted,
    _parse_np_tail,
    _parse_subject,
    _role_speaker,
    _sentence_subject,
    _State,
)

_SKIP_AFTER_CUE_RE = re.compile(
    r"(?:[\s\u00a0,]+(?:on|last|this|early|late|in|during|at|earlier)?\s*"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|week|month|year|morning|afternoon|evening|night|today|"
    r"yesterday|recently|previously|repeatedly|publicly|privately|earlier|later|again|also|\d{1,2}),?)*"
)


# A bare clause opening with a common noun phrase and its verb ("said local officials should
# act", "says hackers are targeting ..."): up to three lower-case words, then an auxiliary.
_NOUN_SUBJECT = (r"(?!(?:in|on|at|to|for|with|by|from|about|during|after|before|nothing|yes|no|so|that|what|how)\b)"
                 r"(?:[a-z][\w'\u2019-]*\s+){1,4}(?:should|would|could|will|can|must|may|might|is|are|was|were|has|"
                 r"have|had|did|does|do|need|needs|wo|ca)(?:\b|n['\u2019]t)")

_BARE_CLAUSE_RE = re.compile(
    r"(?:(?:he|she|it|they|we|I|you|there|the|a|an|his|her|their|its|our|my|your|this|these|those|"
    r"no|some|many|most|all|both|too|more|much|few|every|each|any|one|two|other|such|neither|either|"
    r"nobody|everyone|everybody|someone|somebody|people|only|not|if|when|while|although|because|"
    r"without|unless|once)\b|[A-Z\d]|" + _NOUN_SUBJECT + ")"
)


# A channel or audience between the verb and its clause ("said in a statement", "said on
# Twitter", "told reporters at a news conference").
_CHANNEL_SKIP_RE = re.compile(
    r"[\s\u00a0,]+(?:(?:in|on|at|during|via|through|to|with)[\s\u00a0]+(?:(?:a|an|the|his|her|their|its)[\s\u00a0]+)?"
    r"(?:[\w'\u2019.-]+[\s\u00a0]+){0,3}?(?:statement|interview|e-?mail|tweet|post|letter|message|op-ed|speech|"
    r"release|conference|memo|video|call|briefing|hearing|testimony|remarks|appearance|podcast|broadcast|"
    r"filing|rally|debate|town hall|event|meeting|show|program|reporters|journalists|supporters|the crowd|"
    r"Twitter|Facebook|Instagram|radio|television|TV)"
    r"(?:[\s\u00a0]+(?:with|on|to)[\s\u00a0]+(?:the[\s\u00a0]+)?(?:[A-Z][\w.'\u2019&-]*[\s\u00a0]*){1,4})?"
    r"|(?:to|on)[\s\u00a0]+(?:the[\s\u00a0]+)?(?:[A-Z][\w.'\u2019&-]*[\s\u00a0]+){1,4}(?=[a-z]))"
)


# A verb between the cue and "that" means the clause began earlier ("said the message was that").
_GAP_VERB_RE = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|should|must)\b")


_THAT_RE = re.compile(r"([^.;:!?\"\u201c]{0,80}?)\bthat,?\s+")


def _skip_details(rest: str, pos: int) -> int:
    """Offset in ``rest`` past the times and channels that follow a reporting verb."""
    while True:
        skip = _SKIP_AFTER_CUE_RE.match(rest, pos)
        if skip and skip.end() > pos:
            pos = skip.end()
        ch = _CHANNEL_SKIP_RE.match(rest, pos)
        if not ch or ch.end() <= pos:
            return pos
        pos = ch.end()


_NOT_SUBJECT_START = frozenset(_words(
    "in on at to for with by from about during after before of as into over under through via against among "
    "is are was were has have had will would can could should may might must do does did be been being "
    "that so yes no nothing something anything everything goodbye hello thanks sorry and but or nor than "
    "what how why where which who whom whose not never also just only again please instead"
))
_FINITE_RE = re.compile(r"\b(?:[a-z]+ed|[a-z]+s|is|are|was|were|has|have|had|will|would|can|could|should|may|"
                        r"might|must|do|does|did|need|want|think|believe|know)\b")


def _bare_clause(nxt: str) -> bool:
    """Whether ``nxt`` reads as a clause: it opens with no preposition, auxiliary or particle and
    has a finite verb within its first eight words."""
    m = _LOWER_WORD_RE.match(nxt)
    if not m or m.group().lower() in _NOT_SUBJECT_START or m.group().endswith("ly"):
        return False
    head = " ".join(nxt.split()[1:8])
    return bool(_FINITE_RE.search(head))


# Verbs whose report is an infinitive ("vowed to veto", "urged the council to act") or a
# question ("asked whether ...").
_TO_CUES = frozenset(_words(
    "promise promises promised promising vow vows vowed vowing pledge pledges pledged pledging threaten "
    "threatens threatened threatening urge urges urged urging ask asks asked asking demand demands demanded "
    "warn warns warned warning"
))
_OBJECT_TO_CUES = frozenset(_words("urge urges urged urging ask asks asked asking warn warns warned warning"))
_ASK_CUES = frozenset(_words(
    "ask asks asked asking question questions questioned questioning wonder wonders wondered wondering "
    "explain explains explained explaining"
))
_TO_RE = re.compile(
    r"(?P<obj>(?:[\s\u00a0]+(?!to\b)[\w.'\u2019-]+){0,6}?)[\s\u00a0]+(?:(?:also|again|repeatedly|publicly|not)[\s\u00a0]+)?"
    r"(?P<clause>(?:not[\s\u00a0]+)?to[\s\u00a0]+[a-z]+)"
)
_WH_RE = re.compile(
    r"(?:[\s\u00a0]+(?!(?:whether|if|why|how|what|when|where|who)\b)[\w.'\u2019-]+){0,5}?[\s\u00a0,]+"
    r"(?P<clause>(?:whether|if|why|how|what|when|where|who)[\s\u00a0]+\w)"
)


def _clause_after_cue(sent: str, cue_end: int, cue: str) -> tuple[int, str] | None:
    """Start of the reported clause after the verb, and the words skipped (channel/time)."""
    rest = sent[cue_end:]
    if cue.lower() in _CALL_CUES:
        # "called for the vote to be delayed", "called on the council to act"
        call = re.match(r"[\s\u00a0]+(?:for|on)\s+", rest)
        return (cue_end + call.end(), "") if call else None
    low = cue.lower()
    that = _THAT_RE.match(rest)
    if (that and len(that.group(1).split()) <= 10 and that.group(1).strip(", ")[:-1].count(",") <= 2
            and not _GAP_VERB_RE.search(that.group(1))):
        return cue_end + that.end(), that.group(1)
    if low in _ASK_CUES:
        # "asked the mayor whether ...", "questioned why ...", "asked voters to ...".
        wh = _WH_RE.match(rest)
        if wh:
            return cue_end + wh.start("clause"), rest[:wh.start("clause")]
        if low in _TO_CUES:
            to = _TO_RE.match(rest)
            return (cue_end + to.start("clause"), rest[:to.start("clause")]) if to and to.group("obj") else None
        return None
    if low in _TO_CUES:
        # "vowed to veto the bill", "urged the council to act".
        to = _TO_RE.match(rest)
        if to and (to.group("obj") or low not in _OBJECT_TO_CUES):
            return cue_end + to.start("clause"), rest[:to.start("clause")]
    if cue.lower() in {"told", "tells", "tell", "telling"}:
        obj = re.match(r"[\s\u00a0]*(?:reporters|journalists|the audience|the crowd|him|her|them|us|me|"
                       r"(?:the\s+)?(?:[A-Z][\w.'\u2019&-]*\s+){1,4})", rest)
        if not obj:
            return None
        skip = _SKIP_AFTER_CUE_RE.match(rest, obj.end())
        start = skip.end() if skip else obj.end()
        return cue_end + start, rest[:start]
    start = _skip_details(rest, 0)
    nxt = rest[start:].lstrip(_WS + ",")
    # A bare clause must start like a subject: pronoun, determiner, name, number, or a noun
    # phrase followed by its verb.
    if cue.lower() not in _BARE_CLAUSE_CUES or not (_BARE_CLAUSE_RE.match(nxt) or _bare_clause(nxt)):
        return None
    return cue_end + len(rest) - len(nxt), rest[:start]


def _reported(s: str, base: int, sent: tuple[int, int], state: _State,
              protected: list[tuple[int, int]]) -> list[tuple[int, int, _Attribution]]:
    """Indirect statements in one sentence: (start, end, attribution) in paragraph offsets."""
    a, b = sent
    text = s[a:b]
    out: list[tuple[int, int, _Attribution]] = []
    if "ccording" not in text and not _has_cue(state, a, b):
        return out  # no reporting verb: nothing is reported (most sentences)
    stripped_end = len(text.rstrip(_WS + ".!?\"\u201d'\u2019" + (")" if text.startswith("(") else "")))
    if text.rstrip(_WS).endswith(("\u201d", '"')) and text.rstrip(_WS + "\u201d\"")[-1:] in ".!?":
        stripped_end = len(text.rstrip(_WS))  # keep a closing mark that ends a partial quote
        stripped_end = len(text.rstrip(_WS)) - 1 if text.rstrip(_WS)[-2:-1] in ".!?" else stripped_end

    # "According to X, CLAUSE." / "CLAUSE, according to X."
    acc = _ACCORDING_RE.search(text) if "ccording" in text else None
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

    # "CLAUSE, Smith said." / "CLAUSE, said Smith, a professor at X." at the end of the sentence.
    # The attribution may hold commas of its own (an apposition), so up to four commas from
    # the end are tried.
    comma = stripped_end
    for _ in range(4):
        comma = text.rfind(",", 0, comma)
        if comma <= 10:
            break
        if len(text[:comma].split()) < 4:
            break  # "More recently, Roe pledged ...": an opening phrase, not a reported clause
        closing = next((p for p in protected if p[0] <= a + comma < p[1]), None)
        if closing is not None and a + comma + 2 == closing[1]:
            # 'CLAUSE "quoted words," Roe said.': the comma before the closing mark ends the clause.
            comma += 1
        elif closing is not None:
            continue
        tail = text[comma + 1:stripped_end]
        if len(tail.split()) > 25:
            break
        cues = _cue_matches(tail, state)
        if not cues or cues[0].group(1).lower() not in CLAUSE_CUES - _GERUND_CUES:
            continue
        m = cues[0]
        left = tail[: m.start()].strip()
        after = tail[m.end():]
        sp = None
        if left:
            first = left.split()[0].lower()
            # "..., and he urged X to ...": a second clause, not an attribution.
            # A comma after the verb's details means the sentence goes on ("X, Gage said on
            # Monday, will ..."): a parenthetical attribution, handled below.
            if (len(left.split()) <= 9 and first not in _COORDINATORS and "," not in after
                    and _ends_attribution(after, m.group(1))):
                np = _PARTY_TAG_RE.sub("", left.rstrip(","))
                sp = _parse_np_tail(np, state) or _generic_np(np)
        elif m.group(1).lower() not in _OBJECT_CUES:
            # "..., said Jane Roe, a nurse." ends the sentence; "..., said she was ..." does not.
            sp, n = _parse_inverted(after, state)
            if sp is not None and (sp.pronoun or not _ends_attribution(after[n:], m.group(1))):
                sp = None
        if sp is None:
            break
        details = _details_no_told(after, state)
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

    # "SPEAKER CUE [that] CLAUSE.", and more than one in a sentence ("X said A, adding that B").
    done = 0
    for m in _cue_matches(text, state):
        cue = m.group(1)
        if m.start() < done or any(p[0] <= a + m.start() < p[1] for p in protected):
            continue
        if cue.lower() not in CLAUSE_CUES and cue.lower() not in _ASK_CUES and not _THAT_NEXT_RE.match(text, m.end()):
            continue  # "tweeted", "posted": a report only with its "that"
        found = _clause_after_cue(text, m.end(), cue)  # (cheaper than the subject: first)
        if found is None:
            continue
        start, skipped = found
        end = _clause_end(text, start, stripped_end)
        if end - start < 12 or len(text[start:end].split()) < 3:
            continue
        if out and cue.lower() in _GERUND_CUES and text[done:m.start()].strip(_WS + ",") == "":
            sp = out[-1][2].speaker  # ", adding that ...": the same speaker goes on
        else:
            sp = _cue_subject(text, m.start(), cue, state, generic=True)
        if sp is None:
            continue
        channel, said_on = (_details(skipped, state) if cue.lower() in {"told", "tells", "telling"}
                            else _details_no_told(skipped, state))
        channel = channel or _opening_channel(text[:m.start()])
        out.append((a + start, a + end, _Attribution(sp, cue, base + a + m.start(), channel, said_on)))
        done = end
    return out


# Where a reported clause stops before the sentence does: another report of the same speaker
# (", adding that ..."), or a second verb of the sentence's subject (", and has championed ...").
_CLAUSE_STOP_RE = re.compile(
    r",[\s\u00a0]+(?=(?:adding|saying|noting|arguing|explaining|insisting|warning|acknowledging|admitting|"
    r"suggesting|claiming|stressing|predicting|according[\s\u00a0]+to)\b)"
)


def _clause_end(text: str, start: int, end: int) -> int:
    stop = _CLAUSE_STOP_RE.search(text, start, end)
    return stop.start() if stop else end


# Where the subject of a verb begins: after a clause break, a dash or a conjunction.
_SUBJECT_BREAK_RE = re.compile(r"[,;:]\s|\s(?:[\u2014\u2013\u2015]|--)\s|\b(?:and|but|because|as|while|when|after|"
                               r"before|although|though|if|which|who)\s")
_LOWER_WORD_RE = re.compile(r"[a-z][\w'\u2019-]*")
_ACCORDING_RE = re.compile(r"\b[Aa]ccording to\s+")
_PROGRESSIVE_RE = re.compile(r"(?:\b(?:is|are|was|were|been)|['\u2019](?:s|re))\s+$")
_CLAUSE_BREAK_RE = re.compile(r"[,;:]\s")


def _has_cue(state: _State, a: int, b: int) -> bool:
    """Whether the paragraph being read has a reporting verb between offsets ``a`` and ``b``."""
    cues = state.para_cues
    k = bisect.bisect_left(cues, (a, 0, ""))
    return k < len(cues) and cues[k][0] < b


_THAT_NEXT_RE = re.compile(r"[\s\u00a0]+(?:[\w.'\u2019-]+[\s\u00a0]+){0,4}?that[\s\u00a0]")
_THAT_WORD_RE = re.compile(r"\bthat\b")
_COORDINATORS = frozenset(_words("and but or so while as because which who that since though although"))
# What may follow the verb of a closing attribution: nothing, a time, a channel, an audience.
_ATTR_TAIL_RE = re.compile(
    r"[\s\u00a0]*(?:$|[,;(\u2014\u2013-]|to(?=[\s\u00a0]+(?:[A-Z]|the|a|an|his|her|their|reporters|journalists)\b)"
    r"|(?:in|on|at|during|via|from|by|after|before|while|when|last|this|"
    r"earlier|later|recently|again|also|yesterday|today|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b)"
)


def _ends_attribution(after: str, cue: str) -> bool:
    """Whether the words after a closing attribution's verb are only its details."""
    if cue.lower() in {"told", "tells", "tell"}:
        # "..., Roe told reporters on Monday." ends; "..., Roe told CNN that ..." goes on.
        return len(after.split()) <= 10 and _THAT_WORD_RE.search(after) is None
    return bool(_ATTR_TAIL_RE.match(after)) and len(after.split()) <= 14


def _cue_subject(text: str, cue_start: int, cue: str, state: _State, participle_needs_comma: bool = True,
                 generic: bool = False) -> Speaker | None:
    """The subject of the reporting verb at ``cue_start`` in sentence ``text``.

    With ``generic``, a noun phrase that names nobody ("the airline", "people close to the
    talks") is a subject too: a speaker with no name, for the editor to identify."""
    left = _PARTY_TAG_RE.sub("", text[:cue_start])
    low = cue.lower()
    if low in _GERUND_CUES and _PROGRESSIVE_RE.search(left[-12:]):
        # Progressive "the mayor is telling residents that ...", "She's claiming that ...":
        # the subject precedes "is".
        piece = _CLAUSE_BREAK_RE.split(left)[-1]
        piece = _PROGRESSIVE_RE.sub("", piece)
        return _parse_np_tail(piece, state) if len(piece.split()) <= 8 else None
    if low in _GERUND_CUES:
        # "X attacked Y, saying ...", "X released a statement saying ...": the sentence's subject.
        if ", " in left or not participle_needs_comma or _DOCUMENT_BEFORE_RE.search(left):
            return _sentence_subject(text, state) or (_generic_np(_lead_np(text)) if generic else None)
        return None
    if left.rstrip().endswith(","):
        left_clean = left.rstrip(_WS + ",")
        # Appositions make the subject long ("Jane Roe, an adviser to X and a professor
        # at Y, said that ..."); _parse_subject skips them chunk by chunk.
        sp = _parse_subject(left_clean, state) if len(left_clean.split()) <= 35 else None
        if sp is None and generic:
            first = left_clean.split(",")[0]  # "One attendee, who asked not to be named, said"
            sp = _parse_np_tail(first, state) or _generic_np(first)
        return sp
    # The subject is the noun phrase before the verb, after the last clause break.
    piece = _SUBJECT_BREAK_RE.split(left)[-1]
    piece = _TRAILING_ADVERBIAL_RE.sub("", piece).lstrip("(\"\u201c\u2018 ")
    sp = _parse_np_tail(piece, state) if len(piece.split()) <= 12 else None
    if (sp is None and _LONE_SUBJECT_RE.fullmatch(piece.strip(_WS)) and piece.strip(_WS).lower() not in NON_NAMES
            and (low.endswith(("ed", "s")) or low in {"said", "told", "wrote"})):
        # A lone capitalised word right before a finite verb ("Norway insisted that ...") is its
        # subject even if the article never uses it as a person's name: a country, company or
        # body speaking.  A bare verb form is too often a noun ("Battleground state Ohio").
        word = piece.strip(_WS)
        if word.lower() in PERSON_NOMINALS:
            sp = _role_speaker(word.lower(), word, state)  # "Mayor says ...": a title, not a name
        else:
            sp = Speaker(word, "organization", mention=word)
    words = piece.split()
    if sp is None and len(words) > 3 and words[-1] in {"he", "she", "they"} and (
            words[0].lower() in _PREPOSITIONS or words[0].lower() in _TIME_OPENERS):
        # "In an interview with the network he blasted ...": a pronoun after an adverbial.
        sp = Speaker(None, None, mention=words[-1], pronoun=True)
    if sp is None and not piece.strip() and left.rstrip().endswith((" and", " but")):
        # "X bemoaned the unrest and said ...": the verb shares the sentence subject.
        sp = _sentence_subject(text, state)
    if sp is None and left.strip() and not left.rstrip().endswith(","):
        sp = _parse_subject(left, state) if "," in left and len(left.split()) <= 20 else None
    if sp is None and generic:
        sp = _generic_np(piece)
    return sp


# A document that "says" what its author said: "released a statement saying ...".
_DOCUMENT_BEFORE_RE = re.compile(
    r"\b(?:statement|letter|tweet|e-?mail|post|message|memo|video|ad|advertisement|release|report|note|"
    r"op-ed|column|book|filing|motion|complaint|petition|speech|remarks)[\s\u00a0]+(?:[A-Z]?[a-z]+day[\s\u00a0]+)?$"
)


def _lead_np(sentence: str) -> str:
    """The words of a sentence before its first verb-like word (a rough subject)."""
    words = sentence.lstrip("(\"\u201c ").split()
    out: list[str] = []
    for w in words[:10]:
        lw = w.lower().strip(",")
        if out and (lw in _NP_BREAK or (lw.endswith(("ed", "s")) and w[0].islower() and lw not in _NP_START
                                        and len(out) >= 2)):
            break
        if w.endswith(","):
            out.append(w.rstrip(","))
            break
        out.append(w)
    return " ".join(out)


# A party and state tag after a name ("Jane Roe (D-Ohio)", "Gov. Jim Reed (R)").
_PARTY_TAG_RE = re.compile(r"[\s\u00a0]*\([A-Z][\w.]*(?:-[A-Z][\w. ]*)?\)(?=[\s\u00a0]*$)")
_NP_START = frozenset(_words(
    "the a an some many most several few all both each other another these those this his her their its our "
    "no two three four five six seven eight nine ten more half dozens hundreds thousands millions one"
))
# Words that cannot sit inside a subject noun phrase: verbs, auxiliaries, clause openers.
_NP_BREAK = frozenset(_words(
    "is are was were be been being has have had will would can could should may might must do does did not "
    "who whom whose which that if when because while since although though whether than so said says say "
    "told tells it he she they we i you there"
))


_LEADING_ADVERBS = frozenset(_words("even also only just now then still"))


def _generic_np(piece: str) -> Speaker | None:
    """A plain noun phrase as a subject ("the airline", "Many in the crowd"): a speaker with no name."""
    words = piece.replace("\u00a0", " ").split()
    while words and words[-1].lower() in _AUX:
        words.pop()  # "the former secretary has long (maintained)"
    while words and words[0].lower() in _LEADING_ADVERBS:
        words.pop(0)  # "even some technologists (say)"
    if not words or len(words) > 12:
        return None
    first = words[0].lower()
    if not (first in _NP_START or words[0][0].isupper() or words[0][0].isdigit()):
        return None
    if (first in NON_NAMES and first not in _NP_START) or first in _TIME_OPENERS or any(
            w.lower() in _TIME_WORDS for w in words):
        return None  # "Last week", "On Monday": a time, not a speaker
    low = [w.lower().strip(",") for w in words]
    if any(w in _NP_BREAK for w in low) or low[-1] in _PREPOSITIONS or low[-1] in _NP_START or low[-1].endswith("ly"):
        return None
    phrase = " ".join(words)
    return Speaker(None, None, mention=phrase, nominal=True)


_LONE_SUBJECT_RE = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")

_TIME_OPENERS = frozenset(_words("a last this earlier later then yesterday today once"))
_TIME_WORDS = frozenset(_words(
    "week weeks month months year years day days morning afternoon evening night weekend ago monday tuesday "
    "wednesday thursday friday saturday sunday january february march april may june july august september "
    "october november december"
))

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
