"""Fuzz `ivig-kg build` with mutated copies of the real data files (issue 10).

Each case writes data/ to a temporary folder, changes one data file in one way and runs
``ivig-kg build --data D --out O`` in this process (click's CliRunner, so the exit code and the
messages are the command's own). The build must then either

- exit 0 and write outputs that rdflib and Oxigraph both read back (Turtle and N-Triples) into
  the number of triples the command printed, adding nothing to O but ivig-kg.{ttl,nt,jsonld}; or
- exit 1 with exactly one ``error: data/<file>:<line>: ...`` line naming a data file (no line
  for a whole-file problem such as its size), a ``hint:`` line, no traceback, and O exactly as it
  was (absent if it was absent, byte-identical if it held files).

A graph that loads but fails a SHACL shape or a QC query also exits 1 cleanly, with one
``error: the built graph failed N check(s)`` line after the problems; it names no data file, so
it is counted apart ("check failed") rather than as a data-file error.

Mutations work on the bytes of a file (syntax: truncation, stray bytes and characters, lines
deleted, duplicated, swapped or re-indented, duplicate keys, YAML anchors, aliases, tags and
document markers, references flipped to unknown or wrong ids) and on its parsed value written
back with ``yaml.safe_dump`` (schema: a value replaced by one of another type, a key deleted or
added, a list item duplicated, an id flipped). For mappings.tsv the parsed value is its rows of
cells. This module is their one home: ``tests/test_fuzz.py`` imports it for the bounded,
deterministic CI test, and run as a script it is the long run, which is not part of the tests:

    python benchmarks/fuzz_data.py --cases 2000 --seed 1
    python benchmarks/fuzz_data.py --cases 100000 --time-limit 900 --keep /tmp/fuzz

A broken invariant is saved as a folder holding the whole mutated data/ (so
``ivig-kg build --data <case>/data --out /tmp/x`` reproduces it), the mutation and the output.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import logging
import math
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml
from click.testing import CliRunner, Result

from ivig_kg.cli import main as cli
from ivig_kg.load import DATA_FILES

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
OUTPUT_NAMES = ("ivig-kg.jsonld", "ivig-kg.nt", "ivig-kg.ttl")
#: What the output folder holds before a build, when a case starts with one.
PREVIOUS = {name: f"previous build: {name}\n".encode() for name in OUTPUT_NAMES}

Part = str | int
#: libyaml's safe loader when installed (~10x faster). Not its dumper: libyaml cannot write a
#: lone surrogate, which PyYAML's own dumper escapes ("\uD800") as a curator could.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Span = tuple[int, int, bytes]

# --------------------------------------------------------------------------- values

#: Characters that are invisible, ambiguous or special to YAML/TSV, then ordinary non-ASCII ones.
SPECIAL_CHARS = (
    "\x00", "\t", "\r", "\x07", "\x1b", "\x7f", "\x85", "\xa0", "\u200b", "\u200e", "\u202e",
    "\u2028", "\u2066", "\ufeff", "\ufffe", "\ud800", "\U000e0001", "é", "e\u0301", "١", "１",
    "Ω", "🙂", "#", ":", "-", "'", '"', "&", "*", "!", "%", "@", "`", "|", ">", "{", "}", "[",
    "]", ",", "?", "\\",
)  # fmt: skip
#: Texts a value may become: empty, YAML look-alikes, control and bidi characters, ids, IRIs.
SPECIAL_TEXTS = (
    "", " ", "x", "\t", "a\nb", "\x00", "\x1b[31mred", "\u202eevil", "\u200bivig", "ivig\u200b",
    "\ufeffivig", "e\u0301", "日本語", "🙂", "١٢٣", "１２", "null", "~", "yes", "no", "on",
    "0x1F", "1e3", ".nan", "-.inf", "2025-02-30", "2025-04-01", "12:30", "# comment", ": ",
    "- x", "'", '"', "{", "[]", "&a", "*a", "!tag", "---", "%YAML 1.1", "http://example.org/x",
    "https://w3id.org/ivig-kg/x y", "MONDO:0000001", "MONDO:", "no:such", ":", "ivig kg",
)  # fmt: skip
INTS = (0, 1, -1, 7, 2**31, 2**63, -(10**30), 10**400)
FLOATS = (0.5, -0.0, math.nan, math.inf, -math.inf, 1e308, 5e-324)
HUGE_LENGTHS = (300, 5_000, 100_000, 999_000, 1_100_000)
HUGE_UNITS = ("x", "é", "🙂", "a ")
EXTRA_KEYS = ("unknown_field", "Id", "id ", "<<", "", "1", "references\u200b")


@dataclass(frozen=True)
class Corpus:
    """The real data files, parsed, with the ids and keys they use (what mutations draw from)."""

    originals: dict[str, bytes]
    trees: dict[str, Any]
    tokens: tuple[str, ...]
    keys: tuple[str, ...]
    token_pattern: re.Pattern[bytes]

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(sorted(self.originals))


ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*|[A-Za-z]+:[A-Za-z0-9_.]+")
#: A reference number inside a flow list, as in `references: [1, 4]`.
NUMBER_IN_LIST = rb"(?<=\[)\d+(?=[,\]])|(?<=, )\d+(?=[,\]])"


def read_corpus(folder: Path = DATA) -> Corpus:
    """Read every data file the build reads, and collect the ids and keys they use."""
    originals = {name: (folder / name).read_bytes() for name in DATA_FILES}
    trees = {name: parse_tree(name, data) for name, data in originals.items()}
    tokens: set[str] = set()
    keys: set[str] = set()
    for tree in trees.values():
        for path, value, _ in nodes(tree):
            if isinstance(value, str) and len(value) <= 60 and ID.fullmatch(value):
                tokens.add(value)
            if path and isinstance(path[-1], str):
                keys.add(path[-1])
    alternatives = b"|".join(re.escape(t.encode()) for t in sorted(tokens, key=len, reverse=True))
    pattern = re.compile(rb"(?<![\w:-])(?:" + alternatives + rb")(?![\w:-])|" + NUMBER_IN_LIST)
    return Corpus(originals, trees, tuple(sorted(tokens)), tuple(sorted(keys)), pattern)


def _random_char(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(SPECIAL_CHARS)
    return chr(rng.randrange(0x110000))


def _encode(text: str) -> bytes:
    """Encode as UTF-8; a lone surrogate becomes the invalid bytes an editor could write."""
    return text.encode("utf-8", "surrogatepass")


def _none(rng: random.Random, corpus: Corpus, depth: int) -> object:
    return None


def _bool(rng: random.Random, corpus: Corpus, depth: int) -> object:
    return rng.random() < 0.5


def _int(rng: random.Random, corpus: Corpus, depth: int) -> object:
    return rng.choice(INTS)


def _float(rng: random.Random, corpus: Corpus, depth: int) -> object:
    return rng.choice(FLOATS)


def _text(rng: random.Random, corpus: Corpus, depth: int) -> object:
    if rng.random() < 0.5:
        return rng.choice(SPECIAL_TEXTS)
    return "".join(_random_char(rng) for _ in range(rng.randint(1, 12)))


def _token(rng: random.Random, corpus: Corpus, depth: int) -> object:
    return rng.choice(corpus.tokens)


def _date(rng: random.Random, corpus: Corpus, depth: int) -> object:
    return rng.choice((dt.date(2025, 4, 1), dt.date(1, 1, 1), dt.datetime(2025, 4, 1, 12, 30)))


def _huge(rng: random.Random, corpus: Corpus, depth: int) -> object:
    return rng.choice(HUGE_UNITS) * rng.choice(HUGE_LENGTHS)


def _list(rng: random.Random, corpus: Corpus, depth: int) -> object:
    if rng.random() < 0.1:
        deep: list[object] = ["ivig"]
        for _ in range(rng.choice((5, 12))):
            deep = [deep]
        return deep
    return [random_value(rng, corpus, depth + 1) for _ in range(rng.choice((0, 1, 3)))]


def _mapping(rng: random.Random, corpus: Corpus, depth: int) -> object:
    count = rng.choice((0, 1, 3))
    return {rng.choice(corpus.keys): random_value(rng, corpus, depth + 1) for _ in range(count)}


ValueMaker = Callable[[random.Random, Corpus, int], object]
SCALAR_MAKERS: tuple[ValueMaker, ...] = (_none, _bool, _int, _float, _text, _token, _date, _huge)
VALUE_MAKERS: tuple[ValueMaker, ...] = (*SCALAR_MAKERS, _list, _mapping)


def random_value(rng: random.Random, corpus: Corpus, depth: int = 0) -> object:
    """Return a value of any type YAML can hold, often one no data file expects."""
    makers = SCALAR_MAKERS if depth >= 2 else VALUE_MAKERS
    return rng.choice(makers)(rng, corpus, depth)


def other_token(rng: random.Random, corpus: Corpus, token: str) -> str:
    """Return what an id, a section, a reference or a CURIE could wrongly become."""
    choices = (
        lambda: f"no-such-{token}",
        lambda: rng.choice(corpus.tokens),
        lambda: token.upper(),
        lambda: token[:-1],
        lambda: f"{token}_x",
        lambda: rng.choice(("0", "99", "-1", "MONDO:9999999", "XX:1")),
    )
    return rng.choice(choices)()


# --------------------------------------------------------------------------- mutations


def _short(value: object) -> str:
    """Return repr(value), as Python, with long repeated strings as 'x' * n and NaN as math.nan."""
    if isinstance(value, str | bytes) and len(value) > 200:
        for width in range(1, 5):
            unit = value[:width]
            if len(value) % width == 0 and unit * (len(value) // width) == value:
                return f"{unit!r} * {len(value) // width}"
    if isinstance(value, float) and not math.isfinite(value):
        return "math.nan" if math.isnan(value) else ("math.inf" if value > 0 else "-math.inf")
    if isinstance(value, list | tuple):
        items = ", ".join(_short(item) for item in value)
        if isinstance(value, list):
            return f"[{items}]"
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_short(k)}: {_short(v)}" for k, v in value.items()) + "}"
    return repr(value)


@dataclass(frozen=True, repr=False)
class TextEdit:
    """Replace spans of bytes of one data file: YAML or TSV syntax breakage."""

    file: str
    kind: str
    spans: tuple[Span, ...]

    def apply(self, original: bytes) -> bytes:
        data = original
        for start, end, insert in sorted(self.spans, reverse=True):
            data = data[:start] + insert + data[end:]
        return data

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))  # hypothesis' report: long values shortened

    def __repr__(self) -> str:
        spans = ", ".join(f"({s}, {e}, {_short(i)})" for s, e, i in self.spans)
        return f"TextEdit({self.file!r}, {self.kind!r}, ({spans},))"


@dataclass(frozen=True, repr=False)
class TreeEdit:
    """Change one part of a data file's parsed value and write it back: schema-level breakage.

    op is "set" (a new or replaced value), "delete" or "duplicate" (a list item, a TSV row).
    """

    file: str
    kind: str
    op: str
    path: tuple[Part, ...]
    value: object = None

    def apply(self, original: bytes) -> bytes:
        tree = parse_tree(self.file, original)
        *parents, last = self.path
        node = tree
        for part in parents:
            node = node[part]
        if self.op == "delete":
            del node[last]
        elif self.op == "duplicate":
            node.insert(int(last) + 1, copy.deepcopy(node[last]))
        else:
            node[last] = as_cell(self.value) if self.file.endswith(".tsv") else self.value
        return dump_tree(self.file, tree)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def __repr__(self) -> str:
        fields = f"{self.file!r}, {self.kind!r}, {self.op!r}, {_short(self.path)}"
        return f"TreeEdit({fields}, {_short(self.value)})"


Mutation = TextEdit | TreeEdit


def parse_tree(file: str, data: bytes) -> Any:
    """Return a YAML file's value (yaml.safe_load), or a TSV file's rows of cells."""
    if file.endswith(".tsv"):
        return [row.split("\t") for row in data.decode("utf-8").split("\n")]
    return yaml.load(data, Loader=_LOADER)  # noqa: S506 - a safe loader (libyaml's when present)


def dump_tree(file: str, tree: Any) -> bytes:
    """Write a parsed value back as its file's bytes (inverse of :func:`parse_tree`)."""
    if file.endswith(".tsv"):
        rows = ("\t".join(row) if isinstance(row, list) else as_cell(row) for row in tree)
        return _encode("\n".join(rows))
    text = yaml.safe_dump(tree, sort_keys=False, allow_unicode=True, width=100)
    return _encode(text)


