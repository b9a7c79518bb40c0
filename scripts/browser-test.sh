#!/usr/bin/env bash
# scripts/browser-test.sh [PYTEST ARGS...]
#
# Browser test driver. Builds nothing: expects an already built `hocba`.
#   1. finds the binary: $HOCBA_BIN (the bin directory, or the binary itself)
#      if set, else `swift build --show-bin-path`/hocba;
#   2. loads the demo data into a fresh SQLite file in a temp dir
#      (`hocba demo`);
#   3. starts `hocba serve` on 127.0.0.1 and a free port, from the repo root
#      (it reads Resources/Views and Public from the working directory), and
#      waits up to 60 s for it to answer;
#   4. runs `python3 -m pytest -q tests/browser --base-url ...` (extra
#      arguments are passed on to pytest); screenshots go to
#      artifacts/screenshots/ (git-ignored);
#   5. always stops the server and deletes the temp dir; on failure prints the
#      tail of the server log (kept as artifacts/browser-server.log as well).
#
# Needs: chromium, chromium-driver, curl, python3 with selenium and pytest
# (.ci/run installs them).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# --- the binary --------------------------------------------------------------
if [[ -n "${HOCBA_BIN:-}" ]]; then
    if [[ -d "$HOCBA_BIN" ]]; then HOCBA="$HOCBA_BIN/hocba"; else HOCBA="$HOCBA_BIN"; fi
else
    HOCBA="$(swift build --show-bin-path)/hocba"
fi
if [[ ! -x "$HOCBA" ]]; then
    echo "browser-test: no hocba binary at $HOCBA (run swift build first)" >&2
    exit 1
fi

ARTIFACTS="$ROOT/artifacts"
SCREENSHOTS="$ARTIFACTS/screenshots"
mkdir -p "$SCREENSHOTS"
rm -f "$SCREENSHOTS"/*.png   # no stale pictures from an earlier run

TMP="$(mktemp -d "${TMPDIR:-/tmp}/hocba-browser.XXXXXX")"
DB="sqlite:$TMP/demo.sqlite"
SERVER_LOG="$TMP/server.log"
server_pid=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        # Give it 10 s to shut down cleanly, then force it.
        for _ in $(seq 50); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ -f "$SERVER_LOG" ]]; then
        cp "$SERVER_LOG" "$ARTIFACTS/browser-server.log" || true
        if [[ $rc -ne 0 ]]; then
            echo "---- browser-test: last 60 lines of the server log ($ARTIFACTS/browser-server.log) ----" >&2
            tail -n 60 "$SERVER_LOG" >&2 || true
            echo "---- end of server log ----" >&2
        fi
    fi
    rm -rf -- "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# --- demo data and an account to sign in with -------------------------------
echo "browser-test: loading demo data into $DB"
if ! "$HOCBA" demo --database-url "$DB" >"$TMP/demo.log" 2>&1; then
    echo "browser-test: 'hocba demo' failed:" >&2
    tail -n 60 "$TMP/demo.log" >&2
    exit 1
fi
# The browser signs in as a provincial officer (all records and reports); the password goes in on stdin.
export HOCBA_BROWSER_USER="trinh.duyet"
export HOCBA_BROWSER_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
if ! printf '%s\n' "$HOCBA_BROWSER_PASSWORD" | "$HOCBA" user add --username "$HOCBA_BROWSER_USER" \
        --role CHUYEN-VIEN-SO --name "Trình duyệt thử" --database-url "$DB" >>"$TMP/demo.log" 2>&1; then
    echo "browser-test: 'hocba user add' failed:" >&2
    tail -n 20 "$TMP/demo.log" >&2
    exit 1
fi

# The link walk (tests/browser/test_walk.py) signs in as a district officer and a district leader of Ba Bể and as
# the provincial political school.
export HOCBA_WALK_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
export HOCBA_WALK_UNIT="to.chuc.babe" HOCBA_WALK_LEADER="lanh.dao.babe" HOCBA_WALK_SCHOOL="truong.chinh.tri"
for account in "$HOCBA_WALK_UNIT TO-CHUC-DON-VI --unit BABE" "$HOCBA_WALK_LEADER LANH-DAO --unit BABE" \
               "$HOCBA_WALK_SCHOOL CO-SO-DAO-TAO --institution TCT"; do
    read -r name role scope code <<<"$account"
    if ! printf '%s\n' "$HOCBA_WALK_PASSWORD" | "$HOCBA" user add --username "$name" --role "$role" "$scope" "$code" \
            --name "Tài khoản thử $name" --database-url "$DB" >>"$TMP/demo.log" 2>&1; then
        echo "browser-test: 'hocba user add $name' failed:" >&2
        tail -n 20 "$TMP/demo.log" >&2
        exit 1
    fi
done

# --- server ------------------------------------------------------------------
PORT="$(free_port)"
BASE_URL="http://127.0.0.1:$PORT"
echo "browser-test: starting hocba serve on $BASE_URL"
# The printed certificates' QR codes lead to this server (tests/browser/test_certificates.py decodes them).
# JSON logs: the run's whole log is scanned for secrets at the end (scripts/log-scan.py).
HOCBA_LOG_FORMAT=json HOCBA_PUBLIC_URL="$BASE_URL" "$HOCBA" serve --hostname 127.0.0.1 --port "$PORT" --database-url "$DB" \
    </dev/null >"$SERVER_LOG" 2>&1 &
server_pid=$!

deadline=$((SECONDS + 60))
until curl -fsS -o /dev/null --max-time 2 "$BASE_URL/" 2>/dev/null; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "browser-test: hocba serve exited before answering" >&2
        exit 1
    fi
    if ((SECONDS >= deadline)); then
        echo "browser-test: hocba serve did not answer $BASE_URL/ within 60 s" >&2
        exit 1
    fi
    sleep 0.5
done
echo "browser-test: server is up"

# --- the browser tests -------------------------------------------------------
# The certificate test revokes one with the command line, as an officer would, on the server's database.
export HOCBA_BROWSER_DATABASE="$DB" HOCBA_BROWSER_BINARY="$HOCBA"
# -p no:cacheprovider: no .pytest_cache in the work tree.
# pytest exits 5 when it collects no test: that fails this script too.
echo "browser-test: screenshots go to $SCREENSHOTS"
python3 -m pytest -q -p no:cacheprovider tests/browser \
    --base-url "$BASE_URL" --screenshot-dir "$SCREENSHOTS" "$@"

# --- the server's log: no password, token, cookie or personal ID ------------------------------------------------
# The demo accounts' passwords are the second column of `hocba demo`'s account lines.
mapfile -t demo_passwords < <(grep -E '^  [a-z.]+ +[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4} ' "$TMP/demo.log" | awk '{print $2}')
echo "browser-test: scanning the server's log (${#demo_passwords[@]} demo passwords and the run's own)"
python3 scripts/log-scan.py "$SERVER_LOG" "$HOCBA_BROWSER_PASSWORD" "$HOCBA_WALK_PASSWORD" "${demo_passwords[@]}"
