"""Canonical form of the record files: records sorted by id, text otherwise untouched.

Sorting works on the text, one block per record, so comments and layout survive;
`ivig-kg lint` reports files out of order and `ivig-kg lint --fix` rewrites them.
"""

from __future__ import annotations

import re
from pathlib import Path

from ivig_kg.records import ALL_KINDS

_RECORD_START = re.compile(r"^  - id: *(\S+)\s*$", re.MULTILINE)


def canonical_text(text: str) -> str:
    """Return the text with its top-level records sorted by id."""
    starts = [m.start() for m in _RECORD_START.finditer(text)]
    if not starts:
        return text
    head = text[: starts[0]]
    blocks = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)], strict=False)]
    blocks = [b if b.endswith("\n") else b + "\n" for b in blocks]
    ordered = sorted(blocks, key=lambda b: _RECORD_START.match(b).group(1))  # type: ignore[union-attr]
    return head + "".join(ordered)


def lint(data_dir: Path, *, fix: bool = False) -> list[Path]:
    """Return the record files that are not in canonical form; rewrite them when `fix`."""
    changed = []
    for kind in ALL_KINDS:
        path = data_dir / kind.file
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        canonical = canonical_text(text)
        if canonical != text:
            changed.append(path)
            if fix:
                path.write_text(canonical, encoding="utf-8")
    return changed
