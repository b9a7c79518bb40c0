#!/usr/bin/env bash
# scripts/bench-compare.sh BEFORE_BENCH AFTER_BENCH [ROUNDS]
#
# Runs two builds of hocba-bench side by side, alternating (before, after, before, after, …) so that both see the
# same machine, on a temporary SQLite file and on a throwaway PostgreSQL 15 cluster (scripts/with-postgres.sh, a
# fresh database per run). Prints every run's output under a heading; compare the medians by eye or with grep.
#
#   git worktree add ../before BASE && (cd ../before && swift build -c release --product hocba-bench --scratch-path .build-release)
#   swift build -c release --product hocba-bench --scratch-path .build-release
#   scripts/bench-compare.sh ../before/.build-release/release/hocba-bench .build-release/release/hocba-bench 2
set -euo pipefail

if [[ $# -lt 2 ]]; then
    echo "usage: $0 BEFORE_BENCH AFTER_BENCH [ROUNDS]" >&2
    exit 2
fi
before=$(realpath "$1")
after=$(realpath "$2")
rounds=${3:-2}
here=$(cd "$(dirname "$0")" && pwd)

for round in $(seq 1 "$rounds"); do
    for which in before after; do
        bin=$before
        [[ $which == after ]] && bin=$after
        echo "=== SQLite · $which · round $round"
        "$bin" --iterations 20
    done
done

# One cluster for every PostgreSQL run; each run gets its own empty database.
"$here/with-postgres.sh" bash -c '
    set -euo pipefail
    base=${HOCBA_TEST_POSTGRES_URL%%\?*}
    server=${base%/*}
    n=0
    for round in $(seq 1 '"$rounds"'); do
        for which in before after; do
            bin='"$before"'
            [[ $which == after ]] && bin='"$after"'
            n=$((n + 1))
            "${HOCBA_PG_BIN:-/usr/lib/postgresql/15/bin}/psql" "$base" -qc "CREATE DATABASE bench_$n" >/dev/null
            echo "=== PostgreSQL · $which · round $round"
            "$bin" --iterations 20 --database-url "$server/bench_$n?tlsmode=disable"
        done
    done
'
