"""A webhook receiver for tests: an http.server on 127.0.0.1 in a thread that verifies every
request's signature with the standardwebhooks package (as a partner would) and records it.

    with Receiver(secret) as receiver:
        receiver.respond(503)              # or a function of the request: (status, headers, body)
        ...
        receiver.requests                  # every request, in arrival order
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int  # what the receiver answered
    verified_by: list[str] = field(default_factory=list)  # the secrets whose signature matched

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]

    @property
    def payload(self) -> dict[str, Any]:
        return json.loads(self.body)

    @property
    def verified(self) -> bool:
        return bool(self.verified_by)


Behaviour = Callable[[Received], tuple[int, dict[str, str], bytes]]


class Receiver:
    def __init__(self, *secrets: str, host: str = "127.0.0.1", port: int = 0) -> None:
        self.secrets = list(secrets)
        self.requests: list[Received] = []
        self._lock = threading.Lock()
        self._behaviour: Behaviour = lambda received: (200, {}, b"ok")
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                received = Received(self.path, headers, body, status=0)
                for secret in receiver.secrets:
                    try:
                        Webhook(secret).verify(body, headers)
                    except WebhookVerificationError:
                        continue
                    received.verified_by.append(secret)
                status, extra_headers, answer = receiver._behaviour(received)
                received.status = status
                with receiver._lock:
                    receiver.requests.append(received)
                self.send_response(status)
                for name, value in extra_headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST

            def log_message(self, format, *args) -> None:
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, path: str = "/hooks") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def respond(self, status: int = 200, headers: dict | None = None, body: bytes = b"ok") -> None:
        self._behaviour = lambda received: (status, headers or {}, body)

    def behave(self, behaviour: Behaviour) -> None:
        self._behaviour = behaviour

    def delay(self, seconds: float, status: int = 200) -> None:
        def slow(received: Received):
            time.sleep(seconds)
            return status, {}, b"late"

        self._behaviour = slow

    def start(self) -> Receiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Receiver:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
