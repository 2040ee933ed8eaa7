"""Read a data file safely: bounded size, strict UTF-8, no invisible characters, plain YAML.

YAML is read event by event (PyYAML's parser, libyaml when installed) and turned into plain
values here, with the line of every mapping key and list item. Building values from events
rather than with a YAML loader is what keeps reading bounded: an anchor or alias is refused
when it is first seen, before anything could be expanded, and nesting deeper than any data
file needs is refused before Python's recursion limit is near. Mappings become dicts with text
keys, sequences become tuples, scalars are resolved as YAML 1.1 does (so ``2025-04-01`` is a
date and ``yes`` a boolean).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ivig_kg.schema.types import FORBIDDEN_CHARS, Position, bad_chars, show

#: Largest data file read, and largest data/ folder, in bytes (today: ~13 kB and ~47 kB).
#: Reading 1 MB of YAML takes ~1 s, so this bounds time (and memory, ~100 MB) of any build.
MAX_BYTES = 1_000_000
#: Deepest nesting of lists and mappings; data files need 5 (file, records, record, steps, step).
MAX_DEPTH = 10
TOO_DEEP = f"lists and mappings nested more than {MAX_DEPTH} deep; data files need 5"
#: Most values (keys, scalars, lists, mappings) in one file; the largest file today has ~550.
MAX_NODES = 150_000

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~30x faster
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
_TYPED_SCALARS = {_TAG + name for name in ("null", "bool", "int", "float", "timestamp")}


class DataError(Exception):
    """A problem in a curated data file, located by file, line and field."""

    def __init__(self, file: str, line: int | None, field: str | None, message: str) -> None:
        self.file, self.line, self.field, self.message = file, line, field, message
        where = file if line is None else f"{file}:{line}"
        what = f"field '{show(field)}': " if field else ""
        super().__init__(f"{where}: {what}{message}")


@dataclass
class Parsed:
    """The value of a YAML file and the line of each of its parts."""

    value: object
    lines: dict[Position, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- text


def _too_large(display: str) -> DataError:
    limit = MAX_BYTES // 1_000_000
    return DataError(display, None, None, f"file is larger than {limit} MB; data files are small")


def check_sizes(files: dict[Path, str], folder: str) -> None:
    """Refuse, before reading any, a file or a set of files larger than MAX_BYTES."""
    total = 0
    for path, display in files.items():
        size = path.stat().st_size if path.is_file() else 0
        if size > MAX_BYTES:
            raise _too_large(display)
        total += size
    if total > MAX_BYTES:
        raise DataError(
            folder,
            None,
            None,
            f"the data files hold {total / 1_000_000:.1f} MB together; at most "
            f"{MAX_BYTES // 1_000_000} MB is read",
        )


def read_text(path: Path, display: str) -> str:
    """Return the text of a data file; refuse a missing, huge, non-UTF-8 or unsafe file."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DataError(
            display,
            None,
            None,
            "file is missing; every data file listed in data/README.md is required",
        ) from None
    except OSError as exc:
        raise DataError(display, None, None, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise _too_large(display)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            display,
            line,
            None,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}: {exc.reason}); save the file as UTF-8",
        ) from None
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors add
    found = FORBIDDEN_CHARS.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise DataError(
            display,
            line,
            None,
            f"the invisible character {bad_chars(found.group())} is not allowed anywhere in a "
            "data file, comments included; delete it",
        )
    return text


# --------------------------------------------------------------------------- YAML


class _Frame:
    """A list or mapping being built, with the key that waits for its value."""

    __slots__ = ("path", "items", "mapping", "keys", "key")

    def __init__(self, path: Position, mapping: bool) -> None:
        self.path = path
        self.mapping = mapping
        self.items: dict[str, object] | list[object] = {} if mapping else []
        self.keys: dict[str, int] = {}  # key -> line, to report a duplicate key
        self.key: str | None = None


_MISSING = object()


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 1


