"""The client's address and scheme come from the configured proxies only (DJANGO_PROXY_COUNT).

Issue 10: behind a proxy, sign-in lockout counted the proxy's address (django-ipware was not
installed, so the AXES_IPWARE_* settings did nothing): anyone could lock anyone out.
"""

from __future__ import annotations

import json

from axes.models import AccessAttempt
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from newsroom.clientip import client_ip
from tests.base import BaseTestCase
from tests.test_settings_env import PRODUCTION_ENV, manage

ONE_PROXY = {"AXES_IPWARE_PROXY_COUNT": 0, "AXES_IPWARE_META_PRECEDENCE_ORDER": ["HTTP_X_FORWARDED_FOR"],
             "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")}
PROXY = "10.0.0.2"
ATTACKER, VICTIM = "203.0.113.9", "198.51.100.7"


class ClientAddressTests(BaseTestCase):
    def address(self, remote: str, forwarded_for: str | None = None) -> str:
        extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
        return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))

    def test_with_no_proxy_only_the_connection_counts(self) -> None:
        self.assertEqual(self.address(ATTACKER, VICTIM), ATTACKER)
        self.assertEqual(self.address(ATTACKER), ATTACKER)

    @override_settings(**ONE_PROXY)
    def test_behind_one_proxy_the_entry_it_appended_counts(self) -> None:
        self.assertEqual(self.address(PROXY, ATTACKER), ATTACKER)
        self.assertEqual(self.address(PROXY, f"{VICTIM}, {ATTACKER}"), ATTACKER)  # the left one is the client's word
        self.assertEqual(self.address(PROXY, f"junk, {ATTACKER}"), ATTACKER)
        self.assertEqual(self.address(PROXY), PROXY)  # not through the proxy: the connection

    @override_settings(AXES_IPWARE_PROXY_COUNT=1, AXES_IPWARE_META_PRECEDENCE_ORDER=["HTTP_X_FORWARDED_FOR"])
    def test_behind_two_proxies_the_outer_ones_entry_counts(self) -> None:
        self.assertEqual(self.address(PROXY, f"{VICTIM}, {ATTACKER}, 10.0.0.1"), ATTACKER)
        self.assertEqual(self.address(PROXY, ATTACKER), PROXY)  # too few entries: not via both


class SignInLockoutAddressTests(BaseTestCase):
    def sign_in(self, password: str, remote: str, forwarded_for: str | None = None):
        extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
        self.client.logout()
        return self.client.post(reverse("login"), {"username": "eddie", "password": password},
                                REMOTE_ADDR=remote, **extra)

    def test_a_spoofed_forwarded_header_cannot_lock_out_another_address(self) -> None:
        for _ in range(5):
            self.sign_in("wrong", ATTACKER, forwarded_for=VICTIM)
        self.assertEqual(self.sign_in("pw-eddie", ATTACKER, forwarded_for=VICTIM).status_code, 429)
        self.assertEqual(self.sign_in("pw-eddie", VICTIM).status_code, 302)
        self.assertEqual(list(AccessAttempt.objects.values_list("ip_address", flat=True)), [ATTACKER])

    @override_settings(**ONE_PROXY)
    def test_behind_one_proxy_the_right_client_is_counted(self) -> None:
        for _ in range(5):
            self.sign_in("wrong", PROXY, forwarded_for=f"{VICTIM}, {ATTACKER}")
        self.assertEqual(self.sign_in("pw-eddie", PROXY, forwarded_for=ATTACKER).status_code, 429)
        # The victim, and everyone else behind the same proxy, still signs in.
        self.assertEqual(self.sign_in("pw-eddie", PROXY, forwarded_for=VICTIM).status_code, 302)
        self.assertEqual(list(AccessAttempt.objects.values_list("ip_address", flat=True)), [ATTACKER])


class SignInInputTests(BaseTestCase):
    def test_a_5000_character_user_name_is_refused_not_a_500(self) -> None:
        client = Client(raise_request_exception=False)
        response = client.post(reverse("login"), {"username": "a" * 5000, "password": "x"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual([len(name) for name in AccessAttempt.objects.values_list("username", flat=True)], [255])


class ForwardedProtoTests(BaseTestCase):
    @override_settings(SECURE_SSL_REDIRECT=True)  # DJANGO_PROXY_COUNT is not set in the tests
    def test_with_no_proxy_a_client_cannot_claim_https(self) -> None:
        response = self.client.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
        self.assertEqual((response.status_code, response["Location"]), (301, "https://testserver/healthz"))

    @override_settings(SECURE_SSL_REDIRECT=True, **ONE_PROXY)
    def test_behind_a_proxy_its_word_is_taken(self) -> None:
        self.assertEqual(self.client.get("/healthz", HTTP_X_FORWARDED_PROTO="https").status_code, 200)


class ProxySettingsTests:
    """What DJANGO_PROXY_COUNT sets, in a fresh process with the production settings."""

    def settings_for(self, **env: str) -> dict:
        code = ("from django.conf import settings as s; import json; print(json.dumps([s.SECURE_PROXY_SSL_HEADER, "
                "s.AXES_IPWARE_PROXY_COUNT, s.AXES_IPWARE_META_PRECEDENCE_ORDER, s.AXES_CLIENT_IP_CALLABLE]))")
        proc = manage("shell", "-c", code, **PRODUCTION_ENV, **env)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout.strip().splitlines()[-1])

    def test_no_proxy_by_default(self) -> None:
        assert self.settings_for() == [None, None, ["REMOTE_ADDR"], "newsroom.clientip.client_ip"]

    def test_two_proxies(self) -> None:
        assert self.settings_for(DJANGO_PROXY_COUNT="2") == [
            ["HTTP_X_FORWARDED_PROTO", "https"], 1, ["HTTP_X_FORWARDED_FOR"], "newsroom.clientip.client_ip"]

    def test_a_negative_count_or_an_old_limit_variable_stops_the_start(self) -> None:
        proc = manage("check", **PRODUCTION_ENV, DJANGO_PROXY_COUNT="-1")
        assert proc.returncode != 0 and "DJANGO_PROXY_COUNT must be 0 or more" in proc.stderr
        proc = manage("check", **PRODUCTION_ENV, API_MAX_BODY_BYTES="100")
        assert proc.returncode != 0 and "set DJANGO_UPLOAD_MAX_BYTES" in proc.stderr
