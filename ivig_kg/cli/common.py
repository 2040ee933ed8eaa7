"""What every command shares: exit codes, the error format, and the common options."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

#: Exit codes, for every command.
EXIT_OK = 0
EXIT_DATA = 1  # bad curated data, a failed validation, an output that cannot be written
EXIT_USAGE = 2  # bad query, unknown file, unreachable endpoint, refused update

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, hint: str | None = None, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``error: message`` (and ``hint: ...``) to stderr and exit with code."""
    click.echo(f"error: {message}", err=True)
    if hint:
        click.echo(f"hint: {hint}", err=True)
    sys.exit(code)


def fail_data(error: Exception) -> NoReturn:
    """Report a problem in the curated records (a DataError) the same way in every command."""
    from ivig_kg.load import FIX_HINT

    fail(str(error), FIX_HINT, EXIT_DATA)


def fail_write(path: Path, error: OSError) -> NoReturn:
    """Report an output that cannot be written (read-only folder, a file in the way, ...)."""
    from ivig_kg.outputs import OutputFolderBusy

    if isinstance(error, OutputFolderBusy):
        fail(
            f"cannot write {path}: {error}",
            "wait for the other ivig-kg process to finish, or write elsewhere with --out "
            "(IVIG_KG_LOCK_TIMEOUT sets how many seconds to wait)",
            EXIT_DATA,
        )
    reason = error.strerror or str(error)
    fail(
        f"cannot write {path}: {reason}",
        "choose a writable folder with --out, or fix the permissions of this one",
        EXIT_DATA,
    )


def plural(count: int, word: str) -> str:
    """Return "1 edge", "2 edges": the count with the word in the right number."""
    return f"{count} {word}{'' if count == 1 else 's'}"


#: Curated records, for the commands that read them (build, lint).
data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of curated records  [default: the checkout's data/].",
)


def graph_option(help_text: str) -> Callable[[F], F]:
    """--graph FILE: a built graph file instead of the graph the package ships."""
    return click.option(
        "--graph",
        "graph_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help=help_text,
    )


def timeout_option(minimum: float, help_text: str) -> Callable[[F], F]:
    """--timeout SECONDS (default 30), for the query client and for the server."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=minimum),
        default=30.0,
        show_default=True,
        help=help_text,
    )


def allow_service_option(help_text: str) -> Callable[[F], F]:
    """--allow-service: the opt-in to SERVICE, which makes the engine fetch the URLs named."""
    return click.option("--allow-service", is_flag=True, help=help_text)


def out_option(default: Path, what: str, *, file: bool = False) -> Callable[[F], F]:
    """--out: where a command writes (the one rule: under ./dist/ unless --out says otherwise)."""
    return click.option(
        "--out",
        "out",
        type=click.Path(file_okay=file, dir_okay=not file, path_type=Path),
        default=default,
        show_default=True,
        help=f"{what} Outputs go under ./dist/ in the current folder unless --out says otherwise.",
    )
