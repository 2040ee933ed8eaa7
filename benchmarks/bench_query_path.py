"""Measure what the project's query path costs over raw pyoxigraph, question by question.

    python benchmarks/bench_query_path.py                  # IVIG graph, then IVIG + 1M generated triples
    python benchmarks/bench_query_path.py --skip-large     # the IVIG graph only (~30 s)
    python benchmarks/bench_query_path.py --triples 100000 --repeats 5

For every ``queries/cq-*.rq``, in one process and on one loaded store:

- **project**: ``ivig_kg.query.answer_text(text, "csv", store=store)``, what
  ``ivig-kg query --format csv`` does once the graph is loaded;
- **raw**: the same work on pyoxigraph directly: ``store.native.query(text)``, then
  ``.serialize(format=QueryResultsFormat.CSV).decode()`` (SELECT, ASK) or
  ``pyoxigraph.serialize(triples, format=RdfFormat.TURTLE, prefixes=PREFIXES)`` (CONSTRUCT).

Each question runs once on each path as a warm-up (the two texts are compared byte for byte),
once more to size N, then N times on each path, the two paths alternating which goes first;
garbage collection is off during the timed runs (as ``timeit`` does). N is ``--repeats``, raised
for short questions until each path has run about ``--min-time`` seconds (at most
``--max-repeats`` runs), so the medians of sub-millisecond questions are stable. It prints per-question medians and the project/raw
ratio, the totals, the worst ratio, and the ratio on the sum of the short questions (raw median
under 0.2 ms), whose single ratios are noisy.

Loading is measured on the same files: ``ivig_kg.query.open_store(path)`` against
``pyoxigraph.Store().bulk_load(path=..., format=RdfFormat.N_TRIPLES)`` (alternating, medians),
with the resident memory each load adds. Targets are printed as met or not, never asserted.
"""

from __future__ import annotations

import argparse
import gc
import math
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
from synthetic import DEFAULT_SEED, write_merged  # noqa: E402

from ivig_kg import paths  # noqa: E402
from ivig_kg.namespaces import PREFIXES  # noqa: E402
from ivig_kg.query import Store, answer_text, open_store, read_query_file  # noqa: E402

TARGET = 1.3  # project/raw, on totals and on each question of the merged graph
LOAD_NOISE = 1.05  # loads this close to raw count as equal: repeated loads vary more than that
SHORT_MS = 0.2  # below this raw median a single question's ratio is mostly noise
Say = Callable[[str], None]


# ----------------------------------------------------------------------------- the two paths


def project(store: Store, text: str) -> str:
    """What `ivig-kg query --format csv` does once the graph is loaded."""
    return answer_text(text, "csv", store=store)


def raw(native: ox.Store, text: str) -> str:
    """The same work on pyoxigraph directly.

    Without an output, ``serialize`` returns bytes; the ignores only tell mypy so, at no cost.
    """
    answer = native.query(text)
    if isinstance(answer, ox.QueryTriples):
        turtle = ox.serialize(answer, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return turtle.decode()  # type: ignore[union-attr]
    return answer.serialize(format=ox.QueryResultsFormat.CSV).decode()  # type: ignore[union-attr]


def gate_us(text: str) -> float:
    """Microseconds the project's SERVICE gate (``find_service``) takes on the text, or NaN.

    Part of the project path; timed apart (best of 5 x 200 calls) to show what it costs.
    """
    import ivig_kg.query

    find = getattr(ivig_kg.query, "find_service", None)
    if find is None:  # a version of the package without the gate
        return math.nan
    return min(timeit.repeat(lambda: find(text), number=200, repeat=5)) / 200 * 1e6


def raw_with_kind(native: ox.Store, text: str) -> tuple[str, str]:
    """The raw path once (the warm-up), with the kind of answer: select, ask or construct."""
    answer = native.query(text)
    if isinstance(answer, ox.QueryTriples):
        data = ox.serialize(answer, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return data.decode(), "construct"  # type: ignore[union-attr]
    kind = "ask" if isinstance(answer, ox.QueryBoolean) else "select"
    csv = answer.serialize(format=ox.QueryResultsFormat.CSV)
    return csv.decode(), kind  # type: ignore[union-attr]


# ----------------------------------------------------------------------------- measuring


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux), or NaN."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return math.nan
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux), or NaN."""
    try:
        import resource
    except ImportError:  # pragma: no cover
        return math.nan
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


@dataclass
class Timing:
    """One question's medians on the two paths."""

    name: str
    kind: str
    project_ms: float
    raw_ms: float
    min_ratio: float  # project/raw of the fastest runs: a cross-check when the machine is busy
    gate_us: float  # of the project time, the SERVICE gate
    runs: int
    same: bool
    size: int  # characters of the answer text

    @property
    def ratio(self) -> float:
        return self.project_ms / self.raw_ms if self.raw_ms > 0 else math.inf

    @property
    def short(self) -> bool:
        return self.raw_ms < SHORT_MS