def as_cell(value: object) -> str:
    """Return the text a value would have in a TSV cell."""
    return value if isinstance(value, str) else str(value)


def nodes(value: Any, path: tuple[Part, ...] = (), parent: Any = None) -> Iterator[Any]:
    """Yield (path, value, parent container) for a parsed value and every part of it."""
    yield path, value, parent
    if isinstance(value, dict):
        for key, item in value.items():
            yield from nodes(item, (*path, key), value)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from nodes(item, (*path, index), value)


def line_spans(data: bytes) -> list[tuple[int, int]]:
    """Return (start, end) of every line, end just after its newline."""
    spans, start = [], 0
    for match in re.finditer(rb"\n", data):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(data):
        spans.append((start, len(data)))
    return spans


KEY_LINE = re.compile(rb"^( *)(- )?([A-Za-z_][\w-]*):([^\n]*)$", re.M)
VALUE_LINE = re.compile(rb"^( *)(?:- )?[A-Za-z_][\w-]*: (?P<value>[^\s>|&*!#\[{][^\n]*)$", re.M)

Draw = Callable[[random.Random, Corpus, str], Mutation]


def _truncate(rng: random.Random, corpus: Corpus, file: str) -> Mutation:
    data = corpus.originals[file]
    cut = rng.randint(0, len(data))
    return TextEdit(file, "truncate", ((cut, len(data), b""),))


