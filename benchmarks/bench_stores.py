"""Time the competency questions on rdflib's own engine and on Oxigraph, and compare answers.

    python benchmarks/bench_stores.py                     # IVIG graph, then IVIG + 1M generated triples
    python benchmarks/bench_stores.py --triples 100000    # a smaller merged graph
    python benchmarks/bench_stores.py --skip-large        # the IVIG graph only (a few seconds)

Stores, each used through its own API:

- ``rdflib``: an rdflib ``Graph`` (the default Memory store) parsed with rdflib's N-Triples
  parser and queried with ``Graph.query(text)`` (rdflib's SPARQL engine);
- ``oxigraph``: ``ivig_kg.query.open_store(path)`` (pyoxigraph in memory) queried with
  ``Store.query(text)``, which collects the rows as pyoxigraph terms, as Python callers get them;
- ``oxrdflib``: rdflib's ``Graph`` API over Oxigraph (``Graph(store="Oxigraph")``, parsed with
  ``ox-ntriples``, queried with strings), for reference.

A timed run includes collecting the whole answer (rows, boolean or triples) as each API's own
terms; turning them into plain values to compare them is not timed. Prints load time, memory,
per-query medians, the rdflib/Oxigraph ratio and whether the answers agree (rows and triples as
sets, numbers by value). It asserts nothing about time.

The IVIG graph is the one the package ships (``ivig_kg/graph/ivig-kg.nt``); the merged graph is
that graph appended to the synthetic graph of ``benchmarks/synthetic.py``.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
from synthetic import DEFAULT_SEED, write_merged  # noqa: E402

from ivig_kg import paths  # noqa: E402
from ivig_kg.query import QueryResult, open_store, plain_value, read_query_file  # noqa: E402

STORES = ("rdflib", "oxigraph", "oxrdflib")
Say = Callable[[str], None]


# ----------------------------------------------------------------------------- the stores


def rdflib_plain(term: Any) -> str | None:
    """An rdflib term as a plain string, numbers canonical (as ``ivig_kg.query.plain_value``)."""
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = ox.NamedNode(str(term.datatype)) if term.datatype else None
        literal = ox.Literal(str(term), datatype=datatype, language=term.language)
        return plain_value(literal)
    return str(term)


class RdflibEngine:
    """An rdflib Graph queried with ``Graph.query(text)``: rdflib's engine, or oxrdflib's."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph

    def __len__(self) -> int:
        return len(self.graph)

    def query(self, text: str) -> tuple[str, Any]:
        """Run a query and collect its whole answer as rdflib terms."""
        answer = self.graph.query(text)
        if answer.type == "ASK":
            return "ask", bool(answer.askAnswer)
        if answer.type in {"CONSTRUCT", "DESCRIBE"}:
            return "graph", list(answer.graph or ())
        return "select", ([str(v) for v in answer.vars or ()], list(answer))

    @staticmethod
    def canonical(collected: tuple[str, Any]) -> object:
        kind, value = collected
        if kind == "ask":
            return value
        if kind == "graph":
            return {tuple(rdflib_plain(t) for t in triple) for triple in value}
        names, rows = value
        return (tuple(names), frozenset(tuple(rdflib_plain(v) for v in row) for row in rows))


class OxigraphEngine:
    """``ivig_kg.query.Store.query(text)``: the rows as pyoxigraph terms."""

    def __init__(self, nt_file: Path) -> None:
        self.store = open_store(nt_file)

    def __len__(self) -> int:
        return len(self.store)

    def query(self, text: str) -> QueryResult:
        return self.store.query(text)

    @staticmethod
    def canonical(result: QueryResult) -> object:
        if result.kind == "ask":
            return result.boolean
        if result.kind == "graph":
            return set(result.plain())
        return (tuple(result.vars), frozenset(result.plain()))


Engine = RdflibEngine | OxigraphEngine


def load(kind: str, nt_file: Path) -> Engine:
    if kind == "oxigraph":
        return OxigraphEngine(nt_file)
    from rdflib import Graph

    if kind == "rdflib":
        graph = Graph()  # the Memory store
        graph.parse(str(nt_file), format="nt")
        return RdflibEngine(graph)
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    graph = Graph(store="Oxigraph", identifier=DATASET_DEFAULT_GRAPH_ID)
    graph.parse(str(nt_file), format="ox-ntriples")  # plain "nt" would use rdflib's parser
    return RdflibEngine(graph)


