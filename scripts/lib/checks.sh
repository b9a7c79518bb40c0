# scripts/lib/checks.sh — what the shell test scripts share, sourced after they set `work` (a temp folder):
#   ok NAME             a check that passed
#   bad NAME [DETAIL]   a check that failed, with what was seen
#   check NAME CMD...   runs CMD: ok when it succeeds, else bad with the start of its output
#   finish              prints "N passed, N failed" and returns non-zero when any failed
# shellcheck shell=bash
passed=0
failed=0

ok() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }

bad() {
    failed=$((failed + 1))
    printf 'FAIL  %s\n' "$1"
    if [[ -n "${2:-}" ]]; then printf '      %s\n' "$2"; fi
}

check() {
    local name="$1"
    shift
    if "$@" >"$work/check.out" 2>&1; then ok "$name"; else bad "$name" "$(head -c 600 "$work/check.out")"; fi
}

finish() {
    printf '\n%d passed, %d failed\n' "$passed" "$failed"
    [[ $failed -eq 0 ]]
}
