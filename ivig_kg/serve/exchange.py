"""One request sent to the engine and its answer relayed, under one deadline for the whole.

- an answer that ends within 64 KiB is sent in one piece with a Content-Length; a longer one is
  streamed in chunks, so a client cut off halfway sees an incomplete answer, not a short one;
- past the deadline the client gets 504 (or, mid-stream, a cut connection) and the engine is
  killed, because Oxigraph keeps computing an aggregate or a sort after its client has gone;
- when the engine stops under a request that has not been answered yet (killed for another
  request, or out of memory), the request is sent once more to the restarted engine; if the
  engine stops again the client gets 503 with the reason.
"""

from __future__ import annotations

import http.client
import time
from typing import TYPE_CHECKING

from ivig_kg.serve.engine import Engine, EngineUnavailable, Lease
from ivig_kg.serve.policy import Refusal

if TYPE_CHECKING:  # pragma: no cover
    from ivig_kg.serve.gate import Handler

_WHOLE = 64 * 1024  # answers up to this size are sent in one piece
_CHUNK = 64 * 1024
_NOT_RELAYED = frozenset(
    {
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "content-length", "server", "date",
    }
)  # fmt: skip
_REQUEST_HEADERS = ("Accept", "Content-Type")
#: Added to HTML answers (the query page): scripts may only talk to this server.
_PAGE_POLICY = "connect-src 'self'"


class _Retry(Exception):
    """The engine stopped under the request before anything was sent to the client."""


class _OverTime(Exception):
    """The request's deadline passed."""


class _BadGateway(Exception):
    """The engine, still running, closed the connection without a usable answer."""


class _ClientGone(Exception):
    """The client closed its connection."""


