"""Who may do what, in which state: the one rule book of the desk, the API and the admin.

`RULES` is the table, as data: for each action, the roles allowed in each state of the record
it acts on. `may(user, action, obj)` reads it and says yes, or no with a reason a person can act
on; `require` raises `PolicyDenied` (a PermissionDenied: 403 from every door) instead. The
services call `require` before every write, and the doors call `may` to decide what to offer, so
no door can allow what another refuses.

States are the claim's workflow states (`claims.workflow`), plus `merged`; everything in a
claim's orbit (its appearances, review, evidence, notes, match suggestions) is in its claim's
state. Articles and sources are `published` once a public verdict rests on them, else `new`.
Records without a workflow (outlets, jobs, tokens...) are in the single state `any`.

In the published states, a permitted change to the record is a correction: `Decision.correction`
says so, and the service then needs a note and publishes it as a dated `Correction`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from claims.choices import ClaimStatus as C
from claims.models import Article, Attribution, Claim, Evidence, MatchSuggestion, Note, Review, Source

# --- Roles -------------------------------------------------------------------------------------
# The newsroom roles are the groups created by migration 0002; a superuser counts as every role.
REPORTERS, FACT_CHECKERS, EDITORS = "Reporters", "Fact-checkers", "Editors"
GROUPS = (REPORTERS, FACT_CHECKERS, EDITORS)

REPORTER, FACT_CHECKER, EDITOR = "reporter", "fact_checker", "editor"
OWNER = "owner"  # whoever created the record (a job, a webhook endpoint)
ADMIN = "admin"  # a superuser: configuration the newsroom roles do not touch
ROLE_OF_GROUP = {REPORTERS: REPORTER, FACT_CHECKERS: FACT_CHECKER, EDITORS: EDITOR}
ROLE_LABELS = {REPORTER: "reporters", FACT_CHECKER: "fact-checkers", EDITOR: "editors", OWNER: "its creator",
               ADMIN: "administrators"}

# --- States ------------------------------------------------------------------------------------
NEW, IN_REVIEW, SUBMITTED, APPROVED = C.NEW.value, C.IN_REVIEW.value, C.SUBMITTED.value, C.APPROVED.value
PUBLISHED, CORRECTED, RETRACTED, DISMISSED = (C.PUBLISHED.value, C.CORRECTED.value, C.RETRACTED.value,
                                              C.DISMISSED.value)
MERGED = "merged"
ANY = "any"
CLAIM_STATES = (NEW, IN_REVIEW, SUBMITTED, APPROVED, PUBLISHED, CORRECTED, RETRACTED, DISMISSED, MERGED)
STATE_LABELS = {**{s.value: s.label.lower() for s in C}, MERGED: "merged", ANY: "any"}
RECORD_KINDS = ("article", "source")  # their rules are read in two states: NEW (unpublished), PUBLISHED

# The public record: changes here are corrections (a dated, public note), by editors only.
CORRECTION_STATES = frozenset({PUBLISHED, CORRECTED})
PUBLIC_STATES = frozenset({PUBLISHED, CORRECTED, RETRACTED})

R, F, E = frozenset({REPORTER}), frozenset({FACT_CHECKER}), frozenset({EDITOR})
DESK = R | F | E
DATA_ENTRY = R | E  # articles, sources and appearances
CHECKERS = F | E  # verdicts
UNPUBLISHED = (NEW, IN_REVIEW, DISMISSED)
AWAITING = (SUBMITTED, APPROVED)
PUBLIC = (PUBLISHED, CORRECTED)
LIVE = (*UNPUBLISHED, *AWAITING, *PUBLIC)  # every state but retracted and merged


def _rows(*pairs: tuple[Iterable[str], frozenset[str]]) -> dict[str, frozenset[str]]:
    """{state: roles} from (states, roles) pairs; a state named twice gets the union."""
    table: dict[str, frozenset[str]] = {}
    for states, roles in pairs:
        for state in states:
            table[state] = table.get(state, frozenset()) | roles
    return table


@dataclass(frozen=True)
class Rule:
    label: str  # "publish a verdict": read as "may <label>"
    states: dict[str, frozenset[str]]


RULES: dict[str, Rule] = {
    # Reading
    "desk.read": Rule("use the review desk and read the API", _rows(((ANY,), DESK))),
    # Outlets and sources
    "outlet.create": Rule("add an outlet", _rows(((ANY,), DATA_ENTRY))),
    "outlet.update": Rule("change an outlet", _rows(((ANY,), E))),
    "outlet.delete": Rule("delete an outlet", _rows(((ANY,), E))),
    "source.create": Rule("add a source", _rows(((ANY,), DATA_ENTRY))),
    "source.update": Rule("change a source", _rows(((NEW,), DATA_ENTRY | F), ((PUBLISHED,), E))),
    "source.delete": Rule("delete a source", _rows(((NEW,), E))),
    # Articles and the appearances anchored in them
    "article.create": Rule("import or add an article", _rows(((ANY,), DATA_ENTRY))),
    "article.update": Rule("change an article", _rows(((NEW,), DATA_ENTRY), ((PUBLISHED,), E))),
    "article.delete": Rule("delete an article", _rows(((NEW,), E))),
    "attribution.create": Rule("add an appearance", _rows((UNPUBLISHED + AWAITING, DATA_ENTRY), (PUBLIC, E))),
    "attribution.update": Rule("correct an appearance", _rows(
        (UNPUBLISHED, DATA_ENTRY), (AWAITING, DATA_ENTRY | F), (PUBLIC, E))),
    "attribution.confirm": Rule("confirm an appearance", _rows(
        (UNPUBLISHED, DATA_ENTRY), (AWAITING, DATA_ENTRY | F), (PUBLIC, E))),
    "attribution.reject": Rule("reject an appearance", _rows(
        (UNPUBLISHED, DATA_ENTRY), (AWAITING, DATA_ENTRY | F), (PUBLIC, E))),
    "attribution.delete": Rule("delete an appearance", _rows((UNPUBLISHED, E))),
    # Claims
    "claim.create": Rule("add a claim", _rows(((NEW,), DESK))),
    "claim.update": Rule("edit a claim", _rows((UNPUBLISHED, CHECKERS), (AWAITING, E), (PUBLIC, E))),
    "claim.assign": Rule("assign a claim", _rows((LIVE, E))),
    "claim.plan": Rule("set a claim's priority and due date", _rows((LIVE, E))),
    "claim.start": Rule("start a review", _rows(((NEW,), CHECKERS))),
    "claim.dismiss": Rule("dismiss a claim", _rows(((NEW, IN_REVIEW), E))),
    "claim.reopen": Rule("reopen a claim", _rows(((DISMISSED,), E))),
    "claim.merge": Rule("merge a claim into another", _rows(((*UNPUBLISHED, *AWAITING), E))),
    "claim.delete": Rule("delete a claim", _rows(((NEW, DISMISSED), E))),
    "suggestion.decide": Rule("decide a suggested match", _rows((LIVE, E))),
    "note.add": Rule("write a note", _rows(((*LIVE, RETRACTED), DESK))),
    # Verdicts
    "review.create": Rule("start a verdict", _rows(((NEW, IN_REVIEW), CHECKERS))),
    "review.update": Rule("edit a verdict", _rows(((IN_REVIEW, SUBMITTED), CHECKERS), (PUBLIC, E))),
    "review.submit": Rule("submit a verdict", _rows(((IN_REVIEW,), CHECKERS))),
    "review.approve": Rule("approve a verdict", _rows(((SUBMITTED,), E))),
    "review.send_back": Rule("send a verdict back", _rows((AWAITING, E))),
    "review.publish": Rule("publish a fact-check", _rows(((APPROVED,), E))),
    "review.retract": Rule("retract a fact-check", _rows((PUBLIC, E))),
    "review.delete": Rule("delete a draft verdict", _rows(((IN_REVIEW,), E))),
    "evidence.add": Rule("add evidence", _rows(((IN_REVIEW, SUBMITTED), CHECKERS), (PUBLIC, E))),
    "evidence.update": Rule("change evidence", _rows(((IN_REVIEW, SUBMITTED), CHECKERS), (PUBLIC, E))),
    "evidence.remove": Rule("remove evidence", _rows(((IN_REVIEW, SUBMITTED), CHECKERS), (PUBLIC, E))),
    # Each person's own inbox and notification settings
    "inbox.use": Rule("use the inbox and choose notifications", _rows(((ANY,), DESK))),
    # Background jobs
    "job.import": Rule("import articles in a batch", _rows(((ANY,), DATA_ENTRY))),
    "job.export": Rule("export claims", _rows(((ANY,), DESK))),
    "job.view": Rule("see a job", _rows(((ANY,), E | {OWNER}))),
    "job.rerun": Rule("run a job again", _rows(((ANY,), E | {OWNER}))),
    # Newsroom integration: reading a draft stores nothing; feeds and webhooks reach outside
    "draft.check": Rule("check a draft against the claims checked", _rows(((ANY,), DESK))),
    "feed.manage": Rule("manage feeds", _rows(((ANY,), E | {ADMIN}))),
    "webhook.manage": Rule("manage webhooks", _rows(((ANY,), E | {ADMIN}))),
    # Configuration
    "token.manage": Rule("manage API tokens", _rows(((ANY,), frozenset({ADMIN})))),
    "scale.manage": Rule("change rating scales", _rows(((ANY,), frozenset({ADMIN})))),
}

# Actions that change the published record: in CORRECTION_STATES they are corrections.
RECORD_ACTIONS = frozenset({
    "article.update", "attribution.create", "attribution.update", "attribution.confirm", "attribution.reject",
    "claim.update", "review.update", "evidence.add", "evidence.update", "evidence.remove", "source.update",
})


# --- Who is asking -----------------------------------------------------------------------------


class _System:
    """The app itself (the importer, matching, the worker): not a person, never refused."""

    is_authenticated = False
    is_active = True
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Any = _System()


def roles_of(user: Any) -> frozenset[str]:
    """The user's roles, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_newsroom_roles", None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset({REPORTER, FACT_CHECKER, EDITOR, ADMIN})
        else:
            groups = user.groups.filter(name__in=GROUPS).values_list("name", flat=True)
            cached = frozenset(ROLE_OF_GROUP[name] for name in groups)
        user._newsroom_roles = cached
    return cached


