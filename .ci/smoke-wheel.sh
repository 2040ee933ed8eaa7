#!/usr/bin/env bash
# Build the wheel, install it into a fresh venv, and use it from a folder outside the checkout,
# as a user who never cloned the repository would.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip wheel --no-deps --quiet --wheel-dir "$work/wheel" .
wheel=$(ls "$work"/wheel/ivig_kg-*.whl)
echo "smoke: built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KB)"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$wheel"

mkdir "$work/elsewhere"
cd "$work/elsewhere"
ivig="$work/venv/bin/ivig-kg"
"$ivig" --version
"$ivig" query --list >list.txt && head -n 3 list.txt
"$ivig" query cq-01 --format csv >cq-01.csv && head -n 3 cq-01.csv
"$ivig" query -q 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format csv
"$ivig" viz --view indications
test -s dist/ivig-kg-graph.html
"$ivig" export --format graphml --format kgx --format sssom
ls dist
"$work/venv/bin/python" - <<'PY'
from ivig_kg.query import run_query

result = run_query("SELECT ?c WHERE { ?c a <https://w3id.org/ivig-kg/ontology/Neuropathy> }")
assert result.plain(), "no neuropathies in the packaged graph"
print("smoke: the README's Python snippet answers", len(result), "rows")
PY
if "$ivig" build 2>build.err; then echo "smoke: build without a checkout should fail"; exit 1; fi
grep -q "checkout" build.err
echo "smoke: the wheel works outside the checkout"
