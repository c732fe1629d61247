from __future__ import annotations

from django.conf import settings
from django.test import Client, override_settings

from claims.models import ApiToken, Outlet
from tests.claims.api.helpers import ApiTestCase


class AccessTests(ApiTestCase):
    def test_it_refuses_anonymous_reads_with_401(self) -> None:
        response = self.client.get("/api/v1/claims/")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="api"')

    def test_it_takes_a_bearer_token_as_well_as_the_token_keyword(self) -> None:
        for keyword in ("Bearer", "bearer", "Token"):
            response = self.client.get("/api/v1/claims/", HTTP_AUTHORIZATION=f"{keyword} {self.read_key}")
            self.assertEqual(response.status_code, 200, keyword)
        response = self.client.get("/api/v1/claims/", HTTP_AUTHORIZATION="Bearer not-a-key")
        self.assertEqual(response.status_code, 401)
        response = self.client.get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Bearer {self.read_key} extra")
        self.assertEqual(response.status_code, 401)
        self.assertIn("Bearer", response.json()["detail"])

    def test_the_schema_declares_an_http_bearer_scheme(self) -> None:
        schema = self.client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
        schemes = schema["components"]["securitySchemes"]
        self.assertEqual(schemes["bearerAuth"], {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"})
        operation = schema["paths"]["/api/v1/claims/"]["get"]
        self.assertIn({"bearerAuth": []}, operation["security"])

    def test_it_refuses_users_without_a_role_with_403(self) -> None:
        self.assertEqual(self.get("/api/v1/claims/", self.outsider_key).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(f"/api/v1/reviews/{self.draft.pk}/").status_code, 403)

    def test_it_lets_staff_read_with_a_token_or_a_session(self) -> None:
        self.assertEqual(self.get("/api/v1/claims/", self.read_key).status_code, 200)
        self.client.force_login(self.reporter)
        self.assertEqual(self.client.get("/api/v1/reviews/").status_code, 200)

    def test_it_refuses_writes_with_a_read_only_token(self) -> None:
        response = self.post("/api/v1/outlets/", {"name": "New outlet"}, self.read_key)
        self.assertEqual(response.status_code, 403)
        self.assertIn("read-only", response.json()["detail"])
        self.assertFalse(Outlet.objects.filter(name="New outlet").exists())

    def test_it_refuses_a_revoked_token(self) -> None:
        token, key = ApiToken.issue(name="old", user=self.editor)
        self.assertEqual(self.get("/api/v1/claims/", key).status_code, 200)
        ApiToken.objects.filter(pk=token.pk).update(revoked_at="2026-01-01T00:00:00Z")
        self.assertEqual(self.get("/api/v1/claims/", key).status_code, 401)
        self.assertEqual(self.get("/api/v1/claims/", "not-a-key").status_code, 401)

    def test_it_records_when_a_token_was_last_used(self) -> None:
        token, key = ApiToken.issue(name="cms", user=self.editor)
        self.get("/api/v1/outlets/", key)
        token.refresh_from_db()
        self.assertIsNotNone(token.last_used)
        self.assertNotIn(key, token.key_hash)

    def test_it_lets_write_roles_write_and_no_one_else(self) -> None:
        self.assertEqual(self.post("/api/v1/outlets/", {"name": "Wire"}, self.reporter_key).status_code, 201)
        # Publishing needs an editor: a fact-checker is refused before anything changes.
        response = self.post(f"/api/v1/reviews/{self.draft.pk}/publish/", {}, self.fc_key)
        self.assertEqual(response.status_code, 403)
        self.assertIn("editor", response.json()["detail"])
        # A reporter may not draft verdicts.
        response = self.post("/api/v1/reviews/", {"claim": self.draft_claim.pk}, self.reporter_key)
        self.assertEqual(response.status_code, 403)

    def test_it_needs_csrf_for_session_writes(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.editor)
        response = client.post("/api/v1/outlets/", {"name": "No CSRF"}, content_type="application/json")
        self.assertEqual(response.status_code, 403)
        self.assertIn("CSRF", response.json()["detail"])

    def test_it_shows_anonymous_callers_claimreview_of_published_reviews_only(self) -> None:
        self.assertEqual(self.client.get(f"/api/v1/reviews/{self.published.pk}/claimreview/").status_code, 200)
        self.assertEqual(self.client.get(f"/api/v1/reviews/{self.draft.pk}/claimreview/").status_code, 404)
        feed = self.client.get("/api/v1/reviews/claimreview/").json()["results"]
        self.assertEqual([item["claimReviewed"] for item in feed], [self.published_claim.text])
        self.assertEqual(self.client.get(f"/api/v1/reviews/{self.draft.pk}/").status_code, 401)

    def test_it_throttles_per_token_with_429_and_retry_after(self) -> None:
        rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token": "2/day"}
        with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
            statuses = [self.get("/api/v1/outlets/", self.read_key).status_code for _ in range(3)]
            other = self.get("/api/v1/outlets/", self.editor_key)
            last = self.get("/api/v1/outlets/", self.read_key)
        self.assertEqual(statuses, [200, 200, 429])
        self.assertEqual(other.status_code, 200)  # another token has its own bucket
        self.assertGreater(int(last["Retry-After"]), 0)


class ApiTokenAdminTests(ApiTestCase):
    def test_it_shows_a_new_key_once_and_the_key_works(self) -> None:
        self.client.force_login(self.superuser)
        response = self.client.post(
            "/admin/claims/apitoken/add/",
            {"name": "Archive sync", "user": self.editor.pk, "read_only": "on", "revoked_at_0": "", "revoked_at_1": ""},
            follow=True,
        )
        self.assertEqual(response.status_code, 200)
        text = next(str(m) for m in response.context["messages"])
        key = text.split(" is ")[1].split(" ")[0]
        token = ApiToken.objects.get(name="Archive sync")
        self.assertEqual(token.key_hash, ApiToken.hash_key(key))
        self.assertTrue(token.read_only)
        self.assertEqual(self.get("/api/v1/outlets/", key).status_code, 200)
        page = self.client.get(f"/admin/claims/apitoken/{token.pk}/change/")
        self.assertNotContains(page, key)

    def test_it_revokes_tokens_from_the_admin(self) -> None:
        token, key = ApiToken.issue(name="cms", user=self.editor)
        self.client.force_login(self.superuser)
        self.client.post("/admin/claims/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        self.assertEqual(self.get("/api/v1/outlets/", key).status_code, 401)
