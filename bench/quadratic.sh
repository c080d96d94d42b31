#!/usr/bin/env bash
# Benchmark: the paths that were quadratic, each at size N and 2N. Linear code takes about twice
# as long on the doubled input (ratio ~2); a quadratic path takes four times as long (ratio ~4).
# The ratio is of user CPU time (mean): on a shared machine the wall time also counts the wait for
# a core, and the system time the page faults of a machine short of memory. Both are printed too.
#
# Usage: bench/quadratic.sh [CASE...]      (default: every case of bench/gen_hostile.py)
#
# Cases (bench/gen_hostile.py writes the inputs):
#   columns       findings on one long non-ASCII line (column of each finding)
#   suppressions  suppression comments x findings
#   mix-up        registrations sharing one redirect URI (the mix-up check)
#   overrides     configuration [[overrides]] x files
#   ignores       configuration [[ignore]] entries x findings
#   placeholders  placeholder openers that never close (`${${${...`) x the text after them
#   lists         one client's list items x their siblings (a fix per item)
#   fixes         fixes x the fixes taken before them (`--diff`, as `--fix` selects them)
#   yaml-stream   documents of a YAML stream x the fixes in them (the document of each fix)
#   registrations Spring Boot registrations x the fixes placed in their map
#   policies      Keycloak client policies x the client profiles they name
#   scopes        Keycloak clients x the realm's default client scopes
#   wide-realm    Keycloak clients x the keys of their realm object (still quadratic)
#   tenant        Auth0 clients x the tenant's resource servers
#   terraform     Terraform client resources x the resources that refer to them
# Needs python3 and hyperfine (`apt-get install -y hyperfine`, or `cargo install hyperfine`).
# Builds the release binary first, unless BIN names one (to measure another build: BIN=old/oauthlint).
# Environment: RUNS (default 5), BIN, CARGO_TARGET_DIR (honoured), and the sizes N_COLUMNS (4000),
# N_SUPPRESSIONS (20000), N_MIX_UP (5000), N_OVERRIDES (2000), N_IGNORES (4000),
# N_PLACEHOLDERS (100000), N_LISTS (20000), N_FIXES (10000), N_YAML_STREAM (20000), N_REGISTRATIONS (20000),
# N_POLICIES (20000), N_SCOPES (10000), N_WIDE_REALM (5000), N_TENANT (10000), N_TERRAFORM (8000).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
runs=${RUNS:-5}
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(columns suppressions mix-up overrides ignores placeholders lists fixes yaml-stream registrations policies scopes wide-realm tenant terraform)

command -v hyperfine >/dev/null || {
    echo "hyperfine is not installed (apt-get install -y hyperfine, or cargo install hyperfine)" >&2
    exit 2
}
command -v python3 >/dev/null || {
    echo "python3 is needed to generate the inputs" >&2
    exit 2
}

if [ -z "${BIN:-}" ]; then
    cargo build --release --quiet
    BIN="${CARGO_TARGET_DIR:-$root/target}/release/oauthlint"
fi
bin=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

size_of() {
    case $1 in
    columns) echo "${N_COLUMNS:-4000}" ;;
    suppressions) echo "${N_SUPPRESSIONS:-20000}" ;;
    mix-up) echo "${N_MIX_UP:-5000}" ;;
    overrides) echo "${N_OVERRIDES:-2000}" ;;
    ignores) echo "${N_IGNORES:-4000}" ;;
    placeholders) echo "${N_PLACEHOLDERS:-100000}" ;;
    lists) echo "${N_LISTS:-20000}" ;;
    fixes) echo "${N_FIXES:-10000}" ;;
    yaml-stream) echo "${N_YAML_STREAM:-20000}" ;;
    registrations) echo "${N_REGISTRATIONS:-20000}" ;;
    policies) echo "${N_POLICIES:-20000}" ;;
    scopes) echo "${N_SCOPES:-10000}" ;;
    wide-realm) echo "${N_WIDE_REALM:-5000}" ;;
    tenant) echo "${N_TENANT:-10000}" ;;
    terraform) echo "${N_TERRAFORM:-8000}" ;;
    *)
        echo "unknown case $1" >&2
        exit 2
        ;;
    esac
}

field() { # FIELD of hyperfine's JSON export, in seconds: user, system, median (wall)
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0][sys.argv[2]])' "$1" "$2"
}

for case in "${cases[@]}"; do
    n=$(size_of "$case")
    times=()
    for size in "$n" $((2 * n)); do
        input="$work/$case-$size"
        python3 bench/gen_hostile.py "$case" "$size" "$input"
        # The overrides, ignores and placeholders cases need their configuration, found from the current folder;
        # the others are linted with the defaults.
        config="--no-config"
        case $case in overrides | ignores | placeholders) config="" ;; esac
        # The fixes case shows what --fix would do, which exits 1 when there is something to fix.
        output="--format json" ignore_failure=""
        case $case in fixes | yaml-stream) output="--diff --unsafe-fixes" ignore_failure="--ignore-failure" ;; esac
        # One run first, so a crash or an unexpected exit code shows before timing.
        (cd "$input" && "$bin" . $config $output --fail-on never >/dev/null) || [ -n "$ignore_failure" ]
        hyperfine --style basic --warmup 1 --runs "$runs" $ignore_failure --export-json "$work/$case-$size.json" \
            "cd $input && $bin . $config $output --fail-on never" >/dev/null
        times+=("$(field "$work/$case-$size.json" user)")
        system=$(field "$work/$case-$size.json" system)
        wall=$(field "$work/$case-$size.json" median)
        echo "$case N=$size ($(du -sh "$input" | cut -f1)): $(python3 -c "print('%.3f s user, %.3f s system, %.3f s wall' % (${times[-1]}, $system, $wall))")"
    done
    echo "$case: doubling the input takes $(python3 -c "print('%.2f' % (${times[1]} / ${times[0]}))")x the user time (2 linear, 4 quadratic)"
done