def _insert_byte(rng: random.Random, corpus: Corpus, file: str) -> Mutation:
    at = rng.randint(0, len(corpus.originals[file]))
    return TextEdit(file, "insert-byte", ((at, at, bytes([rng.randrange(256)])),))


def _insert_char(rng: random.Random, corpus: Corpus, file: str) -> Mutation:
    at = rng.randint(0, len(corpus.originals[file]))
    return TextEdit(file, "insert-char", ((at, at, _encode(_random_char(rng))),))


def _delete_line(rng: random.Random, corpus: Corpus, file: str) -> Mutation:
    start, end = rng.choice(line_spans(corpus.originals[file]))
    return TextEdit(file, "delete-line", ((start, end, b""),))


def _duplicate_line(rng: random.Random, corpus: Corpus, file: str) -> Mutation:
    data = corpus.originals[file]
    start, end = rng.choice(line_spans(data))
    line = data[start:end] if data[start:end].endswith(b"\n") else b"\n" + data[start:end]
    return TextEdit(file, "duplicate-line", ((end, end, line),))


def _swap_lines(rng: random.Random, corpus: Corpus, file: str) -> Mutation:
    data = corpus.originals[file]
    lines = [(s, e - 1 if data[e - 1 : e] == b"\n" else e) for s, e in line_spans(data)]
    first = rng.randrange(len(lines) - 1)
    second = first + 1 if rng.random() < 0.5 else rng.randrange(first + 1, len(lines))
    (s1, e1), (s2, e2) = lines[first], lines[second]
    return TextEdit(file, "swap-lines", ((s1, e1, data[s2:e2]), (s2, e2, data[s1:e1])))


