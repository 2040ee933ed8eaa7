"""Find the ``SERVICE`` keyword in SPARQL text without parsing it, and refuse queries that use it.

``SERVICE <url> { ... }`` makes the engine send a request to any URL the query names: Oxigraph
does it from ``ivig-kg serve`` and from the embedded store alike. Both refuse such queries unless
the caller opts in, and both use :func:`find_service`.

The scan is one regular-expression pass that skips what cannot hold the keyword (comments,
strings, IRIs, variable names, the local part of prefixed names) and reports any other
``service``, in any ASCII case. It errs on the side of refusing, because Oxigraph's parser does
not need a boundary before or after a keyword: it runs the SERVICE in ``1service:x { }``,
``trueSERVICE <u> { }`` and ``service:{ }`` alike. So ``service`` at the start of or inside a
prefix name (``myservice:x``) counts; only the local part (``schema:serviceType``) and
variables (``?service``) are safe. ``tests/test_gate.py`` checks the scan against the engine.

Oxigraph 0.5 reads ``\\u0053`` escapes only inside strings and IRIs, while SPARQL 1.1 allows them
anywhere; when the text has such escapes it is scanned a second time with them decoded, so
that a newer engine cannot be fooled either.
"""

from __future__ import annotations

import re

from ivig_kg.query.errors import QueryError

# Character classes of the SPARQL 1.1 grammar (section 19.8), used as they are written there so
# the scanner skips no more than the engine would read as one name.
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_NAME_TAIL = _PN_CHARS_U + "0-9\u00b7\u0300-\u036f\u203f-\u2040"  # VARNAME after its first char
_PN_CHARS = _NAME_TAIL + "\\-"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_HEX4 = "[0-9A-Fa-f]{4}"
_ESCAPE = rf"(?:\\[tbnrf\\\"']|\\u{_HEX4}|\\U{_HEX4}{_HEX4})"

# Tokens that cannot hold the keyword. Name classes try plain ASCII first: Python's re checks a
# class with characters beyond U+FFFF range by range, which would double the cost of a scan. No
# quantifier is nested in another, so a token that does not close costs one linear pass.
_ASCII_NAME = "A-Za-z0-9_"
_SKIP = "|".join(
    (
        r"\#[^\r\n]*",  # a comment runs to the end of the line
        rf'"""(?:(?:"|"")?(?:[^"\\]|{_ESCAPE}))*"""',
        rf"'''(?:(?:'|'')?(?:[^'\\]|{_ESCAPE}))*'''",
        rf'"(?:[^"\\\n\r]|{_ESCAPE})*"',
        rf"'(?:[^'\\\n\r]|{_ESCAPE})*'",
        r"<[^<>\"{}|^`\\\x00-\x20]*>",  # an IRI
        # A variable: VARNAME after ? or $.
        rf"[?$](?:[{_ASCII_NAME}]|[{_PN_CHARS_U}])(?:[{_ASCII_NAME}]|[{_NAME_TAIL}])*",
        # The local part of a prefixed name or blank node label: PN_LOCAL after its colon. Where
        # it ends does not matter (a trailing dot is no letter); where it starts does: it never
        # starts with "." or "-", so "ex:.SERVICE" is scanned as the engine reads it.
        rf":(?:[{_ASCII_NAME}:]|[{_PN_CHARS_U}]|{_PLX})"
        rf"(?:[{_ASCII_NAME}\-.:]|[{_PN_CHARS}.:]|{_PLX})*",
    )
)
# The lookahead lets the engine skip, in C, every position where no token can start. At each
# position the tokens are tried first, so "service" inside one of them is passed over; any other
# "service", whatever comes before or after it, is reported.
_SCAN = re.compile(rf"(?=[#\"'<?$:Ss])(?:(?:{_SKIP})|(?P<service>[Ss][Ee][Rr][Vv][Ii][Cc][Ee]))")
_CODEPOINT = re.compile(rf"\\u({_HEX4})|\\U({_HEX4}{_HEX4})")


class ServiceRefused(QueryError):
    """The query uses SERVICE, which would make the engine contact another server."""

    def __init__(self, line: int, column: int) -> None:
        super().__init__(
            f"the query uses SERVICE (line {line}, column {column}), which would make the "
            "engine send requests to another server; it is refused unless allowed "
            "(allow_service=True, --allow-service)"
        )
        self.line = line
        self.column = column


def _scan(text: str) -> int | None:
    for found in _SCAN.finditer(text):
        if found.lastgroup == "service":
            return found.start()
    return None


def _decode_codepoints(text: str) -> str:
    def one(found: re.Match[str]) -> str:
        value = int(found[1] or found[2], 16)
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            return found[0]
        return chr(value)

    return _CODEPOINT.sub(one, text)


def find_service(text: str) -> int | None:
    """Return where the SERVICE keyword first occurs in a query or update, or None.

    The position is an index into ``text`` (into its decoded form when only the decoded form
    has the keyword).
    """
    escaped = "\\" in text and ("\\u" in text or "\\U" in text)  # one memchr, mostly
    if not escaped and "service" not in text.lower():
        return None  # the common case costs one lower() and one search
    found = _scan(text)
    if found is None and escaped:
        found = _scan(_decode_codepoints(text))
    return found


def check_service(text: str, *, allow_service: bool = False) -> None:
    """Raise :class:`ServiceRefused` if the text uses SERVICE and that was not allowed.

    A prefix named like the keyword (``PREFIX service: <...>``) is refused too, since the engine
    can read ``service:x`` as SERVICE and the IRI ``:x``; the message says where.
    """
    if allow_service:
        return
    position = find_service(text)
    if position is not None:
        before = text[:position]
        raise ServiceRefused(before.count("\n") + 1, position - before.rfind("\n"))
