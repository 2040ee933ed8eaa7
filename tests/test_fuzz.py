"""Mutated real data files: the build either succeeds with readable outputs or fails cleanly.

A property-based test (hypothesis) over one mutation of one data file at a time; the mutations
and the invariant live in ``benchmarks/fuzz_data.py``, which is also the long standalone run
(``python benchmarks/fuzz_data.py --cases 2000``, not part of the tests). Here the number of
examples is bounded and the run derandomized, so CI is deterministic and stays well under a
minute; ``@example`` keeps every case a fuzz run has found covered.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from ivig_kg.load import DATA_FILES, load_curation

sys.path.insert(0, str(REPO / "benchmarks"))
# database=None keeps failing examples out of the checkout; this keeps hypothesis' caches out too
# (it writes .hypothesis/constants/ whatever the database setting).
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "ivig-kg-hypothesis")
)

from fuzz_data import (  # noqa: E402
    MUTATIONS,
    Corpus,
    Mutation,
    TextEdit,
    TreeEdit,
    draw_mutation,
    dump_tree,
    parse_tree,
    read_corpus,
    run_case,
)

CORPUS: Corpus = read_corpus(REPO / "data")
#: Enough to cover most mutation kinds each run; a build takes about a second.
EXAMPLES = 25


@st.composite
def mutations(draw: st.DrawFn) -> Mutation:
    """One mutation of one data file: file and kind sampled, details from a shrinkable random."""
    file = draw(st.sampled_from(CORPUS.files))
    kind = draw(st.sampled_from(sorted(MUTATIONS)))
    rng = draw(st.randoms(use_true_random=False))
    return draw_mutation(rng, CORPUS, file=file, kind=kind)


def test_the_corpus_holds_every_data_file() -> None:
    assert set(CORPUS.files) == set(DATA_FILES)
    assert all(CORPUS.originals.values())
    assert len(CORPUS.tokens) > 100 and len(CORPUS.keys) > 20


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
def test_every_mutation_kind_changes_every_file(kind: str) -> None:
    """No mutation is dead weight: each changes each file for some seed."""
    for name in CORPUS.files:
        original = CORPUS.originals[name]
        changed = {
            MUTATIONS[kind](random.Random(seed), CORPUS, name).apply(original) != original
            for seed in range(5)
        }
        assert True in changed, (kind, name)


def test_redumped_data_still_loads(tmp_path: Path) -> None:
    """Schema-level mutations start from valid files: safe_dump of each parsed file loads."""
    data = tmp_path / "data"
    data.mkdir()
    for name, original in CORPUS.originals.items():
        (data / name).write_bytes(dump_tree(name, parse_tree(name, original)))
    assert len(load_curation(data).records) > 50


@pytest.mark.parametrize("out_exists", [False, True])
def test_unmutated_data_builds(out_exists: bool, tmp_path: Path) -> None:
    unchanged = TextEdit("findings.yaml", "none", ())
    outcome = run_case(unchanged, CORPUS, out_exists=out_exists, workdir=tmp_path)
    assert outcome.label == "valid", outcome


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutation=mutations(), out_exists=st.booleans())
# Found by benchmarks/fuzz_data.py (two lines swapped): a dataset version with a space passed the
# loader and crashed Turtle serialisation with a traceback (an invalid owl:versionIRI).
@example(
    mutation=TreeEdit("dataset.yaml", "retype", "set", ("version",), "0.2.0 x"), out_exists=False
)
# Found by benchmarks/fuzz_data.py (a truncated file): the error named line 2 of a 1-line file.
@example(
    mutation=TextEdit("findings.yaml", "truncate", ((0, 10**9, b"findings: [fnd-x"),)),
    out_exists=False,
)
def test_a_mutated_data_file_builds_or_fails_cleanly(mutation: Mutation, out_exists: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="ivig-kg-fuzz-") as work:
        outcome = run_case(mutation, CORPUS, out_exists=out_exists, workdir=Path(work))
    event(f"outcome: {outcome.label}")
    event(f"mutation: {mutation.kind}")