def _reindent(rng: random.Random, corpus: Corpus, file: str) -> Mutation:
    data = corpus.originals[file]
    start, end = rng.choice(line_spans(data))
    indent = len(data[start:end]) - len(data[start:end].lstrip(b" "))
    if rng.random() < 0.2:
        new = b"\t" * rng.choice((1, 2))
    else:
        width = max(0, indent + rng.choice((1, 2, 4, -1, -2, -indent)))
        new = b" " * (width if width != indent else indent + 1)
    return TextEdit(file, "reindent", ((start, start + indent, new),))


def _duplicate_key(rng: random.Random, corpus: Corpus, file: str) -> Mutation:
    candidates = list(KEY_LINE.finditer(corpus.originals[file]))
    if not candidates:  # mappings.tsv: a duplicated row is its duplicate key
        return _duplicate_line(rng, corpus, file)
    line = rng.choice(candidates)
    indent = b" " * (len(line[1]) + (2 if line[2] else 0))
    value = line[4] if rng.random() < 0.5 else b" " + _encode(str(_text(rng, corpus, 0)))
    insert = b"\n" + indent + line[3] + b":" + value
    return TextEdit(file, "duplicate-key", ((line.end(), line.end(), insert),))


def _feature_spans(rng: random.Random, data: bytes, feature: str) -> tuple[Span, ...]:
    """Return the spans that put one YAML feature into a file."""
    values = list(VALUE_LINE.finditer(data))
    if not values or feature in ("document-start", "document-end", "directive"):
        at = rng.choice(line_spans(data))[0]
        marker = {"document-end": b"...\n", "directive": b"%YAML 1.1\n---\n"}.get(feature)
        return ((at, at, marker or b"---\n"),)
    first, second = sorted(rng.sample(values, 2) if len(values) > 1 else values * 2, key=_start)
    start, end, indent = first.start("value"), first.end("value"), first[1]
    if feature == "anchor-and-alias" and first is not second:
        return ((start, start, b"&a "), (second.start("value"), second.end("value"), b"*a"))
    table: dict[str, Span] = {
        "anchor": (start, start, b"&a "),
        "alias": (start, end, b"*a"),
        "tag": (start, start, rng.choice((b"!!str ", b"!!int ", b"!!binary ", b"!custom "))),
        "complex-key": (first.start(), first.start(), indent + b"? [a, b]\n" + indent + b": c\n"),
        "merge-key": (first.start(), first.start(), indent + b"<<: {note: merged}\n"),
        "block-scalar": (start, end, b"|\n" + indent + b"    " + data[start:end]),
        "flow-mapping": (start, end, b"{a: [b, {c: d}]}"),
    }
    return (table.get(feature, table["anchor"]),)


