"""Outbound HTTP for webhooks and feeds, safe against server-side request forgery.

A URL given by a user (a webhook endpoint, a feed, an article link in a feed) could point at the
newsroom's own network. So every request here:

- goes only to http(s) URLs;
- resolves the host itself and refuses it unless *every* address is global (not private,
  loopback, link-local, shared, reserved or multicast), or inside `OUTBOUND_ALLOWED_NETWORKS`;
- connects to the address it checked (the URL's host is replaced by it; `Host` and the TLS
  server name stay the original name, so virtual hosts and certificates work), so a second DNS
  answer cannot slip another address in (DNS rebinding);
- follows redirects only on the same host (checked again), at most MAX_REDIRECTS;
- has connect and read time-outs, an overall deadline, and a size limit that stops reading.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import time
import zlib
from dataclasses import dataclass

import httpx
from django.conf import settings

USER_AGENT = "NewsroomFactTracker/1.0 (+webhooks; feeds)"
MAX_REDIRECTS = 3
REDIRECTS = {301, 302, 303, 307, 308}


class OutboundError(Exception):
    """A request that could not be made or completed; the message says why, for the log shown to people."""


class OutboundRefused(OutboundError):
    """A request refused before it was sent: a scheme, host or address that is not allowed."""


@dataclass
class Response:
    status: int
    headers: httpx.Headers
    content: bytes
    url: str  # the final URL, after same-host redirects
    seconds: float


def _allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in network for network in settings.OUTBOUND_ALLOWED_NETWORKS):
        return True
    return address.is_global and not address.is_multicast


def checked_addresses(host: str, port: int) -> list[str]:
    """The host's addresses, all allowed, or OutboundRefused naming the one that is not."""
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise OutboundError(f"cannot resolve {host}: {exc}") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
    else:
        addresses = [str(literal)]
    for address in addresses:
        if not _allowed(ipaddress.ip_address(address.split("%", 1)[0])):
            raise OutboundRefused(f"{host} resolves to {address}, a private or reserved address; "
                                  "outbound requests go only to public addresses")
    if not addresses:
        raise OutboundError(f"{host} has no address")
    return addresses


def check_url(url: str) -> httpx.URL:
    """The URL parsed, if its scheme and host are acceptable (before any address is checked)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise OutboundRefused(f"not a valid URL: {exc}") from None
    if parsed.scheme not in ("http", "https"):
        raise OutboundRefused(f"only http and https URLs are allowed, not {parsed.scheme or 'none'}:")
    if not parsed.host:
        raise OutboundRefused("the URL has no host")
    return parsed


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every request: loading the CA bundle takes longer than a local request."""
    return httpx.create_ssl_context(trust_env=False)  # httpx's own: certifi's CA bundle


def _client() -> httpx.Client:
    timeout = httpx.Timeout(settings.OUTBOUND_READ_TIMEOUT, connect=settings.OUTBOUND_CONNECT_TIMEOUT)
    # trust_env=False: no proxy from the environment, which would connect to a name we did not check.
    return httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False, verify=_tls(),
                        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip"})


def request(
    method: str, url: str, *, headers: dict[str, str] | None = None, content: bytes | None = None,
    max_bytes: int, follow_redirects: bool = True, deadline: float | None = None,
) -> Response:
    """Make the request safely (see the module's docstring); any status is returned, not raised."""
    deadline = deadline or settings.OUTBOUND_CONNECT_TIMEOUT + 3 * settings.OUTBOUND_READ_TIMEOUT
    deadline_at = time.monotonic() + deadline
    started = time.monotonic()
    current = check_url(url)
    origin_host = current.host
    with _client() as client:
        for _ in range(MAX_REDIRECTS + 1):
            response = _send_once(client, method, current, headers or {}, content, max_bytes, deadline_at)
            location = response.headers.get("location")
            if not (follow_redirects and response.status in REDIRECTS and location):
                response.seconds = time.monotonic() - started
                return response
            following = check_url(str(current.join(location)))
            if following.host != origin_host:
                raise OutboundRefused(f"redirected to another host ({following.host}); not followed")
            if response.status == 303 or (response.status in (301, 302) and method != "HEAD"):
                method, content = "GET", None
            current = following
    raise OutboundError(f"more than {MAX_REDIRECTS} redirects")


def _send_once(client: httpx.Client, method: str, url: httpx.URL, headers: dict[str, str], content: bytes | None,
               max_bytes: int, deadline_at: float) -> Response:
    port = url.port or (443 if url.scheme == "https" else 80)
    address = checked_addresses(url.host, port)[0]
    extensions = {"sni_hostname": url.host} if url.scheme == "https" else {}
    host_header = url.netloc.decode("ascii")
    target = url.copy_with(host=address)
    try:
        with client.stream(method, target, headers={**headers, "Host": host_header}, content=content,
                           extensions=extensions) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise OutboundError(f"the response is {declared} bytes, over the limit of {max_bytes}")
            chunks, size = [], 0
            for chunk in response.iter_raw():
                size += len(chunk)
                if size > max_bytes:
                    raise OutboundError(f"the response is over the limit of {max_bytes} bytes")
                if time.monotonic() > deadline_at:
                    raise OutboundError("the response took too long to arrive")
                chunks.append(chunk)
            body = _decoded(b"".join(chunks), response.headers.get("content-encoding", ""), max_bytes)
            return Response(response.status_code, response.headers, body, str(url), 0.0)
    except httpx.TimeoutException as exc:
        raise OutboundError(f"timed out ({type(exc).__name__})") from None
    except httpx.HTTPError as exc:
        raise OutboundError(f"{type(exc).__name__}: {exc}") from None


def _decoded(body: bytes, encoding: str, max_bytes: int) -> bytes:
    """The body as sent, or gunzipped no further than the limit (a small gzip can hold gigabytes)."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise OutboundError(f"the response is compressed with {encoding}, which was not asked for")
    decompressor = zlib.decompressobj(wbits=47 if encoding != "deflate" else 15)
    try:
        out = decompressor.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise OutboundError(f"the response's {encoding} data is broken: {exc}") from None
    if len(out) > max_bytes:
        raise OutboundError(f"the response is over the limit of {max_bytes} bytes once decompressed")
    return out
