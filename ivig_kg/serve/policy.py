"""What the gate refuses before a request reaches the engine, as plain functions of the request.

- a Host header other than the server's own loopback names (DNS rebinding: a web page whose
  domain is made to resolve to 127.0.0.1 would otherwise talk to the server as itself);
- a cross-site browser request that carries a query (``Origin`` of another site, or
  ``Sec-Fetch-Site: cross-site``); a cross-site link to the query page itself is fine;
- a body the gate cannot read as the engine would: chunked, compressed, or too large;
- SERVICE in any query text, unless allowed (:mod:`ivig_kg.query.service`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from urllib.parse import unquote_to_bytes

from ivig_kg.query.service import find_service

#: Bodies larger than this are refused (a SPARQL query is a few KB; YASGUI sends forms).
MAX_BODY = 8 * 2**20
_WILDCARDS = {"", "0.0.0.0", "::"}
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class Refusal:
    """An answer the gate gives itself: status, a one-line message, and whether to hang up."""

    status: int
    message: str
    close: bool = True


def url_host(host: str) -> str:
    """The host as written in a URL: wildcards become loopback, IPv6 gets brackets."""
    if host in {"0.0.0.0", ""}:
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values the server answers to: its loopback names and its own address."""
    names = set(_LOOPBACK_NAMES)
    if host not in _WILDCARDS:
        names.add(url_host(host).lower())
    hosts = {f"{name}:{port}" for name in names}
    if port == 80:  # browsers leave out the default port
        hosts |= names
    return frozenset(hosts)


class Policy:
    """The checks for one server: its address, and whether SERVICE is allowed."""

    def __init__(self, host: str, port: int, *, allow_service: bool = False) -> None:
        self.hosts = allowed_hosts(host, port)
        self.origins = frozenset(f"http://{name}" for name in self.hosts)
        self.allow_service = allow_service
        self.shown_host = f"{url_host(host)}:{port}"

    def check_request(self, method: str, target: str, headers: Message) -> Refusal | None:
        """Refuse a request by its line and headers alone (before its body is read)."""
        if not target.startswith("/"):
            return Refusal(400, "only paths are served (GET /query?query=..., not a full URL)")
        return (
            self._check_host(headers)
            or self._check_site(method, target, headers)
            or check_framing(headers)
        )

    def _check_host(self, headers: Message) -> Refusal | None:
        values = headers.get_all("Host") or []
        if len(values) == 1 and values[0].strip().lower() in self.hosts:
            return None
        shown = ", ".join(repr(value) for value in values) or "none"
        return Refusal(
            403,
            f"Host header {shown} refused: this server answers only to its own address "
            f"(http://{self.shown_host}/, or localhost), which protects it from DNS rebinding",
        )

    def _check_site(self, method: str, target: str, headers: Message) -> Refusal | None:
        origin = headers.get("Origin")
        foreign = origin is not None and origin.strip().lower() not in self.origins
        if not foreign and headers.get("Sec-Fetch-Site", "").strip().lower() != "cross-site":
            return None
        if method in {"GET", "HEAD"} and "?" not in target:
            return None  # a link from another site to the query page or its files
        return Refusal(
            403,
            "cross-site request refused: a page from another site may not send queries to "
            "this server (open its query page instead)",
        )

    def check_query(self, target: str, headers: Message, body: bytes) -> Refusal | None:
        """Refuse a request whose query text uses SERVICE, unless SERVICE is allowed."""
        if self.allow_service:
            return None
        for text in query_texts(target, headers, body):
            if find_service(text) is not None:
                return Refusal(
                    403,
                    "SERVICE refused: this server does not send queries to other servers; "
                    "start it with --allow-service to allow SERVICE",
                    close=False,
                )
        return None


def check_framing(headers: Message) -> Refusal | None:
    """Refuse bodies the gate cannot check exactly as the engine will read them."""
    if headers.get("Transfer-Encoding") is not None:
        return Refusal(411, "send the request body with a Content-Length, not chunked")
    encoding = headers.get("Content-Encoding")
    if encoding is not None and encoding.strip().lower() != "identity":
        return Refusal(415, "compressed request bodies are not accepted; send plain text")
    lengths = headers.get_all("Content-Length") or []
    if not lengths:
        return None
    value = lengths[0].strip()
    if len(set(lengths)) != 1 or not (value.isascii() and value.isdigit()):
        return Refusal(400, "the Content-Length header is not a single whole number")
    if int(value) > MAX_BODY:
        return Refusal(413, f"the request body is larger than {MAX_BODY // 2**20} MiB")
    return None


def body_length(headers: Message) -> int:
    """The body's length, once :func:`check_framing` accepted the headers."""
    return int(headers.get("Content-Length", "0").strip() or 0)


# What an encoded value must contain for its decoded form to hold "service" or a backslash (a
# \u escape): the word itself, a backslash, or a percent escape of one of those characters.
_MAY_HOLD_SERVICE = re.compile(rb"service|\\|%(?:[46][359]|[57][236]|5c)", re.IGNORECASE)


def _form_values(data: bytes) -> Iterator[str]:
    """Values of an application/x-www-form-urlencoded string, decoded as the engine does.

    Values that cannot hold SERVICE once decoded are left out: decoding costs more than the
    scan, and a typical query has dozens of percent escapes.
    """
    for pair in data.split(b"&"):
        _, _, value = pair.partition(b"=")
        if _MAY_HOLD_SERVICE.search(value):
            yield unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8", "replace")


def query_texts(target: str, headers: Message, body: bytes) -> Iterator[str]:
    """Every text in a request that the engine could read as a query or update (and that
    could hold SERVICE).

    That is every URL parameter, and the body both as a form and as plain text: whatever its
    Content-Type says, the gate checks every way the engine might read it.
    """
    _, _, query = target.partition("?")
    if query:
        # http.server decodes the request line as Latin-1; undo that to get the raw bytes.
        yield from _form_values(query.encode("latin-1", "replace"))
    if body:
        yield body.decode("utf-8", "replace")
        yield from _form_values(body)
