"""Query files: the ``#+ summary:`` / ``#+ tags:`` headers, and the competency questions shipped
with the package, found by file name or by number."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from ivig_kg import paths


class QueryFile(NamedTuple):
    """A query file: the `#+ summary:` and `#+ tags:` headers and the full text."""

    summary: str
    tags: tuple[str, ...]
    text: str


def read_query_file(path: str | Path) -> QueryFile:
    """Read a .rq file and its leading ``#+ key: value`` headers (grlc style).

    Raises FileNotFoundError for a missing file.
    """
    text = Path(path).read_text(encoding="utf-8")
    headers: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        if found := re.match(r"#\+\s*([\w-]+)\s*:\s*(.*)", stripped):
            headers[found[1].lower()] = found[2].strip()
    tags = tuple(t.strip() for t in headers.get("tags", "").split(",") if t.strip())
    return QueryFile(headers.get("summary", ""), tags, text)


def shipped_queries() -> list[Path]:
    """Return the competency questions shipped with the package (``cq-*.rq``), in order."""
    return sorted(paths.QUERIES_DIR.glob("cq-*.rq"))


def find_shipped_query(name: str) -> Path | None:
    """Find a shipped question by file name, stem or number: ``cq-09-kawasaki-regimen.rq``,
    ``cq-09-kawasaki-regimen``, ``cq-09``, ``cq-9`` or ``9``; None if there is no such question.
    """
    wanted = name.removesuffix(".rq").lower()
    if found := re.fullmatch(r"(?:cq-)?([0-9]{1,2})", wanted):
        wanted = f"cq-{int(found[1]):02d}"
    for path in shipped_queries():
        if path.stem == wanted or path.stem.startswith(wanted + "-"):
            return path
    return None
