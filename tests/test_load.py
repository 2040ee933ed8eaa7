"""Invalid fixtures must fail with their expected, helpful message and leave dist/ untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivig_kg.cli import main

INVALID = Path(__file__).parent / "fixtures" / "invalid"
CASES = sorted(p for p in INVALID.iterdir() if p.is_dir())


def test_there_are_invalid_fixtures() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_fixture_fails_with_its_message(
    case: Path, data_copy: Path, tmp_path: Path
) -> None:
    for replacement in case.iterdir():
        if replacement.name != "expected.txt":
            shutil.copy(replacement, data_copy / replacement.name)
    out = tmp_path / "dist"
    out.mkdir()
    sentinel = out / "ivig-kg.ttl"
    sentinel.write_text("previous build\n")

    result = CliRunner().invoke(main, ["build", "--data", str(data_copy), "--out", str(out)])

    expected = (case / "expected.txt").read_text().strip()
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
