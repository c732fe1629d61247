"""The policy table walked through every door: for each write action, each state of the record and
each role, the API, the desk and (where it writes) the admin give the policy's answer.

- The policy refuses: every door answers 403 and nothing changes.
- The policy allows: no door answers 403, and the doors agree on what happens (done, or refused
  by the workflow or the input with a 400/409 naming why).

Each combination runs in a savepoint that is rolled back, so every one starts from the same
records: one claim in each state of `policy.CLAIM_STATES`, each with an appearance, and a
verdict with evidence where the state has one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import reverse

from claims import policy, services
from claims.choices import AttributionKind, ClaimStatus
from claims.models import ApiToken, Article, Attribution, Claim, Evidence, Rating, Source
from claims.policy import SYSTEM
from tests.base import BaseTestCase

SENTENCES = {
    policy.NEW: "The harbour dredging cost 41 million euros last spring.",
    policy.IN_REVIEW: "Ferry tickets doubled in price after the merger.",
    policy.SUBMITTED: "Our county planted 12,000 oak saplings along the motorway.",
    policy.APPROVED: "The old bridge carried 8,000 lorries every weekday.",
    policy.PUBLISHED: "Unemployment among welders fell to 3 percent in June.",
    policy.CORRECTED: "The library lent out 90,000 e-books during the strike.",
    policy.RETRACTED: "Nine hospitals closed their maternity wards since 2019.",
    policy.DISMISSED: "Everyone agrees the festival was a triumph.",
    policy.MERGED: "Pilots flew 300 extra night hours around the airport.",
    "survivor": "Pilot crews logged three hundred additional nocturnal flying hours near the airfield.",
}

ROLES = ("reporter", "fact_checker", "editor", "outsider")
Outcome = str  # "done" | "refused" (403) | "invalid" (400/409: the workflow or the input says no) | "missing"


def outcome(response: Any) -> Outcome:
    code = response.status_code
    if code == 403:
        return "refused"
    if code in (400, 409, 410):
        return "invalid"
    if code == 404:
        return "missing"
    if code in (200, 201, 204, 301, 302):
        return "done"
    raise AssertionError(f"unexpected {code}: {getattr(response, 'content', b'')[:300]!r}")


class PolicyMatrixTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for user in (cls.reporter, cls.fact_checker, cls.editor, cls.outsider):
            user.is_staff = True  # so the admin door opens to them; the policy still decides
            user.save()
        cls.users = {"reporter": cls.reporter, "fact_checker": cls.fact_checker, "editor": cls.editor,
                     "outsider": cls.outsider}
        cls.keys = {name: ApiToken.issue(name=name, user=user, read_only=False)[1] for name, user in cls.users.items()}
        cls.rating = Rating.objects.get(label="False", scale__is_default=True)
        speaker = services.source_create(user=SYSTEM, name="Dana Quill", kind="person")
        outlet = services.outlet_create(user=SYSTEM, name="The Harbour Gazette")
        body = "\n\n".join(f'"{text}" Dana Quill said.' for text in SENTENCES.values())
        cls.article = services.article_create(user=SYSTEM, body=body, outlet=outlet, headline="Quill on the port")
        cls.claims: dict[str, Claim] = {}
        for state, text in SENTENCES.items():
            claim = services.claim_create(user=SYSTEM, text=text, claimant=speaker)
            attribution = Attribution(article=cls.article, claim=claim, text=text, start=body.index(text),
                                      end=body.index(text) + len(text), kind=AttributionKind.DIRECT, speaker=speaker,
                                      speaker_name="Dana Quill", cue="said")
            attribution._matched = True  # ten statements of one speaker, kept apart on purpose
            attribution.save()
            cls.claims[state] = claim
        for state in (policy.IN_REVIEW, policy.SUBMITTED, policy.APPROVED, policy.PUBLISHED, policy.CORRECTED,
                      policy.RETRACTED):
            claim = cls.claims[state]
            review = services.review_create(claim=claim, fact_checker=cls.fact_checker, rating=cls.rating,
                                            headline=f"Check {state}", summary="What the records show.")
            services.evidence_add(review=review, user=cls.fact_checker, url="https://example.org/record")
            if state == policy.IN_REVIEW:
                continue
            services.review_submit(review=review, user=cls.fact_checker)
            if state == policy.SUBMITTED:
                continue
            services.review_approve(review=review, editor=cls.editor)
            if state == policy.APPROVED:
                continue
            services.review_publish(review=review, editor=cls.editor)
            if state == policy.CORRECTED:
                services.review_correct(review=review, editor=cls.editor, note="A date was wrong.")
            if state == policy.RETRACTED:
                services.review_retract(review=review, editor=cls.editor, note="The record was forged.")
        services.claim_transition(claim=cls.claims[policy.DISMISSED], to=ClaimStatus.DISMISSED, user=cls.editor)
        services.claim_merge(survivor=cls.claims["survivor"], merged=cls.claims[policy.MERGED], user=cls.editor)
        for state in policy.CLAIM_STATES:
            assert policy.state_of(Claim.objects.get(pk=cls.claims[state].pk)) == state, state

    # --- running one combination -------------------------------------------------------------

    def records(self, state: str) -> dict[str, Any]:
        claim = Claim.objects.get(pk=self.claims[state].pk)
        review = claim.reviews.order_by("-id").first()
        return {
            "claim": claim, "review": review,
            "attribution": Attribution.objects.filter(claim=claim).first()
            or Attribution.objects.filter(text=SENTENCES[state]).first(),
            "evidence": Evidence.objects.filter(review=review).first() if review else None,
        }

    def api(self, role: str) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Token {self.keys[role]}")

    def desk(self, role: str) -> Client:
        client = Client()
        client.force_login(self.users[role])
        return client

    def attempt(self, door: Callable[..., Any], role: str, state: str) -> Outcome:
        with transaction.atomic():
            records = self.records(state)
            result = door(self, role, **records)
            transaction.set_rollback(True)
        return result if isinstance(result, str) else outcome(result)

    def walk(self, action: str, doors: dict[str, Callable[..., Any]], *, needs: str = "claim") -> int:
        """Every role and state through every door; returns how many combinations were checked."""
        checked = 0
        for state in policy.CLAIM_STATES:
            records = self.records(state)
            if records[needs] is None:
                continue  # nothing to act on in this state (no verdict yet, or it moved with a merge)
            target = records["attribution"] if needs == "attribution" else records[needs]
            for role in ROLES:
                decision = policy.may(self.users[role], action, target)
                answers = {name: self.attempt(door, role, state) for name, door in doors.items()}
                with self.subTest(action=action, state=state, role=role, answers=answers):
                    if decision.allowed:
                        self.assertNotIn("refused", answers.values())
                        self.assertEqual(len(set(answers.values())), 1, "the doors disagree")
                    else:
                        self.assertEqual(set(answers.values()), {"refused"}, decision.reason)
                checked += 1
        PolicyMatrixTests.count[action] += checked * len(doors)
        return checked

    count: Counter[str] = Counter()

    # --- the doors, action by action --------------------------------------------------------

    def test_claim_actions(self) -> None:
        def api_update(self, role, claim, **_):
            return self.api(role).patch(f"/api/v1/claims/{claim.pk}/",
                                        {"checkworthiness": 55, "correction_note": "Fixed."},
                                        content_type="application/json")

        def desk_update(self, role, claim, **_):
            return self.desk(role).post(reverse("claims:claim_edit", args=[claim.pk]), {
                "text": claim.text, "claimant_name": "Dana Quill", "said_on_precision": "day", "checkworthiness": 55,
                "note": "Fixed."})

        def admin_update(self, role, claim, **_):
            return self.admin_post(role, "claim", claim, {"checkworthiness": 55, "correction_note": "Fixed."})

        self.walk("claim.update", {"api": api_update, "desk": desk_update, "admin": admin_update})

        def api_move(to):
            return lambda self, role, claim, **_: self.api(role).post(
                f"/api/v1/claims/{claim.pk}/transition/", {"to": to}, content_type="application/json")

        def desk_move(slug):
            return lambda self, role, claim, **_: self.desk(role).post(
                reverse("claims:claim_move", args=[claim.pk, slug]), {})

        self.walk("claim.start", {"api": api_move("in_review"), "desk": desk_move("start")})
        self.walk("claim.dismiss", {"api": api_move("dismissed"), "desk": desk_move("dismiss"),
                                    "bulk": bulk_door("claim.dismiss", action="dismiss")})
        self.walk("claim.reopen", {"api": api_move("new"), "desk": desk_move("reopen"),
                                   "bulk": bulk_door("claim.reopen", action="reopen")})

        def api_delete(self, role, claim, **_):
            return self.api(role).delete(f"/api/v1/claims/{claim.pk}/")

        def admin_delete(self, role, claim, **_):
            return self.admin_delete(role, "claim", claim)

        self.walk("claim.delete", {"api": api_delete, "admin": admin_delete})

        def desk_assign(self, role, claim, **_):
            return self.desk(role).post(reverse("claims:claim_assign", args=[claim.pk]),
                                        {"assigned_to": self.fact_checker.pk})

        self.walk("claim.assign", {"desk": desk_assign, "bulk": bulk_door(
            "claim.assign", action="assign", assigned_to=self.fact_checker.pk)})

        def desk_plan(self, role, claim, **_):
            return self.desk(role).post(reverse("claims:claim_plan", args=[claim.pk]),
                                        {"priority": 3, "due_on": "2030-01-31"})

        self.walk("claim.plan", {"desk": desk_plan, "bulk": bulk_door("claim.plan", action="priority", priority=3)})

        def desk_note(self, role, claim, **_):
            return self.desk(role).post(reverse("claims:note_add", args=[claim.pk]), {"text": "A thought."})

        self.walk("note.add", {"desk": desk_note})

        def desk_merge(self, role, claim, **_):
            return self.desk(role).post(reverse("claims:claim_merge", args=[claim.pk]),
                                        {"into": self.claims[policy.NEW].pk if claim.pk != self.claims[policy.NEW].pk
                                         else self.claims[policy.DISMISSED].pk})

        self.walk("claim.merge", {"desk": desk_merge})

    def test_review_actions(self) -> None:
        def api_create(self, role, claim, **_):
            return self.api(role).post("/api/v1/reviews/", {"claim": claim.pk, "headline": "Mine"},
                                       content_type="application/json")

        def desk_create(self, role, claim, **_):
            return self.desk(role).post(reverse("claims:verdict_save", args=[claim.pk]), {"headline": "Mine"})

        self.walk("review.create", {"api": api_create, "desk": desk_create})

        def api_update(self, role, review, **_):
            return self.api(role).patch(f"/api/v1/reviews/{review.pk}/", {
                "headline": "Sharper", "version": review.version, "correction_note": "Headline sharpened."},
                content_type="application/json")

        def desk_update(self, role, claim, review, **_):
            data = {"rating": self.rating.pk, "headline": "Sharper", "summary": review.summary, "rationale": "",
                    "version": review.version}
            if review.status in ("published", "corrected"):  # the desk's correction form
                return self.desk(role).post(reverse("claims:review_correct", args=[claim.pk]),
                                            {**data, "note": "Headline sharpened."})
            return self.desk(role).post(reverse("claims:verdict_save", args=[claim.pk]), data)

        def admin_update(self, role, review, **_):
            return self.admin_post(role, "review", review, {"headline": "Sharper",
                                                            "correction_note": "Headline sharpened."})

        self.walk("review.update", {"api": api_update, "desk": desk_update, "admin": admin_update}, needs="review")
        for action, api_path, slug, note in (
            ("review.submit", "submit", "submit", ""), ("review.approve", "approve", "approve", ""),
            ("review.send_back", "send-back", "send_back", "Needs more."), ("review.publish", "publish", "publish", ""),
            ("review.retract", "retract", "retract", "Withdrawn."),
        ):
            def api_move(self, role, review, _path=api_path, _note=note, **__):
                return self.api(role).post(f"/api/v1/reviews/{review.pk}/{_path}/", {"note": _note} if _note else {},
                                           content_type="application/json")

            def desk_move(self, role, claim, _slug=slug, _note=note, **__):
                return self.desk(role).post(reverse("claims:claim_move", args=[claim.pk, _slug]), {"note": _note})

            self.walk(action, {"api": api_move, "desk": desk_move}, needs="review")

        def api_delete(self, role, review, **_):
            return self.api(role).delete(f"/api/v1/reviews/{review.pk}/")

        def desk_delete(self, role, claim, **_):
            return self.desk(role).post(reverse("claims:claim_move", args=[claim.pk, "delete_verdict"]), {})

        self.walk("review.delete", {"api": api_delete, "desk": desk_delete}, needs="review")

    def test_evidence_actions(self) -> None:
        def api_add(self, role, review, **_):
            return self.api(role).post(f"/api/v1/reviews/{review.pk}/evidence/", {
                "url": "https://example.org/more", "correction_note": "Added a source."},
                content_type="application/json")

        def desk_add(self, role, claim, **_):
            return self.desk(role).post(reverse("claims:evidence_add", args=[claim.pk]), {
                "url": "https://example.org/more", "correction_note": "Added a source."})

        self.walk("evidence.add", {"api": api_add, "desk": desk_add}, needs="review")

        def desk_edit(self, role, evidence, **_):
            response = self.desk(role).post(reverse("claims:evidence_edit", args=[evidence.pk]), {
                "url": "https://example.org/better", "correction_note": "Better link."})
            return "done" if response.status_code == 302 and Evidence.objects.filter(
                pk=evidence.pk, url="https://example.org/better").exists() else outcome(response)

        def admin_edit(self, role, evidence, **_):
            return self.admin_post(role, "evidence", evidence, {"url": "https://example.org/better",
                                                                "correction_note": "Better link."})

        self.walk("evidence.update", {"desk": desk_edit, "admin": admin_edit}, needs="evidence")

    def test_appearance_and_source_actions(self) -> None:
        def api_status(status):
            return lambda self, role, attribution, **_: self.api(role).patch(
                f"/api/v1/attributions/{attribution.pk}/", {"status": status, "correction_note": "Checked."},
                content_type="application/json")

        def desk_status(verb):
            return lambda self, role, attribution, **_: self.desk(role).post(
                reverse("claims:attribution_action", args=[attribution.pk, verb]), {"note": "Checked."})

        self.walk("attribution.reject", {"api": api_status("rejected"), "desk": desk_status("reject")},
                  needs="attribution")

        def api_update(self, role, attribution, **_):
            return self.api(role).patch(f"/api/v1/attributions/{attribution.pk}/", {
                "kind": "partial", "correction_note": "It is a partial quote."}, content_type="application/json")

        def desk_update(self, role, attribution, **_):
            prefix = f"a{attribution.pk}"
            return self.desk(role).post(reverse("claims:attribution_action", args=[attribution.pk, "correct"]), {
                f"{prefix}-speaker_name": "Dana Quill", f"{prefix}-start": attribution.start,
                f"{prefix}-end": attribution.end, f"{prefix}-kind": "partial",
                f"{prefix}-note": "It is a partial quote."})

        def admin_update(self, role, attribution, **_):
            return self.admin_post(role, "attribution", attribution, {"kind": "partial",
                                                                        "correction_note": "It is a partial quote."})

        self.walk("attribution.update", {"api": api_update, "desk": desk_update, "admin": admin_update},
                  needs="attribution")

        def api_delete(self, role, attribution, **_):
            return self.api(role).delete(f"/api/v1/attributions/{attribution.pk}/")

        def admin_delete(self, role, attribution, **_):
            return self.admin_delete(role, "attribution", attribution)

        self.walk("attribution.delete", {"api": api_delete, "admin": admin_delete}, needs="attribution")

    def test_record_actions(self) -> None:
        """Articles and sources: unpublished, then published once a verdict rests on them."""
        source = Source.objects.get(name="Dana Quill")
        checked = 0
        for label, published in (("unpublished", False), ("published", True)):
            with transaction.atomic():
                if not published:  # nothing public rests on them yet
                    Claim.objects.filter(status__in=policy.PUBLIC_STATES).update(status=ClaimStatus.APPROVED)
                article, fresh_source = Article.objects.get(pk=self.article.pk), Source.objects.get(pk=source.pk)
                for role in ROLES:
                    for action, target, doors in (
                        ("article.update", article, {
                            "api": lambda r, article=article: self.api(r).patch(f"/api/v1/articles/{article.pk}/", {
                                "headline": "Quill on the harbour", "correction_note": "Headline fixed."},
                                content_type="application/json"),
                            "admin": lambda r, article=article: self.admin_post(r, "article", article, {
                                "headline": "Quill on the harbour", "correction_note": "Headline fixed."}),
                        }),
                        ("source.update", fresh_source, {
                            "api": lambda r: self.api(r).patch(f"/api/v1/sources/{source.pk}/", {
                                "role": "harbour master", "correction_note": "Role added."},
                                content_type="application/json"),
                            "admin": lambda r, fresh_source=fresh_source: self.admin_post(r, "source", fresh_source, {
                                "role": "harbour master", "correction_note": "Role added."}),
                        }),
                    ):
                        decision = policy.may(self.users[role], action, target)
                        answers = {}
                        for name, door in doors.items():
                            with transaction.atomic():
                                result = door(role)
                                answers[name] = result if isinstance(result, str) else outcome(result)
                                transaction.set_rollback(True)
                        with self.subTest(action=action, state=label, role=role, answers=answers):
                            if decision.allowed:
                                self.assertEqual(set(answers.values()), {"done"})
                            else:
                                self.assertEqual(set(answers.values()), {"refused"}, decision.reason)
                        checked += len(doors)
                transaction.set_rollback(True)
        PolicyMatrixTests.count["article/source"] += checked

    # --- the admin door ------------------------------------------------------------------------

    def admin_post(self, role: str, model: str, obj: Any, changes: dict[str, Any]) -> Outcome:
        """Change `obj` on its admin page as a person would: the form as shown, with `changes`."""
        client = self.desk(role)
        url = reverse(f"admin:claims_{model}_change", args=[obj.pk])
        page = client.get(url)
        if page.status_code != 200:
            return outcome(page)
        if not page.context["has_change_permission"]:
            return "refused"
        data = form_data(page.context["adminform"].form)
        for formset in page.context["inline_admin_formsets"]:
            data.update(formset_data(formset.formset))
        response = client.post(url, {**data, **changes})
        if response.status_code == 200:
            return "invalid"  # the form again, with the refusal at its field
        if response.status_code == 302 and response["Location"] == url:
            return "invalid"  # nothing saved: a refusal only the service knew, shown as a message
        return outcome(response)

    def admin_delete(self, role: str, model: str, obj: Any) -> Outcome:
        client = self.desk(role)
        response = client.post(reverse(f"admin:claims_{model}_delete", args=[obj.pk]), {"post": "yes"})
        if response.status_code == 200:  # the confirmation page names what stops the deletion
            return "invalid"
        return outcome(response)

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        if cls.count:
            print(f"\npolicy matrix: {sum(cls.count.values())} door checks over {len(cls.count)} actions")


def bulk_door(rule: str, **data: Any) -> Callable[..., Outcome]:
    """The queue's bulk form as a door for one claim: it always answers with the queue, and says
    per claim what was done or refused; a refusal in the policy's own words is the policy's."""

    def door(self: PolicyMatrixTests, role: str, claim: Claim, **_: Any) -> Outcome:
        response = self.desk(role).post(reverse("claims:claims_bulk"), {"claim": [claim.pk], **data})
        if response.status_code != 302:
            return outcome(response)
        refused = [str(m) for m in get_messages(response.wsgi_request) if str(m).startswith(f"Claim #{claim.pk} not")]
        if not refused:
            return "done"
        reason = policy.may(self.users[role], rule, Claim.objects.get(pk=claim.pk)).reason
        return "refused" if reason and reason in refused[0] else "invalid"

    return door


def form_data(form: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = field.prepare_value(form[name].value())
        if value is None:
            continue
        key = form.add_prefix(name)
        if isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            data[key] = str(value)
    return data


def formset_data(formset: Any) -> dict[str, Any]:
    data = form_data(formset.management_form)
    for form in formset.forms:
        data.update(form_data(form))
    return data
