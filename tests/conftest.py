"""Shared fixtures: the graph is built once per test session, from the repository's own data."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from ivig_kg.pipeline import BuildResult, build

REPO = Path(__file__).resolve().parents[1]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def dist_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dist")


@pytest.fixture(scope="session")
def build_result(dist_dir: Path) -> BuildResult:
    """Run the real build (SHACL + QC included) once and share its graph and files."""
    return build(dist_dir)


@pytest.fixture(scope="session")
def graph(build_result: BuildResult) -> Graph:
    return build_result.graph


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(REPO / "data", target)
    return target


def require_tool(name: str, path: str | None) -> str:
    """Return the tool's path; skip locally with a reason, fail under CI=true, when it is missing."""
    if path:
        return path
    message = f"{name} is not installed; .ci/run installs it (CI fails instead of skipping)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@contextlib.contextmanager
def launched_chromium() -> Iterator[Any]:
    """Debian chromium driven by Playwright; skips locally (fails under CI) when either is missing."""
    from ivig_kg.visualize import CHROMIUM_ARGS, chromium_path

    executable = require_tool("chromium", chromium_path())
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_tool("playwright (Python package)", None)
        raise
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
