"""The rule book itself: what each role may do in each state, said again here independently of
claims/policy.py, so that a changed rule is a failing test until it is meant."""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.auth.models import AnonymousUser

from claims import policy
from claims.models import Job
from tests.base import BaseTestCase

README = Path(__file__).resolve().parents[2] / "README.md"


class PolicyTableTests(BaseTestCase):
    def roles(self, action: str, state: str) -> set[str]:
        users = {"R": self.reporter, "F": self.fact_checker, "E": self.editor, "O": self.outsider}
        return {name for name, user in users.items() if policy.may(user, action, state=state)}

    def test_the_readme_shows_the_table_the_code_decides_with(self) -> None:
        text = README.read_text(encoding="utf-8")
        shown = re.search(r"<!-- policy-table:.*?-->\n(.*?)\n<!-- /policy-table -->", text, re.S).group(1)
        self.assertEqual(shown, policy.table_markdown())

    def test_the_verdict_workflow(self) -> None:
        expected = {
            ("review.create", "new"): {"F", "E"}, ("review.create", "in_review"): {"F", "E"},
            ("review.create", "submitted"): set(),
            ("review.update", "in_review"): {"F", "E"}, ("review.update", "submitted"): {"F", "E"},
            ("review.update", "approved"): set(), ("review.update", "published"): {"E"},
            ("review.update", "corrected"): {"E"}, ("review.update", "retracted"): set(),
            ("review.submit", "in_review"): {"F", "E"}, ("review.submit", "submitted"): set(),
            ("review.approve", "submitted"): {"E"}, ("review.approve", "approved"): set(),
            ("review.send_back", "submitted"): {"E"}, ("review.send_back", "approved"): {"E"},
            ("review.send_back", "published"): set(),
            ("review.publish", "approved"): {"E"}, ("review.publish", "submitted"): set(),
            ("review.retract", "published"): {"E"}, ("review.retract", "corrected"): {"E"},
            ("review.retract", "retracted"): set(),
            ("review.delete", "in_review"): {"E"}, ("review.delete", "submitted"): set(),
        }
        for (action, state), roles in expected.items():
            with self.subTest(action=action, state=state):
                self.assertEqual(self.roles(action, state), roles)

    def test_the_published_record_changes_only_by_an_editors_correction(self) -> None:
        for action in sorted(policy.RECORD_ACTIONS):
            if action.split(".")[0] in policy.RECORD_KINDS:
                continue  # articles and sources: below
            for state in ("published", "corrected"):
                with self.subTest(action=action, state=state):
                    self.assertEqual(self.roles(action, state), {"E"})
                    decision = policy.may(self.editor, action, state=state)
                    self.assertTrue(decision.correction)
                    for other in (self.reporter, self.fact_checker):  # told why: not their role, or a correction
                        reason = policy.may(other, action, state=state).reason
                        self.assertTrue(reason.startswith("Only ") or reason.endswith("an editor's correction."),
                                        reason)
            with self.subTest(action=action, state="retracted"):
                self.assertEqual(self.roles(action, "retracted"), set())
        for action in ("article.update", "source.update"):
            self.assertEqual(self.roles(action, "published"), {"E"})
            self.assertTrue(policy.may(self.editor, action, state="published").correction)
            self.assertFalse(policy.may(self.editor, action, state="new").correction)

    def test_before_publication_nothing_is_a_correction(self) -> None:
        for action in sorted(policy.RECORD_ACTIONS):
            for state in ("new", "in_review", "submitted", "approved", "dismissed"):
                decision = policy.may(self.editor, action, state=state)
                self.assertFalse(decision.correction, (action, state))

    def test_claims_move_on_their_own_only_before_a_verdict(self) -> None:
        self.assertEqual(self.roles("claim.start", "new"), {"F", "E"})
        self.assertEqual(self.roles("claim.start", "dismissed"), set())
        self.assertEqual(self.roles("claim.dismiss", "new"), {"E"})
        self.assertEqual(self.roles("claim.dismiss", "in_review"), {"E"})
        self.assertEqual(self.roles("claim.dismiss", "submitted"), set())
        self.assertEqual(self.roles("claim.reopen", "dismissed"), {"E"})
        self.assertEqual(self.roles("claim.reopen", "new"), set())
        self.assertEqual(self.roles("claim.merge", "approved"), {"E"})
        self.assertEqual(self.roles("claim.merge", "published"), set())
        self.assertEqual(self.roles("claim.delete", "new"), {"E"})
        self.assertEqual(self.roles("claim.delete", "in_review"), set())
        self.assertEqual(self.roles("claim.update", "new"), {"F", "E"})
        self.assertEqual(self.roles("claim.update", "submitted"), {"E"})

    def test_data_entry_and_evidence(self) -> None:
        self.assertEqual(self.roles("attribution.update", "new"), {"R", "E"})
        self.assertEqual(self.roles("attribution.update", "submitted"), {"R", "F", "E"})
        self.assertEqual(self.roles("attribution.delete", "new"), {"E"})
        self.assertEqual(self.roles("attribution.delete", "submitted"), set())
        self.assertEqual(self.roles("evidence.add", "in_review"), {"F", "E"})
        self.assertEqual(self.roles("evidence.add", "approved"), set())
        self.assertEqual(self.roles("article.create", "any"), {"R", "E"})
        self.assertEqual(self.roles("outlet.update", "any"), {"E"})

    def test_merged_and_retracted_claims_take_only_notes(self) -> None:
        for action, rule in policy.RULES.items():
            if policy.ANY in rule.states or action.split(".")[0] in policy.RECORD_KINDS:
                continue
            self.assertEqual(self.roles(action, "merged"), set(), action)
            if action != "note.add":
                self.assertEqual(self.roles(action, "retracted"), set(), action)
        self.assertEqual(self.roles("note.add", "retracted"), {"R", "F", "E"})

    def test_nobody_without_a_role_and_everything_for_the_system(self) -> None:
        for action in policy.RULES:
            self.assertFalse(policy.may(self.outsider, action), action)
            self.assertFalse(policy.may(AnonymousUser(), action), action)
            self.assertTrue(policy.may(policy.SYSTEM, action), action)
        self.assertEqual(policy.may(AnonymousUser(), "desk.read").reason,
                         "Sign in with an account that has a newsroom role.")
        inactive = self.editor
        inactive.is_active = False
        self.assertFalse(policy.may(inactive, "desk.read"))

    def test_superusers_are_every_role_and_administrators(self) -> None:
        self.assertTrue(policy.may(self.superuser, "token.manage"))
        self.assertFalse(policy.may(self.editor, "token.manage"))
        self.assertEqual(policy.may(self.editor, "token.manage").reason, "Only administrators may manage API tokens.")

    def test_a_job_is_its_creators_and_the_editors(self) -> None:
        job = Job(kind="import", created_by=self.reporter)
        self.assertTrue(policy.may(self.reporter, "job.view", job))
        self.assertFalse(policy.may(self.fact_checker, "job.view", job))
        self.assertTrue(policy.may(self.editor, "job.rerun", job))
        self.assertEqual(policy.may(self.fact_checker, "job.rerun", job).reason,
                         "Only editors and its creator may run a job again.")

    def test_reasons_say_who_may_and_when(self) -> None:
        self.assertEqual(policy.may(self.reporter, "review.publish", state="approved").reason,
                         "Only editors may publish a fact-check.")
        self.assertEqual(policy.may(self.editor, "review.publish", state="submitted").reason,
                         "You may publish a fact-check only while it is approved; this one is verdict submitted.")
        self.assertEqual(policy.may(self.fact_checker, "claim.update", state="published").reason,
                         "You may edit a claim only while it is new, in review, dismissed; this one is published. "
                         "A published fact-check changes only by an editor's correction.")


