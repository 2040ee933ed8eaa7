"""A deterministic, biomedical-shaped synthetic graph for the benchmarks (N-Triples).

    python benchmarks/synthetic.py out.nt --triples 100000 --seed 20261124

The graph is the same for the same --triples and --seed: a 5-level disease class hierarchy under
ivig:Disease, 200 source documents with sections and references, diseases and phenotypes with
labels and external identifiers, drugs, indications, adverse effect associations and two-step
mechanisms, each with a statement, a section and a reference, plus the shortcut triples. It uses
the ivig vocabulary (so the questions that scan a class or a property see it) but is about other
drugs than IVIG, so the expected answers of the IVIG-anchored questions do not change.

:func:`write_merged` writes the generated graph followed by another N-Triples file (the IVIG
graph): the "merged graph" both benchmarks query.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

IVIG = "https://w3id.org/ivig-kg/ontology/"
SYN = "https://example.org/synthetic/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL_CLASS = "http://www.w3.org/2002/07/owl#Class"
DCT_SOURCE = "http://purl.org/dc/terms/source"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
DEFAULT_SEED = 20261124

STATUSES = ["FDAApproved", "OtherCommonUse", "GuidelineRecommended", "DescribedUse"]
RELATIONS = ["Reduces", "Activates", "Modulates", "Neutralizes", "ActsThrough"]
CERTAINTIES = ["Asserted", "Possible", "Apparent"]


def iri(x: str) -> str:
    return f"<{x}>"


def text(x: str) -> str:
    return f'"{x}"@en'


def integer(n: int) -> str:
    return f'"{n}"^^<{XSD_INTEGER}>'


@dataclass
class Writer:
    """Writes triples and keeps what the generated units draw from."""

    out: TextIO
    rng: random.Random
    count: int = 0
    leaves: list[str] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    diseases: list[str] = field(default_factory=list)
    phenotypes: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    drug: str = ""  # the latest drug: units without their own drug reuse it

    def t(self, s: str, p: str, o: str) -> None:
        self.out.write(f"<{s}> <{p}> {o} .\n")
        self.count += 1


def _classes(w: Writer) -> None:
    """5 levels of disease classes below ivig:Disease (6, 24, 96, 384, 1536)."""
    levels: list[list[str]] = [[IVIG + "Disease"]]
    for depth, width in enumerate((6, 4, 4, 4, 4), start=1):
        level: list[str] = []
        for parent in levels[-1]:
            for k in range(width):
                cls = f"{SYN}class/{depth}-{len(level)}"
                level.append(cls)
                w.t(cls, RDF_TYPE, iri(OWL_CLASS))
                w.t(cls, RDFS + "subClassOf", iri(parent))
                w.t(cls, RDFS + "label", text(f"disease group {depth}.{len(level)} ({k})"))
        levels.append(level)
    w.leaves = levels[-1]


def _sources(w: Writer) -> None:
    """200 documents, 6 sections and 12 references each."""
    for d in range(200):
        doc = f"{SYN}doc/{d}"
        w.t(doc, RDF_TYPE, iri(IVIG + "SourceDocument"))
        w.t(doc, RDFS + "label", text(f"review article {d}"))
        for s in range(6):
            sec = f"{doc}/section/{s}"
            w.sections.append((doc, sec))
            w.t(sec, RDF_TYPE, iri(IVIG + "DocumentSection"))
            w.t(sec, RDFS + "label", text(f"section {s} of article {d}"))
            w.t(sec, IVIG + "sectionOrder", integer(s + 1))
        for r in range(12):
            ref = f"{doc}/reference/{r + 1}"
            w.references.append(ref)
            w.t(ref, RDF_TYPE, iri(IVIG + "Reference"))
            w.t(ref, IVIG + "referenceNumber", integer(r + 1))


def _measures(w: Writer) -> None:
    """50 procedures, every fifth a hydration regimen."""
    for m in range(50):
        measure = f"{SYN}procedure/{m}"
        w.measures.append(measure)
        w.t(measure, RDF_TYPE, iri(IVIG + "Procedure"))
        name = "hydration regimen " if m % 5 == 0 else "infusion protocol "
        w.t(measure, RDFS + "label", text(name + str(m)))


def _provenance(w: Writer, node: str, statement: str) -> None:
    doc, sec = w.rng.choice(w.sections)
    w.t(node, IVIG + "statement", text(statement))
    w.t(node, DCT_SOURCE, iri(doc))
    w.t(node, IVIG + "inSection", iri(sec))
    w.t(node, IVIG + "citesReference", iri(w.rng.choice(w.references)))


def _entities(w: Writer, unit: int) -> tuple[str, str]:
    """A disease, a phenotype, a target and (every fourth unit) a drug; returns disease, target."""
    disease = f"{SYN}disease/{unit}"
    w.diseases.append(disease)
    w.t(disease, RDF_TYPE, iri(w.rng.choice(w.leaves)))
    w.t(disease, RDFS + "label", text(f"synthetic disease {unit}"))
    w.t(disease, SKOS + "exactMatch", iri(f"http://purl.obolibrary.org/obo/MONDO_9{unit:06d}"))
    if len(w.diseases) > 10 and w.rng.random() < 0.2:
        w.t(disease, SKOS + "broader", iri(w.rng.choice(w.diseases[:-1])))
    phenotype = f"{SYN}phenotype/{unit}"
    w.phenotypes.append(phenotype)
    w.t(phenotype, RDF_TYPE, iri(IVIG + "PhenotypicFeature"))
    w.t(phenotype, RDFS + "label", text(f"synthetic sign {unit}"))
    w.t(phenotype, SKOS + "closeMatch", iri(f"http://purl.obolibrary.org/obo/HP_9{unit:06d}"))
    target = f"{SYN}molecule/{unit}"
    w.targets.append(target)
    w.t(target, RDF_TYPE, iri(IVIG + ("MolecularEntity" if unit % 3 else "Cell")))
    w.t(target, RDFS + "label", text(f"synthetic target {unit}"))
    if unit % 4 == 1:
        w.drug = f"{SYN}drug/{unit}"
        w.t(w.drug, RDF_TYPE, iri(IVIG + "Drug"))
        w.t(w.drug, RDFS + "label", text(f"synthetic drug {unit}"))
    return disease, target


def _indications(w: Writer, unit: int, disease: str) -> None:
    """Two uses of the drug for the disease."""
    for k in range(2):
        ind = f"{SYN}indication/{unit}-{k}"
        purpose = "Treatment" if k == 0 or w.rng.random() < 0.7 else "Prevention"
        w.t(ind, RDF_TYPE, iri(IVIG + "Indication"))
        w.t(ind, RDFS + "label", text(f"use {k} for disease {unit}"))
        w.t(ind, IVIG + "drug", iri(w.drug))
        w.t(ind, IVIG + "condition", iri(disease))
        w.t(ind, IVIG + "purpose", iri(IVIG + purpose))
        w.t(ind, IVIG + "useStatus", iri(IVIG + w.rng.choice(STATUSES)))
        w.t(w.drug, IVIG + ("treats" if purpose == "Treatment" else "prevents"), iri(disease))
        _provenance(w, ind, f"Drug {unit} is used for disease {unit}.")


def _adverse_effect(w: Writer, unit: int) -> None:
    ae = f"{SYN}adverse-effect/{unit}"
    w.t(ae, RDF_TYPE, iri(IVIG + "AdverseEffectAssociation"))
    w.t(ae, RDFS + "label", text(f"adverse effect {unit}"))
    w.t(ae, IVIG + "drug", iri(w.drug))
    w.t(ae, IVIG + "effect", iri(w.rng.choice(w.phenotypes)))
    if w.rng.random() < 0.5:
        w.t(ae, IVIG + "severity", iri(IVIG + "Mild"))
    if w.rng.random() < 0.2:
        w.t(ae, IVIG + "frequency", iri(IVIG + "Rare"))
        w.t(ae, IVIG + "preventableBy", iri(w.rng.choice(w.measures)))
    _provenance(w, ae, f"Drug {unit} can cause sign {unit}.")


def _mechanism(w: Writer, unit: int, target: str) -> None:
    """A two-step mechanism: drug -> target -> another target."""
    moa = f"{SYN}mechanism/{unit}"
    w.t(moa, RDF_TYPE, iri(IVIG + "MechanismOfAction"))
    w.t(moa, IVIG + "drug", iri(w.drug))
    w.t(moa, IVIG + "certainty", iri(IVIG + w.rng.choice(CERTAINTIES)))
    w.t(w.drug, IVIG + "hasMechanism", iri(moa))
    for order in (1, 2):
        step = f"{moa}/step-{order}"
        subject = w.drug if order == 1 else target
        obj = target if order == 1 else w.rng.choice(w.targets)
        w.t(moa, IVIG + "hasStep", iri(step))
        w.t(step, RDF_TYPE, iri(IVIG + "MechanismStep"))
        w.t(step, IVIG + "stepOrder", integer(order))
        w.t(step, IVIG + "stepSubject", iri(subject))
        w.t(step, IVIG + "stepRelation", iri(IVIG + w.rng.choice(RELATIONS)))
        w.t(step, IVIG + "stepObject", iri(obj))
    _provenance(w, moa, f"Drug {unit} may act on target {unit}.")


def generate(path: Path, triples: int, seed: int = DEFAULT_SEED) -> int:
    """Write about `triples` N-Triples lines (at least the ~15,000 fixed ones); return the count.

    The same `triples` and `seed` always give the same file.
    """
    with path.open("w", encoding="utf-8") as out:
        w = Writer(out, random.Random(seed))
        _classes(w)
        _sources(w)
        _measures(w)
        unit = 0
        while w.count < triples:
            unit += 1
            disease, target = _entities(w, unit)
            _indications(w, unit, disease)
            _adverse_effect(w, unit)
            _mechanism(w, unit, target)
    return w.count


def write_merged(path: Path, other_nt: Path, triples: int, seed: int = DEFAULT_SEED) -> int:
    """Write the generated graph followed by the N-Triples file `other_nt`; return the count
    of generated lines (the file may hold a few duplicate triples, which a store keeps once)."""
    generated = generate(path, triples, seed)
    with path.open("ab") as out, other_nt.open("rb") as src:
        shutil.copyfileobj(src, out)
    return generated


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the N-Triples file to write")
    parser.add_argument("--triples", type=int, default=1_000_000, help="about how many triples")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the generator")
    args = parser.parse_args(argv)
    count = generate(args.out, args.triples, args.seed)
    print(f"wrote {count:,} triples to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
