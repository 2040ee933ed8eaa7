"""Canonical form of the data files, and a check that the build would accept them.

Canonical means: the schema hint on the first line of every YAML file, records sorted by id,
text otherwise untouched (sorting works on the text, one block per record, so comments and
layout survive), and data/schema.json current. Files the build would refuse (malformed YAML, an
empty file, invalid UTF-8, a record that breaks the schema, ...) are reported as problems and
never rewritten.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from ivig_kg.datadict import SCHEMA_FILE, SCHEMA_HINT, check_schema
from ivig_kg.datafile import DataError, parse_yaml, read_text
from ivig_kg.load import load_curation, load_mappings, validate
from ivig_kg.schema import RECORD_FILES, Dataset, Model, RecordFile, SourceDoc

log = logging.getLogger(__name__)

_RECORD_START = re.compile(r"^  - id: *(\S+)\s*$", re.MULTILINE)
_HINT_LINE = re.compile(r"# yaml-language-server: \$schema=\S*\n")

#: Every YAML data file and the model it must satisfy.
YAML_FILES: dict[str, type[Model]] = {
    "dataset.yaml": Dataset,
    "source.yaml": SourceDoc,
    **{model.record_type.file_name(): model for model in RECORD_FILES},
}


def sorted_records(text: str) -> str:
    """Return the text with its top-level records sorted by id."""
    starts = [m.start() for m in _RECORD_START.finditer(text)]
    if not starts:
        return text
    head = text[: starts[0]]
    blocks = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)], strict=False)]
    blocks = [b if b.endswith("\n") else b + "\n" for b in blocks]
    ordered = sorted(blocks, key=lambda b: _RECORD_START.match(b).group(1))  # type: ignore[union-attr]
    return head + "".join(ordered)


def canonical_text(text: str, *, records: bool = True) -> str:
    """Return the text in canonical form: schema hint first, then (`records`) sorted by id."""
    hint = _HINT_LINE.match(text)
    body = text[hint.end() :] if hint else text
    return f"{SCHEMA_HINT}\n" + (sorted_records(body) if records else body)


@dataclass
class LintReport:
    """What `lint` found: files not in canonical form, and problems the build would refuse."""

    changed: list[Path] = field(default_factory=list)
    problems: list[tuple[Path, DataError]] = field(default_factory=list)

    @property
    def paths(self) -> list[Path]:
        """Every file that needs attention, each once, changed files first."""
        broken = [path for path, _ in self.problems if path not in self.changed]
        return self.changed + list(dict.fromkeys(broken))


def _lint_yaml(path: Path, display: str, model: type[Model], report: LintReport, fix: bool) -> None:
    try:
        text = read_text(path, display)
        validate(model, parse_yaml(text, display), display)
    except DataError as exc:
        report.problems.append((path, exc))
        return
    canonical = canonical_text(text, records=issubclass(model, RecordFile))
    if canonical != text:
        report.changed.append(path)
        if fix:
            path.write_text(canonical, encoding="utf-8")


def lint_data(data_dir: Path, *, fix: bool = False) -> LintReport:
    """Check every data file; rewrite the ones only out of canonical form when `fix`."""
    report = LintReport()
    for name, model in YAML_FILES.items():
        _lint_yaml(data_dir / name, f"{data_dir.name}/{name}", model, report, fix)
    tsv = data_dir / "mappings.tsv"
    try:
        load_mappings(tsv, f"{data_dir.name}/{tsv.name}")
    except DataError as exc:
        report.problems.append((tsv, exc))
    if not check_schema(data_dir / SCHEMA_FILE, fix=fix):
        report.changed.append(data_dir / SCHEMA_FILE)
    if not report.problems:
        try:  # what only the whole folder shows: unknown ids, sections, references, ...
            load_curation(data_dir)
        except DataError as exc:
            report.problems.append((data_dir / Path(exc.file).name, exc))
    return report


def lint(data_dir: Path, *, fix: bool = False) -> list[Path]:
    """Return the data files that are not canonical or that the build would refuse.

    With `fix`, files only out of canonical form are rewritten; files with problems are logged
    and returned but never rewritten.
    """
    report = lint_data(data_dir, fix=fix)
    for _, problem in report.problems:
        log.error("%s", problem)
    return report.paths
