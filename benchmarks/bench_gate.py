"""What the gate of `ivig-kg serve` costs: the same simple queries through the gate and straight
to the engine behind it, in the same run, on loopback.

    python benchmarks/bench_gate.py                      # 20 clients x 50 queries, twice each way
    python benchmarks/bench_gate.py --clients 5 --queries 20

The server runs in a child process (as `ivig-kg serve` would), so the gate does not share this
process's interpreter lock with the clients. Each client is a thread with one kept-alive
connection sending GET requests; the engine and the gate get the same clients, alternately,
after a warm-up. A single client sending queries one after another gives the added latency of
an unloaded gate. Every request goes to 127.0.0.1 and the number of requests is fixed, so the
run ends by itself. It prints requests per second, p50 and p99 latencies and the added p50, and
asserts nothing about time. It also times the SERVICE check on the competency questions.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ivig_kg import paths  # noqa: E402
from ivig_kg.query.service import find_service  # noqa: E402

QUERY = (
    "SELECT ?label WHERE { <https://w3id.org/ivig-kg/id/ivig> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?label }"
)
_CHILD = """
import json, sys
from ivig_kg.serve import start_server
server = start_server(None)
print(json.dumps({"gate": server.port, "engine": server.engine_url}), flush=True)
sys.stdin.read()  # until the parent closes it
server.stop()
"""


def _client(port: int, count: int, latencies: list[float], errors: list[str]) -> None:
    path = "/query?" + urllib.parse.urlencode({"query": QUERY})
    headers = {"Accept": "application/sparql-results+json"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for _ in range(count):
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            latencies.append(time.perf_counter() - started)
            if response.status != 200:
                errors.append(str(response.status))
    except (OSError, http.client.HTTPException) as exc:
        errors.append(repr(exc))
    finally:
        connection.close()


def run(port: int, clients: int, queries: int) -> tuple[float, list[float], list[str]]:
    """Return (requests per second, latencies in seconds, errors) for one round."""
    latencies: list[float] = []
    errors: list[str] = []
    threads = [
        threading.Thread(target=_client, args=(port, queries, latencies, errors))
        for _ in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies) / (time.perf_counter() - started), latencies, errors


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(ports: dict[str, int], clients: int, queries: int, rounds: int) -> dict[str, dict]:
    """Alternate the targets round by round; pool each target's latencies."""
    pooled: dict[str, dict] = {name: {"rates": [], "latencies": [], "errors": []} for name in ports}
    for _ in range(rounds):
        for name, port in ports.items():
            rate, latencies, errors = run(port, clients, queries)
            pooled[name]["rates"].append(rate)
            pooled[name]["latencies"] += latencies
            pooled[name]["errors"] += errors
    return pooled


def report(title: str, pooled: dict[str, dict]) -> None:
    print(f"\n{title}")
    print(f"{'target':<8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    p50 = {}
    for name, data in pooled.items():
        p50[name] = percentile(data["latencies"], 0.50) * 1000
        p99 = percentile(data["latencies"], 0.99) * 1000
        rate = statistics.median(data["rates"])
        print(f"{name:<8} {rate:>8,.0f} {p50[name]:>8.2f} {p99:>8.2f} {len(data['errors']):>7}")
    print(f"added p50 (gate - engine): {p50['gate'] - p50['engine']:.2f} ms")


def time_scan() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(paths.QUERIES_DIR.glob("cq-*.rq"))]
    cases = {
        "as shipped (no 'service' in them)": texts,
        "with '# service' appended (a full scan)": [f"{text}\n# service\n" for text in texts],
    }
    for label, queries in cases.items():
        rounds = 200
        started = time.perf_counter()
        for _ in range(rounds):
            for text in queries:
                find_service(text)
        each = (time.perf_counter() - started) / rounds / len(queries) * 1e6
        print(f"SERVICE check, competency questions {label}: {each:.1f} µs per query")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--queries", type=int, default=50, help="per client and round")
    parser.add_argument("--rounds", type=int, default=2, help="rounds per target")
    parser.add_argument("--sequential", type=int, default=500, help="queries from one client")
    args = parser.parse_args()

    print(
        f"date: {datetime.date.today()}, {platform.platform()}, Python {platform.python_version()}"
    )
    print(f"cores: {os.cpu_count()}, load average before the run: {os.getloadavg()}")
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        started = json.loads(child.stdout.readline())
        engine = int(urllib.parse.urlsplit(started["engine"]).port or 0)
        ports = {"engine": engine, "gate": int(started["gate"])}
        measure(ports, args.clients, 10, 1)  # warm-up
        report(
            f"{args.clients} clients x {args.queries} queries, {args.rounds} rounds per target",
            measure(ports, args.clients, args.queries, args.rounds),
        )
        report(
            f"1 client x {args.sequential} queries, one after another",
            measure(ports, 1, args.sequential, 1),
        )
    finally:
        if child.stdin is not None:
            child.stdin.close()
        child.wait(30)
    time_scan()


if __name__ == "__main__":
    main()
