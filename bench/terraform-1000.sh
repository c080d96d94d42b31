#!/usr/bin/env bash
# Benchmark: oauthlint over a generated Terraform module (one folder) with 1,000 client resources
# in 10 files, beside `variables.tf` and `locals.tf` (bench/gen_tf.py, seeded). Target: under 50 ms.
#
# Usage: bench/terraform-1000.sh
# Needs python3 and hyperfine (`apt-get install -y hyperfine` or `cargo install hyperfine`).
# Builds the release binary first. Prints the median time.
# Environment: CLIENTS (default 1000), RUNS (default 20), CARGO_TARGET_DIR (honoured).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
clients=${CLIENTS:-1000}
runs=${RUNS:-20}
for tool in python3 hyperfine; do
    command -v "$tool" >/dev/null || {
        echo "$tool is needed" >&2
        exit 2
    }
done

cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/oauthlint"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_tf.py "$clients" "$work/module"
echo "module: $work/module, $clients resources in $(ls "$work/module" | wc -l) files, $(du -sh "$work/module" | cut -f1)"
# One run first, so a crash or a missing adapter shows before timing.
"$bin" "$work/module" --format json --fail-on never \
    | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print("summary:", json.dumps(s))'

hyperfine --warmup 3 --runs "$runs" --export-json "$work/tf.hf.json" \
    "$bin $work/module --format json --fail-on never"
python3 - "$work/tf.hf.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("terraform module: %.1f ms median (%.1f..%.1f)" % (r["median"] * 1000, r["min"] * 1000, r["max"] * 1000))
PY
