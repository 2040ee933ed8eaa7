"""What the package ships: the built graph (never stale), the files the commands read, one version."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from rdflib import Graph

import ivig_kg
from ivig_kg import paths
from ivig_kg.pipeline import BuildResult
from ivig_kg.release import packaged_release

REPO = Path(__file__).resolve().parents[1]


def test_packaged_graph_is_what_data_builds(build_result: BuildResult, dist_dir: Path) -> None:
    built = (dist_dir / "ivig-kg.nt").read_bytes()
    assert paths.PACKAGED_GRAPH.read_bytes() == built, (
        "ivig_kg/graph/ivig-kg.nt is stale: run `ivig-kg build` in the checkout to refresh it"
    )


def test_commands_find_their_files_as_package_data() -> None:
    assert paths.ONTOLOGY_FILE.is_file() and paths.SHAPES_FILE.is_file()
    assert len(list(paths.QUERIES_DIR.glob("cq-*.rq"))) >= 30
    assert len(list(paths.QC_DIR.glob("*-violation.rq"))) >= 5
    assert len(list((paths.QUERIES_DIR / "rules").glob("*.rq"))) >= 6
    # In a checkout the package's folders are the top-level ones, so there is one copy.
    assert paths.ONTOLOGY_FILE.resolve() == (REPO / "ontology" / "ivig.ttl").resolve()
    assert paths.QUERIES_DIR.resolve() == (REPO / "queries").resolve()


def test_checkout_is_recognised() -> None:
    assert paths.checkout_root() == REPO.resolve() or paths.checkout_root() == REPO
    assert paths.checkout_data_dir() == (paths.checkout_root() or REPO) / "data"


def test_one_version_for_package_and_data(graph: Graph) -> None:
    release = packaged_release()
    assert release.version == ivig_kg.__version__ == version("ivig-kg")
    assert release.license == "https://creativecommons.org/licenses/by/4.0/"
    assert release.modified is not None and release.issued is not None
    assert release.issued <= release.modified
    assert f"data {ivig_kg.__version__}" in release.describe()


def test_licence_files_exist_and_name_both_licences() -> None:
    assert "MIT License" in (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY 4.0" in (REPO / "LICENSE-DATA.md").read_text(encoding="utf-8")
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{ivig_kg.__version__}]" in changelog
