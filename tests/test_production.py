"""Production behaviour: health check, 503 while the database is down, sign-in lockout."""

from __future__ import annotations

from unittest import mock

from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from newsroom.middleware import DatabaseUnavailableMiddleware
from tests.base import BaseTestCase


class HealthzTests(BaseTestCase):
    def test_it_answers_200_when_the_database_answers(self) -> None:
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "ok")
        self.assertIn("no-cache", response["Cache-Control"])

    def test_it_answers_503_when_the_database_does_not(self) -> None:
        with mock.patch("newsroom.health.connection.cursor", side_effect=OperationalError("connection refused")):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["status"], "unavailable")


class DatabaseUnavailableTests(BaseTestCase):
    def middleware(self) -> DatabaseUnavailableMiddleware:
        return DatabaseUnavailableMiddleware(lambda request: None)

    def test_a_lost_database_gives_503_with_retry_after_not_500(self) -> None:
        request = RequestFactory().get("/review/")
        response = self.middleware().process_exception(request, OperationalError("server closed the connection"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "5")

    def test_api_clients_get_json(self) -> None:
        request = RequestFactory().get("/api/v1/claims/")
        response = self.middleware().process_exception(request, OperationalError("gone"))
        self.assertEqual((response.status_code, response["Content-Type"]), (503, "application/json"))

    def test_other_errors_are_left_alone(self) -> None:
        self.assertIsNone(self.middleware().process_exception(RequestFactory().get("/"), ValueError("bug")))


class ServerErrorTests(BaseTestCase):
    def test_a_database_error_before_the_view_still_gives_503(self) -> None:
        client = Client(raise_request_exception=False)
        client.force_login(self.editor)
        with mock.patch("django.contrib.sessions.backends.db.SessionStore.load",
                        side_effect=OperationalError("the database system is shutting down")):
            response = client.get(reverse("claims:queue"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "5")

    def test_other_errors_are_a_plain_500(self) -> None:
        client = Client(raise_request_exception=False)
        client.force_login(self.editor)
        with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=ValueError("bug")):
            response = client.get(reverse("claims:queue"))
        self.assertEqual(response.status_code, 500)


class SignInLockoutTests(BaseTestCase):
    def sign_in(self, password: str):
        return self.client.post(reverse("login"), {"username": "eddie", "password": password})

    def test_after_the_limit_even_the_right_password_is_refused(self) -> None:
        for _ in range(4):
            self.assertEqual(self.sign_in("wrong").status_code, 200)
        self.assertEqual(self.sign_in("wrong").status_code, 429)  # the fifth failure locks
        response = self.sign_in("pw-eddie")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Too many failed sign-ins", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_right_password_before_the_limit_signs_in_and_resets_the_count(self) -> None:
        for _ in range(4):
            self.sign_in("wrong")
        self.assertEqual(self.sign_in("pw-eddie").status_code, 302)
        self.client.logout()
        for _ in range(4):
            self.sign_in("wrong")
        self.assertEqual(self.sign_in("pw-eddie").status_code, 302)
