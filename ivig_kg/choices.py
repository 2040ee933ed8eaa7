"""Names that both the library and the command line offer, declared once and import-free.

The CLI builds its ``--help`` from these without importing the RDF stack; the library modules
import them too, so the two can never disagree.
"""

from __future__ import annotations

#: ``ivig-kg query --format``: ``table`` for reading, the others SPARQL 1.1 result formats.
QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml")
#: ``ivig-kg viz --view``: which statements the page draws.
VIEWS = ("all", "indications", "mechanisms", "adverse-effects")
#: ``ivig-kg export --format``: RDF serialisations and the files other tools load.
EXPORT_FORMATS = ("ttl", "nt", "jsonld", "graphml", "kgx", "sssom")
