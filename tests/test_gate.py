"""The SERVICE scan, the gate's checks, and the gate in front of a real engine.

Every request in this file goes to 127.0.0.1: a throwaway SPARQL endpoint started here stands
in for "another server", and counts what it receives, so that a test can show that SERVICE
reaches it only when allowed.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import require_tool

from ivig_kg import paths
from ivig_kg.cli import main
from ivig_kg.query import ServiceRefused, find_service, open_store, run_query
from ivig_kg.serve import (
    BROWSER_BLOCKED_PORTS,
    Server,
    find_oxigraph,
    parse_size,
    start_server,
)
from ivig_kg.serve.policy import MAX_BODY, Policy, query_texts
from ivig_kg.serve.workdir import PREFIX, Workdir, remove_stale

SHIPPED = sorted(paths.QUERIES_DIR.glob("cq-*.rq")) + sorted(paths.QC_DIR.glob("*.rq"))
CROSS = "{?a ?b ?c . ?d ?e ?f . ?g ?h ?i}"
ORDER_BY = f"SELECT * {CROSS} ORDER BY ?a ?e ?i"
COUNT = f"SELECT (COUNT(*) AS ?n) {CROSS}"
ASK = "ASK { ?s ?p ?o }"
LIMIT = 2.0  # the time limit of the guarded server, seconds
MEMORY = 512 * 2**20  # its memory limit


class LocalService:
    """A throwaway SPARQL endpoint on 127.0.0.1 that answers one row and counts requests."""

    ANSWER = json.dumps(
        {
            "head": {"vars": ["x"]},
            "results": {"bindings": [{"x": {"type": "literal", "value": "from-service"}}]},
        }
    ).encode()

    def __init__(self) -> None:
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                owner.requests.append(self.path + " " + self.rfile.read(length).decode())
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(owner.ANSWER)))
                self.end_headers()
                self.wfile.write(owner.ANSWER)

            do_POST = do_GET

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/sparql"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def service() -> Iterator[LocalService]:
    endpoint = LocalService()
    try:
        yield endpoint
    finally:
        endpoint.close()


# ----------------------------------------------------------------------------- the scan


REFUSED = [
    "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }",
    "select * { service <http://x/> { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o .SERVICE <http://x/> { } }",
    "SELECT * { ?s ?p 1SERVICE <http://x/> { } }",  # the engine needs no space after 1
    "SELECT * { ?s ?p trueSERVICE <http://x/> { } }",
    'SELECT * { ?s ?p "x"SERVICE <http://x/> { } }',
    "PREFIX ex: <http://e/> SELECT * { ?s ?p ex:.SERVICE <http://x/> { } }",
    "PREFIX : <http://x/> SELECT * { service:x { ?s ?p ?o } }",  # SERVICE then the IRI :x
    "PREFIX x: <http://x/> SELECT * { servicex:y { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o # a comment ends here\rSERVICE <http://x/> { } }",
    "SELECT * { \\u0053ERVICE <http://x/> { } }",  # SPARQL allows \\u escapes anywhere
    'SELECT * { ?s ?p "unterminated SERVICE <http://x/> { } }',
    "SELECT * { SERVICE SILENT ?x { } }",
]
ALLOWED = [
    "SELECT ?service WHERE { ?service ?p ?o }",
    "SELECT * WHERE { ?s <http://schema.org/serviceType> 'service' }",
    'SELECT * WHERE { ?s ?p """a "SERVICE" b""" }',
    "PREFIX schema: <http://schema.org/> SELECT * WHERE { ?s schema:serviceType ?o }",
    "PREFIX ex: <http://e/> SELECT * WHERE { ?s ?p ex:a.SERVICE }",  # one local name
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> is only mentioned",
    "SELECT * WHERE { ?s ?p _:service }",
]


@pytest.mark.parametrize("text", REFUSED)
def test_scan_finds_service(text: str) -> None:
    assert find_service(text) is not None


@pytest.mark.parametrize("text", ALLOWED)
def test_scan_passes_service_inside_names_strings_iris_and_comments(text: str) -> None:
    assert find_service(text) is None


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_no_shipped_query_is_refused(path: Path) -> None:
    assert find_service(path.read_text(encoding="utf-8")) is None


def _fuzz_store() -> ox.Store:
    """A store in which every object the fuzzed queries put before SERVICE has a match."""
    store = ox.Store()
    s, p = ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    objects = [
        ox.Literal("1", datatype=ox.NamedNode(xsd + "integer")),
        ox.Literal("true", datatype=ox.NamedNode(xsd + "boolean")),
        ox.Literal("10", datatype=ox.NamedNode(xsd + "double")),
        ox.Literal("x"),
        ox.NamedNode("http://e/"),
        ox.NamedNode("http://e/a"),
    ]
    for obj in objects:
        store.add(ox.Quad(s, p, obj))
    return store


_BEFORE = [
    "",
    " ",
    "\n",
    ".",
    " . ",
    "1",
    "true",
    "1e1",
    '"x"',
    "'x'",
    "ex:",
    "ex:a",
    "<http://e/a>",
]
_BEFORE += ["ex:a.", "ex:a-", "ex:a\\.", "?o", "$o", "_:b", "# c\n", "# c\r", "#\u2028", "a", "?"]
_WORD = ["SERVICE", "service", "sErViCe", "\\u0053ERVICE", "SERV\\u0049CE", "SERVICE SILENT"]
_AFTER = [" <{url}>", "<{url}>", " :x", ":x", " ?u", "?u", "\t<{url}>", ":"]


def _engine_calls(store: ox.Store, text: str, service: LocalService) -> bool:
    before = len(service.requests)
    try:
        answer = store.query(text)
        if isinstance(answer, ox.QuerySolutions):
            list(answer)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    return len(service.requests) > before


def test_scan_finds_every_service_the_engine_runs(service: LocalService) -> None:
    """Pieces put together at random: whenever pyoxigraph calls the endpoint, the scan said so."""
    store = _fuzz_store()
    rng = random.Random(20261110)
    head = f"PREFIX : <{service.url}> PREFIX ex: <http://e/> SELECT * WHERE {{ "
    head += f"VALUES ?u {{ <{service.url}> }} "
    tail = " { ?s ?p ?o } }"
    called = 0
    cases = [(b, w, a) for b in _BEFORE for w in _WORD[:2] for a in _AFTER[:2]]
    cases += [(rng.choice(_BEFORE), rng.choice(_WORD), rng.choice(_AFTER)) for _ in range(300)]
    for before, word, after in cases:
        middle = f"?s ?p {before}" if before and before[0] not in " \n.#" else f"?s ?p ?o{before}"
        text = head + middle + word + after.format(url=service.url) + tail
        if _engine_calls(store, text, service):
            called += 1
            assert find_service(text) is not None, text
    assert called > 50  # the fuzzing reached the engine's SERVICE often enough to mean something


def test_scan_is_linear_on_hostile_text() -> None:
    hostile = ["'''a\\q" * 20000, '"' + "a" * 200000, "<" + "a" * 200000, "?a:" * 50000]
    for text in hostile:
        started = time.perf_counter()
        find_service(text + " service")
        assert time.perf_counter() - started < 1.0


# ----------------------------------------------------------------------------- the embedded store


def _service_query(service: LocalService) -> str:
    return f"SELECT ?x WHERE {{ SERVICE <{service.url}> {{ ?x ?p ?o }} }}"


def test_embedded_store_refuses_service(service: LocalService) -> None:
    with pytest.raises(ServiceRefused, match="allow_service=True"):
        run_query(_service_query(service))
    with pytest.raises(ServiceRefused):
        open_store().query(_service_query(service))
    assert service.requests == []


def test_embedded_store_runs_service_when_allowed(service: LocalService) -> None:
    result = run_query(_service_query(service), allow_service=True)
    assert result.plain() == [("from-service",)]
    assert len(service.requests) == 1


def test_query_command_refuses_service_and_allows_it_on_request(service: LocalService) -> None:
    refused = CliRunner().invoke(main, ["query", "-q", _service_query(service)])
    assert refused.exit_code == 2
    assert "error: the query uses SERVICE" in refused.output
    assert "--allow-service" in refused.output and "Traceback" not in refused.output
    assert service.requests == []
    allowed = CliRunner().invoke(
        main, ["query", "-q", _service_query(service), "--allow-service", "-f", "csv"]
    )
    assert allowed.exit_code == 0, allowed.output
    assert "from-service" in allowed.output
    assert len(service.requests) == 1


# ----------------------------------------------------------------------------- the checks


def _headers(**fields: str) -> Message:
    message = Message()
    for name, value in fields.items():
        message[name.replace("_", "-")] = value
    return message


POLICY = Policy("127.0.0.1", 7878)


@pytest.mark.parametrize(
    "host", ["127.0.0.1:7878", "localhost:7878", "[::1]:7878", "LOCALHOST:7878"]
)
def test_loopback_host_names_are_accepted(host: str) -> None:
    assert POLICY.check_request("GET", "/query?query=ASK{}", _headers(Host=host)) is None


@pytest.mark.parametrize(
    "host", ["evil.example:7878", "127.0.0.1:8080", "localhost", "127.0.0.1.nip.io:7878", ""]
)
def test_other_host_names_are_refused(host: str) -> None:
    refusal = POLICY.check_request("GET", "/", _headers(Host=host))
    assert refusal is not None and refusal.status == 403 and "DNS rebinding" in refusal.message


def test_missing_or_repeated_host_and_full_urls_are_refused() -> None:
    assert POLICY.check_request("GET", "/", _headers()) is not None
    twice = _headers(Host="localhost:7878")
    twice["Host"] = "evil.example"
    assert POLICY.check_request("GET", "/", twice) is not None
    full = POLICY.check_request("GET", "http://evil.example/", _headers(Host="localhost:7878"))
    assert full is not None and full.status == 400


def test_cross_site_queries_are_refused_but_links_to_the_page_work() -> None:
    host = "127.0.0.1:7878"
    post = _headers(Host=host, Origin="https://evil.example")
    assert POLICY.check_request("POST", "/query", post).status == 403  # type: ignore[union-attr]
    get = _headers(Host=host, Sec_Fetch_Site="cross-site")
    assert POLICY.check_request("GET", "/query?query=ASK{}", get) is not None
    assert POLICY.check_request("GET", "/", get) is None
    same = _headers(Host=host, Origin="http://127.0.0.1:7878", Sec_Fetch_Site="same-origin")
    assert POLICY.check_request("POST", "/query", same) is None


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"Transfer_Encoding": "chunked"}, 411),
        ({"Content_Encoding": "gzip"}, 415),
        ({"Content_Length": "12x"}, 400),
        ({"Content_Length": "\u0661\u0662"}, 400),  # Arabic-Indic digits are not a length
        ({"Content_Length": str(MAX_BODY + 1)}, 413),
    ],
)
def test_bodies_the_gate_cannot_check_are_refused(fields: dict[str, str], status: int) -> None:
    refusal = POLICY.check_request("POST", "/query", _headers(Host="127.0.0.1:7878", **fields))
    assert refusal is not None and refusal.status == status


def test_every_text_the_engine_could_read_is_checked() -> None:
    form = _headers(Content_Type="application/x-www-form-urlencoded")
    encoded = b"query=SELECT+*+%7B+%53ERVICE+%3Chttp%3A%2F%2Fx%2F%3E+%7B%7D+%7D"
    assert "SELECT * { SERVICE <http://x/> {} }" in list(query_texts("/query", form, encoded))
    refused = POLICY.check_query("/query", form, encoded)
    assert refused is not None and refused.status == 403 and "--allow-service" in refused.message
    plain = _headers(Content_Type="text/plain")  # whatever the type says, the body is checked
    assert POLICY.check_query("/query", plain, b"SELECT * { SERVICE <u> {} }") is not None
    url = "/sparql?query=" + urllib.parse.quote("SELECT * { SERVICE <u> {} }")
    assert POLICY.check_query(url, _headers(), b"") is not None
    assert Policy("127.0.0.1", 7878, allow_service=True).check_query(url, _headers(), b"") is None


def test_values_skipped_undecoded_cannot_hold_service() -> None:
    """The gate decodes a form value only if it may hold SERVICE; check that shortcut."""
    rng = random.Random(7)
    for word in ["service", "SERVICE", "sErViCe", "\\u0053ERVICE"]:
        for _ in range(500):
            encoded = "".join(
                letter if rng.random() < 0.5 else f"%{ord(letter):02{rng.choice('xX')}}"
                for letter in word
            )
            target = f"/query?query=SELECT+*+%7B+{encoded}+%3Cu%3E+%7B%7D+%7D"
            assert POLICY.check_query(target, _headers(), b"") is not None, encoded


@pytest.mark.parametrize(
    ("text", "size"),
    [("2GiB", 2 * 2**30), ("512M", 512 * 2**20), ("500MB", 500 * 10**6), ("1024", 1024)],
)
def test_memory_sizes(text: str, size: int) -> None:
    assert parse_size(text) == size
    assert parse_size("0") is None
    with pytest.raises(ValueError):
        parse_size("lots")


def test_stale_folders_go_and_live_ones_stay(tmp_path: Path) -> None:
    ended = subprocess.Popen(["true"])
    ended.wait()
    dead = ended.pid
    stale = tmp_path / f"{PREFIX}{dead}-00aa"
    stale.mkdir()
    mine = Workdir(tmp_path)
    mine.create()  # our pid, and locked
    other = tmp_path / "ivig-kg-serve-notes"  # not a name this module gives
    other.mkdir()
    assert remove_stale(tmp_path) == []  # create() already removed the stale folder
    assert not stale.exists() and mine.path.exists() and other.exists()
    mine.remove()
    assert not mine.path.exists()


# ----------------------------------------------------------------------------- a real gate


@pytest.fixture(scope="module")
def guarded() -> Iterator[Server]:
    """A server with a short time limit and a small memory limit, so the tests are quick."""
    require_tool("oxigraph", find_oxigraph())
    running = start_server(None, timeout=LIMIT, memory_limit=MEMORY)
    try:
        yield running
    finally:
        running.stop()


def _get(
    server: Server, query: str, *, host: str | None = None, timeout: float = 20.0
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        fields = {"Accept": "application/sparql-results+json"}
        if host is not None:
            fields["Host"] = host
        connection.request(
            "GET", "/query?" + urllib.parse.urlencode({"query": query}), None, fields
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _memory_kib(pid: int) -> tuple[int, int]:
    """VmRSS and VmHWM of a process in KiB, or zeros once it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0, 0
    values = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    read = [values.get(name, "0 kB").split()[0] for name in ("VmRSS", "VmHWM")]
    return int(read[0]), int(read[1])


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.server
def test_engine_listens_where_browsers_cannot_reach_it(guarded: Server) -> None:
    port = int(guarded.engine_url.rsplit(":", 1)[1].split("/")[0])
    assert port in BROWSER_BLOCKED_PORTS and port != guarded.port


