#!/usr/bin/env bash
# scripts/bench-backup.sh [--nation PEOPLE] [--baseline BIN] — times `hocba backup` and `hocba restore` on both
# engines, beside the engines' own tools in the same run (sqlite3 .dump | gzip; pg_dump -Fc and pg_restore), with
# each command's peak memory. The demo province by default; --nation PEOPLE loads the synthetic country of that many
# people instead. --baseline BIN also times another hocba's restores of the same archive (an earlier commit's
# release build, for a change to the restore), one after the other with this one's.
# Needs HOCBA_BIN (a release build: swift build -c release --product hocba) and runs PostgreSQL through
# scripts/with-postgres.sh. Figures: docs/benchmarks.md, "Backup and restore".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${HOCBA_BIN:?bench-backup: set HOCBA_BIN to a release hocba}"
[[ -d "$bin" ]] && bin="$bin/hocba"
arguments=("$@")
people=""
baseline=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --nation) people="${2:?--nation PEOPLE}"; shift 2 ;;
        --baseline) baseline="${2:?--baseline BIN}"; shift 2 ;;
        *) echo "bench-backup: unknown argument $1" >&2; exit 2 ;;
    esac
done
[[ -n "$baseline" && -d "$baseline" ]] && baseline="$baseline/hocba"
[[ -z "$baseline" || ( -f "$baseline" && -x "$baseline" ) ]] || { echo "bench-backup: no hocba at $baseline" >&2; exit 2; }

if [[ -z "${HOCBA_TEST_POSTGRES_URL:-}" ]]; then
    exec "$ROOT/scripts/with-postgres.sh" "$0" ${arguments[@]+"${arguments[@]}"}
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
base="${HOCBA_TEST_POSTGRES_URL%%\?*}"
query="?${HOCBA_TEST_POSTGRES_URL#*\?}"
psql_admin="${base/#postgres:/postgresql:}"
pg() { printf '%s/%s%s' "${base%/*}" "$1" "$query"; }
createdb() { psql -q "$psql_admin" -c "CREATE DATABASE $1" >/dev/null; }

# measure NAME CMD...: wall seconds and peak RSS of CMD, as one table row.
measure() {
    local name="$1"
    shift
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    read -r seconds kb <"$work/time"
    printf '| %s | %s s | %d MB |\n' "$name" "$seconds" $((kb / 1024))
}

if [[ -n "$people" ]]; then
    "$bin" demo --nation --people "$people" --database-url "sqlite:$work/source.sqlite" >/dev/null
else
    "$bin" demo --database-url "sqlite:$work/source.sqlite" >/dev/null
fi
rows=$(sqlite3 "$work/source.sqlite" "SELECT (SELECT count(*) FROM people) || ' people, ' || (SELECT count(*) FROM enrolments) || ' enrolments'")
echo "bench-backup: $(date +%F), $rows, $(nproc) cores"
echo
echo "| step | wall | peak RSS |"
echo "|---|---|---|"
measure "hocba backup (SQLite)" "$bin" backup --database-url "sqlite:$work/source.sqlite" --output "$work/a.hocba.gz"
measure "sqlite3 .dump \| gzip (the engine's own)" bash -c "sqlite3 '$work/source.sqlite' .dump | gzip > '$work/dump.sql.gz'"
measure "hocba restore into a new SQLite file" "$bin" restore "$work/a.hocba.gz" --database-url "sqlite:$work/restored.sqlite"
createdb bench_restore
measure "hocba restore into PostgreSQL" "$bin" restore "$work/a.hocba.gz" --database-url "$(pg bench_restore)"
if [[ -n "$baseline" ]]; then
    measure "baseline hocba restore into a new SQLite file" "$baseline" restore "$work/a.hocba.gz" \
        --database-url "sqlite:$work/baseline.sqlite"
    createdb bench_baseline
    measure "baseline hocba restore into PostgreSQL" "$baseline" restore "$work/a.hocba.gz" \
        --database-url "$(pg bench_baseline)"
fi
measure "hocba backup (PostgreSQL)" "$bin" backup --database-url "$(pg bench_restore)" --output "$work/b.hocba.gz"
measure "pg_dump -Fc (the engine's own)" pg_dump -Fc -f "$work/pg.dump" "${psql_admin%/*}/bench_restore"
createdb bench_pg_restore
measure "pg_restore of that dump" pg_restore -d "${psql_admin%/*}/bench_pg_restore" "$work/pg.dump"
echo
echo "sizes: hocba archive $(du -h "$work/a.hocba.gz" | cut -f1), sqlite3 .dump | gzip $(du -h "$work/dump.sql.gz" | cut -f1), pg_dump -Fc $(du -h "$work/pg.dump" | cut -f1)"
if [[ "$(zcat "$work/a.hocba.gz" | tail -n 1)" == "$(zcat "$work/b.hocba.gz" | tail -n 1)" ]]; then
    echo "the PostgreSQL backup's manifest is the SQLite archive's: the same rows, line for line"
else
    echo "the manifests differ" >&2
    exit 1
fi
