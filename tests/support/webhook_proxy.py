"""A tiny webhook load balancer for tests: one loopback address that hands each POST to the next bot in turn.

The Bot API server (here the emulator) knows one webhook URL; behind a real load balancer, any of several bot
processes may get any update. `AlternatingProxy` makes that as hard as it can be for a conversation: the
first update goes to the first target, the second to the second, and so on round the list, whoever the user
is. The request's path, body and Telegram's secret-token header are passed on unchanged and the bot's answer
(status and body) comes back, so a refused secret or a failing bot is the emulator's to see and retry (a retry
goes to the next target). It serves on 127.0.0.1 from a thread, so synchronous tests can use it; `forwards`
counts the updates each target accepted (answered 2xx).
"""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

#: The header in which Telegram (and the emulator) send the webhook's secret token.
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PASSED_ON = ("Content-Type", SECRET_HEADER)


class AlternatingProxy:
    """Forward POSTs to ``targets`` (base URLs such as ``http://127.0.0.1:8443``) round-robin."""

    def __init__(self, targets: list[str]) -> None:
        self.targets = [urlsplit(target) for target in targets]
        self.forwards = [0] * len(targets)
        self._turn = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, name="webhook-proxy", daemon=True)

    @property
    def url(self) -> str:
        """The proxy's base address (append the webhook path)."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def next_target(self) -> int:
        """The index of the target whose turn it is (and move the turn on)."""
        with self._lock:
            index, self._turn = self._turn, (self._turn + 1) % len(self.targets)
            return index

    def forward(self, index: int, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        """POST to target ``index``; its status and body (502 when it cannot be reached)."""
        target = self.targets[index]
        connection = http.client.HTTPConnection(target.hostname or "127.0.0.1", target.port, timeout=10)
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            status, answer = response.status, response.read()
        except OSError as exc:
            return 502, f"target {index} unreachable: {type(exc).__name__}".encode()
        finally:
            connection.close()
        if 200 <= status < 300:
            with self._lock:
                self.forwards[index] += 1
        return status, answer

    def __enter__(self) -> AlternatingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _handler_for(proxy: AlternatingProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {name: self.headers[name] for name in PASSED_ON if self.headers.get(name) is not None}
            status, answer = proxy.forward(proxy.next_target(), self.path, body, headers)
            self.send_response(status)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test reads `forwards`, not an access log."""

    return Handler
