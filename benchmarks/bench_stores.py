"""Time the competency questions on rdflib's Memory store and on Oxigraph, and compare answers.

    python benchmarks/bench_stores.py                     # IVIG graph, then IVIG + 1M generated triples
    python benchmarks/bench_stores.py --triples 100000    # a smaller merged graph
    python benchmarks/bench_stores.py --skip-large        # the IVIG graph only (a few seconds)

Stores: ``rdflib`` (rdflib Memory), ``oxigraph`` (pyoxigraph in memory, as ``ivig_kg.query`` uses
it) and ``oxrdflib`` (rdflib's API over Oxigraph, for reference). Every query runs through the
same ``Store.query`` path as ``ivig-kg query``, so the timings include turning the results into
rdflib terms. Prints load time, memory, per-query medians, the rdflib/Oxigraph ratio and whether
the answers agree (numbers compared by value). It asserts nothing about time.

The generated graph is biomedical-shaped and deterministic for a given --seed: a 5-level
disease class hierarchy under ivig:Disease, diseases and phenotypes with labels and external
identifiers, drugs, indications, adverse effect associations and two-step mechanisms, each
with a statement, a section and references, plus the shortcut triples, all in the ivig
vocabulary (so the questions that scan the graph see it) but about other drugs than IVIG.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ivig_kg import paths  # noqa: E402
from ivig_kg.query import QueryResult, RdflibStore, Store, open_store, plain_value, read_query_file  # noqa: E402

IVIG = "https://w3id.org/ivig-kg/ontology/"
KG = "https://w3id.org/ivig-kg/id/"
SYN = "https://example.org/synthetic/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL_CLASS = "http://www.w3.org/2002/07/owl#Class"
DCT_SOURCE = "http://purl.org/dc/terms/source"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
STORES = ("rdflib", "oxigraph", "oxrdflib")


# ----------------------------------------------------------------------------- the generated graph


def generate(path: Path, triples: int, seed: int) -> int:
    """Write about `triples` N-Triples lines of a biomedical-shaped graph; return the count."""
    rng = random.Random(seed)
    count = 0
    out = path.open("w", encoding="utf-8")

    def t(s: str, p: str, o: str) -> None:
        nonlocal count
        out.write(f"<{s}> <{p}> {o} .\n")
        count += 1

    def iri(x: str) -> str:
        return f"<{x}>"

    def text(x: str) -> str:
        return f'"{x}"@en'

    def integer(n: int) -> str:
        return f'"{n}"^^<{XSD_INTEGER}>'

    # Class hierarchy: 5 levels of disease classes below ivig:Disease (6, 24, 96, 384, 1536).
    levels: list[list[str]] = [[IVIG + "Disease"]]
    for depth, width in enumerate((6, 4, 4, 4, 4), start=1):
        level = []
        for parent in levels[-1]:
            for k in range(width):
                cls = f"{SYN}class/{depth}-{len(level)}"
                level.append(cls)
                t(cls, RDF_TYPE, iri(OWL_CLASS))
                t(cls, RDFS + "subClassOf", iri(parent))
                t(cls, RDFS + "label", text(f"disease group {depth}.{len(level)} ({k})"))
        levels.append(level)
    leaves = levels[-1]

    # Sources: 200 documents, 6 sections and 12 references each.
    sections, references = [], []
    for d in range(200):
        doc = f"{SYN}doc/{d}"
        t(doc, RDF_TYPE, iri(IVIG + "SourceDocument"))
        t(doc, RDFS + "label", text(f"review article {d}"))
        for s in range(6):
            sec = f"{doc}/section/{s}"
            sections.append((doc, sec))
            t(sec, RDF_TYPE, iri(IVIG + "DocumentSection"))
            t(sec, RDFS + "label", text(f"section {s} of article {d}"))
            t(sec, IVIG + "sectionOrder", integer(s + 1))
        for r in range(12):
            ref = f"{doc}/reference/{r + 1}"
            references.append(ref)
            t(ref, RDF_TYPE, iri(IVIG + "Reference"))
            t(ref, IVIG + "referenceNumber", integer(r + 1))

    statuses = ["FDAApproved", "OtherCommonUse", "GuidelineRecommended", "DescribedUse"]
    relations = ["Reduces", "Activates", "Modulates", "Neutralizes", "ActsThrough"]
    measures = []
    for m in range(50):
        measure = f"{SYN}procedure/{m}"
        measures.append(measure)
        t(measure, RDF_TYPE, iri(IVIG + "Procedure"))
        t(
            measure,
            RDFS + "label",
            text(("hydration regimen " if m % 5 == 0 else "infusion protocol ") + str(m)),
        )

    def provenance(node: str, statement: str) -> None:
        doc, sec = rng.choice(sections)
        t(node, IVIG + "statement", text(statement))
        t(node, DCT_SOURCE, iri(doc))
        t(node, IVIG + "inSection", iri(sec))
        t(node, IVIG + "citesReference", iri(rng.choice(references)))

    diseases: list[str] = []
    phenotypes: list[str] = []
    targets: list[str] = []
    unit = 0
    while count < triples:
        unit += 1
        disease = f"{SYN}disease/{unit}"
        diseases.append(disease)
        t(disease, RDF_TYPE, iri(rng.choice(leaves)))
        t(disease, RDFS + "label", text(f"synthetic disease {unit}"))
        t(disease, SKOS + "exactMatch", iri(f"http://purl.obolibrary.org/obo/MONDO_9{unit:06d}"))
        if len(diseases) > 10 and rng.random() < 0.2:
            t(disease, SKOS + "broader", iri(rng.choice(diseases[:-1])))
        phenotype = f"{SYN}phenotype/{unit}"
        phenotypes.append(phenotype)
        t(phenotype, RDF_TYPE, iri(IVIG + "PhenotypicFeature"))
        t(phenotype, RDFS + "label", text(f"synthetic sign {unit}"))
        t(phenotype, SKOS + "closeMatch", iri(f"http://purl.obolibrary.org/obo/HP_9{unit:06d}"))
        target = f"{SYN}molecule/{unit}"
        targets.append(target)
        t(target, RDF_TYPE, iri(IVIG + ("MolecularEntity" if unit % 3 else "Cell")))
        t(target, RDFS + "label", text(f"synthetic target {unit}"))
        if unit % 4 == 1:
            drug = f"{SYN}drug/{unit}"
            t(drug, RDF_TYPE, iri(IVIG + "Drug"))
            t(drug, RDFS + "label", text(f"synthetic drug {unit}"))
        for k in range(2):  # two uses per disease
            ind = f"{SYN}indication/{unit}-{k}"
            purpose = "Treatment" if k == 0 or rng.random() < 0.7 else "Prevention"
            t(ind, RDF_TYPE, iri(IVIG + "Indication"))
            t(ind, RDFS + "label", text(f"use {k} for disease {unit}"))
            t(ind, IVIG + "drug", iri(drug))
            t(ind, IVIG + "condition", iri(disease))
            t(ind, IVIG + "purpose", iri(IVIG + purpose))
            t(ind, IVIG + "useStatus", iri(IVIG + rng.choice(statuses)))
            t(drug, IVIG + ("treats" if purpose == "Treatment" else "prevents"), iri(disease))
            provenance(ind, f"Drug {unit} is used for disease {unit}.")
        ae = f"{SYN}adverse-effect/{unit}"
        t(ae, RDF_TYPE, iri(IVIG + "AdverseEffectAssociation"))
        t(ae, RDFS + "label", text(f"adverse effect {unit}"))
        t(ae, IVIG + "drug", iri(drug))
        t(ae, IVIG + "effect", iri(rng.choice(phenotypes)))
        if rng.random() < 0.5:
            t(ae, IVIG + "severity", iri(IVIG + "Mild"))
        if rng.random() < 0.2:
            t(ae, IVIG + "frequency", iri(IVIG + "Rare"))
            t(ae, IVIG + "preventableBy", iri(rng.choice(measures)))
        provenance(ae, f"Drug {unit} can cause sign {unit}.")
        moa = f"{SYN}mechanism/{unit}"
        t(moa, RDF_TYPE, iri(IVIG + "MechanismOfAction"))
        t(moa, IVIG + "drug", iri(drug))
        t(moa, IVIG + "certainty", iri(IVIG + rng.choice(["Asserted", "Possible", "Apparent"])))
        t(drug, IVIG + "hasMechanism", iri(moa))
        for order in (1, 2):
            step = f"{moa}/step-{order}"
            subject = drug if order == 1 else target
            obj = target if order == 1 else rng.choice(targets)
            t(moa, IVIG + "hasStep", iri(step))
            t(step, RDF_TYPE, iri(IVIG + "MechanismStep"))
            t(step, IVIG + "stepOrder", integer(order))
            t(step, IVIG + "stepSubject", iri(subject))
            t(step, IVIG + "stepRelation", iri(IVIG + rng.choice(relations)))
            t(step, IVIG + "stepObject", iri(obj))
        provenance(moa, f"Drug {unit} may act on target {unit}.")
    out.close()
    return count


# ----------------------------------------------------------------------------- measuring


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux), or NaN."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return math.nan
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def load(kind: str, nt_file: Path) -> Store:
    if kind == "oxrdflib":
        from rdflib import Graph
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        graph = Graph(store="Oxigraph", identifier=DATASET_DEFAULT_GRAPH_ID)
        graph.parse(str(nt_file), format="ox-ntriples")  # plain "nt" would use rdflib's parser
        store = RdflibStore(graph)
        store.kind = "oxrdflib"
        return store
    return open_store(kind, nt_file)


def canonical(result: QueryResult) -> object:
    """The answer in a store-independent form (numbers by value, rows and triples as sets)."""
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return {tuple(plain_value(t) for t in triple) for triple in result.graph or ()}
    return (tuple(result.vars), frozenset(result.plain()))


class Cutoff(BaseException):
    """Raised by SIGALRM to abandon a query that runs past the cap (not an Exception on purpose)."""


def _cutoff(signum: int, frame: object) -> None:
    raise Cutoff


def run_capped(store: Store, text: str, cap: float) -> tuple[float, QueryResult | None]:
    """Run once; return (seconds, result), or (cap, None) if it was stopped at `cap` seconds.

    The alarm interrupts rdflib's pure-Python evaluation; Oxigraph answers before it matters.
    """
    previous = signal.signal(signal.SIGALRM, _cutoff)
    signal.setitimer(signal.ITIMER_REAL, cap)
    started = time.perf_counter()
    try:
        return _timed(store, text, started)
    except Cutoff:
        return cap, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timed(store: Store, text: str, started: float) -> tuple[float, QueryResult]:
    result = store.query(text)
    return time.perf_counter() - started, result


def time_query(
    store: Store, text: str, repeat: int, budget: float, cap: float
) -> tuple[float, QueryResult | None]:
    """Median wall time in ms over `repeat` runs after one warm-up.

    Fewer runs once `budget` seconds are spent; (cap, None) for a query stopped at `cap` seconds.
    """
    first, result = run_capped(store, text, cap)
    if result is None or first > budget:
        return first * 1000, result
    times = []
    for _ in range(repeat):
        seconds, again = run_capped(store, text, cap)
        if again is None:
            return cap * 1000, None
        times.append(seconds)
        if sum(times) > budget:
            break
    return statistics.median(times) * 1000, result


def run_suite(
    title: str,
    nt_file: Path,
    stores: list[str],
    repeat: int,
    budget: float,
    cap: float,
    say: Callable[[str], None],
) -> bool:
    say(f"\n## {title}\n")
    queries = [(p.name, read_query_file(p).text) for p in sorted(paths.QUERIES_DIR.glob("cq-*.rq"))]
    loaded: dict[str, Store] = {}
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

    say("")
    header = " | ".join(f"{k} (ms)" for k in stores)
    say(f"| query | {header} | rdflib / oxigraph | same answers |")
    say("|---|" + "---:|" * len(stores) + "---:|---|")
    totals = dict.fromkeys(stores, 0.0)
    capped = dict.fromkeys(stores, 0)
    ratios = []
    all_same = True
    for name, text in queries:
        timings, answers = {}, {}
        for kind in stores:
            ms, result = time_query(loaded[kind], text, repeat, budget, cap)
            timings[kind] = ms
            totals[kind] += ms
            if result is None:
                capped[kind] += 1
            else:
                answers[kind] = canonical(result)
        finished = list(answers.values())
        same = all(a == finished[0] for a in finished)
        all_same &= same
        ratio = ""
        if "rdflib" in timings and "oxigraph" in timings:
            value = timings["rdflib"] / max(timings["oxigraph"], 1e-3)
            ratios.append(value)
            ratio = f"{'> ' if 'rdflib' not in answers else ''}{value:,.0f}x"
        cells = " | ".join(f"{'> ' if k not in answers else ''}{timings[k]:,.1f}" for k in stores)
        verdict = "yes" if same else "NO"
        if len(finished) < len(stores):
            verdict += f" ({len(finished)} of {len(stores)} finished within {cap:g} s)"
        say(f"| {name.removesuffix('.rq')} | {cells} | {ratio} | {verdict} |")
    cells = " | ".join(f"{'> ' if capped[k] else ''}{totals[k]:,.0f}" for k in stores)
    summary = ""
    if ratios:
        at_least = "> " if any(capped.values()) else ""
        total_ratio = totals["rdflib"] / max(totals["oxigraph"], 1e-3)
        summary = f"{at_least}{total_ratio:,.0f}x (geometric mean {at_least}{statistics.geometric_mean(ratios):,.0f}x)"
    say(
        f"| **all {len(queries)} questions** | {cells} | {summary} | {'yes' if all_same else 'NO'} |"
    )
    for kind, count in capped.items():
        if count:
            say(
                f"\n{kind}: {count} question(s) stopped at the {cap:g} s cap; their time counts as {cap:g} s."
            )
    del loaded
    gc.collect()
    return all_same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--triples",
        type=int,
        default=1_000_000,
        help="size of the generated graph (default 1,000,000)",
    )
    parser.add_argument("--seed", type=int, default=20261124, help="seed of the generator")
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
    stores = [s for s in args.stores.split(",") if s]
    unknown = set(stores) - set(STORES)
    if unknown:
        parser.error(f"unknown store(s): {', '.join(sorted(unknown))}")

    def say(line: str) -> None:
        print(line, flush=True)

    import platform

    import pyoxigraph
    import rdflib

    from ivig_kg.pipeline import load_graph

    say("# Store benchmark: competency questions")
    say(
        f"\nPython {platform.python_version()}, rdflib {rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}, "
        f"{os.cpu_count()} CPUs; medians of {args.repeat} runs (IVIG graph) and {args.large_repeat} runs "
        f"(merged graph) after one warm-up run."
    )
    ok = True
    with tempfile.TemporaryDirectory(prefix="ivig-kg-bench-") as tmp:
        ivig_nt = Path(tmp) / "ivig-kg.nt"
        ivig_nt.write_bytes(load_graph().serialize(format="nt", encoding="utf-8"))
        ok &= run_suite("The IVIG graph", ivig_nt, stores, args.repeat, args.budget, args.cap, say)
        if not args.skip_large:
            merged = Path(tmp) / "merged.nt"
            started = time.perf_counter()
            generated = generate(merged, args.triples, args.seed)
            with merged.open("a", encoding="utf-8") as out:
                out.write(ivig_nt.read_text(encoding="utf-8"))
            say(
                f"\nGenerated {generated:,} triples (seed {args.seed}) in {time.perf_counter() - started:.1f} s "
                f"and appended the IVIG graph."
            )
            ok &= run_suite(
                f"The IVIG graph merged with {generated:,} generated triples",
                merged,
                stores,
                args.large_repeat,
                args.budget,
                args.cap,
                say,
            )
    say(
        "\nAll stores gave the same answers."
        if ok
        else "\nWARNING: the stores disagree on some answers."
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
