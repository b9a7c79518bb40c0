#!/usr/bin/env bash
# scripts/ops-test.sh — running hocba for years, checked with the real binary as an IT officer runs it
# (docs/operations.md):
#   1. the restore drill: the demo on SQLite → hocba backup → hocba restore on PostgreSQL → the summary report's JSON
#      byte-identical, the audit chain intact, and PostgreSQL's own backup holding the same rows line for line;
#   2. a damaged archive (cut short, a flipped byte) refused by the command with its reason, nothing written;
#   3. SIGKILL in the middle of a restore, on both engines: nothing half-restored is left to open, and the restore
#      runs again;
#   4. SIGKILL in the middle of an import's write, on both engines: every table as it was (the backup's manifest
#      before and after is the same) and the audit chain intact;
#   5. `hocba serve`: /healthz, /readyz, /metrics (and its refusal through a proxy), the request id in the response
#      and the JSON log, and SIGTERM answering the request in flight before the process ends.
# Needs HOCBA_BIN (the bin folder or the binary) and HOCBA_TEST_POSTGRES_URL (run it under scripts/with-postgres.sh).
# Ends with "N passed, N failed".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${HOCBA_BIN:-$(cd "$ROOT" && swift build --show-bin-path)}"
[[ -d "$bin" ]] && bin="$bin/hocba"
[[ -x "$bin" ]] || { echo "ops-test: no hocba binary at $bin (build first)" >&2; exit 1; }
: "${HOCBA_TEST_POSTGRES_URL:?ops-test: run it under scripts/with-postgres.sh}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
# shellcheck source=lib/checks.sh
source "$ROOT/scripts/lib/checks.sh"

admin="${HOCBA_TEST_POSTGRES_URL}"
query=""
[[ "$admin" == *\?* ]] && query="?${admin#*\?}"
base="${admin%%\?*}"
psql_admin="${base/#postgres:/postgresql:}"
# fresh_pg NAME: an empty PostgreSQL database; prints its URL for hocba.
fresh_pg() {
    PGOPTIONS="--client-min-messages=warning" psql -q "$psql_admin" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" \
        -c "CREATE DATABASE $1" >/dev/null
    printf '%s/%s%s' "${base%/*}" "$1" "$query"
}
pg_rows() { # pg_rows NAME TABLE: rows of TABLE, or "none" when the table does not exist (psql failing fails the test)
    psql -qtA -v ON_ERROR_STOP=1 "${psql_admin%/*}/$1" \
        -c "SELECT CASE WHEN to_regclass('$2') IS NULL THEN 'none' ELSE (xpath('/row/n/text()', query_to_xml('SELECT count(*) AS n FROM $2', false, true, '')))[1]::text END"
}
report() { "$bin" report summary --from 2016-01-01 --to 2020-12-31 --format json --database-url "$1"; }
manifest() { zcat "$1" | tail -n 1; }