def _start(match: re.Match[bytes]) -> int:
    return match.start()


YAML_FEATURES = (
    "anchor", "alias", "anchor-and-alias", "tag", "document-start", "document-end", "directive",
    "complex-key", "merge-key", "block-scalar", "flow-mapping",
)  # fmt: skip


def _yaml_feature(rng: random.Random, corpus: Corpus, file: str) -> Mutation:
    feature = rng.choice(YAML_FEATURES)
    spans = _feature_spans(rng, corpus.originals[file], feature)
    return TextEdit(file, f"yaml-{feature}", spans)


def _flip_reference(rng: random.Random, corpus: Corpus, file: str) -> Mutation:
    matches = list(corpus.token_pattern.finditer(corpus.originals[file]))
    if not matches:
        return _insert_char(rng, corpus, file)
    match = rng.choice(matches)
    new = other_token(rng, corpus, match.group().decode("utf-8"))
    return TextEdit(file, "flip-reference", ((match.start(), match.end(), _encode(new)),))


def _paths(
    corpus: Corpus, file: str, accept: Callable[[tuple[Part, ...], Any, Any], bool]
) -> list[tuple[Part, ...]]:
    return [
        path for path, value, parent in nodes(corpus.trees[file]) if accept(path, value, parent)
    ]


def _is_tsv(file: str) -> bool:
    return file.endswith(".tsv")


def _retype(rng: random.Random, corpus: Corpus, file: str) -> Mutation:
    depth = 2 if _is_tsv(file) else 1  # a TSV cell, or any part of a YAML file
    path = rng.choice(_paths(corpus, file, lambda p, v, _: len(p) >= depth))
    return TreeEdit(file, "retype", "set", path, random_value(rng, corpus))


def _delete_key(rng: random.Random, corpus: Corpus, file: str) -> Mutation:
    container = list if _is_tsv(file) else dict  # a cell or row of a TSV file
    path = rng.choice(_paths(corpus, file, lambda p, v, parent: isinstance(parent, container)))
    return TreeEdit(file, "delete-key", "delete", path)


def _flip_id(rng: random.Random, corpus: Corpus, file: str) -> Mutation:
    tokens = set(corpus.tokens)
    path = rng.choice(_paths(corpus, file, lambda p, v, _: isinstance(v, str) and v in tokens))
    value = other_token(rng, corpus, _value_at(corpus.trees[file], path))
    return TreeEdit(file, "flip-id", "set", path, value)


def _add_key(rng: random.Random, corpus: Corpus, file: str) -> Mutation:
    if _is_tsv(file):
        return _retype(rng, corpus, file)
    path = rng.choice(_paths(corpus, file, lambda p, v, _: isinstance(v, dict)))
    key = rng.choice(corpus.keys + EXTRA_KEYS)
    value = _token(rng, corpus, 0) if rng.random() < 0.5 else random_value(rng, corpus)
    return TreeEdit(file, "add-key", "set", (*path, key), value)


