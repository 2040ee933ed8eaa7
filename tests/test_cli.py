"""The command line: fast help, clear summaries, python -m."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivig_kg.cli import main


def test_help_does_not_import_heavy_libraries() -> None:
    code = "import sys, ivig_kg.cli; print(sorted(m for m in ('rdflib', 'pyshacl', 'networkx', 'pyvis', 'pyoxigraph') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_python_dash_m_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ivig_kg", "--help"], capture_output=True, text=True, check=True
    )
    assert "build" in result.stdout and "Usage: ivig-kg" in result.stdout


def test_build_prints_summary(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "SHACL shapes and QC queries: all passed" in result.stdout
    assert "ivig:Indication" in result.stdout
    assert f"wrote {tmp_path / 'ivig-kg.ttl'}" in result.stdout


def test_lint_reports_unsorted_file(data_copy: Path) -> None:
    path = data_copy / "findings.yaml"
    text = path.read_text()
    head, first, rest = text.partition("  - id: ")
    blocks = ("  - id: " + rest).split("\n  - id: ")
    path.write_text(
        head
        + "  - id: "
        + "\n  - id: ".join([blocks[1], blocks[0].removeprefix("  - id: ")] + blocks[2:])
    )
    result = CliRunner().invoke(main, ["lint", "--data", str(data_copy)])
    assert result.exit_code == 1
    assert "not canonical" in result.stdout
    fixed = CliRunner().invoke(main, ["lint", "--fix", "--data", str(data_copy)])
    assert fixed.exit_code == 0
    assert CliRunner().invoke(main, ["lint", "--data", str(data_copy)]).exit_code == 0


@pytest.mark.parametrize(
    "args",
    [["build"], ["viz"], ["export", "--format", "graphml"], ["export", "--format", "ttl"]],
    ids=["build", "viz", "export-graphml", "export-ttl"],
)
def test_an_output_that_cannot_be_written_is_a_clear_error(tmp_path: Path, args: list[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way\n")
    out = blocker / "sub" / ("page.html" if args[0] == "viz" else "")
    result = CliRunner().invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "error: cannot write" in result.output and "hint:" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_counts_read_in_the_right_number() -> None:
    from ivig_kg.cli.common import plural

    assert plural(1, "edge") == "1 edge"
    assert plural(0, "edge") == "0 edges"
    assert plural(105, "edge") == "105 edges"


def test_version_names_package_and_data() -> None:
    import ivig_kg

    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0, result.output
    assert f"ivig-kg {ivig_kg.__version__}" in result.output
    assert f"data {ivig_kg.__version__}" in result.output


def test_build_without_a_checkout_says_it_needs_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from ivig_kg import paths

    monkeypatch.setattr(paths, "checkout_root", lambda: None)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert "checkout" in result.output and "--data" in result.output