# ----------------------------------------------------------------------------- measuring


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux), or NaN."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return math.nan
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


class Cutoff(BaseException):
    """Raised by SIGALRM to abandon a query that runs past the cap (not an Exception on purpose)."""


def _cutoff(signum: int, frame: object) -> None:
    raise Cutoff


def run_capped(engine: Engine, text: str, cap: float) -> tuple[float, Any]:
    """Run once; return (seconds, answer), or (cap, None) if it was stopped at `cap` seconds.

    The alarm interrupts rdflib's pure-Python evaluation; Oxigraph answers before it matters.
    """
    previous = signal.signal(signal.SIGALRM, _cutoff)
    signal.setitimer(signal.ITIMER_REAL, cap)
    started = time.perf_counter()
    try:
        answer = engine.query(text)
        return time.perf_counter() - started, answer
    except Cutoff:
        return cap, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def time_query(
    engine: Engine, text: str, repeat: int, budget: float, cap: float
) -> tuple[float, Any]:
    """Median wall time in ms over `repeat` runs after one warm-up, and the answer.

    Fewer runs once `budget` seconds are spent; (cap, None) for a query stopped at `cap` seconds.
    """
    first, answer = run_capped(engine, text, cap)
    if answer is None or first > budget:
        return first * 1000, answer
    times = []
    for _ in range(repeat):
        seconds, again = run_capped(engine, text, cap)
        if again is None:
            return cap * 1000, None
        times.append(seconds)
        if sum(times) > budget:
            break
    return statistics.median(times) * 1000, answer


@dataclass
class Settings:
    stores: list[str]
    repeat: int
    budget: float
    cap: float


@dataclass
class Tally:
    """Totals over the questions of one graph."""

    stores: list[str]
    totals: dict[str, float] = field(default_factory=dict)
    capped: dict[str, int] = field(default_factory=dict)
    ratios: list[float] = field(default_factory=list)
    all_same: bool = True

    def __post_init__(self) -> None:
        self.totals = dict.fromkeys(self.stores, 0.0)
        self.capped = dict.fromkeys(self.stores, 0)


def load_all(nt_file: Path, stores: list[str], say: Say) -> dict[str, Engine]:
    loaded: dict[str, Engine] = {}
    say("| store | load (s) | memory (MB) | triples |")
    say("|---|---:|---:|---:|")
    for kind in stores:
        gc.collect()
        before = rss_mb()
        started = time.perf_counter()
        loaded[kind] = load(kind, nt_file)
        seconds = time.perf_counter() - started
        gc.collect()
        say(f"| {kind} | {seconds:.2f} | {rss_mb() - before:.0f} | {len(loaded[kind]):,} |")
    return loaded


def query_row(
    name: str, text: str, loaded: dict[str, Engine], settings: Settings, tally: Tally
) -> str:
    """Time one question on every store, update the tally, return its table row."""
    timings, answers = {}, {}
    for kind, engine in loaded.items():
        ms, answer = time_query(engine, text, settings.repeat, settings.budget, settings.cap)
        timings[kind] = ms
        tally.totals[kind] += ms
        if answer is None:
            tally.capped[kind] += 1
        else:
            answers[kind] = engine.canonical(answer)
    finished = list(answers.values())
    same = all(a == finished[0] for a in finished)
    tally.all_same &= same
    ratio = ""
    if "rdflib" in timings and "oxigraph" in timings:
        value = timings["rdflib"] / max(timings["oxigraph"], 1e-3)
        tally.ratios.append(value)
        ratio = f"{'> ' if 'rdflib' not in answers else ''}{value:,.0f}x"
    cells = " | ".join(f"{'> ' if k not in answers else ''}{timings[k]:,.1f}" for k in loaded)
    verdict = "yes" if same else "NO"
    if len(finished) < len(loaded):
        verdict += f" ({len(finished)} of {len(loaded)} finished within {settings.cap:g} s)"
    return f"| {name.removesuffix('.rq')} | {cells} | {ratio} | {verdict} |"


