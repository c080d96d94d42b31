#!/usr/bin/env bash
# Benchmark: the walk of a repository whose `.gitignore` keeps out a large `node_modules/`. oauthlint
# counts what ignore files keep out (the summary's `skipped_ignored`) as the walk meets it, without
# entering an ignored folder; this measures that such a folder costs the walk nothing.
#
# Usage: bench/ignored-tree.sh [BINARY...]     (default: the release build, built first)
#
# Needs hyperfine. Environment: PACKAGES (folders under node_modules, default 5000, each with a
# package.json and two more JSON files), RUNS (default 10), CARGO_TARGET_DIR (honoured).
set -euo pipefail

cd "$(dirname "$0")/.."
packages=${PACKAGES:-5000}
runs=${RUNS:-10}
command -v hyperfine >/dev/null || {
    echo "hyperfine is not installed (apt-get install -y hyperfine, or cargo install hyperfine)" >&2
    exit 2
}
if [ $# -eq 0 ]; then
    cargo build --release --quiet
    set -- "${CARGO_TARGET_DIR:-$(pwd)/target}/release/oauthlint"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/clients"
cp fixtures/rfc7591/*.json "$work/clients/"
echo "node_modules/" > "$work/.gitignore"
for i in $(seq "$packages"); do
    d="$work/node_modules/pkg$i"
    mkdir -p "$d/lib"
    echo "{\"name\": \"pkg$i\", \"version\": \"1.0.0\"}" > "$d/package.json"
    echo '{"compilerOptions": {}}' > "$d/tsconfig.json"
    echo '{}' > "$d/lib/data.json"
done
echo "tree: $(find "$work/clients" -type f | wc -l) client files, $(find "$work/node_modules" -type f | wc -l) ignored files"

commands=()
for bin in "$@"; do
    # One run first, so a crash or an unexpected exit code shows before timing.
    (cd "$work" && "$bin" . --format json --fail-on never | python3 -c 'import json,sys; print("summary:", json.dumps(json.load(sys.stdin)["summary"]))')
    commands+=("cd $work && $bin . --format json --fail-on never")
done
hyperfine --warmup 2 --runs "$runs" "${commands[@]}"
