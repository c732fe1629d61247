"""A real HTTP server on 127.0.0.1, in a thread, for feeds, article pages and webhook receivers.

Each path answers what its `Route` says (status, body, headers, a delay, an ETag honoured with 304),
or what a function returns; every request is recorded (method, path, headers, body).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float = field(default_factory=time.time)


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    etag: str = ""  # answered 304 to a matching If-None-Match
    last_modified: str = ""  # answered 304 to an equal If-Modified-Since
    drop: bool = False  # close the connection without answering


Handler = Callable[[Received], tuple[int, dict[str, str], bytes]]


class Loopback:
    def __init__(self) -> None:
        self.routes: dict[str, Route | Handler] = {}
        self.received: list[Received] = []
        self.lock = threading.Lock()
        loopback = self

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                received = Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()},
                                    self.rfile.read(length) if length else b"")
                with loopback.lock:
                    loopback.received.append(received)
                route = loopback.routes.get(self.path.split("?")[0])
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"not here"
                elif callable(route):
                    status, headers, body = route(received)
                else:
                    if route.drop:
                        self.close_connection = True
                        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Len")  # a broken response
                        return
                    time.sleep(route.delay)
                    headers = {"Content-Type": route.content_type, **route.headers}
                    if route.etag:
                        headers["ETag"] = route.etag
                    if route.last_modified:
                        headers["Last-Modified"] = route.last_modified
                    if (route.etag and received.headers.get("if-none-match") == route.etag) or (
                        route.last_modified and received.headers.get("if-modified-since") == route.last_modified
                    ):
                        status, body = 304, b""
                    else:
                        status, body = route.status, route.body
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Loopback:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def url(self, path: str) -> str:
        return self.base + path

    def requests_to(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.path.split("?")[0] == path]

    def wait_for(self, path: str, count: int = 1, timeout: float = 20.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.requests_to(path)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"{count} request(s) to {path} expected within {timeout} s, got {self.requests_to(path)}")