class PolicyOnRecordsTests(BaseTestCase):
    """The states the table is read in, taken from real records; what `require` and the system do."""

    def test_states_come_from_the_records(self) -> None:
        from claims import services
        from claims.models import Article, Attribution, Claim, Outlet, Source

        kirby = Source.objects.create(name="Jo Kirby")
        claim = Claim.objects.create(text="The pier is 90 metres long.", claimant=kirby)
        other = Claim.objects.create(text="Another claim.", claimant=kirby)
        self.assertEqual(policy.state_of(claim), "new")
        self.assertEqual(policy.state_of(kirby), "new")
        article = Article.objects.create(outlet=Outlet.objects.create(name="Gazette"), headline="Pier",
                                         body="The pier is 90 metres long, she said.")
        Attribution.objects.create(article=article, claim=claim, text="The pier is 90 metres long", start=0, end=26)
        self.assertEqual(policy.state_of(article), "new")
        for status, public in (("published", True), ("corrected", True), ("retracted", True), ("approved", False)):
            Claim.objects.filter(pk=claim.pk).update(status=status)
            self.assertEqual(policy.state_of(Article.objects.get(pk=article.pk)), "published" if public else "new")
            self.assertEqual(policy.state_of(Source.objects.get(pk=kirby.pk)), "published" if public else "new")
        self.assertEqual(policy.state_of(Source(name="Unsaved")), "new")
        services.claim_merge(survivor=other, merged=Claim.objects.create(text="A third claim."), user=self.editor)
        merged = Claim.objects.get(text="A third claim.")
        self.assertEqual(policy.state_of(merged), "merged")
        self.assertEqual(policy.state_of(Claim.objects.get(pk=other.pk)), "new")
        self.assertEqual(policy.state_of(None), "any")

    def test_require_raises_the_refusal_and_returns_the_decision(self) -> None:
        with self.assertRaisesMessage(policy.PolicyDenied, "Only editors may publish a fact-check."):
            policy.require(self.reporter, "review.publish", state="approved")
        decision = policy.require(self.editor, "review.update", state="published")
        self.assertEqual((decision.allowed, decision.correction), (True, True))

    def test_the_system_is_nobody_in_history_and_people_are_themselves(self) -> None:
        self.assertIsNone(policy.history_user(policy.SYSTEM))
        self.assertIsNone(policy.history_user(AnonymousUser()))
        self.assertEqual(policy.history_user(self.editor), self.editor)
        self.assertEqual(policy.roles_of(policy.SYSTEM), frozenset())

    def test_only_a_public_state_and_a_record_action_mention_corrections(self) -> None:
        self.assertEqual(policy.may(self.editor, "claim.dismiss", state="published").reason,
                         "You may dismiss a claim only while it is new, in review; this one is published.")
        self.assertTrue(policy.may(self.fact_checker, "claim.update", state="retracted").reason.endswith(
            "A published fact-check changes only by an editor's correction."))

    def test_every_role_is_named_in_a_reason(self) -> None:
        self.assertEqual(policy.may(self.outsider, "desk.read").reason,
                         "Sign in with an account that has a newsroom role.")
        self.assertEqual(policy.may(self.editor, "scale.manage").reason,
                         "Only administrators may change rating scales.")
        self.assertEqual(policy.may(self.fact_checker, "article.create").reason,
                         "Only reporters and editors may import or add an article.")
        self.assertTrue(policy.may(self.reporter, "review.create", state="new").reason.startswith(
            "Only fact-checkers and editors may "))
        self.assertEqual(policy.may(self.editor, "review.update", state="approved").reason,
                         "You may edit a verdict only while it is in review, verdict submitted, published, corrected; "
                         "this one is approved.")

    def test_the_actions_that_change_the_published_record(self) -> None:
        # Said again here, not read from the policy: a change to the list is a change to the rules.
        self.assertEqual(policy.RECORD_ACTIONS, {
            "article.update", "attribution.create", "attribution.update", "attribution.confirm", "attribution.reject",
            "claim.update", "review.update", "evidence.add", "evidence.update", "evidence.remove", "source.update",
        })
        self.assertEqual(policy.PUBLIC_STATES, {"published", "corrected", "retracted"})
        self.assertEqual(policy.CORRECTION_STATES, {"published", "corrected"})
