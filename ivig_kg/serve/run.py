"""Start and stop a server: a temporary store, the engine behind it, and the gate in front."""

from __future__ import annotations

import atexit
import contextlib
import errno
import http.client
import json
import re
import signal
import subprocess
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING

from ivig_kg import paths
from ivig_kg.serve.engine import Engine, EngineExit, ServerError
from ivig_kg.serve.gate import Gate
from ivig_kg.serve.policy import url_host
from ivig_kg.serve.process import LOOPBACK, find_oxigraph
from ivig_kg.serve.workdir import Workdir

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

DEFAULT_PORT = 7878
#: Seconds a query may take, from the gate's receiving it to the end of its answer.
DEFAULT_TIMEOUT = 30.0
#: The engine's data memory (heap and stacks), in bytes.
DEFAULT_MEMORY_LIMIT = 2 * 2**30
_SIZE = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([kmgt]?)(i?)(b?)", re.ASCII | re.IGNORECASE)


def parse_size(text: str) -> int | None:
    """Read a memory size: "2GiB", "512M" (binary), "500MB" (decimal), bytes; "0"/"none": None."""
    text = text.strip()
    if text.lower() in {"0", "none", "unlimited"}:
        return None
    found = _SIZE.fullmatch(text)
    if found is None:
        raise ValueError(f"not a size: {text!r} (write e.g. 2GiB, 512M or 1000000000)")
    number, unit, binary, byte = found.groups()
    if binary and not unit:
        raise ValueError(f"not a size: {text!r} (write e.g. 2GiB, 512M or 1000000000)")
    base = 1000 if unit and byte and not binary else 1024  # only "MB", "GB"... are decimal
    return int(float(number) * base ** " kmgt".index(unit.lower() or " "))


class Server:
    """A running server: the gate on host:port, the engine behind it, and their folder."""

    def __init__(self, gate: Gate, engine: Engine, workdir: Workdir, host: str) -> None:
        self._gate = gate
        self._engine = engine
        self._workdir = workdir
        self.host = host
        self.port = gate.port
        self.workdir = workdir.path
        self.time_limit = gate.time_limit
        self.memory_limit = engine.memory_limit
        self.allow_service = gate.policy.allow_service
        self.triples = 0
        self._stopped = False

    @property
    def base_url(self) -> str:
        return f"http://{url_host(self.host)}:{self.port}"

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

    @property
    def process(self) -> subprocess.Popen[bytes]:
        """The engine's current (after stop: last) `oxigraph` process."""
        process = self._engine.process
        assert process is not None
        return process

    @property
    def engine_url(self) -> str:
        """The engine's own query endpoint, behind the gate (for measurements and tests)."""
        return f"http://{LOOPBACK}:{self._engine.port}/query"

    @property
    def engine_exits(self) -> list[EngineExit]:
        """How the engine processes that have ended so far ended, oldest first."""
        return list(self._engine.exits)

    def wait(self) -> str:
        """Block until the server can no longer answer (the engine cannot be restarted, or
        :meth:`stop` was called); return why."""
        while True:
            failure = self._engine.wait(timeout=0.5)  # short waits keep signals deliverable
            if failure is not None or self._stopped:
                return failure or "stopped"

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the gate and the engine and remove the folder; idempotent."""
        if self._stopped:
            return
        self._stopped = True
        atexit.unregister(self.stop)
        try:
            self._gate.close()
            self._engine.stop(timeout)
        finally:
            self._workdir.remove()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _graph_file(graph: Graph | str | Path | None, workdir: Path) -> Path:
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


def _load(exe: str, source: Path, store: Path) -> None:
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


def _bind(host: str, port: int | None, time_limit: float, allow_service: bool) -> Gate:
    try:
        return Gate(host, port or 0, time_limit=time_limit, allow_service=allow_service)
    except OSError as exc:
        if port:
            raise ServerError(
                f"port {port} is already in use on {host}; choose another with --port"
                if exc.errno == errno.EADDRINUSE
                else f"cannot listen on {host}:{port}: {exc.strerror or exc}"
            ) from None
        raise ServerError(f"cannot listen on {host}: {exc.strerror or exc}") from None


def _count_triples(port: int) -> int:
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    try:
        connection.request(
            "GET", f"/query?query={query}", headers={"Accept": "application/sparql-results+json"}
        )
        answer = json.loads(connection.getresponse().read())
        return int(answer["results"]["bindings"][0]["n"]["value"])
    except (OSError, ValueError, KeyError, IndexError, TypeError, http.client.HTTPException):
        return -1
    finally:
        connection.close()


def start_server(
    port: int | None = DEFAULT_PORT,
    *,
    host: str = LOOPBACK,
    graph: Graph | str | Path | None = None,
    startup_timeout: float = 20.0,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
    allow_service: bool = False,
) -> Server:
    """Load the graph into a temporary store and serve it read-only over SPARQL 1.1.

    port: None picks a free port. graph: None serves the packaged graph; or a .ttl/.nt file;
    or an rdflib Graph. timeout: seconds per query, enforced by the gate (the engine is
    restarted after a query that runs over it). memory_limit: bytes of data memory for the
    engine (None: no limit). allow_service: let queries use SERVICE. Returns once the server
    answers; call :meth:`Server.stop` when done. Everything it created is removed again if
    starting fails or is interrupted.
    """
    exe = find_oxigraph()
    if exe is None:
        raise ServerError(
            "the `oxigraph` executable was not found; install it with `pip install oxigraph`"
        )
    workdir = Workdir()  # named now, created inside the try: an interrupt cannot orphan it
    gate: Gate | None = None
    engine: Engine | None = None
    try:
        folder = workdir.create()
        gate = _bind(host, port, timeout, allow_service)
        store = folder / "store"
        _load(exe, _graph_file(graph, folder), store)
        engine = Engine(
            exe,
            store,
            folder / "engine.log",
            memory_limit=memory_limit,
            startup_timeout=startup_timeout,
        )
        engine.start()
        gate.start(engine)
        server = Server(gate, engine, workdir, host)
        server.triples = _count_triples(engine.port)
    except BaseException:
        if gate is not None:
            gate.close()
        if engine is not None:
            engine.stop()
        workdir.remove()
        raise
    atexit.register(server.stop)
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


class StopOnSignals:
    """Turn SIGINT, SIGTERM and SIGHUP into one KeyboardInterrupt, for a command's main thread.

    Only the first signal interrupts; later ones, and any once :meth:`cleaning_up` was called,
    are ignored, so that a second Ctrl-C cannot break off the removal of the temporary store.
    Enter it before creating anything that must be cleaned up.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

    def __init__(self) -> None:
        self.received: int | None = None
        self._quiet = False
        self._previous: dict[int, object] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._quiet:
            return
        self._quiet = True
        self.received = signum
        raise KeyboardInterrupt

    def cleaning_up(self) -> None:
        """From now on, ignore these signals."""
        self._quiet = True

    def __enter__(self) -> StopOnSignals:
        for number in self.SIGNALS:
            self._previous[number] = signal.signal(number, self._handle)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for number, previous in self._previous.items():
            signal.signal(number, previous)  # type: ignore[arg-type]
