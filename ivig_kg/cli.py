"""The `ivig-kg` command: thin commands over the library (heavy imports stay inside them)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from ivig_kg import paths

EXIT_DATA = 1  # bad curated data or a failed validation
EXIT_USAGE = 2  # bad query, unknown file, unreachable endpoint


def _fail(message: str, hint: str | None = None, code: int = EXIT_DATA) -> None:
    click.echo(f"error: {message}", err=True)
    if hint:
        click.echo(f"hint: {hint}", err=True)
    sys.exit(code)


#: Shared by every command that reads the curated records.
DATA_OPTION = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of curated records [default: the checkout's data/].",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ivig-kg")
@click.option("-v", "--verbose", is_flag=True, help="Log progress details to stderr.")
def main(verbose: bool) -> None:
    """ivig-kg: a knowledge graph of intravenous immunoglobulin (IVIG).

    \b
    Typical use:
      ivig-kg build                      validate data/ and write dist/ivig-kg.{ttl,nt,jsonld}
      ivig-kg query queries/cq-01-fda-approved-indications.rq
      ivig-kg serve                      SPARQL server on http://127.0.0.1:7878/
      ivig-kg viz                        interactive HTML network for teaching
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=paths.DIST_DIR,
    show_default=True,
    help="Folder to write the graph files to.",
)
@DATA_OPTION
def build(out_dir: Path, data_dir: Path) -> None:
    """Validate the curated records and write the complete graph.

    Loads data/, builds one graph (ontology + records + provenance + dataset metadata), checks it
    against ontology/shapes.ttl and queries/qc/*-violation.rq, and only then writes
    ivig-kg.ttl, ivig-kg.nt and ivig-kg.jsonld. On any problem nothing is written.
    """
    from ivig_kg.load import FIX_HINT, DataError
    from ivig_kg.pipeline import Inputs, NoDataFolder, ValidationFailed
    from ivig_kg.pipeline import build as run_build

    click.echo(f"Building the graph from {data_dir or 'data/'} ...", err=True)
    try:
        result = run_build(out_dir, Inputs(data_dir=data_dir), refresh_package=True)
    except NoDataFolder as exc:
        _fail(str(exc), "clone the repository and run `ivig-kg build` there, or pass --data DIR")
        return
    except DataError as exc:
        _fail(str(exc), FIX_HINT)
        return
    except ValidationFailed as exc:
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        _fail(
            f"the built graph failed {len(exc.problems)} check(s); nothing was written to {out_dir}",
            "fix the records named above, or the shapes/QC query if the check itself is wrong",
        )
        return
    click.echo(f"Graph: {len(result.graph)} triples; SHACL shapes and QC queries: all passed.")
    width = max(len(name) for name in result.class_counts)
    for name, count in result.class_counts.items():
        click.echo(f"  {name:<{width}}  {count:>4}")
    for path in result.written:
        click.echo(f"wrote {path}")


@main.command()
@click.option(
    "--fix", is_flag=True, help="Rewrite files into canonical form instead of only reporting."
)
@DATA_OPTION
def lint(fix: bool, data_dir: Path) -> None:
    """Check that data files are in canonical form: records sorted by id, data dictionary current."""
    from ivig_kg.datadict import check_readme
    from ivig_kg.lint import lint as run_lint

    data_dir = data_dir or paths.checkout_data_dir() or Path("data")
    changed = run_lint(data_dir, fix=fix)
    readme = data_dir / "README.md"
    if readme.exists() and not check_readme(readme, fix=fix):
        changed.append(readme)
    for path in changed:
        click.echo(f"{'rewrote' if fix else 'not canonical'}: {path}")
    if changed and not fix:
        _fail(f"{len(changed)} file(s) not in canonical form", "run `ivig-kg lint --fix`")
    if not changed:
        click.echo("all record files are in canonical form")


# Commands that live in their own modules register below (those modules import only click at
# module level, so `ivig-kg --help` stays instant).
from ivig_kg.cli_viz import viz  # noqa: E402

main.add_command(viz)

from ivig_kg.cli_query import query, serve  # noqa: E402

main.add_command(query)
main.add_command(serve)

if __name__ == "__main__":  # pragma: no cover
    main()
