"""`ivig-kg query`: output formats, the stores, and clear failures (exit status 2, no traceback)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph
from rdflib.compare import isomorphic

from ivig_kg import paths
from ivig_kg.cli import main
from ivig_kg.query import QueryTimeout, default_store, read_query_file, run_query

CQ01 = paths.QUERIES_DIR / "cq-01-fda-approved-indications.rq"
CQ09 = paths.QUERIES_DIR / "cq-09-kawasaki-regimen.rq"
ASK_FALSE = paths.QUERIES_DIR / "cq-29-ask-myasthenia-gravis-fda-approved.rq"
CONSTRUCT = paths.QUERIES_DIR / "cq-32-construct-treatment-network.rq"
INSERT = "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, ["query", *args])


def assert_clean_failure(result: Result, *fragments: str) -> None:
    """Exit status 2, the given words in the message, and no Python traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    for fragment in fragments:
        assert fragment in result.output, result.output


# ----------------------------------------------------------------------------- formats


def test_table_is_aligned_with_a_row_count() -> None:
    result = invoke(str(CQ01))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header, rule = lines[0], lines[1]
    assert header.split() == [
        "indication",
        "condition",
        "purpose",
        "population",
        "approvedBy",
        "reference",
        "section",
    ]
    assert set(rule) == {"-", " "}
    starts = [i for i, ch in enumerate(header) if ch != " " and (i == 0 or header[i - 1] == " ")]
    for line in lines[2:-1]:  # every value starts where its column starts
        for start in starts[1:]:
            assert line[start - 2 : start] == "  "
    assert lines[-1] == "(7 rows)"


def test_table_cuts_long_cells_only_when_asked() -> None:
    query = paths.QUERIES_DIR / "cq-18-statements-citing-reference.rq"
    assert "…" in invoke(str(query), "--max-width", "30").output
    assert "…" not in invoke(str(query), "--max-width", "0").output