def _duplicate_item(rng: random.Random, corpus: Corpus, file: str) -> Mutation:
    paths = _paths(corpus, file, lambda p, v, parent: isinstance(parent, list))
    if not paths:  # dataset.yaml has no lists
        return _duplicate_key(rng, corpus, file)
    return TreeEdit(file, "duplicate-item", "duplicate", rng.choice(paths))


def _value_at(tree: Any, path: tuple[Part, ...]) -> Any:
    for part in path:
        tree = tree[part]
    return tree


TEXT_MUTATIONS: dict[str, Draw] = {
    "truncate": _truncate,
    "insert-byte": _insert_byte,
    "insert-char": _insert_char,
    "delete-line": _delete_line,
    "duplicate-line": _duplicate_line,
    "swap-lines": _swap_lines,
    "reindent": _reindent,
    "duplicate-key": _duplicate_key,
    "yaml-feature": _yaml_feature,
    "flip-reference": _flip_reference,
}
TREE_MUTATIONS: dict[str, Draw] = {
    "retype": _retype,
    "delete-key": _delete_key,
    "flip-id": _flip_id,
    "add-key": _add_key,
    "duplicate-item": _duplicate_item,
}
MUTATIONS: dict[str, Draw] = {**TEXT_MUTATIONS, **TREE_MUTATIONS}


def draw_mutation(
    rng: random.Random, corpus: Corpus, *, file: str | None = None, kind: str | None = None
) -> Mutation:
    """Return one mutation of one data file (both chosen by rng unless given)."""
    file = file or rng.choice(corpus.files)
    if kind is None:
        family = TEXT_MUTATIONS if rng.random() < 0.5 else TREE_MUTATIONS
        kind = rng.choice(sorted(family))
    return MUTATIONS[kind](rng, corpus, file)


def describe(mutation: Mutation, corpus: Corpus) -> str:
    """Say where and how a mutation changes its file, by line."""
    original = corpus.originals[mutation.file]
    if isinstance(mutation, TreeEdit):
        where = "/".join(str(part) for part in mutation.path)
        return f"data/{mutation.file}: {mutation.op} {where} = {_short(mutation.value)[:300]}"
    parts = []
    for start, end, insert in mutation.spans:
        line = original.count(b"\n", 0, start) + 1
        parts.append(f"line {line}: {_short(original[start:end])[:120]} -> {_short(insert)[:120]}")
    return f"data/{mutation.file} ({mutation.kind}): " + "; ".join(parts)


# --------------------------------------------------------------------------- the invariant


class InvariantBroken(AssertionError):
    """The build crashed, or ended in a way it must not (see the module docstring)."""


@dataclass(frozen=True)
class Outcome:
    """How a build ended: "valid", "error" (naming a data file) or "check failed"."""

    label: str
    file: str | None = None
    message: str = ""


ERROR_LINE = re.compile(r"error: data/(?P<file>[^:/\s]+)(?::(?P<line>\d+))?: (?P<message>.+)")
FOLDER_ERROR = re.compile(r"error: data: (?P<message>the data files hold .+)")
CHECK_ERROR = re.compile(r"error: the built graph failed \d+ check\(s\); nothing was written")
TRIPLES_LINE = re.compile(r"^Graph: (\d+) triples", re.M)
Snapshot = dict[str, bytes] | None