# wait_for FILE PATTERN SECONDS PID: until FILE holds PATTERN; fails when PID ends first or time runs out.
wait_for() {
    local deadline=$((SECONDS + $3))
    while ((SECONDS < deadline)); do
        grep -q -- "$2" "$1" 2>/dev/null && return 0
        kill -0 "$4" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

# --- 1. the restore drill: SQLite → PostgreSQL ---------------------------------------------------------------------
"$bin" demo --database-url "sqlite:$work/demo.sqlite" >/dev/null
"$bin" backup --database-url "sqlite:$work/demo.sqlite" --output "$work/demo.hocba.gz" 2>/dev/null >/dev/null
check "the archive is gzip, readable by zcat" bash -c "zcat '$work/demo.hocba.gz' | head -n 1 | grep -q '\"format\":\"hocba-backup\"'"
check "the archive is readable by its owner only" bash -c "[[ \$(stat -c %a '$work/demo.hocba.gz') == 600 ]]"
pg_drill="$(fresh_pg hocba_ops_drill)"
check "restore into an empty PostgreSQL database" "$bin" restore "$work/demo.hocba.gz" --database-url "$pg_drill"
report "sqlite:$work/demo.sqlite" >"$work/report-sqlite.json"
report "$pg_drill" >"$work/report-postgres.json"
check "the summary report's JSON is byte-identical after the move" cmp "$work/report-sqlite.json" "$work/report-postgres.json"
check "the audit chain verifies on PostgreSQL" "$bin" audit verify --database-url "$pg_drill"
"$bin" backup --database-url "$pg_drill" --output "$work/again.hocba.gz" 2>/dev/null >/dev/null
check "PostgreSQL's backup holds the same rows line for line" \
    bash -c "[[ \"\$(zcat '$work/demo.hocba.gz' | tail -n 1)\" == \"\$(zcat '$work/again.hocba.gz' | tail -n 1)\" ]]"
check "the restored demo accounts sign in (hocba user list names them)" \
    bash -c "'$bin' user list --database-url '$pg_drill' | grep -q chuyenvien"
out="$("$bin" restore "$work/demo.hocba.gz" --database-url "$pg_drill" 2>&1)" && status=0 || status=$?
if [[ $status -eq 1 && "$out" == *"đã có dữ liệu"* ]]; then ok "a restore into a database with records is refused"; else bad "restore into a full database" "$status $out"; fi

# --- 2. damaged archives, through the command ------------------------------------------------------------------------
size=$(stat -c %s "$work/demo.hocba.gz")
head -c $((size / 2)) "$work/demo.hocba.gz" >"$work/cut.gz"
cp "$work/demo.hocba.gz" "$work/flipped.gz"
# One byte in the middle, flipped (XOR 0x10): always a change, whatever the byte was.
byte=$(od -An -tu1 -j $((size / 3)) -N1 "$work/demo.hocba.gz" | tr -d ' ')
printf "\\$(printf '%03o' $((byte ^ 16)))" | dd of="$work/flipped.gz" bs=1 seek=$((size / 3)) conv=notrunc status=none
cmp -s "$work/demo.hocba.gz" "$work/flipped.gz" && bad "the flipped copy differs from the archive"
for damaged in cut flipped; do
    out="$("$bin" restore "$work/$damaged.gz" --database-url "sqlite:$work/$damaged.sqlite" 2>&1)" && status=0 || status=$?
    if [[ $status -eq 1 && "$out" == *"bị hỏng"* && ! -e "$work/$damaged.sqlite" && ! -e "$work/$damaged.sqlite.restoring" ]]; then
        ok "a $damaged archive is refused and no file is made"
    else
        bad "a $damaged archive" "exit $status: $out"
    fi
    pg="$(fresh_pg hocba_ops_$damaged)"
    out="$("$bin" restore "$work/$damaged.gz" --database-url "$pg" 2>&1)" && status=0 || status=$?
    if [[ $status -eq 1 && "$(pg_rows hocba_ops_$damaged _fluent_migrations)" == none ]]; then
        ok "a $damaged archive is refused on PostgreSQL before anything is created"
    else
        bad "a $damaged archive on PostgreSQL" "exit $status: $out"
    fi
done

# --- 3. SIGKILL in the middle of a restore ---------------------------------------------------------------------------
# kill_restore URL: starts a restore, kills it once a table of people is being loaded (the tables before it are in).
kill_restore() {
    "$bin" restore "$work/demo.hocba.gz" --database-url "$1" >"$work/restore.out" 2>"$work/restore.err" &
    local pid=$!
    if wait_for "$work/restore.err" "job_positions:" 120 "$pid"; then
        kill -KILL "$pid"
        wait "$pid" 2>/dev/null || true
        return 0
    fi
    wait "$pid" 2>/dev/null || true
    echo "the restore ended before it could be killed: $(cat "$work/restore.err")" >&2
    return 1
}
if kill_restore "sqlite:$work/killed.sqlite"; then
    if [[ ! -e "$work/killed.sqlite" ]]; then ok "SQLite: a restore killed midway leaves no database file"; else bad "SQLite: killed restore left $work/killed.sqlite"; fi
    check "SQLite: the restore runs again over what the killed one left" \
        "$bin" restore "$work/demo.hocba.gz" --database-url "sqlite:$work/killed.sqlite"
    report "sqlite:$work/killed.sqlite" >"$work/report-killed.json"
    check "SQLite: ... and its report is the source's" cmp "$work/report-sqlite.json" "$work/report-killed.json"
else
    bad "SQLite: kill a restore midway"
fi
pg_killed="$(fresh_pg hocba_ops_killed)"
if kill_restore "$pg_killed"; then
    sleep 0.5 # the server notices the closed connection and rolls back
    rows="$(pg_rows hocba_ops_killed units)/$(pg_rows hocba_ops_killed people)/$(pg_rows hocba_ops_killed audit_entries)"
    if [[ "$rows" == 0/0/0 ]]; then ok "PostgreSQL: a restore killed midway leaves no row"; else bad "PostgreSQL: killed restore left rows" "$rows"; fi
    check "PostgreSQL: the restore runs again" "$bin" restore "$work/demo.hocba.gz" --database-url "$pg_killed"
    check "PostgreSQL: ... and the audit chain verifies" "$bin" audit verify --database-url "$pg_killed"
else
    bad "PostgreSQL: kill a restore midway"
fi

# --- 4. SIGKILL in the middle of an import's write -------------------------------------------------------------------
"$bin" export --database-url "sqlite:$work/demo.sqlite" --output "$work/records.xlsx" >/dev/null
# kill_import URL NAME: a database holding one unit and an account; an import of the whole demo workbook into it is
# killed while it writes; every table must be as before (the backup manifests agree) and the chain intact.
kill_import() {
    local url="$1" name="$2"
    "$bin" migrate --database-url "$url" >/dev/null
    printf 'mat-khau-rat-dai-123\n' | "$bin" user add --username quantri --role QUAN-TRI --name "Quản trị" \
        --database-url "$url" >/dev/null
    "$bin" backup --database-url "$url" --output "$work/before-$name.gz" >/dev/null 2>&1
    "$bin" import "$work/records.xlsx" --database-url "$url" >"$work/import.out" 2>"$work/import.err" &
    local pid=$!
    if ! wait_for "$work/import.err" "Ghi HocVien" 300 "$pid"; then
        wait "$pid" 2>/dev/null || true
        bad "$name: kill an import while it writes" "it ended first: $(tail -c 300 "$work/import.err")"
        return
    fi
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null || true
    sleep 0.5
    "$bin" backup --database-url "$url" --output "$work/after-$name.gz" >/dev/null 2>&1
    if [[ "$(manifest "$work/before-$name.gz")" == "$(manifest "$work/after-$name.gz")" ]]; then
        ok "$name: an import killed while writing leaves every table as it was"
    else
        bad "$name: an import killed while writing changed the database" \
            "$(diff <(manifest "$work/before-$name.gz" | tr '{' '\n') <(manifest "$work/after-$name.gz" | tr '{' '\n') | head -5)"
    fi
    check "$name: ... and the audit chain verifies" "$bin" audit verify --database-url "$url"
}
kill_import "sqlite:$work/import.sqlite" "SQLite"
kill_import "$(fresh_pg hocba_ops_import)" "PostgreSQL"

# --- 5. serve: health, readiness, metrics, JSON logs with request ids, SIGTERM ------------------------------------
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# start_server URL LOG: `hocba serve` with JSON logs; sets server_pid and base.
start_server() {
    local port
    port="$(free_port)"
    base_url="http://127.0.0.1:$port"
    HOCBA_LOG_FORMAT=json "$bin" serve --hostname 127.0.0.1 --port "$port" --database-url "$1" </dev/null >"$2" 2>&1 &
    server_pid=$!
    local deadline=$((SECONDS + 60))
    until curl -fsS -o /dev/null --max-time 2 "$base_url/healthz" 2>/dev/null; do
        if ! kill -0 "$server_pid" 2>/dev/null || ((SECONDS >= deadline)); then
            bad "hocba serve started" "$(tail -c 400 "$2")"
            return 1
        fi
        sleep 0.3
    done
}

if start_server "$pg_drill" "$work/serve-pg.log"; then
    check "/healthz answers ok" bash -c "[[ \"\$(curl -fsS '$base_url/healthz')\" == ok ]]"
    check "/readyz: the database answers and the schema is current" \
        bash -c "curl -fsS '$base_url/readyz' | grep -q '\"ready\":true'"
    curl -fsS "$base_url/metrics" >"$work/metrics.txt" || true
    check "/metrics in Prometheus's format from this machine" grep -q '^# TYPE hocba_http_requests_total counter' "$work/metrics.txt"
    check "/metrics: PostgreSQL's connections by state" grep -q '^hocba_database_connections{state="active"} ' "$work/metrics.txt"
    check "/metrics: the readiness check counted under its pattern" \
        grep -q 'hocba_http_requests_total{method="GET",route="GET /readyz",status="200"} 1' "$work/metrics.txt"
    status="$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 127.0.0.1' "$base_url/metrics")"
    if [[ $status == 403 ]]; then ok "/metrics refuses a request relayed by a proxy"; else bad "/metrics through a proxy" "$status"; fi
    check "the response names the request id the proxy sent" \
        bash -c "curl -fsS -D - -o /dev/null -H 'X-Request-Id: ops-test-1' '$base_url/healthz' | grep -qi '^x-request-id: ops-test-1'"
    check "the JSON log has the request's line under that id" \
        python3 -c "import json,sys; lines=[json.loads(l) for l in open('$work/serve-pg.log') if l.strip()]; sys.exit(not any(l.get('request-id')=='ops-test-1' and l.get('route')=='GET /healthz' and l.get('status')=='200' for l in lines))"
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
fi

# SIGTERM while a long request (the national change feed since 2000: every person) is in flight: it is answered
# whole, the listener closes at once, then the process ends with status 0.
cp "$work/demo.sqlite" "$work/serve.sqlite"
token="$("$bin" token create --user chuyenvien --name ops-test --database-url "sqlite:$work/serve.sqlite" | tail -n 1)"
if start_server "sqlite:$work/serve.sqlite" "$work/serve-sqlite.log"; then
    curl -s -o "$work/feed.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
        "$base_url/api/v1/national-changes?since=2000-01-01T00:00:00Z" >"$work/feed.status" &
    curl_pid=$!
    sleep 1
    if kill -0 "$curl_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        sleep 0.3
        refused=0
        curl -s -o /dev/null --max-time 2 "$base_url/healthz" || [[ $? -ne 7 ]] || refused=1 # 7: connection refused
        wait "$curl_pid" || true
        server_status=0
        wait "$server_pid" || server_status=$?
        if [[ "$(cat "$work/feed.status")" == 200 ]] && python3 -c "import json; json.load(open('$work/feed.json'))"; then
            ok "SIGTERM: the request in flight is answered whole"
        else
            bad "SIGTERM: the request in flight" "status $(cat "$work/feed.status"), $(head -c 200 "$work/feed.json")"
        fi
        if [[ $refused == 1 ]]; then ok "SIGTERM: no new connection is taken"; else bad "SIGTERM: a new request was still answered"; fi
        if [[ $server_status == 0 ]]; then ok "SIGTERM: the server ends with status 0"; else bad "SIGTERM: exit status $server_status"; fi
    else
        bad "SIGTERM: the long request ended within a second; nothing was in flight to test"
        kill -TERM "$server_pid"
        wait "$server_pid" 2>/dev/null || true
    fi
fi
check "the server's JSON log holds no token, cookie or personal ID" python3 "$ROOT/scripts/log-scan.py" "$work/serve-sqlite.log" "$token"

finish
