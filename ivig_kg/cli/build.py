"""`ivig-kg build` and `ivig-kg lint`: the curators' commands, run in a checkout."""

from __future__ import annotations

from pathlib import Path

import click

from ivig_kg.cli.common import EXIT_DATA, data_option, fail, fail_data, fail_write, out_option

_NO_DATA_HINT = "clone the repository and run `ivig-kg build` there, or pass --data DIR"


@click.command()
@out_option(Path("dist"), "Folder to write ivig-kg.{ttl,nt,jsonld} to.")
@data_option
def build(out: Path, data_dir: Path | None) -> None:
    """Validate the curated records and write the complete graph.

    \b
    Loads data/, builds one graph (ontology + records + provenance + dataset metadata), checks
    it against the SHACL shapes and the QC queries, and only then writes ivig-kg.ttl,
    ivig-kg.nt and ivig-kg.jsonld. On any problem nothing is written. Building the checkout's
    own data/ also refreshes the graph the package ships (ivig_kg/graph/ivig-kg.nt).
    """
    from ivig_kg.load import DataError
    from ivig_kg.pipeline import Inputs, NoDataFolder, ValidationFailed
    from ivig_kg.pipeline import build as run_build

    click.echo(f"Building the graph from {data_dir or 'data/'} ...", err=True)
    try:
        result = run_build(out, Inputs(data_dir=data_dir), refresh_package=True)
    except NoDataFolder as exc:
        fail(str(exc), _NO_DATA_HINT, EXIT_DATA)
    except DataError as exc:
        fail_data(exc)
    except ValidationFailed as exc:
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        fail(
            f"the built graph failed {len(exc.problems)} check(s); nothing was written to {out}",
            "fix the records named above, or the shapes/QC query if the check itself is wrong",
            EXIT_DATA,
        )
    except OSError as exc:
        fail_write(Path(exc.filename or out), exc)
    click.echo(f"Graph: {len(result.graph)} triples; SHACL shapes and QC queries: all passed.")
    width = max(len(name) for name in result.class_counts)
    for name, count in result.class_counts.items():
        click.echo(f"  {name:<{width}}  {count:>4}")
    for path in result.written:
        click.echo(f"wrote {path}")


@click.command()
@click.option(
    "--fix", is_flag=True, help="Rewrite files into canonical form instead of only reporting."
)
@data_option
def lint(fix: bool, data_dir: Path | None) -> None:
    """Check that data files are in canonical form and generated docs are current.

    \b
    Records sorted by id, the data dictionary in data/README.md and, in a checkout, the
    vocabulary reference docs/vocabulary.md. --fix rewrites what is out of date.
    """
    from ivig_kg import paths
    from ivig_kg.datadict import check_readme
    from ivig_kg.lint import lint_data

    data_dir = data_dir or paths.checkout_data_dir()
    if data_dir is None:
        fail("lint needs the curated records of a checkout", _NO_DATA_HINT, EXIT_DATA)
    report = lint_data(data_dir, fix=fix)
    changed = list(report.changed)
    readme = data_dir / "README.md"
    if readme.exists() and not check_readme(readme, fix=fix):
        changed.append(readme)
    root = paths.checkout_root()
    if not report.problems and root is not None and data_dir.resolve() == (root / "data").resolve():
        from ivig_kg.vocabulary import check_vocabulary

        page = root / "docs" / "vocabulary.md"
        if not check_vocabulary(page, fix=fix):
            changed.append(page)
    for path in changed:
        click.echo(f"{'rewrote' if fix else 'not canonical'}: {path}")
    for _path, problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    if report.problems:
        fail(
            f"{len(report.problems)} data file(s) cannot be read; lint rewrote none of them",
            "fix the place named above (see data/README.md), then run `ivig-kg lint` again",
            EXIT_DATA,
        )
    if changed and not fix:
        fail(f"{len(changed)} file(s) not in canonical form", "run `ivig-kg lint --fix`", EXIT_DATA)
    if not changed:
        click.echo("all record files are in canonical form")
