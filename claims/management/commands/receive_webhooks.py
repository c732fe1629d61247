"""A webhook receiver for trying the app out: prints each delivery and whether its signature holds.

    python manage.py receive_webhooks --secret whsec_...            # listens on 127.0.0.1:9000
    python manage.py receive_webhooks --secret whsec_... --port 9100 --fail 2   # answer 500 twice first

It verifies each request as any receiver should, with the `standardwebhooks` package (headers
`webhook-id`, `webhook-timestamp`, `webhook-signature`; five minutes of clock tolerance), answers
204 when the signature holds and 401 when it does not. `--fail N` answers the first N requests
with 500, to watch the worker try again. Not for production: a real receiver is another tool.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TextIO

from django.core.management.base import BaseCommand, CommandError
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


def receiver(*, secret: str, port: int, out: TextIO, fail: int = 0) -> ThreadingHTTPServer:
    webhook = Webhook(secret)
    failures = {"left": fail}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if failures["left"] > 0:
                failures["left"] -= 1
                out.write(f"answered 500 to {self.headers.get('webhook-id')} (--fail)\n")
                status = 500
            else:
                try:
                    payload = webhook.verify(body, dict(self.headers))
                except WebhookVerificationError as exc:
                    out.write(f"REFUSED {self.headers.get('webhook-id')}: {exc}\n")
                    status = 401
                else:
                    data = payload.get("data", {})
                    about = {k: v.get("id") if isinstance(v, dict) else v for k, v in data.items()}
                    out.write(f"verified {payload['type']} {self.headers['webhook-id']} at {payload['timestamp']}: "
                              f"{json.dumps(about)}\n")
                    status = 204
            out.flush()
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("--secret", required=True, help="The endpoint's signing secret (whsec_...).")
        parser.add_argument("--port", type=int, default=9000)
        parser.add_argument("--fail", type=int, default=0, help="Answer the first N requests with 500.")

    def handle(self, *args, secret: str, port: int, fail: int, **options) -> None:
        try:
            server = receiver(secret=secret, port=port, out=self.stdout, fail=fail)
        except Exception as exc:  # a bad secret (not base64) or a port in use
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Listening on http://127.0.0.1:{server.server_port}/ (Ctrl-C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
