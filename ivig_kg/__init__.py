"""ivig-kg: a knowledge graph of intravenous immunoglobulin (IVIG), with provenance.

Data flows one way: data/ + ontology/ -> :mod:`ivig_kg.load` -> :mod:`ivig_kg.build` ->
:mod:`ivig_kg.validate` -> :mod:`ivig_kg.export`; the built graph is then queried
(:mod:`ivig_kg.query`), drawn (:mod:`ivig_kg.network`, :mod:`ivig_kg.visualize`) and served
(:mod:`ivig_kg.serve`). Import submodules directly; this package imports nothing heavy.
"""

#: The one version of the package and of the dataset it ships (data/dataset.yaml must agree).
__version__ = "0.2.0"
