"""What can go wrong when running a query: one exception family, messages meant for users."""

from __future__ import annotations

import re


class QueryError(Exception):
    """A query could not be run; the message is meant for the user, on one line."""


class QuerySyntaxError(QueryError):
    """The query text is not valid SPARQL; ``line`` and ``column`` count from 1 when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    @classmethod
    def from_parser(cls, message: str, text: str = "") -> QuerySyntaxError:
        """Build the error from an Oxigraph (``error at L:C: ...``) or pyparsing message."""
        message = message.strip()
        line = column = None
        if (found := re.search(r"error at ([0-9]+):([0-9]+)", message)) or (
            found := re.search(r"line:([0-9]+), col:([0-9]+)", message)
        ):
            line, column = int(found[1]), int(found[2])
        if "Prefix not found" in message and line is not None and column is not None and text:
            # Oxigraph lists every character class it would accept; name the prefix instead.
            lines = text.splitlines()
            before = lines[line - 1][: column - 1] if line <= len(lines) else ""
            name = re.search(r"([A-Za-z][\w.-]*)?:[\w.%-]*$", before)
            what = f"'{name[1] or ''}:'" if name else "of a prefixed name"
            message = f"error at {line}:{column}: undefined prefix {what} (declare it with PREFIX)"
        return cls(message, line, column)


class UpdateRefused(QueryError):
    """The text is a SPARQL Update and updates were not explicitly allowed."""

    def __init__(self) -> None:
        super().__init__(
            "this is a SPARQL Update (it would modify data) and updates are refused; "
            "pass allow_update=True (--allow-update) to run it on the in-memory copy"
        )


class EndpointError(QueryError):
    """The endpoint could not be reached, refused the request or sent an unusable answer."""


class QueryTimeout(EndpointError):
    """The endpoint did not finish answering within the client-side time limit."""
