"""Serve the graph over SPARQL 1.1; the code lives in :mod:`ivig_kg.serve`, this name stays."""

from __future__ import annotations

from ivig_kg.serve import (
    BROWSER_BLOCKED_PORTS,
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    LOOPBACK,
    EngineExit,
    Server,
    ServerError,
    StopOnSignals,
    find_oxigraph,
    free_port,
    parse_size,
    port_is_free,
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
