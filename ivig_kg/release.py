"""The release the package carries: version, dates and licence, read from the packaged graph."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ivig_kg import paths

_QUERY = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX void: <http://rdfs.org/ns/void#>
SELECT ?version ?issued ?modified ?license WHERE {
  ?dataset a void:Dataset ; owl:versionInfo ?version .
  OPTIONAL { ?dataset dcterms:issued ?issued }
  OPTIONAL { ?dataset dcterms:modified ?modified }
  OPTIONAL { ?dataset dcterms:license ?license }
}
"""


@dataclass(frozen=True)
class Release:
    """Version metadata of a built graph."""

    version: str
    issued: str | None
    modified: str | None
    license: str | None

    def describe(self) -> str:
        """Return one line for ``ivig-kg --version``."""
        parts = [f"data {self.version}"]
        if self.modified or self.issued:
            parts.append(f"modified {self.modified or self.issued}")
        if self.license:
            parts.append(f"licence {self.license}")
        return ", ".join(parts)


def packaged_release(path: Path | None = None) -> Release:
    """Read the dataset's version, dates and licence from a built graph (default: packaged)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(path or paths.PACKAGED_GRAPH), format=ox.RdfFormat.N_TRIPLES)
    for row in store.query(_QUERY):  # type: ignore[union-attr]
        values = [None if term is None else term.value for term in row]
        return Release(str(values[0]), values[1], values[2], values[3])
    raise LookupError("the graph states no dataset version")
