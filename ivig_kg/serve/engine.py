"""The `oxigraph serve-read-only` process behind the gate: started, watched, and restarted.

One supervisor thread owns the process for the life of the server. It launches the engine on a
private loopback port with a memory limit, waits for it to end, records why it ended and how
much memory it had used, and launches it again on the same store. Request threads never start
processes; they lease the current engine, and ask the supervisor's process to be killed when a
query runs over its time limit. (The kernel's parent-death signal is tied to the thread that
started the child, so a process started from a short-lived request thread would be killed when
that thread ends.)

Oxigraph's own ``--timeout-s`` is not passed: it starts one thread per query that sleeps for the
whole timeout, so under load the engine holds thousands of threads (measured: 4,000 threads and
8 GB of address space after 4,000 quick queries with ``--timeout-s 32``), and under a memory
limit it answers 500 "Resource temporarily unavailable". The gate's limit does the job.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ivig_kg.serve.process import (
    LOOPBACK,
    ChildSetup,
    answers,
    engine_ports,
    how_it_ended,
)

log = logging.getLogger(__name__)

_START_ATTEMPTS = 3  # consecutive failed launches before the supervisor gives up
# A request younger than this when the engine stopped did not cause it (it may have been sent
# between the engine's end and the supervisor's noticing it).
_BLAME_AFTER = 0.1


class ServerError(Exception):
    """The server could not be started (missing executable, port in use, bad graph file)."""


class EngineUnavailable(Exception):
    """No engine could take the request before its deadline (restarting, failed or stopped)."""


@dataclass(frozen=True)
class Lease:
    """The engine a request was sent to (its generation: one per launch), and when."""

    generation: int
    port: int
    number: int  #: unique per lease
    since: float  #: time.monotonic() when the request was sent


@dataclass(frozen=True)
class EngineExit:
    """How one engine process ended."""

    pid: int
    how: str  #: e.g. "killed by SIGABRT", "exit status 1"
    reason: str | None  #: why the gate stopped it, if it did
    peak_rss: int  #: the most memory it held, in bytes (from the kernel's rusage)
    detail: str  #: the end of what it printed

    def describe(self) -> str:
        """One line: why or how it ended, and its peak memory."""
        parts = [self.reason or self.how]
        if self.detail and not self.reason:
            parts.append(self.detail)
        parts.append(f"peak memory {self.peak_rss / 2**20:.0f} MiB")
        return "; ".join(parts)


class Engine:
    """A supervised `oxigraph serve-read-only` on a store, restarted whenever it stops."""

    def __init__(
        self,
        exe: str,
        store: Path,
        log_path: Path,
        *,
        memory_limit: int | None,
        startup_timeout: float = 20.0,
    ) -> None:
        self.exe = exe
        self.store = store
        self.log_path = log_path
        self.memory_limit = memory_limit
        self.startup_timeout = startup_timeout
        self.exits: list[EngineExit] = []  #: the most recent ends, oldest first
        self.restarts = 0
        self.failure: str | None = None  #: why the supervisor gave up, if it did
        self._cond = threading.Condition()
        self._process: subprocess.Popen[bytes] | None = None
        self._port = 0
        self._generation = 0
        self._ready = False
        self._stopping = False
        self._kill_reason: str | None = None
        self._log_offset = 0
        self._numbers = itertools.count(1)
        self._in_flight: set[Lease] = set()
        self._blamed = 0
        self._thread = threading.Thread(target=self._supervise, name="ivig-kg-engine", daemon=True)

    # ------------------------------------------------------------------ for the gate and tests

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        """The current (or last) engine process."""
        return self._process

    @property
    def port(self) -> int:
        return self._port

    def start(self) -> None:
        """Start the supervisor and wait for the first engine to answer; raise ServerError."""
        self._thread.start()
        with self._cond:
            while not self._ready and self.failure is None:
                self._cond.wait(0.2)
            if self.failure is not None:
                raise ServerError(self.failure)

    def lease(self, deadline: float) -> Lease:
        """Return the engine to send a request to, waiting for a restart until deadline."""
        with self._cond:
            while not self._ready:
                if self._stopping or self.failure is not None:
                    raise EngineUnavailable(self.failure or "the server is stopping")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise EngineUnavailable("the engine is restarting; send the query again")
                self._cond.wait(remaining)
            lease = Lease(self._generation, self._port, next(self._numbers), time.monotonic())
            self._in_flight.add(lease)
            return lease

    def release(self, lease: Lease) -> None:
        """The request is done with the engine (answered, failed or given up)."""
        with self._cond:
            self._in_flight.discard(lease)

    def blamed(self, lease: Lease) -> bool:
        """True if the engine stopped by itself while this was its oldest request.

        An engine that runs out of memory takes every request in flight down with it. The one
        that had run longest (over 0.1 s) is the likeliest cause: it gets the error, the others
        are sent again.
        """
        with self._cond:
            return lease.number == self._blamed

    def kill(self, lease: Lease, reason: str) -> None:
        """Kill the engine a request was sent to, if it still runs; the supervisor restarts it."""
        with self._cond:
            process = self._process
            if lease.generation != self._generation or process is None or not self._ready:
                return
            if self._kill_reason is None:
                self._kill_reason = reason
            with contextlib.suppress(ProcessLookupError):
                process.kill()

    def lost(self, lease: Lease, wait: float = 0.5) -> bool:
        """After a failed exchange: True if the leased engine has stopped (waits up to `wait`)."""
        end = time.monotonic() + wait
        with self._cond:
            while self._ready and self._generation == lease.generation:
                remaining = end - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
            return True

    def wait(self, timeout: float | None = None) -> str | None:
        """Block until the supervisor ends (gave up or stopped); return why it gave up."""
        self._thread.join(timeout)
        return self.failure

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the engine for good and wait for the supervisor to end; idempotent."""
        with self._cond:
            self._stopping = True
            self._ready = False
            process = self._process
            self._cond.notify_all()
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
        if not self._thread.is_alive():
            return
        self._thread.join(timeout)
        if self._thread.is_alive() and process is not None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            self._thread.join(timeout)

    # ------------------------------------------------------------------ the supervisor thread

    def _supervise(self) -> None:
        failures = 0
        last_port: int | None = None
        while not self._stopping:
            try:
                process, port = self._launch(last_port)
            except ServerError as exc:
                if self._stopping:
                    return
                failures += 1
                if failures >= _START_ATTEMPTS or self._generation == 0:
                    self._give_up(str(exc))
                    return
                log.warning("the engine did not start again (%s); trying once more", exc)
                time.sleep(0.5)
                continue
            failures = 0
            last_port = port
            self._publish(process, port)
            self._record(process, *self._reap(process))

    def _launch(self, avoid: int | None) -> tuple[subprocess.Popen[bytes], int]:
        """Start the engine and wait until it answers; raise ServerError if it does not."""
        error = ServerError("no port to run the engine on")
        for port in itertools.islice(engine_ports(avoid), _START_ATTEMPTS):
            with self.log_path.open("ab") as out:
                self._log_offset = out.tell()
                process = subprocess.Popen(
                    [
                        self.exe,
                        "serve-read-only",
                        "--location",
                        str(self.store),
                        "--bind",
                        f"{LOOPBACK}:{port}",
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    preexec_fn=ChildSetup(self.memory_limit),  # noqa: PLW1509
                )
            try:
                if self._wait_until_ready(process, port):
                    return process, port
            except BaseException:
                process.kill()
                process.wait()
                raise
            process.kill()
            process.wait()
            if self._stopping:
                raise ServerError("the server is stopping")
            error = ServerError(
                f"oxigraph did not answer on port {port} (exit status {process.returncode}): "
                f"{self._log_tail()}"
            )
        raise error

    def _wait_until_ready(self, process: subprocess.Popen[bytes], port: int) -> bool:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline and not self._stopping:
            if process.poll() is not None:
                return False
            if answers(port, timeout=1.0):
                return process.poll() is None  # the answer came from this process
            time.sleep(0.01)
        return False

    def _publish(self, process: subprocess.Popen[bytes], port: int) -> None:
        with self._cond:
            self._process = process
            self._port = port
            self._generation += 1
            self._kill_reason = None
            if self._generation > 1:
                self.restarts += 1
                log.info("the engine is answering again (pid %d)", process.pid)
            if self._stopping:
                process.kill()  # stop() came while it was starting
            else:
                self._ready = True
            self._cond.notify_all()

    def _reap(self, process: subprocess.Popen[bytes]) -> tuple[str, int]:
        """Wait for the process to end; return how it ended and its peak memory in bytes."""
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except ChildProcessError:  # reaped elsewhere
            return how_it_ended(0), 0
        process.returncode = os.waitstatus_to_exitcode(status)
        return how_it_ended(status), int(usage.ru_maxrss) * 1024  # Linux reports KiB

    def _record(self, process: subprocess.Popen[bytes], how: str, peak: int) -> None:
        with self._cond:
            self._ready = False
            lost = [lease for lease in self._in_flight if lease.generation == self._generation]
            oldest = min(lost, key=lambda lease: lease.since, default=None)
            if oldest and not self._kill_reason and time.monotonic() - oldest.since > _BLAME_AFTER:
                self._blamed = oldest.number
            ended = EngineExit(process.pid, how, self._kill_reason, peak, self._log_tail())
            self.exits = [*self.exits[-19:], ended]
            self._cond.notify_all()
            if not self._stopping:
                log.warning("the engine stopped (%s); restarting it", ended.describe())

    def _give_up(self, why: str) -> None:
        with self._cond:
            self.failure = why
            self._ready = False
            self._cond.notify_all()
        if self._generation:
            log.error("the engine could not be restarted: %s", why)

    def _log_tail(self) -> str:
        """What the current process printed about its end: a failed allocation, or its first error."""
        try:
            with self.log_path.open("rb") as handle:
                handle.seek(self._log_offset)
                text = handle.read(4096).decode("utf-8", "replace")
        except OSError:
            return ""
        lines = [line.strip() for line in text.splitlines()]
        useful = [line for line in lines if line and not line.startswith("Listening for")]
        memory = [line for line in useful if line.startswith("memory allocation of")]
        return (memory or useful or [""])[0][:200]
