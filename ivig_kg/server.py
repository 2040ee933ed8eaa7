"""Serve the graph over SPARQL 1.1 with the `oxigraph` server (pip package `oxigraph`).

    with running_server() as endpoint:          # a free port on 127.0.0.1, waits until ready
        run_query("ASK { ?s ?p ?o }", endpoint=endpoint)

:func:`start_server` loads the graph into a temporary folder with ``oxigraph load``, runs
``oxigraph serve-read-only`` on it and returns a :class:`Server`; :meth:`Server.stop` ends the
process and removes the folder. The server is read-only (writes get HTTP 403) and has no
authentication, so it listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ivig_kg import paths

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

DEFAULT_PORT = 7878
LOOPBACK = "127.0.0.1"


class ServerError(Exception):
    """The server could not be started (missing executable, port in use, bad graph file)."""


def find_oxigraph() -> str | None:
    """Return the `oxigraph` executable installed next to this Python, or the one on PATH."""
    here = Path(sys.executable).parent
    for folder in (here, Path(os.path.realpath(sys.executable)).parent):
        for name in ("oxigraph", "oxigraph.exe"):
            candidate = folder / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    return shutil.which("oxigraph")


def free_port(host: str = LOOPBACK) -> int:
    """Return a TCP port that is free on host right now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_is_free(host: str, port: int) -> bool:
    """True if nothing listens on host:port (a port left in TIME_WAIT counts as free)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _url_host(host: str) -> str:
    if host in {"0.0.0.0", ""}:
        return LOOPBACK
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """On Linux, have the kernel stop the server if the Python process dies without cleaning up."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@dataclass
class Server:
    """A running `oxigraph serve-read-only` process and its temporary store folder."""

    process: subprocess.Popen[bytes]
    host: str
    port: int
    workdir: Path
    triples: int = 0
    _stopped: bool = field(default=False, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://{_url_host(self.host)}:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 query endpoint."""
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str:
        """The update endpoint (answers 403: the server is read-only)."""
        return f"{self.base_url}/update"

    @property
    def page_url(self) -> str:
        """The browser query page (YASGUI, served by oxigraph, works offline)."""
        return f"{self.base_url}/"

    def wait(self) -> int:
        """Block until the server process ends; return its exit status."""
        return self.process.wait()

    def stop(self, timeout: float = 5.0) -> None:
        """Terminate the server (kill it after `timeout` s) and remove its folder; idempotent."""
        if self._stopped:
            return
        self._stopped = True
        atexit.unregister(self.stop)
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _write_graph(graph: Graph | str | Path | None, workdir: Path) -> Path:
    """Return a file oxigraph can load: the given file, or the graph written as N-Triples."""
    if isinstance(graph, (str, Path)):
        path = Path(graph).resolve()
        if path.suffix.lower() not in {".ttl", ".nt", ".nq", ".trig", ".rdf", ".jsonld"}:
            raise ServerError(f"{path}: unknown graph format; use .ttl or .nt")
        return path
    if graph is None:
        return paths.PACKAGED_GRAPH
    path = workdir / "graph.nt"
    path.write_bytes(graph.serialize(format="nt", encoding="utf-8"))
    return path


def _ask(url: str, query: str, timeout: float) -> dict[str, object]:
    request = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        data: dict[str, object] = json.loads(response.read())
        return data


def _log_tail(log: Path) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return " ".join(text.split())[-400:]


def _launch(
    exe: str, store: Path, host: str, port: int, log: Path, startup_timeout: float
) -> subprocess.Popen[bytes]:
    """Start serve-read-only and wait until it answers; raise ServerError if it does not."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [exe, "serve-read-only", "--location", str(store), "--bind", f"{host}:{port}"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
        )
    url = f"http://{_url_host(host)}:{port}/query"
    deadline = time.monotonic() + startup_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(
                f"oxigraph stopped at start (exit status {process.returncode}): {_log_tail(log)}"
            )
        try:
            _ask(url, "ASK {}", timeout=1.0)
        except OSError:
            time.sleep(0.05)
            continue
        time.sleep(0.05)
        if process.poll() is None:  # the answer came from our process, not from an older one
            return process
    process.kill()
    process.wait()
    raise ServerError(
        f"oxigraph did not answer on {url} within {startup_timeout:g} s: {_log_tail(log)}"
    )


def start_server(
    port: int | None = DEFAULT_PORT,
    *,
    host: str = LOOPBACK,
    graph: Graph | str | Path | None = None,
    startup_timeout: float = 20.0,
) -> Server:
    """Load the graph into a temporary store and start a read-only SPARQL server on it.

    port:  None picks a free port. graph: None builds it from data/; or a .ttl/.nt file; or an
    rdflib Graph. Returns once the server answers queries; call :meth:`Server.stop` when done.
    """
    exe = find_oxigraph()
    if exe is None:
        raise ServerError(
            "the `oxigraph` executable was not found; install it with `pip install oxigraph`"
        )
    workdir = Path(tempfile.mkdtemp(prefix="ivig-kg-serve-"))
    try:
        source = _write_graph(graph, workdir)
        store = workdir / "store"
        loaded = subprocess.run(
            [exe, "load", "--location", str(store), "--file", str(source)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if loaded.returncode != 0:
            detail = " ".join((loaded.stderr or loaded.stdout).split())[-400:]
            raise ServerError(f"oxigraph could not load {source.name}: {detail}")
        if port is not None and not port_is_free(host, port):
            raise ServerError(
                f"port {port} is already in use on {host}; choose another with --port"
            )
        attempts = 3 if port is None else 1
        for attempt in range(attempts):  # a free port can be taken before oxigraph binds it
            chosen = (
                free_port(host if host not in {"0.0.0.0", ""} else LOOPBACK)
                if port is None
                else port
            )
            try:
                process = _launch(exe, store, host, chosen, workdir / "server.log", startup_timeout)
                break
            except ServerError:
                if attempt + 1 == attempts:
                    raise
        server = Server(process, host, chosen, workdir)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    atexit.register(server.stop)
    try:
        answer = _ask(server.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=30.0)
        server.triples = int(answer["results"]["bindings"][0]["n"]["value"])  # type: ignore[index]
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        server.triples = -1
    return server


@contextlib.contextmanager
def running_server(
    port: int | None = None, *, graph: Graph | str | Path | None = None, host: str = LOOPBACK
) -> Iterator[str]:
    """Run a read-only server for the duration of a `with` block; yield its /query URL.

    port None (the default) picks a free port; the server is stopped and its folder removed
    on exit, also when the block raises.
    """
    server = start_server(port, host=host, graph=graph)
    try:
        yield server.query_url
    finally:
        server.stop()
