"""`ivig-kg viz`: write the interactive network as one offline HTML page (imports only click here)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

VIEW_CHOICES = ("all", "indications", "mechanisms", "adverse-effects")


@click.command()
@click.option("--view", type=click.Choice(VIEW_CHOICES), default="all", show_default=True,
              help="Which statements to draw.")
@click.option("--focus", "focus_node", metavar="NODE",
              help="Keep only what is stated about NODE: an id (kawasaki-disease) or a label "
                   "(\"Kawasaki disease\").")
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True,
              help="With --focus: how many steps away from NODE to go.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("ivig-kg-graph.html"), show_default=True,
              help="HTML file to write (replaced atomically).")
@click.option("--title", default=None, help="Title shown on the page.")
@click.option("--screenshot", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also save a PNG of the page as drawn by Chromium (1280x800), e.g. "
                   "docs/ivig-kg-graph.png. Needs chromium and the playwright package.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of curated records (default: the repository's data/).")
def viz(view: str, focus_node: str | None, depth: int, out_file: Path, title: str | None,
        screenshot: Path | None, data_dir: Path | None) -> None:
    """Write an interactive, offline HTML network of IVIG for teaching.

    \b
    Open the file in any browser, no internet needed. Colours and shapes show what kind of
    thing each node is; hover over or click a node or a line to read the statement in plain
    words with the article section and reference it comes from. Search, filter by kind,
    switch topic or focus on one node in the page itself.

    \b
    Examples:
      ivig-kg viz                                  everything -> ./ivig-kg-graph.html
      ivig-kg viz --view adverse-effects --out ae.html
      ivig-kg viz --focus "Kawasaki disease"
      ivig-kg viz --out dist/ivig-kg-graph.html --screenshot docs/ivig-kg-graph.png
    """
    if depth != 1 and not focus_node:
        raise click.UsageError("--depth only applies with --focus NODE")
    from ivig_kg.load import FIX_HINT, DataError
    from ivig_kg.network import focus, to_networkx
    from ivig_kg.pipeline import Inputs, load_graph
    from ivig_kg.visualize import DEFAULT_TITLE, write_html

    try:
        graph = load_graph(Inputs(data_dir=data_dir) if data_dir else Inputs())
    except DataError as exc:
        click.echo(f"error: {exc}", err=True)
        click.echo(f"hint: {FIX_HINT}", err=True)
        sys.exit(1)
    network = to_networkx(graph, view=view)
    if focus_node:
        try:
            network = focus(network, focus_node, depth)
        except KeyError as exc:
            click.echo(f"error: {exc.args[0]}", err=True)
            click.echo("hint: give a node id such as kawasaki-disease, or its label in quotes",
                       err=True)
            sys.exit(2)
    path = write_html(network, out_file, title=title or DEFAULT_TITLE)
    size_kb = path.stat().st_size / 1024
    click.echo(f"wrote {path} ({network.number_of_nodes()} nodes, "
               f"{network.number_of_edges()} edges, {size_kb:.0f} KB)")
    click.echo(f"open it in a browser, e.g. file://{path.resolve()}")
    if screenshot:
        from ivig_kg.visualize import BrowserMissing, screenshot_page

        try:
            settle_ms = screenshot_page(path, screenshot)
        except BrowserMissing as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        click.echo(f"wrote {screenshot} (layout settled in {settle_ms} ms)")
