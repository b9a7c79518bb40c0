#!/usr/bin/env bash
# scripts/with-postgres.sh CMD [ARGS...]
#
# Runs CMD against a throwaway PostgreSQL 15 cluster:
#   1. initdb a fresh cluster (trust auth, UTF8, C.UTF-8) in a new temp dir,
#   2. start it on a free loopback port with durability switched off (fast),
#   3. run CMD with HOCBA_TEST_POSTGRES_URL exported, e.g.
#        postgres://postgres@127.0.0.1:54321/postgres?tlsmode=disable
#   4. always stop the cluster and delete its directory (trap), and exit with
#      CMD's exit code.
#
# Works from any working directory. Needs the PostgreSQL 15 server binaries
# (Debian: postgresql-15, in /usr/lib/postgresql/15/bin; override with
# HOCBA_PG_BIN=/path/to/bin). .ci/run installs them.
#
# As root the cluster runs as the `postgres` system user (created if missing,
# since PostgreSQL refuses to run as root); as any other user it runs as that
# user.
# shellcheck disable=SC2317  # cleanup and on_signal are called from traps
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

PG_BIN="${HOCBA_PG_BIN:-/usr/lib/postgresql/15/bin}"
for tool in initdb pg_ctl postgres; do
    if [[ ! -x "$PG_BIN/$tool" ]]; then
        echo "with-postgres: PostgreSQL 15 server binaries not found in $PG_BIN (apt-get install postgresql-15)" >&2
        exit 1
    fi
done

# --- who runs the server -----------------------------------------------------
if [[ $EUID -eq 0 ]]; then
    if ! id -u postgres >/dev/null 2>&1; then
        echo "with-postgres: creating system user 'postgres'" >&2
        useradd --system --user-group --no-create-home \
            --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    fi
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

# --- throwaway directory -----------------------------------------------------
# Under /tmp (not $TMPDIR, which could sit somewhere the postgres user cannot
# reach) and short, because the Unix socket path must stay under ~100 bytes.
PG_TMP="$(mktemp -d /tmp/hocba-pg.XXXXXX)"
PG_DATA="$PG_TMP/data"
PG_LOG="$PG_TMP/postgres.log"
started=0

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ $started -eq 1 ]]; then
        # Immediate: the data is thrown away anyway, no need for a checkpoint.
        (cd "$PG_TMP" && as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m immediate -w -t 30) \
            >/dev/null 2>&1 || echo "with-postgres: warning: pg_ctl stop failed" >&2
    fi
    rm -rf -- "$PG_TMP"
    exit "$rc"
}
# On INT/TERM: pass the signal on to CMD (if it is running), let it finish,
# then exit, which runs cleanup.
child=""
on_signal() {
    if [[ -n $child ]]; then
        kill -s "$1" "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    exit "$2"
}
trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM

if [[ $EUID -eq 0 ]]; then
    chown postgres: "$PG_TMP"
fi
chmod 700 "$PG_TMP"

# --no-sync: the cluster is thrown away, skip fsyncing it (saves seconds).
# Run the server tools from inside PG_TMP so the postgres user never has to
# read the caller's working directory (e.g. /root).
(
    cd "$PG_TMP"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" --auth=trust -E UTF8 --locale=C.UTF-8 -U postgres --no-sync \
        >"$PG_TMP/initdb.log" 2>&1
) || {
    echo "with-postgres: initdb failed:" >&2
    cat "$PG_TMP/initdb.log" >&2
    exit 1
}

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# --- start -----------------------------------------------------------------
# A port picked this way can in rare cases be taken before postgres binds it,
# so try a few ports.
for attempt in 1 2 3; do
    PG_PORT="$(free_port)"
    if (
        cd "$PG_TMP"
        as_pg "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
            -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    ) >/dev/null 2>&1; then
        started=1
        break
    fi
    # pg_ctl -w may time out with the server still coming up: make sure
    # nothing is left before trying again (or before cleanup deletes the dir).
    (cd "$PG_TMP" && as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m immediate -w -t 30) >/dev/null 2>&1 || true
    echo "with-postgres: start attempt $attempt on port $PG_PORT failed" >&2
done
if [[ $started -ne 1 ]]; then
    echo "with-postgres: PostgreSQL did not start; last log lines:" >&2
    tail -n 30 "$PG_LOG" >&2 || true
    exit 1
fi

export HOCBA_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:${PG_PORT}/postgres?tlsmode=disable"
echo "with-postgres: $("$PG_BIN/postgres" --version) listening on 127.0.0.1:$PG_PORT, data in $PG_DATA" >&2

# --- run the command ---------------------------------------------------------
# Not exec: the trap must still stop the server afterwards. CMD runs as a
# child we wait for, so a TERM sent to this script is handled at once (passed
# on to CMD) rather than after CMD ends. `<&0` keeps our stdin for CMD (a
# background command would otherwise read /dev/null).
"$@" <&0 &
child=$!
rc=0
wait "$child" || rc=$?
child=""
exit "$rc"