@pytest.mark.server
def test_sorted_cross_join_fails_in_time_within_memory_and_others_keep_answering(
    guarded: Server,
) -> None:
    outcome: dict[str, object] = {}

    def heavy() -> None:
        started = time.monotonic()
        outcome["status"], outcome["body"] = _get(guarded, ORDER_BY, timeout=30)
        outcome["seconds"] = time.monotonic() - started

    worker = threading.Thread(target=heavy)
    worker.start()
    answers: list[int] = []
    peak = 0
    while worker.is_alive() and len(answers) < 2000:  # bounded: ~2 s of queries
        peak = max(peak, *_memory_kib(guarded.process.pid))
        status, body = _get(guarded, ASK)
        answers.append(status if body == b'{"head":{},"boolean":true}' else -status)
    worker.join(30)
    for _ in range(5):  # and after it
        answers.append(_get(guarded, ASK)[0])
    assert outcome["status"] in {503, 504}, outcome
    assert float(outcome["seconds"]) < LIMIT + 1.5, outcome  # type: ignore[arg-type]
    assert set(answers) == {200} and len(answers) > 10
    ended = guarded.engine_exits
    assert ended, "the engine should have been stopped"
    assert peak * 1024 < MEMORY
    assert max(end.peak_rss for end in ended) < MEMORY


