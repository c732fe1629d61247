"""Outbound requests against a real server on loopback: what is refused, and what is not."""

from __future__ import annotations

import gzip
import ipaddress
import socket
from unittest import mock

from django.test import SimpleTestCase, override_settings

from claims import outbound
from tests.loopback import Loopback, Route

LOOPBACK = [ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")]


def fake_dns(answers: dict[str, list[str]]):
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                    for a in answers[host]]
        return real(host, port, *args, **kwargs)

    return mock.patch("claims.outbound.socket.getaddrinfo", getaddrinfo)


class RefusalTests(SimpleTestCase):
    def test_private_loopback_and_link_local_addresses_are_refused_by_default(self) -> None:
        with Loopback() as server:
            server.routes["/"] = Route(b"hello")
            for url in (server.url("/"), "http://10.1.2.3/", "http://192.168.0.1/", "http://169.254.169.254/latest/",
                        "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/", "http://0.0.0.0/",
                        "http://224.0.0.1/", "http://localhost/"):
                with self.subTest(url=url), self.assertRaisesRegex(outbound.OutboundRefused, "private or reserved"):
                    outbound.request("GET", url, max_bytes=1000)
            self.assertEqual(server.received, [])  # nothing reached the server

    def test_only_http_and_https(self) -> None:
        for url in ("file:///etc/passwd", "ftp://example.org/", "gopher://example.org/", "javascript:alert(1)"):
            with self.subTest(url=url), self.assertRaisesRegex(outbound.OutboundRefused, "only http and https"):
                outbound.request("GET", url, max_bytes=1000)

    def test_a_name_with_one_private_address_among_public_ones_is_refused(self) -> None:
        with fake_dns({"mixed.example.test": ["93.184.216.34", "10.0.0.7"]}), \
                self.assertRaisesRegex(outbound.OutboundRefused, "10.0.0.7"):
            outbound.request("GET", "http://mixed.example.test/", max_bytes=1000)

    @override_settings(OUTBOUND_ALLOWED_NETWORKS=LOOPBACK)
    def test_an_allowed_network_is_reached(self) -> None:
        with Loopback() as server:
            server.routes["/"] = Route(b"hello")
            response = outbound.request("GET", server.url("/"), max_bytes=1000)
        self.assertEqual((response.status, response.content), (200, b"hello"))


@override_settings(OUTBOUND_ALLOWED_NETWORKS=LOOPBACK)
class ConnectionTests(SimpleTestCase):
    def test_it_connects_to_the_address_it_checked_and_sends_the_name_as_host(self) -> None:
        # The name exists only in this fake resolver: the request can only have gone to the
        # address the check saw, with the name kept for the Host header.
        with Loopback() as server, fake_dns({"feeds.example.test": ["127.0.0.1"]}):
            server.routes["/feed"] = Route(b"ok")
            port = server.server.server_port
            response = outbound.request("GET", f"http://feeds.example.test:{port}/feed", max_bytes=1000)
            self.assertEqual(response.status, 200)
            self.assertEqual(server.requests_to("/feed")[0].headers["host"], f"feeds.example.test:{port}")

    def test_a_second_dns_answer_cannot_change_where_it_connects(self) -> None:
        # DNS rebinding: the first answer (checked) is allowed, later ones point elsewhere. The
        # request must go to the checked address, never asking the resolver again.
        answers = iter([["127.0.0.1"]] + [["10.9.9.9"]] * 5)
        calls, real = [], socket.getaddrinfo

        def getaddrinfo(host, port, *args, **kwargs):
            if host != "rebind.example.test":  # the connection to the checked address itself
                return real(host, port, *args, **kwargs)
            calls.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in next(answers)]

        with Loopback() as server, mock.patch("socket.getaddrinfo", getaddrinfo):
            server.routes["/"] = Route(b"ok")
            response = outbound.request("GET", f"http://rebind.example.test:{server.server.server_port}/",
                                        max_bytes=10)
            self.assertEqual((response.status, len(server.requests_to("/"))), (200, 1))
        self.assertEqual(calls, ["rebind.example.test"])

    def test_redirects_are_followed_on_the_same_host_only(self) -> None:
        with Loopback() as server:
            server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
            server.routes["/new"] = Route(b"moved here")
            elsewhere = f"http://localhost:{server.server.server_port}/new"
            server.routes["/away"] = Route(status=302, headers={"Location": elsewhere})
            self.assertEqual(outbound.request("GET", server.url("/old"), max_bytes=100).content, b"moved here")
            with self.assertRaisesRegex(outbound.OutboundRefused, "another host"):
                outbound.request("GET", server.url("/away"), max_bytes=100)
            self.assertEqual(outbound.request("GET", server.url("/old"), max_bytes=100, follow_redirects=False).status,
                             301)

    @override_settings(OUTBOUND_READ_TIMEOUT=1)
    def test_a_slow_server_times_out(self) -> None:
        with Loopback() as server:
            server.routes["/slow"] = Route(b"late", delay=3)
            with self.assertRaisesRegex(outbound.OutboundError, "timed out"):
                outbound.request("GET", server.url("/slow"), max_bytes=100)

    def test_a_broken_response_is_an_error_not_a_crash(self) -> None:
        with Loopback() as server:
            server.routes["/broken"] = Route(drop=True)
            with self.assertRaises(outbound.OutboundError):
                outbound.request("GET", server.url("/broken"), max_bytes=100)

    def test_a_body_over_the_limit_is_not_read(self) -> None:
        with Loopback() as server:
            server.routes["/big"] = Route(b"x" * 5000)
            bomb = gzip.compress(b"y" * 1_000_000)
            server.routes["/bomb"] = Route(bomb, headers={"Content-Encoding": "gzip"})
            server.routes["/small.gz"] = Route(gzip.compress(b"small"), headers={"Content-Encoding": "gzip"})
            with self.assertRaisesRegex(outbound.OutboundError, "over the limit of 1000"):
                outbound.request("GET", server.url("/big"), max_bytes=1000)
            with self.assertRaisesRegex(outbound.OutboundError, "once decompressed"):
                outbound.request("GET", server.url("/bomb"), max_bytes=10_000)
            self.assertEqual(outbound.request("GET", server.url("/small.gz"), max_bytes=1000).content, b"small")
