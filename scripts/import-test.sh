#!/usr/bin/env bash
# scripts/import-test.sh — checks `hocba import` / `hocba export` on the files an officer really sends:
#   * a small random province in the standard workbook written in awkward but legal spellings
#     (tests/import/make_workbooks.py): imported into a fresh SQLite database, its summary report equals the
#     figures recounted independently in Python (tests/import/recount.py); re-importing changes nothing;
#   * the same workbook saved again by LibreOffice imports to the same figures;
#   * the export reads back in openpyxl with every record, opens in LibreOffice, and round-trips
#     (import the export into an empty database, export again: the same cells);
#   * the same workbook in the 1904 date system; funding, institutions and instructors as CSV files;
#   * bad inputs (not a zip, truncated, zip bomb, DOCTYPE, 50 MB CSV, million-row sheet, one file per row-level
#     problem): exit 1, the expected Vietnamese message, within a time and memory bound, database file unchanged;
#   * the awkward import on PostgreSQL when HOCBA_TEST_POSTGRES_URL is set (scripts/with-postgres.sh).
# Needs python3 with openpyxl; uses LibreOffice (soffice) when present — with HOCBA_OFFICE_CHECK=1 its absence is a
# failure. Binary: HOCBA_BIN (the bin folder or the binary), else `swift build --show-bin-path`.
# HOCBA_IMPORT_SEED picks another random province (default 2020); HOCBA_IMPORT_KEEP=1 keeps the work folder.
# Ends with "N passed, N failed".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${HOCBA_BIN:-$(cd "$ROOT" && swift build --show-bin-path)}"
[[ -d "$bin" ]] && bin="$bin/hocba"
[[ -x "$bin" ]] || { echo "import-test: no hocba binary at $bin (build first)" >&2; exit 1; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
python3 -c 'import openpyxl' 2>/dev/null || { echo "import-test: needs python3 with openpyxl" >&2; exit 1; }

tests="$ROOT/tests/import"
seed="${HOCBA_IMPORT_SEED:-2020}"
work="$(mktemp -d)"
cleanup() {
    if [[ "${HOCBA_IMPORT_KEEP:-}" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
passed=0
failed=0
started=$SECONDS

ok() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }
bad() {
    failed=$((failed + 1))
    printf 'FAIL  %s\n' "$1"
    if [[ -n "${2:-}" ]]; then printf '%s\n' "$2" | head -n 25 | sed 's/^/      /'; fi
}
skip() { printf 'skip  %s\n' "$1"; }

# The binary may be rebuilt while we run: work on a copy (with its resource bundles, if any), taken once it runs.
mkdir -p "$work/bin"
hocba="$work/bin/hocba"
for attempt in 1 2 3 4 5 6 7 8 9 10 11 12; do
    if cp "$bin" "$hocba" 2>/dev/null && "$hocba" --help >/dev/null 2>&1; then break; fi
    if [[ "$attempt" == 12 ]]; then echo "import-test: $bin does not run (being rebuilt?)" >&2; exit 1; fi
    sleep 10
done
for resources in "$(dirname "$bin")"/*.resources; do
    if [[ -e "$resources" ]]; then cp -R "$resources" "$work/bin/"; fi
done

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# run OUT CMD...: runs CMD (stdout and stderr to OUT, at most 5 minutes); sets $status and $elapsed (seconds).
run() {
    local out="$1" t0
    shift
    t0="$(now)"
    status=0
    timeout 300 "$@" >"$out" 2>&1 || status=$?
    elapsed="$(since "$t0")"
}

excerpt() { head -c 1500 "$1"; }

# summary DATABASE_URL OUT AS_OF [UNIT]: the report of the awkward period as JSON
summary() {
    local args=(report summary --from 2016-01-01 --to 2020-12-31 --as-of "$3" --format json --database-url "$1")
    if [[ -n "${4:-}" ]]; then args+=(--unit "$4"); fi
    "$hocba" "${args[@]}" >"$2" 2>"$2.stderr" || { cat "$2.stderr" >>"$2"; return 1; }
}

# figures NAME DATABASE_URL [--only PREFIX]: the report equals the recount; without --only, so do the variants
# (--unit of a district, --as-of the day before and after).
figures() {
    local name="$1" url="$2" out diff key as_of unit label
    shift 2
    out="$work/report-$(printf '%s' "$name" | tr -c 'A-Za-z0-9' '_')"
    if ! summary "$url" "$out.json" 2020-10-12; then
        bad "$name: report summary" "$(excerpt "$out.json")"
        return
    fi
    if diff="$(python3 "$tests/recount.py" compare "$gen/awkward.expect.json" "$out.json" "$@")"; then
        ok "$name: report figures equal the recount"
    else
        bad "$name: report figures equal the recount" "$diff"
    fi
    if [[ $# -gt 0 ]]; then return; fi
    while IFS=$'\t' read -r key as_of unit; do
        label="--as-of $as_of${unit:+ --unit $unit}"
        if ! summary "$url" "$out.$key.json" "$as_of" "$unit"; then
            bad "$name: report summary $label" "$(excerpt "$out.$key.json")"
        elif diff="$(python3 "$tests/recount.py" compare "$gen/awkward.expect.json" "$out.$key.json" \
                --key "variants.$key")"; then
            ok "$name: report figures with $label equal the recount"
        else
            bad "$name: report figures with $label equal the recount" "$diff"
        fi
    done <"$gen/variants.tsv"
}

# imported NAME STATUS OUT: an import that should succeed did.
imported() {
    if [[ "$2" == 0 ]] && grep -q 'Đã nhập xong' "$3"; then
        ok "$1 (${elapsed} s)"
        return 0
    fi
    bad "$1" "exit $2: $(excerpt "$3")"
    return 1
}

# state DB OUT: the records the SQLite database holds (sqlite3 .dump, else an export's cells). The audit trail is
# left out: an import is recorded there even when it changes no record.
state() {
    if command -v sqlite3 >/dev/null; then
        sqlite3 "$1" .dump | grep -v 'audit_entries' >"$2"
    else
        "$hocba" export --output "$2.xlsx" --database-url "sqlite:$1" >/dev/null
        python3 -c 'import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
for ws in wb:
    for row in ws.iter_rows(values_only=True):
        print(ws.title, row)' "$2.xlsx" >"$2"
    fi
}

# --- inputs -----------------------------------------------------------------------------------------------------
gen="$work/in"
t0="$(now)"
if python3 "$tests/make_workbooks.py" "$gen" --seed "$seed" 2>"$work/make.log"; then
    ok "generate the inputs, seed $seed ($(since "$t0") s): $(tail -n 1 "$work/make.log" | sed 's/^make_workbooks: //')"
else
    bad "generate the inputs" "$(cat "$work/make.log")"
    printf '%d passed, %d failed\n' "$passed" "$failed"
    exit 1
fi
python3 -c 'import json, sys
for key, v in sorted(json.load(open(sys.argv[1], encoding="utf-8"))["variants"].items()):
    print(key, v["as_of"], v["unit"] or "", sep="\t")' "$gen/awkward.expect.json" >"$gen/variants.tsv"

# --- the awkward workbook on SQLite -----------------------------------------------------------------------------
db1="$work/db1.sqlite"
run "$work/import1.out" "$hocba" import "$gen/awkward.xlsx" --database-url "sqlite:$db1"
if imported "import awkward.xlsx into a fresh SQLite database" "$status" "$work/import1.out"; then
    if grep -q 'Cảnh báo.*Số điện thoại' "$work/import1.out"; then
        ok "warning about the unknown column Số điện thoại"
    else
        bad "warning about the unknown column Số điện thoại" "$(excerpt "$work/import1.out")"
    fi
    figures "awkward on SQLite" "sqlite:$db1"

    state "$db1" "$work/db1.before"
    cp "$db1" "$work/db1.copy"
    run "$work/dry.out" "$hocba" import "$gen/awkward.xlsx" --dry-run --database-url "sqlite:$db1"
    if [[ "$status" == 0 ]] && cmp -s "$db1" "$work/db1.copy"; then
        ok "import --dry-run of the same file: exit 0, database file unchanged"
    else
        bad "import --dry-run of the same file: exit 0, database file unchanged" \
            "exit $status; $(cmp "$db1" "$work/db1.copy" 2>&1 || true); $(excerpt "$work/dry.out")"
    fi
    run "$work/import1b.out" "$hocba" import "$gen/awkward.xlsx" --database-url "sqlite:$db1"
    if imported "re-import awkward.xlsx" "$status" "$work/import1b.out"; then
        state "$db1" "$work/db1.after"
        if cmp -s "$work/db1.before" "$work/db1.after"; then
            ok "re-import leaves every record unchanged"
        else
            bad "re-import leaves every record unchanged" "$(diff "$work/db1.before" "$work/db1.after" | head -n 20)"
        fi
    fi
fi

# --- LibreOffice ------------------------------------------------------------------------------------------------
office=""
if command -v soffice >/dev/null; then
    office="soffice"
elif [[ "${HOCBA_OFFICE_CHECK:-}" == 1 ]]; then
    bad "LibreOffice (soffice) is installed (HOCBA_OFFICE_CHECK=1)"
else
    skip "LibreOffice checks (no soffice; HOCBA_OFFICE_CHECK not 1)"
fi
convert() { # convert FORMAT OUTDIR FILE
    timeout 180 "$office" "-env:UserInstallation=file://$work/lo-profile" --headless --norestore \
        --convert-to "$1" --outdir "$2" "$3" >"$work/soffice.out" 2>&1
}
if [[ -n "$office" ]]; then
    t0="$(now)"
    if convert xlsx "$work/lo" "$gen/awkward.xlsx" && [[ -s "$work/lo/awkward.xlsx" ]]; then
        ok "LibreOffice saves awkward.xlsx again ($(since "$t0") s)"
        run "$work/import2.out" "$hocba" import "$work/lo/awkward.xlsx" --database-url "sqlite:$work/db2.sqlite"
        if imported "import the LibreOffice copy into a fresh SQLite database" "$status" "$work/import2.out"; then
            figures "LibreOffice copy" "sqlite:$work/db2.sqlite"
        fi
    else
        bad "LibreOffice saves awkward.xlsx again" "$(cat "$work/soffice.out")"
    fi
fi

# --- export, read back, round trip ------------------------------------------------------------------------------
if [[ -s "$db1" ]]; then
    run "$work/export1.out" "$hocba" export --output "$work/export1.xlsx" --database-url "sqlite:$db1"
    if [[ "$status" == 0 && -s "$work/export1.xlsx" ]]; then
        ok "export the first database (${elapsed} s)"
        if diff="$(python3 "$tests/recount.py" export-counts "$work/export1.xlsx" "$gen/awkward.expect.json" 2>&1)"; then
            ok "export reads back in openpyxl: the sheets, one row per record"
        else
            bad "export reads back in openpyxl: the sheets, one row per record" "$diff"
        fi
        if diff="$(python3 "$tests/recount.py" export-records "$work/export1.xlsx" "$gen/awkward.records.json" 2>&1)"; then
            ok "export holds exactly the generated records (every awkward spelling read as meant)"
        else
            bad "export holds exactly the generated records (every awkward spelling read as meant)" "$diff"
        fi
        if [[ -n "$office" ]]; then
            t0="$(now)"
            if convert pdf "$work/lo-pdf" "$work/export1.xlsx" && [[ -s "$work/lo-pdf/export1.pdf" ]]; then
                ok "LibreOffice opens the export (converted to PDF, $(since "$t0") s)"
            else
                bad "LibreOffice opens the export (converted to PDF)" "$(cat "$work/soffice.out")"
            fi
        fi
        run "$work/import3.out" "$hocba" import "$work/export1.xlsx" --database-url "sqlite:$work/db3.sqlite"
        if imported "import the export into an empty database" "$status" "$work/import3.out"; then
            figures "export imported" "sqlite:$work/db3.sqlite"
            run "$work/export2.out" "$hocba" export --output "$work/export2.xlsx" --database-url "sqlite:$work/db3.sqlite"
            if [[ "$status" != 0 ]]; then
                bad "export the round-tripped database" "$(excerpt "$work/export2.out")"
            elif diff="$(python3 "$tests/recount.py" same-workbooks "$work/export1.xlsx" "$work/export2.xlsx" 2>&1)"; then
                ok "round trip: export → import → export gives the same cells"
            else
                bad "round trip: export → import → export gives the same cells" "$diff"
            fi
        fi
    else
        bad "export the first database" "exit $status: $(excerpt "$work/export1.out")"
    fi
fi

# --- the 1904 date system, CSV ------------------------------------------------------------------------------------
run "$work/import5.out" "$hocba" import "$gen/awkward-1904.xlsx" --database-url "sqlite:$work/db5.sqlite"
if imported "import awkward-1904.xlsx (date cells in the 1904 date system) into a fresh database" "$status" \
        "$work/import5.out"; then
    figures "1904 date system" "sqlite:$work/db5.sqlite"
fi
run "$work/import4.out" "$hocba" import "$gen/csv/KinhPhi.csv" "$gen/csv/co_so_dao_tao.csv" "$gen/csv/Giang Vien.csv" \
    --database-url "sqlite:$work/db4.sqlite"
if imported "import three CSV files (BOM or not, ';' or ',', quoted fields, loose file names) into a fresh database" \
        "$status" "$work/import4.out"; then
    figures "CSV files" "sqlite:$work/db4.sqlite" --only funding,instructors
fi

# --- bad inputs -------------------------------------------------------------------------------------------------
baddb="$work/bad.sqlite"
if [[ -s "$db1" ]]; then
    cp "$db1" "$baddb"
else
    "$hocba" migrate --database-url "sqlite:$baddb" >/dev/null
fi
cp "$baddb" "$work/bad.copy"
state "$baddb" "$work/bad.state"
timer=""
if [[ -x /usr/bin/time ]] && /usr/bin/time -v -o /dev/null true 2>/dev/null; then
    timer=/usr/bin/time
else
    skip "peak memory of bad inputs (no GNU /usr/bin/time)"
fi
limit_s=60
limit_mb=400
# Files that cannot be read at all: one line "hocba: …".
one_line=" not-a-zip.xlsx truncated.xlsx zip-bomb.xlsx doctype.xlsx doctype-sst.xlsx "
while IFS=$'\t' read -r file fragments; do
    out="$work/bad-$(printf '%s' "$file" | tr -c 'A-Za-z0-9.' '_')"
    command=(timeout "$limit_s" "$hocba" import "$gen/$file" --database-url "sqlite:$baddb")
    if [[ -n "$timer" ]]; then command=("$timer" -v -o "$out.time" "${command[@]}"); fi
    t0="$(now)"
    status=0
    "${command[@]}" >"$out.stdout" 2>"$out.stderr" || status=$?
    elapsed="$(since "$t0")"
    cat "$out.stdout" "$out.stderr" >"$out.out"
    rss_mb=""
    if [[ -n "$timer" ]]; then
        rss_kb="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$out.time")"
        rss_mb=$(( ${rss_kb:-0} / 1024 ))
    fi
    problems=()
    if [[ "$status" == 124 ]]; then
        problems+=("timed out after $limit_s s")
    elif [[ "$status" != 1 ]]; then
        problems+=("exit $status, wanted 1")
    fi
    while IFS= read -r fragment; do
        if ! grep -qF -- "$fragment" "$out.out"; then problems+=("output lacks \"$fragment\""); fi
    done < <(printf '%s' "$fragments" | tr '\037' '\n')
    if [[ "$one_line" == *" $file "* ]]; then
        if [[ -s "$out.stdout" || "$(grep -c . "$out.stderr" || true)" != 1 ]] || ! grep -q '^hocba: ' "$out.stderr"; then
            problems+=("not one line \"hocba: …\" on stderr")
        fi
    elif ! tail -n 1 "$out.stderr" | grep -q '^hocba: '; then
        problems+=("stderr does not end with \"hocba: …\"")
    fi
    if grep -qiE 'fatal error|stack trace|\.swift:[0-9]|PSQLError|SQLiteError' "$out.out"; then
        problems+=("shows program internals")
    fi
    if [[ -n "$rss_mb" && "$rss_mb" -ge "$limit_mb" ]]; then problems+=("peak memory $rss_mb MB ≥ $limit_mb MB"); fi
    if ! cmp -s "$baddb" "$work/bad.copy"; then
        problems+=("database file changed")
        cp "$work/bad.copy" "$baddb"
    else
        state "$baddb" "$work/bad.state2"
        if ! cmp -s "$work/bad.state" "$work/bad.state2"; then problems+=("database records changed"); fi
    fi
    for sidecar in "$baddb-wal" "$baddb-journal"; do
        if [[ -s "$sidecar" ]]; then problems+=("$(basename "$sidecar") left behind"); rm -f "$sidecar"; fi
    done
    measures="exit $status, ${elapsed} s${rss_mb:+, $rss_mb MB}"
    if [[ ${#problems[@]} -eq 0 ]]; then
        ok "bad input $file refused ($measures)"
    else
        bad "bad input $file refused ($measures)" "$(printf '%s\n' "${problems[@]}"; echo '--- output:'; excerpt "$out.out")"
    fi
done < <(python3 -c 'import json, sys
for name, fragments in sorted(json.load(open(sys.argv[1], encoding="utf-8")).items()):
    if isinstance(fragments, str): fragments = [fragments]
    print(name + "\t" + "\x1f".join(fragments))' "$gen/bad.expect.json")

# A long list of problems through one pipe (2>&1, as in a log or `| less`): the conclusion comes last, and no
# line is cut by the other stream.
status=0
"$hocba" import "$gen/many-errors.xlsx" --database-url "sqlite:$baddb" >"$work/many.out" 2>&1 || status=$?
if diff="$(python3 -c 'import sys
data = open(sys.argv[1], "rb").read()
try:
    text = data.decode("utf-8")
except UnicodeDecodeError as error:
    print(f"not valid UTF-8 at byte {error.start}: {data[max(0, error.start - 80):error.start + 80]!r}")
    sys.exit(1)
lines = [l for l in text.splitlines() if l]
if not lines[-1].startswith("hocba: Không nhập dữ liệu"):
    where = next((n for n, l in enumerate(lines) if "hocba: " in l), None)
    print(f"last line: {lines[-1]!r}")
    print(f"the line \"hocba: …\" is line {None if where is None else where + 1} of {len(lines)}: "
          f"{lines[where]!r}" if where is not None else "no line \"hocba: …\"")
    sys.exit(1)' "$work/many.out")"; then
    ok "3.000 row problems, stdout and stderr in one pipe: the refusal line comes last, UTF-8 intact"
else
    bad "3.000 row problems, stdout and stderr in one pipe: the refusal line comes last, UTF-8 intact" "$diff"
fi

# --- PostgreSQL -------------------------------------------------------------------------------------------------
if [[ -n "${HOCBA_TEST_POSTGRES_URL:-}" ]]; then
    admin="$HOCBA_TEST_POSTGRES_URL"
    base="${admin%%\?*}"
    query="${admin#"$base"}"
    psql_url="${base/#postgres:/postgresql:}"
    pg_url="${base%/*}/hocba_import_test$query"
    PGOPTIONS="--client-min-messages=warning" psql -q "$psql_url" -c "DROP DATABASE IF EXISTS hocba_import_test" \
        -c "CREATE DATABASE hocba_import_test" >/dev/null
    run "$work/import-pg.out" "$hocba" import "$gen/awkward.xlsx" --database-url "$pg_url"
    if imported "import awkward.xlsx into a fresh PostgreSQL database" "$status" "$work/import-pg.out"; then
        figures "awkward on PostgreSQL" "$pg_url"
        run "$work/import-pg2.out" "$hocba" import "$gen/awkward.xlsx" --database-url "$pg_url"
        imported "re-import awkward.xlsx on PostgreSQL" "$status" "$work/import-pg2.out" || true
        run "$work/export-pg.out" "$hocba" export --output "$work/export-pg.xlsx" --database-url "$pg_url"
        if [[ "$status" != 0 ]]; then
            bad "export from PostgreSQL" "$(excerpt "$work/export-pg.out")"
        elif [[ ! -s "$work/export1.xlsx" ]]; then
            skip "PostgreSQL export equals the SQLite export (no SQLite export)"
        elif diff="$(python3 "$tests/recount.py" same-workbooks "$work/export1.xlsx" "$work/export-pg.xlsx" 2>&1)"; then
            ok "PostgreSQL export equals the SQLite export"
        else
            bad "PostgreSQL export equals the SQLite export" "$diff"
        fi
    fi
    PGOPTIONS="--client-min-messages=warning" psql -q "$psql_url" -c "DROP DATABASE hocba_import_test" >/dev/null
else
    skip "import on PostgreSQL (HOCBA_TEST_POSTGRES_URL not set)"
fi

printf '%d passed, %d failed (%d s)\n' "$passed" "$failed" "$((SECONDS - started))"
[[ "$failed" == 0 ]]