@pytest.mark.server
def test_abandoned_count_does_not_keep_the_engine_busy(guarded: Server) -> None:
    before = guarded.process.pid
    connection = http.client.HTTPConnection("127.0.0.1", guarded.port, timeout=0.5)
    connection.request("GET", "/query?" + urllib.parse.urlencode({"query": COUNT}))
    with pytest.raises(TimeoutError):
        connection.getresponse()
    connection.close()  # the client gives up; the engine would count for hours
    deadline = time.monotonic() + LIMIT + 5
    while guarded.process.pid == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert guarded.process.pid != before, "the engine was not restarted after the time limit"
    assert not Path(f"/proc/{before}").exists()
    assert _get(guarded, ASK)[0] == 200
    pid = guarded.process.pid
    used = _cpu_seconds(pid)
    time.sleep(1.0)
    assert _cpu_seconds(pid) - used < 0.2  # idle, not counting


@pytest.mark.server
def test_engine_that_dies_is_restarted(guarded: Server, caplog: pytest.LogCaptureFixture) -> None:
    os.kill(guarded.process.pid, signal.SIGKILL)
    assert _get(guarded, ASK)[0] == 200
    assert guarded.engine_exits[-1].how == "killed by SIGKILL"
    assert any("the engine stopped" in record.getMessage() for record in caplog.records)


