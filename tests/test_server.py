"""`ivig-kg serve`: a real read-only SPARQL 1.1 server (oxigraph) gives the embedded answers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import require_tool
from rdflib import Graph
from rdflib.compare import isomorphic

from ivig_kg import paths
from ivig_kg.cli import main
from ivig_kg.query import EndpointError, QueryResult, read_query_file, run_query
from ivig_kg.serve import Server, find_oxigraph, free_port, start_server

pytestmark = pytest.mark.server

CQ_FILES = sorted(paths.QUERIES_DIR.glob("cq-*.rq"))
INSERT = "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }"


@pytest.fixture(scope="module")
def server(graph: Graph) -> Iterator[Server]:
    """One server for the module, on a free loopback port, always stopped at the end."""
    require_tool("oxigraph", find_oxigraph())
    running = start_server(None, graph=graph)
    try:
        yield running
    finally:
        running.stop()


def _cli_query(path: Path, endpoint: str) -> QueryResult:
    """Run `ivig-kg query --endpoint` and read its output back with Oxigraph's parsers."""
    import pyoxigraph as ox

    form = read_query_file(path).text
    result = CliRunner().invoke(
        main, ["query", str(path), "--endpoint", endpoint, "--format", "json", "--timeout", "20"]
    )
    assert result.exit_code == 0, result.output
    if "CONSTRUCT" in form:
        quads = ox.parse(result.output, format=ox.RdfFormat.TURTLE)
        return QueryResult(
            "graph", triples=[ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        )
    answer = ox.parse_query_results(result.output, format=ox.QueryResultsFormat.JSON)
    return QueryResult.from_answer(answer)


def test_server_serves_the_whole_graph(server: Server, graph: Graph) -> None:
    assert server.host == "127.0.0.1"
    assert server.triples == len(graph)
    with urllib.request.urlopen(server.page_url, timeout=10) as page:  # the browser query page
        assert page.status == 200
        assert b"<html" in page.read(4096).lower()
        # The page may only talk to this server (its prefix look-ups would go to the web).
        assert page.headers["Content-Security-Policy"] == "connect-src 'self'"


@pytest.mark.parametrize("path", CQ_FILES, ids=[p.name for p in CQ_FILES])
def test_competency_question_via_endpoint_equals_embedded(path: Path, server: Server) -> None:
    text = read_query_file(path).text
    embedded = run_query(text)
    for remote in (
        _cli_query(path, server.query_url),
        run_query(text, endpoint=server.query_url, timeout=20),
    ):
        assert remote.kind == embedded.kind
        if embedded.kind == "graph":
            assert isomorphic(remote.to_rdflib(), embedded.to_rdflib())
        elif embedded.kind == "ask":
            assert remote.boolean is embedded.boolean
        else:
            assert remote.vars == embedded.vars
            assert remote.rows == embedded.rows  # same terms, same order


def test_update_is_refused_with_403(server: Server) -> None:
    body = urllib.parse.urlencode({"update": INSERT}).encode()
    request = urllib.request.Request(server.update_url, data=body, method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    # Through the command as well, when the user insists:
    result = CliRunner().invoke(
        main, ["query", "-q", INSERT, "--allow-update", "--endpoint", server.update_url]
    )
    assert result.exit_code == 2
    assert "HTTP 403" in result.output and "Traceback" not in result.output
    assert run_query(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", endpoint=server.query_url
    ).plain() == [(str(server.triples),)]


def test_syntax_error_from_the_server_keeps_its_position(server: Server) -> None:
    result = CliRunner().invoke(
        main, ["query", "-q", "SELECT * WHERE {\n  ?s ?p\n}", "--endpoint", server.query_url]
    )
    assert result.exit_code == 2
    assert "syntax error" in result.output and "line 3" in result.output


def test_stop_ends_the_process_and_removes_its_folder(graph: Graph) -> None:
    require_tool("oxigraph", find_oxigraph())
    running = start_server(None, graph=graph)
    url, folder = running.query_url, running.workdir
    assert run_query("ASK { ?s ?p ?o }", endpoint=url, timeout=10).boolean is True
    running.stop()
    running.stop()  # idempotent
    assert running.process.poll() is not None
    assert not folder.exists()
    with pytest.raises(EndpointError):
        run_query("ASK { ?s ?p ?o }", endpoint=url, timeout=5)


def test_serves_a_built_file(dist_dir: Path, build_result: object) -> None:
    require_tool("oxigraph", find_oxigraph())
    with start_server(None, graph=dist_dir / "ivig-kg.ttl") as running:
        assert running.triples == len(build_result.graph)  # type: ignore[attr-defined]
        answer = run_query(
            read_query_file(CQ_FILES[0]).text, endpoint=running.query_url, timeout=20
        )
        assert answer.rows == run_query(read_query_file(CQ_FILES[0]).text).rows


def test_busy_port_is_a_clear_error(server: Server) -> None:
    result = CliRunner().invoke(main, ["serve", "--port", str(server.port)])
    assert result.exit_code == 2
    assert f"port {server.port} is already in use" in result.output


def _read_lines_until(stream: object, marker: str, seconds: float) -> list[str]:
    """Read lines from a pipe in a thread until one contains marker; bounded in time."""
    lines: list[str] = []
    found = threading.Event()

    def reader() -> None:
        for line in stream:  # type: ignore[attr-defined]
            lines.append(line)
            if marker in line:
                found.set()
                return

    threading.Thread(target=reader, daemon=True).start()
    found.wait(seconds)
    return lines


def test_serve_command_prints_its_urls_and_stops_on_ctrl_c() -> None:
    require_tool("oxigraph", find_oxigraph())
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "ivig_kg", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        lines = _read_lines_until(process.stdout, "Press Ctrl-C", seconds=60)
        output = "".join(lines)
        assert f"SPARQL endpoint: http://127.0.0.1:{port}/query" in output
        assert f"Query page:      http://127.0.0.1:{port}/" in output
        answer = run_query(
            "ASK { ?s ?p ?o }", endpoint=f"http://127.0.0.1:{port}/query", timeout=10
        )
        assert answer.boolean is True
        process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        rest, errors = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    assert process.returncode == 0, errors
    assert "Server stopped." in rest
    assert "Traceback" not in errors
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the oxigraph child is gone too
        try:
            run_query("ASK {}", endpoint=f"http://127.0.0.1:{port}/query", timeout=2)
        except EndpointError:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the server still answers after Ctrl-C")


# ----------------------------------------------------------------------------- the temporary store


@pytest.fixture(scope="module")
def slow_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph big enough (60,000 triples) that loading it leaves time for a signal to land."""
    path = tmp_path_factory.mktemp("slow") / "big.nt"
    with path.open("w", encoding="utf-8") as out:
        for n in range(60_000):
            out.write(f'<https://example.org/s{n}> <https://example.org/p> "value {n}" .\n')
    return path


def _serve(folder: Path, *extra: str) -> subprocess.Popen[str]:
    """`ivig-kg serve` on a free port, with its temporary files under folder."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(folder)}
    return subprocess.Popen(
        [sys.executable, "-m", "ivig_kg", "serve", "--port", str(free_port()), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _left_behind(folder: Path) -> list[Path]:
    return sorted(folder.glob("ivig-kg-serve-*"))


def _finish(process: subprocess.Popen[str]) -> tuple[str, str]:
    try:
        return process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_signal_to_a_running_server_removes_its_store(tmp_path: Path, signum: int) -> None:
    require_tool("oxigraph", find_oxigraph())
    process = _serve(tmp_path)
    lines = _read_lines_until(process.stdout, "Press Ctrl-C", seconds=60)
    assert any("Press Ctrl-C" in line for line in lines), lines
    assert len(_left_behind(tmp_path)) == 1  # the store exists while it runs
    process.send_signal(signum)
    out, errors = _finish(process)
    assert process.returncode == 0, errors
    assert "Server stopped." in out and "Traceback" not in errors
    assert _left_behind(tmp_path) == []


def test_signal_during_start_up_leaves_nothing_behind(tmp_path: Path, slow_graph: Path) -> None:
    require_tool("oxigraph", find_oxigraph())
    stopped_early = 0
    cases = [
        (signal.SIGTERM, 0.0),
        (signal.SIGHUP, 0.0),
        (signal.SIGINT, 0.05),
        (signal.SIGTERM, 0.2),
    ]
    for signum, delay in cases:
        folder = tmp_path / f"{signum}-{delay}"
        folder.mkdir()
        process = _serve(folder, "--graph", str(slow_graph))
        # The first line comes once the signal handlers are in place, before the folder exists.
        lines = _read_lines_until(process.stderr, "Loading the graph", seconds=60)
        assert lines, "the command printed nothing"
        time.sleep(delay)
        process.send_signal(signum)
        _, errors = _finish(process)
        errors = "".join(lines) + errors
        assert process.returncode == 0, errors
        assert "Traceback" not in errors
        assert _left_behind(folder) == [], (signum, delay, errors)
        stopped_early += "Stopped before the server was ready" in errors
    assert stopped_early >= 2  # most signals did land during start-up


def test_signal_before_python_is_ready_leaves_nothing_behind(tmp_path: Path) -> None:
    process = _serve(tmp_path)
    time.sleep(0.05)
    process.send_signal(signal.SIGTERM)  # the default action: no handler yet, no folder yet
    _finish(process)
    assert _left_behind(tmp_path) == []


def test_folder_of_a_killed_server_is_removed_at_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_tool("oxigraph", find_oxigraph())
    process = _serve(tmp_path)
    lines = _read_lines_until(process.stdout, "Press Ctrl-C", seconds=60)
    assert any("Press Ctrl-C" in line for line in lines), lines
    [left] = _left_behind(tmp_path)
    process.kill()  # SIGKILL: no code runs, the folder stays
    _finish(process)
    assert left.exists()
    deadline = time.monotonic() + 10
    while _processes_using(left) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_using(left) == [], "the engine outlived the killed server"
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with start_server(None) as running:
        assert not left.exists()
        assert running.workdir.parent == tmp_path
    assert _left_behind(tmp_path) == []


def _processes_using(folder: Path) -> list[int]:
    """Pids whose command line names the folder (the engine runs with --location in it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if str(folder).encode() in command:
            found.append(int(entry.name))
    return found
