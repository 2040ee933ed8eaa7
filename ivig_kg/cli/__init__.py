"""The `ivig-kg` command: one module per command group, thin over the library.

Only click is imported at start-up, so ``ivig-kg --help`` answers at once; each command imports
what it needs when it runs.
"""

from __future__ import annotations

import logging

import click

from ivig_kg import __version__
from ivig_kg.cli.build import build, lint
from ivig_kg.cli.export import export
from ivig_kg.cli.query import query, serve
from ivig_kg.cli.viz import viz


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from ivig_kg.release import packaged_release

    click.echo(f"ivig-kg {__version__}")
    click.echo(packaged_release().describe())
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Print the package and data versions and exit.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log progress details to stderr.")
def main(verbose: bool) -> None:
    """ivig-kg: a knowledge graph of intravenous immunoglobulin (IVIG).

    \b
    The package ships the built graph: query, serve, viz and export work anywhere.
    Outputs go under ./dist/ in the current folder unless --out says otherwise.

    \b
    Typical use:
      ivig-kg query --list               the competency questions shipped with the package
      ivig-kg query cq-01                run one by number or name
      ivig-kg serve                      SPARQL server on http://127.0.0.1:7878/
      ivig-kg viz                        interactive HTML network -> dist/ivig-kg-graph.html
      ivig-kg export --format kgx        files for other tools -> dist/
      ivig-kg build                      (in a checkout) validate data/ and rebuild the graph
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


for _command in (build, lint, query, serve, viz, export):
    main.add_command(_command)
