#!/usr/bin/env bash
# scripts/docs-test.sh — runs the commands of docs/operations.md as written, in order, so that the guide stays true:
#   * every ```sh block runs in a fresh bash (set -eu) with `hocba` on PATH, in a new /tmp/hocba-guide;
#   * a block whose first line is "# not run here…" is skipped (it needs root on a real server, systemd or a
#     PostgreSQL superuser), and so is the release build (`swift build -c release`, ten minutes; CI builds in debug);
#   * a block that starts with "#!/bin/sh" and names its path on its second line (/opt/hocba/backup.sh) is written
#     there, as the reader would save it;
#   * before a block that calls http://127.0.0.1:8080, `hocba serve` is started on the guide's database there.
# Needs HOCBA_BIN (the bin folder or the binary). Ends with "N passed, N failed".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${HOCBA_BIN:-$(cd "$ROOT" && swift build --show-bin-path)}"
[[ -d "$bin" ]] && bin="$bin/hocba"
[[ -x "$bin" ]] || { echo "docs-test: no hocba binary at $bin (build first)" >&2; exit 1; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

guide=/tmp/hocba-guide
work="$(mktemp -d)"
server_pid=""
saved=()
cleanup() {
    for file in "${saved[@]}"; do rm -f "$file"; done
    if [[ -n "$server_pid" ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work" "$guide"
}
trap cleanup EXIT
rm -rf "$guide"
mkdir -p "$guide" "$work/bin"
ln -s "$bin" "$work/bin/hocba"
export PATH="$work/bin:$PATH" HOCBA_ROOT="$ROOT"
unset DATABASE_URL

passed=0
failed=0
# The ```sh blocks, each as one file: NNN.sh in the order of the guide.
python3 - "$ROOT/docs/operations.md" "$work" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for index, block in enumerate(re.findall(r"^```sh\n(.*?)^```", text, re.S | re.M)):
    open(f"{sys.argv[2]}/{index:03d}.sh", "w", encoding="utf-8").write(block)
EOF

start_server() {
    if curl -s -o /dev/null --max-time 1 http://127.0.0.1:8080/ 2>/dev/null; then
        echo "docs-test: port 8080 is taken; the guide's curl block needs it" >&2
        return 1
    fi
    (cd "$guide" && DATABASE_URL=sqlite:/tmp/hocba-guide/data/hocba.sqlite exec hocba serve --port 8080 \
        </dev/null >"$work/serve.log" 2>&1) &
    server_pid=$!
    local deadline=$((SECONDS + 60))
    until curl -fsS -o /dev/null --max-time 2 http://127.0.0.1:8080/healthz 2>/dev/null; do
        kill -0 "$server_pid" 2>/dev/null && ((SECONDS < deadline)) || return 1
        sleep 0.3
    done
}

for block in "$work"/[0-9][0-9][0-9].sh; do
    first="$(head -n 1 "$block")"
    name="block $(basename "$block" .sh): $(grep -m1 -v -E '^(#|cd |export )' "$block" | cut -c1-70)"
    if [[ "$first" == "# not run here"* || "$first" == "swift build -c release"* ]]; then
        printf 'skip  %s\n' "$name"
        continue
    fi
    if [[ "$first" == "#!/bin/sh" ]]; then
        path="$(sed -n '2s/^# \([^ ]*\) .*/\1/p' "$block")"
        if mkdir -p "$(dirname "$path")" 2>/dev/null && cp "$block" "$path" 2>/dev/null; then
            passed=$((passed + 1)); printf 'ok    saved %s\n' "$path"
            saved+=("$path")
        else
            failed=$((failed + 1)); printf 'FAIL  cannot save %s as the guide says (run as root, as CI does)\n' "$path"
        fi
        continue
    fi
    if grep -q 'http://127.0.0.1:8080' "$block" && [[ -z "$server_pid" ]]; then
        start_server || { failed=$((failed + 1)); printf 'FAIL  %s: hocba serve did not start\n' "$name"; continue; }
    fi
    if (cd "$guide" && bash -eu "$block") >"$work/out" 2>&1; then
        passed=$((passed + 1)); printf 'ok    %s\n' "$name"
    else
        failed=$((failed + 1)); printf 'FAIL  %s\n' "$name"; sed 's/^/      /' "$work/out" | tail -n 15
    fi
done

printf '\n%d passed, %d failed\n' "$passed" "$failed"
[[ $failed -eq 0 ]]
