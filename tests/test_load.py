"""Invalid fixtures must fail with their expected, helpful message and leave dist/ untouched."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivig_kg.cli import main
from ivig_kg.datafile import MAX_BYTES, DataError, parse_yaml
from ivig_kg.lint import lint_data
from ivig_kg.load import load_curation

INVALID = Path(__file__).parent / "fixtures" / "invalid"
CASES = sorted(p for p in INVALID.iterdir() if p.is_dir())

#: The classic "billion laughs": ~350 bytes that expand to 9**9 strings if aliases are followed.
ALIAS_BOMB = "".join(
    f"{name}: &{name} [{','.join([ref] * 9)}]\n"
    for name, ref in zip("abcdefghi", ['"lol"', *(f"*{c}" for c in "abcdefgh")], strict=True)
)


def replaced_files(case: Path) -> list[Path]:
    return [p for p in case.iterdir() if p.name != "expected.txt"]


def test_there_are_invalid_fixtures() -> None:
    assert len(CASES) >= 45


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_fixture_fails_with_its_message(
    case: Path, data_copy: Path, tmp_path: Path
) -> None:
    for replacement in replaced_files(case):
        shutil.copy(replacement, data_copy / replacement.name)
    out = tmp_path / "dist"
    out.mkdir()
    sentinel = out / "ivig-kg.ttl"
    sentinel.write_text("previous build\n")

    result = CliRunner().invoke(main, ["build", "--data", str(data_copy), "--out", str(out)])

    expected = (case / "expected.txt").read_text(encoding="utf-8").strip()
    assert result.exit_code == 1, result.output
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert "hint:" in result.stderr
    assert sentinel.read_text() == "previous build\n"
    assert sorted(p.name for p in out.iterdir()) == ["ivig-kg.ttl"]


def test_valid_minimal_fixture_builds(tmp_path: Path) -> None:
    valid = Path(__file__).parent / "fixtures" / "valid" / "data"
    result = CliRunner().invoke(main, ["build", "--data", str(valid), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ivig-kg.ttl").stat().st_size > 0


def test_validation_failure_writes_nothing(data_copy: Path, tmp_path: Path) -> None:
    """A graph that loads but breaks a QC rule (approval without approver) is not written."""
    path = data_copy / "indications.yaml"
    path.write_text(path.read_text().replace("    approved_by: fda\n", "", 1))
    result = CliRunner().invoke(
        main, ["build", "--data", str(data_copy), "--out", str(tmp_path / "dist")]
    )
    assert result.exit_code == 1
    assert "fda-status-violation.rq" in result.stderr
    assert "FDA-approved without approvedBy" in result.stderr
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_lint_reports_what_the_build_refuses(case: Path, data_copy: Path) -> None:
    """`lint` names the broken file instead of calling it canonical."""
    for replacement in replaced_files(case):
        shutil.copy(replacement, data_copy / replacement.name)

    report = lint_data(data_copy)

    broken = {path.name for path, _ in report.problems}
    assert broken & {p.name for p in replaced_files(case)}, report


@pytest.mark.parametrize(
    "name", ["malformed-yaml", "empty-file", "nul-byte", "invalid-utf8-yaml", "invalid-utf8-tsv"]
)
def test_lint_fix_leaves_a_broken_file_alone(name: str, data_copy: Path) -> None:
    (replacement,) = replaced_files(INVALID / name)
    shutil.copy(replacement, data_copy / replacement.name)

    report = lint_data(data_copy, fix=True)

    assert [path.name for path, _ in report.problems] == [replacement.name]
    assert (data_copy / replacement.name).read_bytes() == replacement.read_bytes()


def test_lint_command_fails_on_a_file_the_build_refuses(data_copy: Path) -> None:
    (data_copy / "findings.yaml").write_bytes(b"findings:\n  - id: fnd-x\x00\n")
    result = CliRunner().invoke(main, ["lint", "--data", str(data_copy)])
    assert result.exit_code == 1, result.output
    assert "findings.yaml" in result.output
    assert "Traceback" not in result.output


def test_alias_bomb_is_refused_before_anything_is_expanded() -> None:
    assert 300 < len(ALIAS_BOMB.encode()) < 400
    start = time.perf_counter()
    with pytest.raises(DataError, match=r"^data/findings.yaml:1: YAML anchors \(&a\)"):
        parse_yaml(ALIAS_BOMB, "data/findings.yaml")
    assert time.perf_counter() - start < 0.1


def test_ten_thousand_brackets_are_refused_without_recursion() -> None:
    text = "findings: " + "[" * 10_000 + "]" * 10_000 + "\n"
    start = time.perf_counter()
    with pytest.raises(DataError, match="nested more than 10 deep"):
        parse_yaml(text, "data/findings.yaml")
    assert time.perf_counter() - start < 0.1


def test_a_50_mb_label_is_refused_without_reading_it(data_copy: Path) -> None:
    label = "x" * 50_000_000
    (data_copy / "entities.yaml").write_text(
        f"entities:\n  - id: ivig\n    type: drug\n    label: {label}\n", encoding="utf-8"
    )
    start = time.perf_counter()
    with pytest.raises(DataError, match=r"entities.yaml: file is larger than 1 MB"):
        load_curation(data_copy)
    assert time.perf_counter() - start < 0.5


def test_a_large_valid_file_loads_in_bounded_time(data_copy: Path) -> None:
    """Close to the size limit, a valid file still loads quickly (~0.5 s on a quiet machine)."""
    record = (
        "  - id: fnd-{:06d}\n    statement: A finding repeated to make the file large.\n"
        "    section: research-safety\n    references: [4]\n    about: [ivig]\n"
        "    value: {{min: 10, max: 12, unit: h, hedge: about}}\n"
    )
    # The real findings stay (other records refer to them); the generated ones sort first.
    real = (data_copy / "findings.yaml").read_text(encoding="utf-8").split("findings:\n", 1)[1]
    others = sum(p.stat().st_size for p in data_copy.iterdir() if p.name != "findings.yaml")
    count = (MAX_BYTES - others - len(real) - 20) // len(record.format(0)) - 10
    (data_copy / "findings.yaml").write_text(
        "findings:\n" + "".join(record.format(i) for i in range(count)) + real, encoding="utf-8"
    )
    start = time.perf_counter()
    curation = load_curation(data_copy)
    assert len(curation.records) > count
    assert time.perf_counter() - start < 5  # generous: shared CI machines are slow
