#!/usr/bin/env bash
# scripts/upload-flood-test.sh — the penetration test's upload flood, against a real `hocba serve`:
# eight anonymous 59 MB uploads at once must each be refused (401/403) within a second, the server's peak resident
# memory must stay under 150 MB, and a page asked for meanwhile must answer within a second (docs/security.md).
#
# Needs HOCBA_BIN (the bin folder or the binary), curl. Ends with "N passed, N failed". Loopback only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bin="${HOCBA_BIN:-$(swift build --show-bin-path)}"
[[ -d "$bin" ]] && bin="$bin/hocba"

work="$(mktemp -d)"
server=""
cleanup() {
    [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

passed=0 failed=0
check() { # check NAME CONDITION-EXIT-CODE DETAIL
    if [[ "$2" -eq 0 ]]; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1: $3"; fi
}

port=$((20000 + RANDOM % 20000))
HOCBA_UPLOADS="$work/uploads" "$bin" serve --port "$port" --database-url "sqlite:$work/flood.sqlite" \
    >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://127.0.0.1:$port/dang-nhap" && break
    sleep 0.5
done

head -c $((59 * 1024 * 1024)) /dev/zero >"$work/big.xlsx"
# Eight at once; -H 'Expect:' sends the body without waiting for "100 Continue", as a hostile client would.
for i in $(seq 1 8); do
    curl -s -o /dev/null -H 'Expect:' -w '%{http_code} %{time_total}\n' \
        -F "files[]=@$work/big.xlsx" "http://127.0.0.1:$port/nhap-du-lieu" >"$work/upload-$i.txt" 2>/dev/null || true &
done
sleep 0.2
page_time=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/dang-nhap")
wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true

for i in $(seq 1 8); do
    read -r code seconds <"$work/upload-$i.txt" || { code=000; seconds=99; }
    refused=$([[ "$code" == 401 || "$code" == 403 ]] && echo 0 || echo 1)
    check "anonymous 59 MB upload $i refused (HTTP $code)" "$refused" "answered $code"
    quick=$(awk -v s="$seconds" 'BEGIN { exit !(s < 1.0) }' && echo 0 || echo 1)
    check "anonymous 59 MB upload $i answered in ${seconds}s (< 1 s)" "$quick" "took ${seconds}s"
done
page_ok=$(awk -v s="$page_time" 'BEGIN { exit !(s < 1.0) }' && echo 0 || echo 1)
check "sign-in page served meanwhile in ${page_time}s (< 1 s)" "$page_ok" "took ${page_time}s"
peak_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$server/status")
check "server's peak resident memory $((peak_kb / 1024)) MB (< 150 MB)" "$([[ $peak_kb -lt 153600 ]] && echo 0 || echo 1)" \
    "peak ${peak_kb} kB"
leftovers=$( (find "$work/uploads" -type f 2>/dev/null || true) | wc -l)
check "no uploaded byte kept ($leftovers files)" "$([[ $leftovers -eq 0 ]] && echo 0 || echo 1)" "$leftovers files"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