@dataclass
class Settings:
    repeats: int
    min_time: float
    max_repeats: int


def runs_for(warm_seconds: float, settings: Settings) -> int:
    """How many timed runs per path: --repeats, more for short questions (odd, for a median)."""
    wanted = math.ceil(settings.min_time / max(warm_seconds, 1e-6))
    runs = min(max(settings.repeats, wanted), max(settings.max_repeats, settings.repeats))
    return runs if runs % 2 else runs + 1


def _timed(path: Callable[[object, str], str], target: object, text: str) -> tuple[float, int]:
    """Seconds for one run and the length of its text (freed after the clock stops)."""
    start = time.perf_counter()
    out = path(target, text)
    return time.perf_counter() - start, len(out)


def interleaved(store: Store, text: str, runs: int) -> tuple[list[float], list[float], bool]:
    """Time both paths `runs` times each, alternating which goes first; seconds per run."""
    runners = {"project": (project, store), "raw": (raw, store.native)}
    times: dict[str, list[float]] = {"project": [], "raw": []}
    sizes: set[int] = set()
    gc.collect()
    gc.disable()
    try:
        for i in range(runs):
            for which in ("project", "raw") if i % 2 == 0 else ("raw", "project"):
                run, target = runners[which]
                seconds, size = _timed(run, target, text)  # type: ignore[arg-type]
                times[which].append(seconds)
                sizes.add(size)
    finally:
        gc.enable()
    return times["project"], times["raw"], len(sizes) == 1


def time_question(path: Path, store: Store, settings: Settings) -> Timing:
    text = read_query_file(path).text
    first_project = project(store, text)
    first_raw, kind = raw_with_kind(store.native, text)
    # One more run of each after the warm-up sizes the number of timed runs.
    warm_project, _ = _timed(project, store, text)  # type: ignore[arg-type]
    warm_raw, _ = _timed(raw, store.native, text)  # type: ignore[arg-type]
    runs = runs_for((warm_project + warm_raw) / 2, settings)
    times_project, times_raw, same_sizes = interleaved(store, text, runs)
    return Timing(
        name=path.stem,
        kind=kind,
        project_ms=statistics.median(times_project) * 1000,
        raw_ms=statistics.median(times_raw) * 1000,
        min_ratio=min(times_project) / min(times_raw),
        gate_us=gate_us(text),
        runs=runs,
        same=first_project == first_raw and same_sizes,
        size=len(first_raw),
    )


@dataclass
class Load:
    """Loading one file through the project and raw: median seconds, memory in a fresh process."""

    project_s: float
    raw_s: float
    project_mb: float  # resident memory the load adds in a fresh process
    raw_mb: float
    project_peak_mb: float  # peak resident memory of that process
    raw_peak_mb: float
    triples: int

    @property
    def ratio(self) -> float:
        return self.project_s / self.raw_s


def load_store(which: str, nt_file: Path | None) -> Store | ox.Store:
    """Load a file the project's way (``open_store``) or raw; None: the packaged graph."""
    if which == "project":
        return open_store(nt_file)
    native = ox.Store()
    native.bulk_load(path=str(nt_file or paths.PACKAGED_GRAPH), format=ox.RdfFormat.N_TRIPLES)
    return native


def _load_once(which: str, nt_file: Path | None) -> tuple[float, int]:
    gc.collect()
    started = time.perf_counter()
    store = load_store(which, nt_file)
    seconds = time.perf_counter() - started
    count = len(store)
    del store
    gc.collect()
    return seconds, count


def _memory_of_load(which: str, nt_file: Path | None) -> tuple[float, float]:
    """In a fresh process: (resident MB the load adds, peak resident MB)."""
    before = rss_mb()
    store = load_store(which, nt_file)
    added = rss_mb() - before
    del store
    return added, peak_rss_mb()


