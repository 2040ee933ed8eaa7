"""The engine's process: finding the executable, choosing its port, limiting its memory.

The private port is taken from the ports every browser refuses to connect to (the Fetch
standard's "bad ports"), so that a web page cannot reach the engine around the gate.
"""

from __future__ import annotations

import http.client
import os
import resource
import shutil
import signal
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

LOOPBACK = "127.0.0.1"
#: Ports above 1023 that browsers refuse to fetch from (https://fetch.spec.whatwg.org/#bad-port).
BROWSER_BLOCKED_PORTS = (
    10080, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 4190, 3659, 4045,
    1719, 1720, 1723, 6566, 5060, 5061, 2049, 6000,
)  # fmt: skip


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


def engine_ports(avoid: int | None) -> Iterator[int]:
    """Yield ports to try: free browser-blocked ones first, then any free port."""
    for port in BROWSER_BLOCKED_PORTS:
        if port != avoid and port_is_free(LOOPBACK, port):
            yield port
    while True:
        yield free_port()


def _load_prctl() -> object | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


# Looked up in the parent: the child runs only already-loaded code between fork and exec.
_PRCTL = _load_prctl()
_PR_SET_PDEATHSIG = 1


class ChildSetup:
    """Runs in the engine's process before exec: the memory limit and the parent-death signal."""

    def __init__(self, memory_limit: int | None) -> None:
        self.memory_limit = memory_limit
        self.parent = os.getpid()

    def __call__(self) -> None:  # pragma: no cover - runs in the child
        if self.memory_limit:
            # RLIMIT_DATA counts the heap and other private writable memory, which is what a
            # runaway query grows. RLIMIT_AS would also count the ~400 MB of address space the
            # engine reserves at rest (per-thread malloc arenas), and kill it for nothing.
            resource.setrlimit(resource.RLIMIT_DATA, (self.memory_limit, self.memory_limit))
        if _PRCTL is not None:
            _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL)  # type: ignore[operator]
            if os.getppid() != self.parent:  # the parent died before the line above
                os._exit(1)


def answers(port: int, timeout: float) -> bool:
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request("GET", "/query?query=ASK%7B%7D", headers={"Accept": "*/*"})
        response = connection.getresponse()
        response.read()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def how_it_ended(status: int) -> str:
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"