class _Composer:
    """Turn YAML events into plain values, refusing what a data file never needs."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.stack: list[_Frame] = []
        self.parsed = Parsed(None)
        self.lines = self.parsed.lines
        self.documents = 0
        self.nodes = 0
        self.resolved: dict[str, object] = {}  # plain scalars repeat a lot (ids, units)

    def fail(self, event: yaml.Event, message: str, field: str | None = None) -> DataError:
        return DataError(self.display, _line(event), field, message)

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, yaml.CollectionStartEvent):
            self.open(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            items = self.stack.pop().items
            self.attach(items if isinstance(items, dict) else tuple(items), event)
        elif isinstance(event, yaml.AliasEvent):
            raise self.fail(
                event,
                f"YAML aliases (*{show(event.anchor)}) are not allowed; write each value out in full",
            )
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.fail(event, "a second YAML document ('---'); a file holds one")

    def check(self, event: yaml.NodeEvent) -> None:
        """Refuse anchors and tags, and count the values of the file."""
        if event.anchor is not None:
            raise self.fail(
                event,
                f"YAML anchors (&{show(event.anchor)}) and aliases are not allowed; write each "
                "value out in full",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise self.fail(event, f"YAML tags ({show(tag)}) are not allowed; quote text instead")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(event, f"more than {MAX_NODES} values in one file")

    def scalar(self, event: yaml.ScalarEvent) -> None:
        self.check(event)
        top = self.stack[-1] if self.stack else None
        if top is not None and top.mapping and top.key is None:
            self.take_key(top, event)
            return
        value: object = event.value
        if event.implicit[0]:  # plain, not quoted: may be a number, date, boolean, ...
            value = self.resolved.get(event.value, _MISSING)
            if value is _MISSING:
                value = self.resolved[event.value] = _scalar(event)
        self.attach(value, event)

    def take_key(self, top: _Frame, event: yaml.ScalarEvent) -> None:
        key = event.value
        if key in top.keys:
            raise self.fail(
                event,
                f"duplicate key '{show(key)}' in one mapping (first on line {top.keys[key]})",
                key,
            )
        top.keys[key] = self.lines[top.path + (key,)] = _line(event)
        top.key = key

    def position(self, event: yaml.Event) -> Position:
        """Return the position of a new value; remember its line unless its key's is known."""
        if not self.stack:
            path: Position = ()
        else:
            top = self.stack[-1]
            last: str | int = (top.key or "") if top.mapping else len(top.items)
            path = top.path + (last,)
        if path not in self.lines:
            self.lines[path] = _line(event)
        return path

    def open(self, event: yaml.CollectionStartEvent) -> None:
        self.check(event)
        top = self.stack[-1] if self.stack else None
        if top is not None and top.mapping and top.key is None:
            raise self.fail(event, "a key must be a plain word, not a list or mapping")
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(event, TOO_DEEP)
        mapping = isinstance(event, yaml.MappingStartEvent)
        self.stack.append(_Frame(self.position(event), mapping))

    def attach(self, value: object, event: yaml.Event) -> None:
        if not self.stack:
            self.parsed.value = value
            return
        top = self.stack[-1]
        if isinstance(top.items, dict):
            top.items[top.key or ""] = value
            top.key = None
        else:
            if isinstance(event, yaml.ScalarEvent):
                self.position(event)
            top.items.append(value)


def _scalar(event: yaml.ScalarEvent) -> object:
    """Resolve a plain scalar as YAML 1.1 does; a value that cannot be built stays text."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag not in _TYPED_SCALARS:
        return event.value
    node = yaml.ScalarNode(tag, event.value)
    try:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
    except (ValueError, OverflowError):
        return event.value  # e.g. 2025-02-30 or a 5,000-digit number: the field check says why


def parse_yaml(text: str, display: str) -> Parsed:
    """Return the value of a YAML text and the lines of its parts; raise DataError if unfit."""
    composer = _Composer(display)
    loader = _LOADER(text)
    try:
        event = loader.get_event()
        while event is not None and type(event) is not yaml.StreamEndEvent:
            composer.feed(event)
            event = loader.get_event()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # At the end of the stream libyaml points one line past the last one; name the last.
        last = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        line = min(mark.line + 1, last) if mark else None
        problem = exc.problem or exc.context or ""
        if "nesting depth" in problem:  # newer libyaml stops deep nesting itself, first
            raise DataError(display, line, None, TOO_DEEP) from None
        raise DataError(display, line, None, f"malformed YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise DataError(display, None, None, f"malformed YAML: {show(exc, limit=200)}") from None
    finally:
        loader.dispose()
    if composer.documents == 0 or composer.parsed.value is None:
        raise DataError(display, 1, None, "the file holds no data; see data/README.md for its form")
    return composer.parsed


def read_yaml(path: Path, display: str) -> Parsed:
    """Read and parse one YAML data file (see :func:`read_text` and :func:`parse_yaml`)."""
    return parse_yaml(read_text(path, display), display)