def history_user(user: Any) -> Any:
    """The user to record in history: a person, or nobody for the system."""
    return user if user is not None and user.is_authenticated else None


# --- States of records -------------------------------------------------------------------------


def claim_state(claim: Any) -> str:
    return MERGED if claim.merged_into_id is not None else claim.status


def state_of(obj: Any) -> str:
    """The state the table is read in for this record (see the module's docstring)."""
    if isinstance(obj, Claim):
        return claim_state(obj)
    if isinstance(obj, Review | Attribution | Note):
        return claim_state(obj.claim)
    if isinstance(obj, Evidence):
        return claim_state(obj.review.claim)
    if isinstance(obj, MatchSuggestion):
        return claim_state(obj.attribution.claim)
    if isinstance(obj, Article):
        public = obj.attributions.filter(claim__status__in=PUBLIC_STATES).exists()
        return PUBLISHED if public else NEW
    if isinstance(obj, Source):
        public = obj.claims.filter(status__in=PUBLIC_STATES).exists() if obj.pk else False
        return PUBLISHED if public else NEW
    return ANY


# --- Decisions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    correction: bool = False  # allowed, as a public correction with a note

    def __bool__(self) -> bool:
        return self.allowed


class PolicyDenied(PermissionDenied):
    """A write the policy refuses; the message says who may do it, and when."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        super().__init__(decision.reason)


def _roles_for(user: Any, obj: Any) -> frozenset[str]:
    roles = roles_of(user)
    owner_id = getattr(obj, "created_by_id", None)
    if owner_id is not None and roles and owner_id == getattr(user, "pk", None):
        roles |= {OWNER}
    return roles


def _who(roles: Iterable[str]) -> str:
    names = [ROLE_LABELS[r] for r in (REPORTER, FACT_CHECKER, EDITOR, OWNER, ADMIN) if r in roles]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names) or "nobody"


def may(user: Any, action: str, obj: Any = None, *, state: str | None = None) -> Decision:
    """May `user` do `action` on `obj` (in its current state, or `state` when given)?"""
    rule = RULES[action]  # an unknown action is a programming error, not a refusal
    if state is None:
        state = ANY if ANY in rule.states else state_of(obj) if obj is not None else NEW
    correction = action in RECORD_ACTIONS and state in CORRECTION_STATES
    if user is SYSTEM:
        return Decision(True, correction=correction)
    roles = _roles_for(user, obj)
    if not roles:
        return Decision(False, "Sign in with an account that has a newsroom role.")
    if roles & rule.states.get(state, frozenset()):
        return Decision(True, correction=correction)
    anywhere = frozenset().union(*rule.states.values())
    if not roles & anywhere:
        return Decision(False, f"Only {_who(anywhere)} may {rule.label}.")
    allowed_in = [s for s, who in rule.states.items() if roles & who]
    where = ", ".join(STATE_LABELS[s] for s in allowed_in)
    reason = f"You may {rule.label} only while it is {where}; this one is {STATE_LABELS[state]}."
    if state in PUBLIC_STATES and action in RECORD_ACTIONS:
        reason += " A published fact-check changes only by an editor's correction."
    return Decision(False, reason)


def require(user: Any, action: str, obj: Any = None, *, state: str | None = None) -> Decision:
    decision = may(user, action, obj, state=state)
    if not decision:
        raise PolicyDenied(decision)
    return decision


def has_role(user: Any, *roles: str) -> bool:
    """For what the table does not cover: who may be offered a page at all."""
    return bool(roles_of(user) & set(roles))


def table_markdown() -> str:
    """The table as Markdown, for the README (a test keeps the two the same)."""
    short = {REPORTER: "R", FACT_CHECKER: "F", EDITOR: "E", OWNER: "owner", ADMIN: "admin"}

    def cell(roles: frozenset[str]) -> str:
        return " ".join(short[r] for r in (REPORTER, FACT_CHECKER, EDITOR, OWNER, ADMIN) if r in roles) or "–"

    def kind(action: str) -> str:
        if ANY in RULES[action].states:
            return ANY
        return "record" if action.split(".")[0] in RECORD_KINDS else "claim"

    claim_rules = {a: r for a, r in RULES.items() if kind(a) == "claim"}
    lines = ["| action | " + " | ".join(STATE_LABELS[s] for s in CLAIM_STATES) + " |",
             "| --- |" + " --- |" * len(CLAIM_STATES)]
    lines += [f"| `{a}` | " + " | ".join(cell(r.states.get(s, frozenset())) for s in CLAIM_STATES) + " |"
              for a, r in claim_rules.items()]
    lines += ["", "| action | unpublished | published |", "| --- | --- | --- |"]
    lines += [f"| `{a}` | {cell(r.states.get(NEW, frozenset()))} | {cell(r.states.get(PUBLISHED, frozenset()))} |"
              for a, r in RULES.items() if kind(a) == "record"]
    lines += ["", "| action | who |", "| --- | --- |"]
    lines += [f"| `{a}` | {cell(r.states[ANY])} |" for a, r in RULES.items() if kind(a) == ANY]
    return "\n".join(lines)