class Exchange:
    """One request on its way to the engine and back, under one deadline."""

    def __init__(self, handler: Handler, body: bytes) -> None:
        self.handler = handler
        self.body = body
        self.gate = handler.server
        assert self.gate.engine is not None
        self.engine: Engine = self.gate.engine
        self.deadline = time.monotonic() + self.gate.time_limit
        self.fields = {
            name: value
            for name in _REQUEST_HEADERS
            if (value := handler.headers.get(name)) is not None
        }
        self.sent = False  # whether any part of the answer has reached the client
        self.earlier = ""  # why the engine stopped under the first attempt, if it did

    def run(self) -> None:
        for attempt in (1, 2):
            try:
                lease = self.engine.lease(self.deadline)
            except EngineUnavailable as exc:
                self._unavailable(str(exc))
                return
            try:
                self._once(lease)
                return
            except _Retry:
                if attempt == 1 and not self.engine.blamed(lease):
                    self.earlier = self._last_exit()
                    continue  # a bystander: send it again to the restarted engine
                self._engine_stopped()
            except _OverTime:
                self._over_time(lease)
            except _BadGateway:
                self._bad_gateway()
            except _ClientGone:
                self.handler.drop_backend()  # so that the engine stops a streamed answer
                self.handler.close_connection = True
            finally:
                self.engine.release(lease)
            return

    # ------------------------------------------------------------------ outcomes

    def _last_exit(self) -> str:
        return self.engine.exits[-1].describe() if self.engine.exits else "cause unknown"

    def _unavailable(self, why: str) -> None:
        if time.monotonic() >= self.deadline:
            self.handler.refuse(Refusal(504, self._over_time_message(), close=False))
        else:
            self.handler.refuse(Refusal(503, why, close=False))

    def _over_time_message(self) -> str:
        message = (
            f"the query did not finish within the time limit of {self.gate.time_limit:g} s "
            "(ivig-kg serve --timeout); it was stopped"
        )
        if self.earlier:
            message += f"; before that, the engine had stopped under it ({self.earlier})"
        return message

    def _over_time(self, lease: Lease) -> None:
        self.handler.drop_backend()
        self.engine.kill(lease, f"a query ran over the {self.gate.time_limit:g} s time limit")
        if self.sent:
            self.handler.cut()
        else:
            self.handler.refuse(Refusal(504, self._over_time_message(), close=False))

    def _engine_stopped(self) -> None:
        self.handler.refuse(
            Refusal(
                503,
                f"the engine stopped while answering this query ({self._last_exit()}) and was "
                "restarted; a query that sorts a huge cross join can exceed the memory limit "
                "(ivig-kg serve --memory-limit)",
                close=False,
            )
        )

    def _bad_gateway(self) -> None:
        if self.sent:
            self.handler.cut()
        else:
            self.handler.refuse(Refusal(502, "the engine closed the connection without an answer"))

    # ------------------------------------------------------------------ the exchange itself

    def _remaining(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise _OverTime
        return remaining

    def _once(self, lease: Lease) -> None:
        response = self._request(lease)
        try:
            self._relay(response)
        except TimeoutError:
            raise _OverTime from None
        except (OSError, http.client.HTTPException):
            self.handler.drop_backend()
            if self.sent:
                raise _BadGateway from None
            raise _Retry if self.engine.lost(lease) else _BadGateway from None

    def _request(self, lease: Lease) -> http.client.HTTPResponse:
        """Send the request; return the engine's response once its headers have arrived."""
        for fresh in (False, True):
            connection = self.handler.backend_for(lease, fresh=fresh)
            reused = connection.sock is not None
            try:
                connection.timeout = self._remaining()
                if connection.sock is not None:
                    connection.sock.settimeout(connection.timeout)
                connection.request(
                    self.handler.command, self.handler.path, self.body or None, self.fields
                )
                return connection.getresponse()
            except TimeoutError:
                self.handler.drop_backend()
                raise _OverTime from None
            except (OSError, http.client.HTTPException):
                self.handler.drop_backend()
                if reused:
                    continue  # the engine had closed this idle connection; open a new one
                raise _Retry if self.engine.lost(lease) else _BadGateway from None
        raise _BadGateway

    def _read(self, response: http.client.HTTPResponse) -> bytes:
        sock = self.handler.backend.sock if self.handler.backend is not None else None
        if sock is not None:
            sock.settimeout(self._remaining())
        return response.read1(_CHUNK)

    def _write(self, data: bytes) -> None:
        remaining = self._remaining()
        self.sent = True  # from here on, part of it may have gone out: an error must cut
        try:
            self.handler.connection.settimeout(remaining)
            self.handler.wfile.write(data)
        except TimeoutError:
            raise _OverTime from None
        except OSError:
            raise _ClientGone from None

    def _relay(self, response: http.client.HTTPResponse) -> None:
        fields = [
            (name, value)
            for name, value in response.getheaders()
            if name.lower() not in _NOT_RELAYED
        ]
        if "html" in (response.getheader("Content-Type") or ""):
            # Oxigraph's query page looks prefixes up on the web; keep its requests on this server.
            fields.append(("Content-Security-Policy", _PAGE_POLICY))
        head = self.handler.head
        if self.handler.command == "HEAD" or response.status in {204, 304}:
            response.read()
            length = response.getheader("Content-Length")
            extra = [("Content-Length", length)] if length is not None else []
            self._write(head(response.status, response.reason, fields + extra))
            return
        whole = bytearray()
        while len(whole) < _WHOLE:
            chunk = self._read(response)
            if not chunk:  # the answer is complete: one piece, with its length
                extra = [("Content-Length", str(len(whole)))]
                self._write(head(response.status, response.reason, fields + extra) + whole)
                return
            whole += chunk
        self._stream(response, fields, bytes(whole))

    def _stream(
        self, response: http.client.HTTPResponse, fields: list[tuple[str, str]], first: bytes
    ) -> None:
        chunked = self.handler.request_version == "HTTP/1.1"
        if chunked:
            fields = [*fields, ("Transfer-Encoding", "chunked")]
        else:
            self.handler.close_connection = True  # HTTP/1.0: the end of the answer is the end
        head = self.handler.head(response.status, response.reason, fields)
        chunk = first
        data = head
        while chunk:
            data += b"%X\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk
            self._write(data)
            data = b""
            chunk = self._read(response)
        if chunked:
            self._write(b"0\r\n\r\n")
