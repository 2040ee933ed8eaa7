"""Serve the graph over SPARQL 1.1: the `oxigraph` server behind a small HTTP gate.

    with running_server() as endpoint:          # a free port on 127.0.0.1, waits until ready
        run_query("ASK { ?s ?p ?o }", endpoint=endpoint)

:func:`start_server` loads the graph into a temporary folder with ``oxigraph load``, runs
``oxigraph serve-read-only`` on a private loopback port (:mod:`.engine`, :mod:`.process`), and
listens on the user's port itself (:mod:`.gate`, :mod:`.exchange`): it refuses requests for
other host names, cross-site queries and SERVICE (:mod:`.policy`), stops queries that run over
a time limit, bounds the engine's memory and restarts the engine when it stops. Writes get
HTTP 403 from the engine.
:meth:`Server.stop` ends it all and removes the folder (:mod:`.workdir`); so does a
SIGINT/SIGTERM/SIGHUP under :class:`StopOnSignals`, and a folder left by a killed server is
removed when the next one starts. See SECURITY.md and docs/decisions/0004-server-gate.md.
"""

from __future__ import annotations

from ivig_kg.serve.engine import EngineExit, ServerError
from ivig_kg.serve.process import (
    BROWSER_BLOCKED_PORTS,
    LOOPBACK,
    find_oxigraph,
    free_port,
    port_is_free,
)
from ivig_kg.serve.run import (
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    Server,
    StopOnSignals,
    parse_size,
    running_server,
    start_server,
)

__all__ = [
    "BROWSER_BLOCKED_PORTS",
    "DEFAULT_MEMORY_LIMIT",
    "DEFAULT_PORT",
    "DEFAULT_TIMEOUT",
    "LOOPBACK",
    "EngineExit",
    "Server",
    "ServerError",
    "StopOnSignals",
    "find_oxigraph",
    "free_port",
    "parse_size",
    "port_is_free",
    "running_server",
    "start_server",
]