def summary_row(tally: Tally, count: int) -> str:
    cells = " | ".join(
        f"{'> ' if tally.capped[k] else ''}{tally.totals[k]:,.0f}" for k in tally.stores
    )
    summary = ""
    if tally.ratios:
        at_least = "> " if any(tally.capped.values()) else ""
        total_ratio = tally.totals["rdflib"] / max(tally.totals["oxigraph"], 1e-3)
        mean = statistics.geometric_mean(tally.ratios)
        summary = f"{at_least}{total_ratio:,.0f}x (geometric mean {at_least}{mean:,.0f}x)"
    same = "yes" if tally.all_same else "NO"
    return f"| **all {count} questions** | {cells} | {summary} | {same} |"


def run_suite(title: str, nt_file: Path, settings: Settings, say: Say) -> bool:
    say(f"\n## {title}\n")
    queries = [(p.name, read_query_file(p).text) for p in sorted(paths.QUERIES_DIR.glob("cq-*.rq"))]
    loaded = load_all(nt_file, settings.stores, say)
    say("")
    header = " | ".join(f"{k} (ms)" for k in settings.stores)
    say(f"| query | {header} | rdflib / oxigraph | same answers |")
    say("|---|" + "---:|" * len(settings.stores) + "---:|---|")
    tally = Tally(settings.stores)
    for name, text in queries:
        say(query_row(name, text, loaded, settings, tally))
    say(summary_row(tally, len(queries)))
    cap = settings.cap
    for kind, count in tally.capped.items():
        if count:
            say(
                f"\n{kind}: {count} question(s) stopped at the {cap:g} s cap; their time counts as {cap:g} s."
            )
    del loaded
    gc.collect()
    return tally.all_same


# ----------------------------------------------------------------------------- the command


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--triples",
        type=int,
        default=1_000_000,
        help="size of the generated graph (default 1,000,000)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the generator")
    parser.add_argument(
        "--repeat", type=int, default=5, help="timed runs per query on the IVIG graph"
    )
    parser.add_argument(
        "--large-repeat", type=int, default=3, help="timed runs per query on the merged graph"
    )
    parser.add_argument(
        "--budget", type=float, default=20.0, help="stop repeating a query after this many seconds"
    )
    parser.add_argument(
        "--cap", type=float, default=60.0, help="abandon a single run after this many seconds"
    )
    parser.add_argument(
        "--stores", default=",".join(STORES), help=f"comma-separated, from {', '.join(STORES)}"
    )
    parser.add_argument("--skip-large", action="store_true", help="only the IVIG graph")
    args = parser.parse_args(argv)
    args.store_list = [s for s in args.stores.split(",") if s]
    unknown = set(args.store_list) - set(STORES)
    if unknown:
        parser.error(f"unknown store(s): {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def say(line: str) -> None:
        print(line, flush=True)

    import platform

    import rdflib

    say("# Store benchmark: competency questions")
    say(
        f"\nPython {platform.python_version()}, rdflib {rdflib.__version__}, pyoxigraph {ox.__version__}, "
        f"{os.cpu_count()} CPUs; medians of {args.repeat} runs (IVIG graph) and {args.large_repeat} runs "
        f"(merged graph) after one warm-up run."
    )
    ivig_nt = paths.PACKAGED_GRAPH
    small = Settings(args.store_list, args.repeat, args.budget, args.cap)
    ok = run_suite("The IVIG graph", ivig_nt, small, say)
    if not args.skip_large:
        with tempfile.TemporaryDirectory(prefix="ivig-kg-bench-") as tmp:
            merged = Path(tmp) / "merged.nt"
            started = time.perf_counter()
            generated = write_merged(merged, ivig_nt, args.triples, args.seed)
            say(
                f"\nGenerated {generated:,} triples (seed {args.seed}) in {time.perf_counter() - started:.1f} s "
                f"and appended the IVIG graph."
            )
            large = Settings(args.store_list, args.large_repeat, args.budget, args.cap)
            title = f"The IVIG graph merged with {generated:,} generated triples"
            ok &= run_suite(title, merged, large, say)
    say(
        "\nAll stores gave the same answers."
        if ok
        else "\nWARNING: the stores disagree on some answers."
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
