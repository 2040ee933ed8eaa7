"""The gate: the user-facing HTTP port, in front of the engine on its private port.

Each client connection gets a thread (``http.server.ThreadingHTTPServer``) and, while it stays
open, one kept-alive connection to the engine. A request is checked (:mod:`.policy`) and then
sent to the engine (:mod:`.exchange`). Only the headers the engine needs are passed on (Accept,
Content-Type), so a request cannot reach the engine in a form the gate did not check.
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import socket
import socketserver
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ivig_kg.serve.engine import Engine, Lease
from ivig_kg.serve.exchange import Exchange
from ivig_kg.serve.policy import Policy, Refusal, body_length
from ivig_kg.serve.process import LOOPBACK

log = logging.getLogger(__name__)

_IDLE = 120.0  # seconds an idle kept-alive client connection stays open


def _clean(value: str) -> str:
    return value.replace("\r", " ").replace("\n", " ")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class Gate(ThreadingHTTPServer):
    """The listening socket and its request threads; bound at construction, served by start()."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(
        self, host: str, port: int, *, time_limit: float, allow_service: bool = False
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), Handler)
        self.port = int(self.server_address[1])
        self.policy = Policy(host, self.port, allow_service=allow_service)
        self.time_limit = time_limit
        self.engine: Engine | None = None
        self._thread: threading.Thread | None = None

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up a fully qualified host name, which can stall on DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name = str(self.server_address[0])
        self.server_port = int(self.server_address[1])

    def start(self, engine: Engine) -> None:
        """Serve requests in a background thread, sending them to this engine."""
        self.engine = engine
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.2}, name="ivig-kg-gate"
        )
        self._thread.daemon = True
        self._thread.start()

    def close(self) -> None:
        """Stop accepting requests and close the listening socket; idempotent."""
        if self._thread is not None and self._thread.is_alive():
            self.shutdown()
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ivig-kg-gate"
    sys_version = ""
    timeout = _IDLE
    disable_nagle_algorithm = True  # a streamed answer ends with a small write of its own
    server: Gate

    def setup(self) -> None:
        super().setup()
        self.backend: http.client.HTTPConnection | None = None
        self.backend_generation = 0

    def finish(self) -> None:
        self.drop_backend()
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        try:
            self._serve()
        finally:
            with contextlib.suppress(OSError):  # writes shortened it to the deadline
                self.connection.settimeout(_IDLE)

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    def _serve(self) -> None:
        policy = self.server.policy
        refusal = policy.check_request(self.command, self.path, self.headers)
        if refusal is not None:
            self.refuse(refusal)
            return
        body = self._read_body()
        if body is None:
            return
        refusal = policy.check_query(self.path, self.headers, body)
        if refusal is not None:
            self.refuse(refusal)
            return
        Exchange(self, body).run()

    def _read_body(self) -> bytes | None:
        length = body_length(self.headers)
        if not length:
            return b""
        try:
            data = self.rfile.read(length)
        except OSError:
            data = b""
        if len(data) < length:
            self.close_connection = True
            return None
        return data

    # ------------------------------------------------------------------ writing to the client

    def head(self, status: int, reason: str, fields: list[tuple[str, str]]) -> bytes:
        """The status line and header block of an answer."""
        lines = [
            f"{self.protocol_version} {status} {_clean(reason)}",
            f"Server: {self.server_version}",
            f"Date: {self.date_time_string()}",
            *(f"{name}: {_clean(value)}" for name, value in fields),
        ]
        if self.close_connection:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")

    def refuse(self, refusal: Refusal) -> None:
        """Answer with the gate's own status and one-line message."""
        if refusal.close:
            self.close_connection = True
        self.log_request(refusal.status)
        data = (refusal.message + "\n").encode("utf-8")
        fields = [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(data))),
            ("X-Content-Type-Options", "nosniff"),
        ]
        with contextlib.suppress(OSError):
            head = self.head(refusal.status, _reason(refusal.status), fields)
            self.wfile.write(head if self.command == "HEAD" else head + data)

    def cut(self) -> None:
        """Hang up on the client mid-answer, so that it sees an incomplete answer."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    # ------------------------------------------------------------------ the engine connection

    def backend_for(self, lease: Lease, *, fresh: bool) -> http.client.HTTPConnection:
        """This client's connection to the leased engine (a new one if asked or needed)."""
        if fresh or self.backend is None or self.backend_generation != lease.generation:
            self.drop_backend()
            self.backend = http.client.HTTPConnection(LOOPBACK, lease.port)
            self.backend_generation = lease.generation
        return self.backend

    def drop_backend(self) -> None:
        if self.backend is not None:
            self.backend.close()
            self.backend = None
