#!/usr/bin/env bash
# scripts/upgrade-test.sh — migrations run forward from the first released schema (docs/operations.md, "Upgrades"):
#   1. builds the first release's `hocba` (tag v0.1.0, the landing of 2026-11-27 that reproduced the 2016–2020
#      article: migrations M001–M012) from this repository's history, in .build-upgrade (kept between runs);
#   2. loads its demo with it, on SQLite and, when HOCBA_TEST_POSTGRES_URL is set, on PostgreSQL, and writes its
#      summary report 2016–2020 as JSON;
#   3. opens that database with this hocba (`hocba migrate`: 25 migrations more) and writes the same report;
#      every figure the old report had must be there, equal (the new report may add fields);
#   4. checks the upgraded database as a current one: the audit chain, a backup and its restore.
# Needs HOCBA_BIN (the bin folder or the binary) and the repository's history (a full clone).
# Ends with "N passed, N failed".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${HOCBA_BIN:-$(cd "$ROOT" && swift build --show-bin-path)}"
[[ -d "$bin" ]] && bin="$bin/hocba"
[[ -x "$bin" ]] || { echo "upgrade-test: no hocba binary at $bin (build first)" >&2; exit 1; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

# The first release: the tag when the clone has it, else its commit.
release=""
for candidate in v0.1.0 fd4e2428ba1066208b63df1ce653164f79373199; do
    if git -C "$ROOT" rev-parse --quiet --verify "$candidate^{commit}" >/dev/null; then release="$candidate"; break; fi
done
if [[ -z "$release" && "$(git -C "$ROOT" rev-parse --is-shallow-repository)" == true ]]; then
    echo "upgrade-test: a shallow clone; fetching the history" >&2
    git -C "$ROOT" fetch --quiet --unshallow 2>/dev/null || true
    git -C "$ROOT" rev-parse --quiet --verify "fd4e2428ba1066208b63df1ce653164f79373199^{commit}" >/dev/null \
        && release=fd4e2428ba1066208b63df1ce653164f79373199
    if [[ -z "$release" ]]; then
        # Said loudly: without the history there is no first release to build.
        echo "upgrade-test: SKIPPED — this shallow clone has no history and none could be fetched" >&2
        exit 0
    fi
fi
if [[ -z "$release" ]]; then
    echo "upgrade-test: the first release (v0.1.0, fd4e242) is not in this repository's history" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=lib/checks.sh
source "$ROOT/scripts/lib/checks.sh"

# Its sources in one fixed place, so that a second run reuses the build (SwiftPM keys it by the sources' path).
source="$ROOT/.build-upgrade/source-$(git -C "$ROOT" rev-parse --short "$release^{commit}")"
if [[ ! -f "$source/Package.swift" ]]; then
    rm -rf "$source"
    mkdir -p "$source"
    git -C "$ROOT" archive "$release" | tar -x -C "$source"
fi
echo "upgrade-test: building the first release ($release) in .build-upgrade"
start=$SECONDS
if ! (cd "$source" && swift build --product hocba --scratch-path "$ROOT/.build-upgrade/build") >"$work/build.log" 2>&1; then
    tail -n 30 "$work/build.log" >&2
    echo "upgrade-test: the first release does not build" >&2
    exit 1
fi
old="$(cd "$source" && swift build --product hocba --scratch-path "$ROOT/.build-upgrade/build" --show-bin-path)/hocba"
echo "upgrade-test: built in $((SECONDS - start)) s"

# compare OLD NEW: every value of the old report's JSON is in the new one, equal.
compare() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
old, new = (json.load(open(p)) for p in sys.argv[1:3])
def walk(a, b, path):
    if isinstance(a, dict):
        if not isinstance(b, dict): return [path]
        return [d for k in a for d in (walk(a[k], b[k], f"{path}.{k}") if k in b else [f"{path}.{k} (gone)"])]
    if isinstance(a, list):
        if not isinstance(b, list) or len(a) != len(b): return [path + " (length)"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in walk(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r} → {b!r}"]
differences = walk(old, new, "$")
print("\n".join(differences[:20]))
sys.exit(1 if differences else 0)
EOF
}

# upgrade NAME URL: the old demo, its report, the migration, the report again, then the current checks.
upgrade() {
    local name="$1" url="$2"
    if ! "$old" demo --database-url "$url" >"$work/old-demo.log" 2>&1; then
        bad "$name: the first release loads its demo" "$(tail -c 400 "$work/old-demo.log")"
        return
    fi
    "$old" report summary --from 2016-01-01 --to 2020-12-31 --format json --database-url "$url" >"$work/old.json"
    check "$name: this hocba migrates the first release's database" "$bin" migrate --database-url "$url"
    "$bin" report summary --from 2016-01-01 --to 2020-12-31 --format json --database-url "$url" >"$work/new.json"
    check "$name: the summary report 2016–2020 holds the same figures after the upgrade" \
        compare "$work/old.json" "$work/new.json"
    check "$name: ... and it is the report of this hocba's own demo, byte for byte" cmp "$work/fresh.json" "$work/new.json"
    check "$name: the audit chain of the upgraded database verifies" "$bin" audit verify --database-url "$url"
    check "$name: the upgraded database backs up" "$bin" backup --database-url "$url" --output "$work/$name.hocba.gz"
    check "$name: ... and its archive restores" \
        "$bin" restore "$work/$name.hocba.gz" --database-url "sqlite:$work/restored-$name.sqlite"
}

# This hocba's own demo: its 2016–2020 records are the first release's (the article's figures).
"$bin" demo --database-url "sqlite:$work/fresh.sqlite" >/dev/null
"$bin" report summary --from 2016-01-01 --to 2020-12-31 --format json --database-url "sqlite:$work/fresh.sqlite" \
    >"$work/fresh.json"

upgrade SQLite "sqlite:$work/first-release.sqlite"
if [[ -n "${HOCBA_TEST_POSTGRES_URL:-}" ]]; then
    admin="$HOCBA_TEST_POSTGRES_URL"
    query=""
    [[ "$admin" == *\?* ]] && query="?${admin#*\?}"
    base="${admin%%\?*}"
    PGOPTIONS="--client-min-messages=warning" psql -q "${base/#postgres:/postgresql:}" \
        -c "DROP DATABASE IF EXISTS hocba_upgrade WITH (FORCE)" -c "CREATE DATABASE hocba_upgrade" >/dev/null
    upgrade PostgreSQL "${base%/*}/hocba_upgrade$query"
else
    echo "skip  PostgreSQL (HOCBA_TEST_POSTGRES_URL not set)"
fi

finish
