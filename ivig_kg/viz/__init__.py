"""The interactive network page: networkx graph -> pyvis network -> one offline HTML file.

* `ivig_kg.viz.style`      colours, shapes, line styles and vis-network options
* `ivig_kg.viz.tooltips`   tooltip HTML from escaped data text
* `ivig_kg.viz.layout`     fixed positions, computed in Python
* `ivig_kg.viz.draw`       the pyvis Network
* `ivig_kg.viz.page`       the page: our Jinja template rendered by pyvis, with its CSP
* `ivig_kg.viz.screenshot` a PNG of the page drawn by headless Chromium
* ``assets/``              the template (``page.html.jinja``), stylesheet and script, package data

`ivig_kg.visualize` gathers the public names in one place.
"""