def test_json_follows_the_sparql_results_format() -> None:
    import pyoxigraph

    result = invoke(str(CQ09), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["head"]["vars"][:3] == ["indication", "status", "recommendedBy"]
    assert len(data["results"]["bindings"]) == 2
    binding = data["results"]["bindings"][0]
    assert binding["dose"] == {
        "type": "literal",
        "value": "2",
        "datatype": "http://www.w3.org/2001/XMLSchema#decimal",
    }
    assert binding["status"] == {
        "type": "literal",
        "value": "guideline-recommended",
        "xml:lang": "en",
    }
    assert "infusionMin" not in binding  # unbound variables are left out
    # A conforming parser reads it back to the same solutions.
    parsed = list(pyoxigraph.parse_query_results(result.output, pyoxigraph.QueryResultsFormat.JSON))
    assert len(parsed) == 2 and parsed[0]["dose"].value == "2"


def test_csv_follows_the_sparql_csv_format() -> None:
    result = invoke(str(CQ01), "--format", "csv")
    assert result.exit_code == 0, result.output
    text = result.stdout_bytes.decode("utf-8")  # .output would turn CRLF into LF
    assert text.startswith(
        "indication,condition,purpose,population,approvedBy,reference,section\r\n"
    )
    assert text.count("\r\n") == text.count("\n") == 8
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 8
    assert rows[3] == [
        "ind-fda-itp",
        "immune thrombocytopenic purpura (ITP)",
        "treatment",
        "",
        "United States Food and Drug Administration (FDA)",
        "2",
        "What is IVIG",
    ]


def test_csv_writes_iris_in_full() -> None:
    result = invoke(
        "-q",
        "PREFIX kg: <https://w3id.org/ivig-kg/id/> SELECT ?x WHERE { BIND(kg:ivig AS ?x) } ORDER BY ?x",
        "--format",
        "csv",
    )
    assert result.stdout_bytes == b"x\r\nhttps://w3id.org/ivig-kg/id/ivig\r\n"


def test_tsv_follows_the_sparql_tsv_format() -> None:
    import pyoxigraph

    result = invoke(str(CQ09), "--format", "tsv")
    assert result.exit_code == 0, result.output
    lines = result.output.rstrip("\n").split("\n")
    assert lines[0].split("\t")[:3] == ["?indication", "?status", "?recommendedBy"]
    assert '"guideline-recommended"@en' in lines[1]
    assert '"2"^^<http://www.w3.org/2001/XMLSchema#decimal>' in lines[1]
    parsed = list(pyoxigraph.parse_query_results(result.output, pyoxigraph.QueryResultsFormat.TSV))
    assert len(parsed) == 2


def test_tsv_escapes_tabs_and_newlines() -> None:
    result = invoke(
        "-q", 'SELECT ?x WHERE { BIND("a\\tb\\nc" AS ?x) } ORDER BY ?x', "--format", "tsv"
    )
    assert result.output == '?x\n"a\\tb\\nc"\n'


def test_ask_prints_the_boolean() -> None:
    assert invoke(str(ASK_FALSE)).output == "false\n"
    assert json.loads(invoke(str(ASK_FALSE), "--format", "json").output) == {
        "head": {},
        "boolean": False,
    }


def test_construct_prints_turtle() -> None:
    result = invoke(str(CONSTRUCT), "--format", "json")  # the format does not apply to graphs
    assert result.exit_code == 0, result.output
    printed = Graph().parse(data=result.output, format="turtle")
    assert isomorphic(printed, run_query(read_query_file(CONSTRUCT).text).to_rdflib())


def test_query_text_option_and_a_shipped_name_agree_with_the_file() -> None:
    text = read_query_file(CQ01).text
    by_file = invoke(str(CQ01), "--format", "csv").output
    assert invoke("--query", text, "--format", "csv").output == by_file
    for name in ("cq-01", "1", "cq-01-fda-approved-indications", CQ01.name):
        assert invoke(name, "--format", "csv").output == by_file


def test_list_names_every_shipped_question_with_its_summary() -> None:
    result = invoke("--list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len(list(paths.QUERIES_DIR.glob("cq-*.rq"))) >= 30
    assert lines[0].startswith("cq-01-fda-approved-indications ")
    assert "FDA" in lines[0]


def test_unknown_shipped_name_points_to_the_list() -> None:
    assert_clean_failure(invoke("cq-99"), "no shipped question", "--list")


def test_graph_option_reads_a_built_file(dist_dir: Path, build_result: object) -> None:
    by_data = invoke(str(CQ09), "--format", "csv").output
    for ext in ("ttl", "nt"):
        result = invoke(str(CQ09), "--format", "csv", "--graph", str(dist_dir / f"ivig-kg.{ext}"))
        assert result.exit_code == 0, result.output
        assert result.output == by_data


# ----------------------------------------------------------------------------- failures


def test_syntax_error_shows_the_parser_message_with_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text(
        "PREFIX ivig: <https://w3id.org/ivig-kg/ontology/>\nSELECT ?x WHERE {\n  ?x ivig:drug\n}\n"
    )
    result = invoke(str(bad))
    assert_clean_failure(result, "syntax error in", "bad.rq", "(line 4, column", "error at 4:")
    assert "4 | }" in result.output  # the offending line, with a caret under the column
    assert "^" in result.output


def test_undeclared_prefix_is_named() -> None:
    result = invoke("-q", "SELECT ?x WHERE { ?x foo:bar ?y } ORDER BY ?x")
    assert_clean_failure(result, "undefined prefix 'foo:'", "line 1")


def test_unknown_file_exits_2() -> None:
    assert_clean_failure(invoke("queries/no-such-query.rq"), "does not exist")


def test_file_and_query_text_together_exit_2() -> None:
    assert_clean_failure(invoke(str(CQ01), "-q", "ASK {}"), "exactly one")
    assert_clean_failure(invoke(), "exactly one")


def test_update_is_refused_on_the_embedded_store() -> None:
    before = len(default_store())
    assert_clean_failure(invoke("-q", INSERT), "SPARQL Update", "--allow-update")
    assert_clean_failure(invoke("-q", "DELETE WHERE { ?s ?p ?o }"), "SPARQL Update")
    assert len(default_store()) == before


def test_allowed_update_changes_only_an_in_memory_copy(
    dist_dir: Path, build_result: object
) -> None:
    graph_file = dist_dir / "ivig-kg.nt"
    size, mtime = graph_file.stat().st_size, graph_file.stat().st_mtime_ns
    before = len(default_store())
    result = invoke("-q", INSERT, "--allow-update", "--graph", str(graph_file))
    assert result.exit_code == 0, result.output
    assert "in-memory copy only" in result.output
    assert (graph_file.stat().st_size, graph_file.stat().st_mtime_ns) == (size, mtime)
    assert invoke("-q", INSERT, "--allow-update").exit_code == 0
    assert len(default_store()) == before


def test_query_never_reads_the_curated_records(monkeypatch: pytest.MonkeyPatch) -> None:
    """Queries answer from the packaged graph, so broken data/ cannot break them."""
    from ivig_kg import pipeline

    def broken() -> None:
        raise AssertionError("query must not build from data/")

    monkeypatch.setattr(pipeline, "load_graph", broken)
    assert invoke("-q", "ASK { ?s ?p ?o }", "--allow-update").output == "true\n"


def test_a_broken_graph_file_is_a_clear_message(tmp_path: Path) -> None:
    bad = tmp_path / "broken.nt"
    bad.write_text("<https://example.org/a> <https://example.org/b> .\n")
    assert_clean_failure(
        invoke("-q", "ASK {}", "--graph", str(bad)), "cannot load the graph", "broken.nt"
    )


def test_update_is_refused_before_reaching_an_endpoint() -> None:
    # Port 9 (discard) is never contacted: the refusal happens while parsing.
    assert_clean_failure(
        invoke("-q", INSERT, "--endpoint", "http://127.0.0.1:9/query"), "SPARQL Update"
    )


def test_unreachable_endpoint_is_a_clear_message() -> None:
    port = _closed_port()
    result = invoke(str(CQ01), "--endpoint", f"http://127.0.0.1:{port}/query", "--timeout", "5")
    assert_clean_failure(result, "cannot reach the SPARQL endpoint", "Connection refused")


def test_endpoint_that_is_not_a_url_is_a_clear_message() -> None:
    assert_clean_failure(invoke(str(CQ01), "--endpoint", "localhost:7878"), "not an http(s) URL")


def test_endpoint_and_graph_options_conflict(dist_dir: Path, build_result: object) -> None:
    assert_clean_failure(
        invoke(
            str(CQ01),
            "--endpoint",
            "http://127.0.0.1:7878/query",
            "--graph",
            str(dist_dir / "ivig-kg.nt"),
        ),
        "cannot be combined",
    )


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _fake_endpoint(reply: bytes, drip_seconds: float = 0.0) -> Iterator[str]:
    """Serve one-shot HTTP answers on 127.0.0.1: `reply`, then (if drip) one byte every 0.1 s."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1.0)
                try:
                    conn.recv(65536)
                    conn.sendall(reply)
                    end = time.monotonic() + drip_seconds
                    while drip_seconds and not stop.is_set() and time.monotonic() < end:
                        conn.sendall(b" ")
                        time.sleep(0.1)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/query"
    finally:
        stop.set()
        thread.join(5)
        server.close()


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """Accepts connections (the kernel's backlog) but never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/query"


def test_silent_endpoint_times_out_with_a_clear_message(silent_endpoint: str) -> None:
    started = time.monotonic()
    result = invoke(str(CQ01), "--endpoint", silent_endpoint, "--timeout", "1")
    assert_clean_failure(result, "within 1 s")
    assert time.monotonic() - started < 10


def test_timeout_is_a_hard_limit_on_a_never_ending_answer() -> None:
    """An endpoint that keeps sending (as oxigraph does after its own time limit) is cut off."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n"
    with _fake_endpoint(head + b'{"head": {"vars": []}, ', drip_seconds=8) as url:
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            run_query("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s", endpoint=url, timeout=1.0)
        assert time.monotonic() - started < 4


def test_invalid_answer_from_an_endpoint_is_a_clear_message() -> None:
    reply = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 9\r\n\r\nnot json!"
    with _fake_endpoint(reply) as url:
        result = invoke(str(CQ01), "--endpoint", url, "--timeout", "5")
        assert_clean_failure(result, "not SPARQL JSON results")


def test_http_error_from_an_endpoint_is_a_clear_message() -> None:
    reply = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy"
    with _fake_endpoint(reply) as url:
        assert_clean_failure(
            invoke(str(CQ01), "--endpoint", url, "--timeout", "5"), "HTTP 503", "busy"
        )


# ----------------------------------------------------------------------------- start-up cost


def test_cli_import_stays_light() -> None:
    """`ivig-kg --help` must not import the RDF stack (it should answer in well under 0.3 s)."""
    code = (
        "import sys, ivig_kg.cli; heavy = {'rdflib', 'pyoxigraph', 'SPARQLWrapper', 'pandas', 'pyshacl'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


def test_cli_offers_every_library_format() -> None:
    from ivig_kg import choices, query

    assert choices.QUERY_FORMATS == query.FORMATS
    assert "xml" in choices.QUERY_FORMATS


def test_help_lists_query_and_serve() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert "query" in result.output and "serve" in result.output
    assert "--endpoint" in CliRunner().invoke(main, ["query", "--help"]).output