@pytest.mark.server
def test_service_is_refused_by_the_server(guarded: Server, service: LocalService) -> None:
    status, body = _get(guarded, _service_query(service))
    assert status == 403 and b"--allow-service" in body
    for content_type, data in [
        ("application/sparql-query", _service_query(service).encode()),
        (
            "application/x-www-form-urlencoded",
            urllib.parse.urlencode({"query": _service_query(service)}).encode(),
        ),
    ]:
        connection = http.client.HTTPConnection("127.0.0.1", guarded.port, timeout=10)
        connection.request("POST", "/query", data, {"Content-Type": content_type})
        assert connection.getresponse().status == 403
        connection.close()
    result = CliRunner().invoke(
        main, ["query", "-q", _service_query(service), "--endpoint", guarded.query_url]
    )
    assert result.exit_code == 2 and "HTTP 403" in result.output, result.output
    assert service.requests == []


@pytest.mark.server
def test_service_runs_on_a_server_that_allows_it(service: LocalService) -> None:
    require_tool("oxigraph", find_oxigraph())
    with start_server(None, allow_service=True) as running:
        status, body = _get(running, _service_query(service))
    assert status == 200 and b"from-service" in body
    assert len(service.requests) == 1


@pytest.mark.server
def test_other_host_names_are_refused_by_the_server(guarded: Server) -> None:
    assert _get(guarded, ASK, host=f"localhost:{guarded.port}")[0] == 200
    status, body = _get(guarded, ASK, host=f"attacker.example:{guarded.port}")
    assert status == 403 and b"DNS rebinding" in body


@pytest.mark.server
def test_page_updates_and_long_answers_pass_through(guarded: Server) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", guarded.port, timeout=10)
    connection.request("GET", "/")
    page = connection.getresponse()
    assert page.status == 200 and b"yasgui" in page.read().lower()
    connection.request(
        "POST",
        "/update",
        b"update=CLEAR+ALL",
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    refused = connection.getresponse()
    assert refused.status == 403
    refused.read()
    everything = urllib.parse.quote("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    connection.request("GET", f"/query?query={everything}", None, {"Accept": "text/turtle"})
    graph = connection.getresponse()  # larger than the gate keeps whole: streamed in chunks
    assert graph.status == 200 and graph.getheader("Transfer-Encoding") == "chunked"
    assert len(list(ox.parse(graph.read(), format=ox.RdfFormat.TURTLE))) == guarded.triples
    connection.close()
