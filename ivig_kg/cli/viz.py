"""`ivig-kg viz`: write the interactive network as one offline HTML page."""

from __future__ import annotations

from pathlib import Path

import click

from ivig_kg.choices import VIEWS
from ivig_kg.cli.common import fail, fail_write, graph_option, out_option, plural


@click.command()
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default="all",
    show_default=True,
    help="Which statements to draw.",
)
@click.option(
    "--source",
    type=click.Choice(("article", "labeling", "both")),
    default="article",
    show_default=True,
    help="Which source the page opens on: the article, the US labels of IVIG products, or both "
    "with their differences marked (the page's Source menu switches).",
)
@click.option(
    "--focus",
    "focus_node",
    metavar="NODE",
    help='Keep only what is stated about NODE: an id (kawasaki-disease) or a label ("Kawasaki disease").',
)
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="With --focus: how many steps away from NODE to go.",
)
@out_option(Path("dist/ivig-kg-graph.html"), "HTML file to write (replaced atomically).", file=True)
@click.option("--title", default=None, help="Title shown on the page.")
@click.option(
    "--screenshot",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also save a PNG of the page as drawn by Chromium (1280x800), e.g. "
    "docs/ivig-kg-graph.png. Needs chromium and the playwright package.",
)
@click.option(
    "--present",
    is_flag=True,
    help="Open the page in presentation mode: no side panel, labels large enough for a "
    "projector (the page's Present button does the same).",
)
@graph_option("Draw this graph file (e.g. dist/ivig-kg.nt) instead of the packaged graph.")
def viz(
    view: str,
    source: str,
    focus_node: str | None,
    depth: int,
    out: Path,
    title: str | None,
    screenshot: Path | None,
    present: bool,
    graph_file: Path | None,
) -> None:
    """Write an interactive, offline HTML network of IVIG for teaching.

    \b
    Open the file in any browser, no internet needed. Colours and shapes show what kind of
    thing each node is; hover over or click a node or a line to read the statement in plain
    words with the article section and reference it comes from. Search, filter by kind,
    switch topic or focus on one node in the page itself.

    \b
    Examples:
      ivig-kg viz                                  everything -> dist/ivig-kg-graph.html
      ivig-kg viz --view adverse-effects --out ae.html
      ivig-kg viz --focus "Kawasaki disease"
      ivig-kg viz --source both                    the article and the US labels, compared
      ivig-kg viz --present                        for a projector; scenes: ...html#scene=kawasaki
      ivig-kg viz --screenshot docs/ivig-kg-graph.png
    """
    if depth != 1 and not focus_node:
        raise click.UsageError("--depth only applies with --focus NODE")
    from ivig_kg.network import focus, to_networkx
    from ivig_kg.pipeline import read_graph
    from ivig_kg.visualize import DEFAULT_TITLE, write_html

    # every source is drawn, so that the page's Source menu can switch; --source picks the first
    network = to_networkx(read_graph(graph_file), view=view, source="both")
    if focus_node:
        try:
            network = focus(network, focus_node, depth)
        except KeyError as exc:
            fail(exc.args[0], "give a node id such as kawasaki-disease, or its label in quotes")
    try:
        path = write_html(
            network, out, title=title or DEFAULT_TITLE, present=present, source=source
        )
    except OSError as exc:
        fail_write(out, exc)
    size_kb = path.stat().st_size / 1024
    nodes = plural(network.number_of_nodes(), "node")
    edges = plural(network.number_of_edges(), "edge")
    click.echo(f"wrote {path} ({nodes}, {edges}, {size_kb:.0f} KB)")
    click.echo(f"open it in a browser, e.g. file://{path.resolve()}")
    if screenshot:
        from ivig_kg.visualize import BrowserMissing, screenshot_page

        try:
            settle_ms = screenshot_page(path, screenshot)
        except BrowserMissing as exc:
            fail(str(exc))
        click.echo(f"wrote {screenshot} (layout settled in {settle_ms} ms)")