def memory_of_load(which: str, nt_file: Path | None) -> tuple[float, float]:
    """Measure :func:`_memory_of_load` in a new interpreter, so freed memory is not reused."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(_memory_of_load, (which, nt_file))


def time_loads(nt_file: Path | None, runs: int) -> Load:
    """open_store(nt_file) against a raw bulk_load of the same file, alternating; medians.

    nt_file None: the packaged graph, as ``open_store()`` loads it by default.
    """
    measured: dict[str, list[float]] = {"project": [], "raw": []}
    count = 0
    for i in range(runs):
        for which in ("project", "raw") if i % 2 == 0 else ("raw", "project"):
            seconds, count = _load_once(which, nt_file)
            measured[which].append(seconds)
    project_mb, project_peak = memory_of_load("project", nt_file)
    raw_mb, raw_peak = memory_of_load("raw", nt_file)
    return Load(
        project_s=statistics.median(measured["project"]),
        raw_s=statistics.median(measured["raw"]),
        project_mb=project_mb,
        raw_mb=raw_mb,
        project_peak_mb=project_peak,
        raw_peak_mb=raw_peak,
        triples=count,
    )


# ----------------------------------------------------------------------------- reporting


@dataclass
class GraphResult:
    title: str
    load: Load
    timings: list[Timing] = field(default_factory=list)
    rss_loaded_mb: float = math.nan

    @property
    def total_project(self) -> float:
        return sum(t.project_ms for t in self.timings)

    @property
    def total_raw(self) -> float:
        return sum(t.raw_ms for t in self.timings)

    @property
    def ratio(self) -> float:
        return self.total_project / self.total_raw

    def worst(self, short: bool | None = None) -> Timing:
        chosen = [t for t in self.timings if short is None or t.short == short] or self.timings
        return max(chosen, key=lambda t: t.ratio)

    def short_ratio(self) -> tuple[int, float]:
        short = [t for t in self.timings if t.short]
        if not short:
            return 0, math.nan
        return len(short), sum(t.project_ms for t in short) / sum(t.raw_ms for t in short)


def _ms(value: float) -> str:
    return f"{value:,.3f}" if value < 10 else f"{value:,.1f}"


def say_load(load: Load, say: Say) -> None:
    say("| load | median (s) | RSS added (MB) ² | peak RSS (MB) ² |")
    say("|---|---:|---:|---:|")
    say(
        f"| project: `open_store(path)` | {load.project_s:.3f} | {load.project_mb:,.1f} "
        f"| {load.project_peak_mb:,.0f} |"
    )
    say(
        f"| raw: `Store().bulk_load(path=...)` | {load.raw_s:.3f} | {load.raw_mb:,.1f} "
        f"| {load.raw_peak_mb:,.0f} |"
    )
    say(f"\n{load.triples:,} triples; load project/raw **{load.ratio:.2f}x**.")
    say("² one load in a fresh Python process (after its imports), not in this one.")


def say_table(result: GraphResult, say: Say) -> None:
    header = "query | kind | answer (chars) | runs | project (ms) | raw (ms) | project / raw"
    say(f"\n| {header} | of the fastest runs | gate (µs) | same text |")
    say("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for t in result.timings:
        mark = " ¹" if t.short else ""
        cells = f"{_ms(t.project_ms)} | {_ms(t.raw_ms)} | {t.ratio:.2f}x{mark} | {t.min_ratio:.2f}x | {t.gate_us:.1f}"
        say(
            f"| {t.name} | {t.kind} | {t.size:,} | {t.runs} | {cells} | {'yes' if t.same else 'NO'} |"
        )
    same = all(t.same for t in result.timings)
    gate = sum(t.gate_us for t in result.timings)
    totals = (
        f"{_ms(result.total_project)} | {_ms(result.total_raw)} | **{result.ratio:.2f}x** | "
        f"| {gate:,.0f}"
    )
    say(f"| **all {len(result.timings)} questions** | | | | {totals} | {'yes' if same else 'NO'} |")
    overhead = (result.total_project - result.total_raw) / len(result.timings) * 1000
    say(
        f"\nProject minus raw: {overhead:,.1f} µs per question on average (the gate: {gate / len(result.timings):.1f} µs)."
    )
    count, short_ratio = result.short_ratio()
    worst = result.worst()
    say(f"\nWorst single ratio: {worst.name} {worst.ratio:.2f}x ({_ms(worst.raw_ms)} ms raw).")
    if count:
        slow = result.worst(short=False)
        say(f"Worst among questions of {SHORT_MS} ms or more: {slow.name} {slow.ratio:.2f}x.")
        say(
            f"¹ {count} short questions (raw < {SHORT_MS} ms): ratio on their sum {short_ratio:.2f}x."
        )
    say(
        f"RSS with this store loaded: {result.rss_loaded_mb:,.0f} MB; peak so far {peak_rss_mb():,.0f} MB."
    )


def run_graph(
    title: str, nt_file: Path | None, settings: Settings, load_runs: int, say: Say
) -> GraphResult:
    say(f"\n## {title}\n")
    result = GraphResult(title, time_loads(nt_file, load_runs))
    say_load(result.load, say)
    store = open_store(nt_file)
    gc.collect()
    result.rss_loaded_mb = rss_mb()
    for path in sorted(paths.QUERIES_DIR.glob("cq-*.rq")):
        result.timings.append(time_question(path, store, settings))
    say_table(result, say)
    del store
    gc.collect()
    return result


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def load_verdict(ratio: float) -> str:
    if ratio <= 1.0:
        return "met"
    return f"met within noise (<= {LOAD_NOISE}x)" if ratio <= LOAD_NOISE else "NOT met"


def say_targets(results: list[GraphResult], say: Say) -> None:
    say("\n## Targets\n")
    for r in results:
        say(
            f"- {r.title}: total within {TARGET}x of raw: {verdict(r.ratio <= TARGET)} ({r.ratio:.2f}x)"
        )
        say(
            f"- {r.title}: load no slower than raw: {load_verdict(r.load.ratio)} ({r.load.ratio:.2f}x)"
        )
    large = results[-1]
    if len(results) > 1:
        worst = large.worst()
        say(
            f"- {large.title}: every question within {TARGET}x: "
            f"{verdict(worst.ratio <= TARGET)} (worst {worst.name} {worst.ratio:.2f}x)"
        )
        count, short_ratio = large.short_ratio()
        if count:
            slow = large.worst(short=False)
            say(
                f"  - questions of {SHORT_MS} ms or more: {verdict(slow.ratio <= TARGET)} "
                f"(worst {slow.name} {slow.ratio:.2f}x); the {count} shorter ones on their sum: "
                f"{verdict(short_ratio <= TARGET)} ({short_ratio:.2f}x)"
            )
    same = all(t.same for r in results for t in r.timings)
    say(f"- byte-identical answers on both paths: {'yes' if same else 'NO'}")


# ----------------------------------------------------------------------------- the command


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    parser.add_argument(
        "--triples", type=int, default=1_000_000, help="size of the generated graph"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the generator")
    parser.add_argument(
        "--repeats", type=int, default=15, help="timed runs per question and path, at least"
    )
    parser.add_argument(
        "--min-time",
        type=float,
        default=0.3,
        help="run short questions until each path took about this many seconds",
    )
    parser.add_argument(
        "--max-repeats", type=int, default=1001, help="at most this many runs per question and path"
    )
    parser.add_argument(
        "--load-repeats", type=int, default=3, help="loads of the merged graph per path"
    )
    parser.add_argument("--skip-large", action="store_true", help="only the IVIG graph")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.load_repeats < 1:
        parser.error("--repeats and --load-repeats must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def say(line: str) -> None:
        print(line, flush=True)

    import platform

    settings = Settings(args.repeats, args.min_time, args.max_repeats)
    say('# Query path benchmark: `answer_text(..., "csv")` against raw pyoxigraph')
    say(
        f"\n{time.strftime('%Y-%m-%d %H:%M')}; Python {platform.python_version()}, pyoxigraph "
        f"{ox.__version__}, {os.cpu_count()} CPUs, load average at start "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}. At least {args.repeats} runs per "
        f"question and path (short questions until ~{args.min_time:g} s, at most "
        f"{args.max_repeats}), after one warm-up run."
    )
    results = [run_graph("The IVIG graph (packaged)", None, settings, 101, say)]
    if not args.skip_large:
        with tempfile.TemporaryDirectory(prefix="ivig-kg-bench-") as tmp:
            merged = Path(tmp) / "merged.nt"
            started = time.perf_counter()
            generated = write_merged(merged, paths.PACKAGED_GRAPH, args.triples, args.seed)
            say(
                f"\nGenerated {generated:,} triples (seed {args.seed}) in "
                f"{time.perf_counter() - started:.1f} s and appended the IVIG graph."
            )
            title = f"The IVIG graph merged with {generated:,} generated triples"
            results.append(run_graph(title, merged, settings, args.load_repeats, say))
    say_targets(results, say)
    say(f"\nLoad average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
