#!/usr/bin/env bash
# Benchmark: oauthlint over a generated Keycloak realm export with 5,000 clients, then over a folder
# of many small client files.
#
# Usage: bench/realm-5000.sh [CORPUS_DIR]      (CORPUS_DIR defaults to the project's fixtures/)
#
# Needs python3 and hyperfine. If hyperfine is missing the script runs `apt-get install -y hyperfine`
# (as root, or through sudo); elsewhere install it yourself (`cargo install hyperfine`, brew, ...).
# Builds the release binary first. Prints the median times.
# Environment: CLIENTS (default 5000), RUNS (default 10), CARGO_TARGET_DIR (honoured).
set -euo pipefail

# A corpus given on the command line is relative to where the script was started; the default is
# the crate's own fixtures, so the script needs nothing outside the repository.
corpus=${1:-}
[ -z "$corpus" ] || corpus=$(cd "$corpus" 2>/dev/null && pwd || echo "$corpus")
cd "$(dirname "$0")/.."
root=$(pwd)
corpus=${corpus:-fixtures}
clients=${CLIENTS:-5000}
runs=${RUNS:-10}

if ! command -v hyperfine >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    if command -v apt-get >/dev/null; then
        echo "hyperfine is missing: $sudo apt-get install -y hyperfine" >&2
        $sudo apt-get install -y hyperfine >&2 || { $sudo apt-get update >&2 && $sudo apt-get install -y hyperfine >&2; }
    fi
    command -v hyperfine >/dev/null || {
        echo "hyperfine is not installed (apt-get install -y hyperfine, or cargo install hyperfine)" >&2
        exit 2
    }
fi
command -v python3 >/dev/null || {
    echo "python3 is needed to generate the realm" >&2
    exit 2
}

cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/oauthlint"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_realm.py "$clients" "$work/realm.json"
echo "realm: $work/realm.json, $clients clients, $(du -h "$work/realm.json" | cut -f1)"
# One run first, so a crash or an unexpected exit code shows before timing.
"$bin" "$work/realm.json" --format json --fail-on never \
    | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print("summary:", json.dumps(s))'

median() { # hyperfine's JSON export -> "N ms median (min..max)"
    python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.1f ms median (%.1f..%.1f)" % (r["median"] * 1000, r["min"] * 1000, r["max"] * 1000))
PY
}

hyperfine --warmup 2 --runs "$runs" --export-json "$work/realm.hf.json" \
    "$bin $work/realm.json --format json --fail-on never"
echo "realm-$clients: $(median "$work/realm.hf.json")"

if [ -d "$corpus" ]; then
    files=$(find "$corpus" -type f | wc -l)
    hyperfine --warmup 2 --runs "$runs" --export-json "$work/corpus.hf.json" \
        "$bin $corpus --format json --fail-on never"
    echo "corpus ($corpus, $files files): $(median "$work/corpus.hf.json")"
else
    echo "corpus folder $corpus not found; skipped" >&2
fi