def snapshot(folder: Path) -> Snapshot:
    """Return every file under a folder with its bytes (a folder as b"/"), None if it is absent."""
    if not folder.exists():
        return None
    return {
        str(path.relative_to(folder)): b"/" if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Log to whatever sys.stderr is now, as the command's own logging does when it runs."""

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


@contextmanager
def _logging_to_stderr() -> Iterator[None]:
    """Send WARNING logs to the runner's stderr (so a logged traceback is seen) for one build."""
    root = logging.getLogger()
    handler, level = _CurrentStderr(), root.level
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def run_case(mutation: Mutation, corpus: Corpus, *, out_exists: bool, workdir: Path) -> Outcome:
    """Build a mutated copy of data/ in workdir; return how it ended or raise InvariantBroken."""
    data = workdir / "data"
    data.mkdir(parents=True)
    for name, original in corpus.originals.items():
        (data / name).write_bytes(original)
    (data / mutation.file).write_bytes(mutation.apply(corpus.originals[mutation.file]))
    out = workdir / "out"
    if out_exists:
        out.mkdir()
        for name, previous in PREVIOUS.items():
            (out / name).write_bytes(previous)
    before = snapshot(out)
    with _logging_to_stderr():
        result = CliRunner().invoke(cli, ["build", "--data", str(data), "--out", str(out)])
    return judge(result, out, before, data)


def judge(result: Result, out: Path, before: Snapshot, data: Path) -> Outcome:
    """Check a finished build against the invariant."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise InvariantBroken(f"crash: {result.exception!r}\n{result.output}") from (
            result.exception
        )
    if "Traceback" in result.output:
        raise InvariantBroken(f"a traceback in the output:\n{result.output}")
    if result.exit_code == 0:
        return _check_valid(result.output, out, before)
    if result.exit_code != 1:
        raise InvariantBroken(f"exit code {result.exit_code}, not 0 or 1:\n{result.output}")
    if snapshot(out) != before:
        raise InvariantBroken(f"a failed build changed the output folder:\n{result.output}")
    return _check_error(result.stderr, data)


def _check_error(stderr: str, data: Path) -> Outcome:
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    hints = [line for line in stderr.splitlines() if line.startswith("hint:")]
    if len(errors) != 1 or len(hints) != 1:
        raise InvariantBroken(f"not one error: and one hint: line:\n{stderr}")
    if CHECK_ERROR.match(errors[0]):
        problems = [line for line in stderr.splitlines() if line.startswith("  ")]
        checks = sorted({line.split(":")[0].strip() for line in problems})
        return Outcome("check failed", None, ", ".join(checks))
    if FOLDER_ERROR.fullmatch(errors[0]):
        return Outcome("error", "data/ (all files)", errors[0])
    found = ERROR_LINE.fullmatch(errors[0])
    if found is None or found["file"] not in DATA_FILES:
        raise InvariantBroken(f"the error names no data file:\n{stderr}")
    if found["line"] is not None:
        lines = (data / found["file"]).read_bytes().count(b"\n") + 1
        if not 1 <= int(found["line"]) <= lines:
            raise InvariantBroken(f"line {found['line']} is not in a {lines}-line file:\n{stderr}")
    return Outcome("error", found["file"], found["message"])


def _check_valid(output: str, out: Path, before: Snapshot) -> Outcome:
    from pyoxigraph import RdfFormat, Store
    from rdflib import Graph

    expected = sorted(set(before or {}) | set(OUTPUT_NAMES))
    found = sorted(snapshot(out) or {})
    if found != expected:
        raise InvariantBroken(f"the output folder holds {found}, not {expected}")
    printed = TRIPLES_LINE.search(output)
    counts = {"printed": int(printed[1]) if printed else -1}
    for name, rdflib_format, ox_format in (
        ("ivig-kg.ttl", "turtle", RdfFormat.TURTLE),
        ("ivig-kg.nt", "nt", RdfFormat.N_TRIPLES),
    ):
        try:
            counts[f"rdflib {name}"] = len(Graph().parse(out / name, format=rdflib_format))
            store = Store()
            store.load(path=out / name, format=ox_format)
            counts[f"oxigraph {name}"] = len(store)
        except Exception as exc:  # any parse error breaks the invariant; say which
            raise InvariantBroken(f"{name} does not parse back: {exc!r}") from exc
    if len(set(counts.values())) != 1:
        raise InvariantBroken(f"triple counts differ: {counts}")
    return Outcome("valid", None, f"{counts['printed']} triples")


# --------------------------------------------------------------------------- the long run


@dataclass
class Tally:
    """Counts of a run, and the cases that broke the invariant."""

    outcomes: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    checks: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    violations: list[Path] = field(default_factory=list)

    def add_violation(self, mutation: Mutation, saved: Path, reason: str) -> None:
        self.kinds[mutation.kind] += 1
        self.outcomes["violation"] += 1
        self.reasons[re.sub(r"\d+", "N", reason.partition("\n")[0])[:100]] += 1
        self.violations.append(saved)

    def add(self, mutation: Mutation, outcome: Outcome) -> None:
        self.kinds[mutation.kind] += 1
        self.outcomes[outcome.label] += 1
        if outcome.label == "error":
            self.errors[outcome.file or "?"] += 1
        elif outcome.label == "check failed":
            self.checks[outcome.message] += 1


def save_violation(keep: Path, case: int, workdir: Path, mutation: Mutation, reason: str) -> Path:
    """Keep the mutated data/ of a case that broke the invariant, with what went wrong."""
    target = keep / f"case-{case:06d}"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(workdir / "data", target / "data")
    (target / "mutation.txt").write_text(f"{mutation!r}\n", encoding="utf-8")
    (target / "reason.txt").write_text(reason + "\n", encoding="utf-8", errors="replace")
    return target


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Fuzz `ivig-kg build` with mutated copies of the real data files "
        "(not part of the test suite; tests/test_fuzz.py runs a few cases in CI)."
    )
    parser.add_argument("--cases", type=int, default=1000, help="cases to run (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the run (default 0)")
    parser.add_argument(
        "--time-limit", type=float, default=900.0, help="stop after this many seconds (900)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="folder for the cases that break the invariant "
        "(default: a new folder under the system's temporary folder)",
    )
    return parser.parse_args(argv)


def run(cases: int, seed: int, time_limit: float, keep: Path) -> Tally:
    """Run cases (or until time_limit seconds have passed); save every violation under keep."""
    corpus = read_corpus()
    tally = Tally()
    start = time.monotonic()
    for case in range(cases):
        if time.monotonic() - start > time_limit:
            print(f"time limit reached after {case} cases", file=sys.stderr)
            break
        rng = random.Random(f"{seed}-{case}")
        mutation = draw_mutation(rng, corpus)
        out_exists = rng.random() < 0.5
        with tempfile.TemporaryDirectory(prefix="ivig-kg-fuzz-") as work:
            try:
                outcome = run_case(mutation, corpus, out_exists=out_exists, workdir=Path(work))
            except InvariantBroken as exc:
                saved = save_violation(keep, case, Path(work), mutation, str(exc))
                tally.add_violation(mutation, saved, str(exc))
                print(f"case {case}: VIOLATION {describe(mutation, corpus)} -> {saved}")
            else:
                tally.add(mutation, outcome)
                if outcome.label == "check failed":  # loads but fails a check: worth a look
                    print(
                        f"case {case}: check failed ({outcome.message}) {describe(mutation, corpus)}"
                    )
        if (case + 1) % 100 == 0:
            print(f"{case + 1} cases, {time.monotonic() - start:.0f} s: {dict(tally.outcomes)}")
    return tally


def report(tally: Tally, seconds: float) -> None:
    total = sum(tally.outcomes.values())
    print(f"\n{total} cases in {seconds:.0f} s ({seconds / max(total, 1):.2f} s per case)")
    for label in ("valid", "error", "check failed", "violation"):
        print(f"  {label:<13} {tally.outcomes[label]:>6}")
    print("clean errors by the file they name:")
    for name, count in tally.errors.most_common():
        print(f"  {name:<24} {count:>6}")
    if tally.checks:
        print("check failures by check:")
        for name, count in tally.checks.most_common():
            print(f"  {name:<40} {count:>6}")
    print("cases by mutation:")
    for name, count in sorted(tally.kinds.items()):
        print(f"  {name:<24} {count:>6}")
    if tally.reasons:
        print("violations by reason:")
        for reason, count in tally.reasons.most_common():
            print(f"  {count:>6}  {reason}")
    for path in tally.violations:
        print(f"violation saved: {path}")


def main(argv: list[str] | None = None) -> int:
    """Run the long fuzz; return 1 if any case broke the invariant."""
    args = parse_args(argv)
    keep = args.keep or Path(tempfile.mkdtemp(prefix=f"ivig-kg-fuzz-{args.seed}-"))
    keep.mkdir(parents=True, exist_ok=True)
    print(f"fuzzing {args.cases} cases, seed {args.seed}; violations go to {keep}")
    start = time.monotonic()
    tally = run(args.cases, args.seed, args.time_limit, keep)
    report(tally, time.monotonic() - start)
    return 1 if tally.violations else 0


if __name__ == "__main__":
    sys.exit(main())
