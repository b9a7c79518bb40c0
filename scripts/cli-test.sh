#!/usr/bin/env bash
# scripts/cli-test.sh — checks the `hocba` command line as an officer meets it: help on every command, the default
# database file, one-line Vietnamese errors with a non-zero exit (never a stack trace), and `hocba demo` on SQLite
# and, when HOCBA_TEST_POSTGRES_URL is set (scripts/with-postgres.sh), on PostgreSQL.
# Needs HOCBA_BIN (the bin folder or the binary). Ends with "N passed, N failed".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${HOCBA_BIN:-$(cd "$ROOT" && swift build --show-bin-path)}"
[[ -d "$bin" ]] && bin="$bin/hocba"
[[ -x "$bin" ]] || { echo "cli-test: no hocba binary at $bin (build first)" >&2; exit 1; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=lib/checks.sh
source "$ROOT/scripts/lib/checks.sh"

# expect NAME STATUS PATTERN CMD...: runs CMD in $work, checks its exit status and that its output matches PATTERN.
expect() {
    local name="$1" want="$2" pattern="$3"
    shift 3
    local out status=0
    out="$(cd "$work" && "$@" 2>&1)" || status=$?
    if [[ "$status" != "$want" ]]; then
        bad "$name" "exit $status, wanted $want: $(printf '%s' "$out" | head -c 300)"
    elif ! grep -qE -- "$pattern" <<<"$out"; then
        bad "$name" "output does not match /$pattern/: $(printf '%s' "$out" | head -c 300)"
    else
        ok "$name"
    fi
}

# error_line NAME CMD...: CMD fails with exactly one line, "hocba: …", and no trace of Swift internals.
error_line() {
    local name="$1"
    shift
    local out status=0
    out="$(cd "$work" && "$@" 2>&1)" || status=$?
    local lines
    lines="$(printf '%s\n' "$out" | grep -c .)"
    if [[ "$status" == 0 ]]; then
        bad "$name" "succeeded: $out"
    elif [[ "$lines" != 1 || "$out" != hocba:* ]] || grep -qiE 'fatal|stack|\.swift:|PSQLError|SQLiteError' <<<"$out"; then
        bad "$name" "not one clean line: $out"
    else
        ok "$name"
    fi
}

for command in "" serve demo migrate import export "audit verify" eligibility commitments "certificate issue" \
    "certificate list" "certificate revoke"; do
    # shellcheck disable=SC2086
    expect "help ${command:-(top)}" 0 'USAGE: hocba' "$bin" $command --help
done

expect "migrate creates data/hocba.sqlite with its folder" 0 'data/hocba.sqlite' "$bin" migrate
if [[ -s "$work/data/hocba.sqlite" ]]; then ok "default database file exists"; else bad "default database file exists"; fi

error_line "unsupported database URL" "$bin" migrate --database-url mysql://localhost/x
error_line "malformed PostgreSQL URL" "$bin" migrate --database-url postgres://
error_line "unreachable PostgreSQL" "$bin" migrate --database-url postgres://nobody@127.0.0.1:1/none
error_line "serve with unreachable PostgreSQL" "$bin" serve --port 18099 --database-url postgres://nobody@127.0.0.1:1/x
printf 'not a database' >"$work/garbage.sqlite"
error_line "file that is not SQLite" "$bin" migrate --database-url "sqlite:$work/garbage.sqlite"
error_line "invalid port" "$bin" serve --port 99999 --database-url "sqlite:$work/p.sqlite"

expect "demo on SQLite" 0 'Đã nạp tỉnh mẫu' "$bin" demo --database-url "sqlite://$work/demo/a.sqlite"
error_line "demo refuses a database with records" "$bin" demo --database-url "sqlite:$work/demo/a.sqlite"
# The synthetic nation (its load is tested in the store suite): its options, and a database that holds records.
error_line "demo --nation refuses a database with records" "$bin" demo --nation --people 1000 \
    --database-url "sqlite:$work/demo/a.sqlite"
expect "demo --nation refuses fewer than 1 000 people" 64 'phải từ 1 000 trở lên' \
    "$bin" demo --nation --people 10 --database-url "sqlite:$work/demo/n.sqlite"
expect "demo --people without --nation is refused" 64 'chỉ dùng cùng --nation' \
    "$bin" demo --people 5000 --database-url "sqlite:$work/demo/n.sqlite"
expect "demo --reset reloads, with one account per role" 0 'quantri +[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4} +Quản trị hệ thống' \
    "$bin" demo --reset --database-url "sqlite:$work/demo/a.sqlite"
# Accounts from the command line: the password comes on stdin (never an argument) and must be long enough.
expect "user add reads the password from stdin" 0 'Đã tạo tài khoản nv.huyen' \
    sh -c "printf 'mot-mat-khau-du-dai\n' | '$bin' user add --username nv.huyen --role TO-CHUC-DON-VI --unit BABE --name 'Nông Văn Huyện' --database-url 'sqlite:$work/demo/a.sqlite'"
error_line "user add refuses a short password" \
    sh -c "printf 'ngan\n' | '$bin' user add --username nv.ngan --role LANH-DAO --unit BABE --database-url 'sqlite:$work/demo/a.sqlite'"
error_line "user add refuses a unit role without a unit" \
    sh -c "printf 'mot-mat-khau-du-dai\n' | '$bin' user add --username nv.khong --role TO-CHUC-DON-VI --database-url 'sqlite:$work/demo/a.sqlite'"
expect "user passwd" 0 'Đã đổi mật khẩu của nv.huyen' \
    sh -c "printf 'mat-khau-moi-du-dai\n' | '$bin' user passwd nv.huyen --database-url 'sqlite:$work/demo/a.sqlite'"
expect "user list" 0 'nv.huyen.*Cán bộ tổ chức đơn vị.*BABE' "$bin" user list --database-url "sqlite:$work/demo/a.sqlite"
# API tokens (docs/api.md): the token alone on the last line, listed by name and prefix only, revoked by name.
# A token expires within 5 years: two years from today.
token_expiry="$(date -u -d '+2 years' +%F)"
token_out="$(cd "$work" && "$bin" token create --user nv.huyen --name "cổng" --expires "$token_expiry" --database-url "sqlite:$work/demo/a.sqlite" 2>&1)" || true
token_line="$(printf '%s\n' "$token_out" | tail -n 1)"
if [[ "$token_line" =~ ^hocba_[0-9a-f]{60}$ ]]; then ok "token create prints the token alone on its last line"
else bad "token create prints the token alone on its last line" "$token_out"; fi
expect "token list names the token, never shows it" 0 "cổng	${token_line:0:12}…	còn hiệu lực" \
    "$bin" token list --user nv.huyen --database-url "sqlite:$work/demo/a.sqlite"
if "$bin" token list --user nv.huyen --database-url "sqlite:$work/demo/a.sqlite" | grep -q "$token_line"; then
    bad "token list never shows the token"
else ok "token list never shows the token"; fi
error_line "token create refuses a duplicate live name" \
    "$bin" token create --user nv.huyen --name "cổng" --database-url "sqlite:$work/demo/a.sqlite"
error_line "token create refuses a past expiry" \
    "$bin" token create --user nv.huyen --name "cũ" --expires 2020-01-01 --database-url "sqlite:$work/demo/a.sqlite"
error_line "token create refuses an unknown account" \
    "$bin" token create --user khong.co --name "x" --database-url "sqlite:$work/demo/a.sqlite"
expect "token revoke" 0 'Đã thu hồi khóa API "cổng"' \
    "$bin" token revoke --user nv.huyen --name "cổng" --database-url "sqlite:$work/demo/a.sqlite"
expect "token list shows it revoked" 0 'cổng.*đã thu hồi' "$bin" token list --user nv.huyen --database-url "sqlite:$work/demo/a.sqlite"
expect "production demo creates no account" 0 'không tạo tài khoản mẫu' \
    env HOCBA_ENV=production "$bin" demo --database-url "sqlite:$work/demo/prod.sqlite"
expect "production database has no account" 0 '^$' "$bin" user list --database-url "sqlite:$work/demo/prod.sqlite"
# The article, to the digit, from the demo through the command line.
article=(report summary --from 2016-01-01 --to 2020-12-31 --as-of 2020-10-12 --database-url "sqlite:$work/demo/a.sqlite")
expect "report json: 20.743 lượt" 0 '"total" : 20743' "$bin" "${article[@]}" --format json
expect "report json: commune cadres 0.8379" 0 '"rate" : 0.8379' "$bin" "${article[@]}" --format json
expect "report text: 13.725 lượt cán bộ, công chức" 0 '13\.725 lượt cán bộ, công chức' "$bin" "${article[@]}" --format text
expect "report text: 83,79% and 98,61%" 0 '83,79% cán bộ cấp xã.*98,61% công chức cấp xã' "$bin" "${article[@]}" --format text
expect "report text: money in words" 0 'hơn 24 tỷ đồng.*900 triệu đồng.*gần 500 triệu đồng' "$bin" "${article[@]}" --format text
error_line "report xlsx needs --output" "$bin" "${article[@]}" --format xlsx
# Training standards on the demo at the end of 2020: people with gaps by unit add up to the province's, and the
# text says the same count as the JSON.
check=(check --as-of 2020-12-31 --database-url "sqlite:$work/demo/a.sqlite")
expect "check json: units add up to the province" 0 '^ok [0-9]+$' sh -c "'$bin' ${check[*]} --format json | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r[\"withGaps\"] > 0 and sum(u[\"withGaps\"] for u in r[\"units\"]) == r[\"withGaps\"] == len(r[\"people\"])
print(\"ok\", r[\"withGaps\"])'"
gaps="$(cd "$work" && "$bin" "${check[@]}" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["withGaps"])')"
expect "check text: the same count" 0 "$(printf '%s' "$gaps" | sed -E ':a;s/([0-9])([0-9]{3})($|\.)/\1.\2\3/;ta') người chưa đạt" "$bin" "${check[@]}" --format text
expect "check of one person, with reasons" 0 '\[(Đạt|Chưa đạt)' "$bin" "${check[@]}" --person "$(cd "$work" && "$bin" "${check[@]}" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["people"][0]["code"])')"
# The national database's change feed (docs/national-sync.md): after a moment, exactly the person an import changed.
since="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
sleep 1
printf 'Mã cán bộ,Loại,Trình độ,Ngày cấp\nCB000002,QLNN,CV,01/06/2024\n' >"$work/VanBang.csv"
expect "import one qualification" 0 'Đã nhập xong' "$bin" import "$work/VanBang.csv" --database-url "sqlite:$work/demo/a.sqlite"
expect "export --changes-since: exactly the person changed" 0 '^ok CB000002 [0-9]{12}$' sh -c "'$bin' export \
    --changes-since '$since' --format jsonl --output '$work/changes.jsonl' --database-url 'sqlite:$work/demo/a.sqlite' \
    >/dev/null && python3 -c '
import json
lines = [json.loads(line) for line in open(\"$work/changes.jsonl\", encoding=\"utf-8\")]
assert len(lines) == 1, [line[\"ma_can_bo\"] for line in lines]
assert any(q[\"loai\"] == \"QLNN\" and q[\"ngay_cap\"] == \"2024-06-01\" for q in lines[0][\"van_bang\"])
print(\"ok\", lines[0][\"ma_can_bo\"], lines[0][\"so_dinh_danh\"])'"
expect "export --changes-since --mark-delivered" 0 'Đã ghi nhận đã gửi' "$bin" export --changes-since 2000-01-01 \
    --format xlsx --output "$work/changes.xlsx" --mark-delivered --database-url "sqlite:$work/demo/a.sqlite"
error_line "export --changes-since with a bad moment" "$bin" export --changes-since hom-qua --output "$work/x.jsonl" \
    --database-url "sqlite:$work/demo/a.sqlite"
error_line "export --changes-since in the future" "$bin" export --changes-since 2099-01-01 --output "$work/x.jsonl" \
    --database-url "sqlite:$work/demo/a.sqlite"
# A delivery covers everything up to its moment: marking a file that starts after an undelivered change is refused.
printf 'Mã cán bộ,Loại,Trình độ,Ngày cấp\nCB000002,QLNN,CV,02/06/2024\n' >"$work/VanBang.csv"
expect "import another change" 0 'Đã nhập xong' "$bin" import "$work/VanBang.csv" --database-url "sqlite:$work/demo/a.sqlite"
sleep 1
error_line "export --mark-delivered leaving an earlier change undelivered" "$bin" export \
    --changes-since "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --output "$work/x.jsonl" --mark-delivered \
    --database-url "sqlite:$work/demo/a.sqlite"
# The standard workbook streams (the nation exports in bounded memory); --sheets keeps only the sheets named.
expect "export --sheets CanBo: every person, nothing else" 0 '^ok 12163$' sh -c "'$bin' export --sheets CanBo \
    --output '$work/can-bo.xlsx' --database-url 'sqlite:$work/demo/a.sqlite' >/dev/null && python3 -c '
import openpyxl
book = openpyxl.load_workbook(\"$work/can-bo.xlsx\", read_only=True)
assert book.sheetnames == [\"CanBo\"], book.sheetnames
rows = list(book[\"CanBo\"].iter_rows(values_only=True))
assert rows[0][0] == \"Mã cán bộ*\" and book[\"CanBo\"].max_row == len(rows)
print(\"ok\", len(rows) - 1)'"
expect "export --sheets with an unknown sheet names the sheets" 64 'không có trang GhiDanh\. Các trang: CoSoDaoTao' \
    "$bin" export --sheets canbo,GhiDanh --output "$work/x.xlsx" --database-url "sqlite:$work/demo/a.sqlite"
expect "export --sheets naming no sheet" 64 'hãy nêu ít nhất một trang' \
    "$bin" export --sheets " , " --output "$work/x.xlsx" --database-url "sqlite:$work/demo/a.sqlite"
first_code() {
    python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select code from ' + sys.argv[2] + ' order by code limit 1').fetchone()[0])" \
        "$work/demo/a.sqlite" "$1"
}
expect "eligibility json: the in-service condition answered" 0 '"rule" : "Đang công tác vào ngày khai giảng"' \
    "$bin" eligibility --person "$(first_code people)" --class "$(first_code classes)" --on 2020-01-01 --format json \
    --database-url "sqlite:$work/demo/a.sqlite"
error_line "eligibility of an unknown person" "$bin" eligibility --person KHONG-CO --class KHONG-CO \
    --database-url "sqlite:$work/demo/a.sqlite"
error_line "eligibility with a bad date" "$bin" eligibility --person A --class B --on 31/02/2026 \
    --database-url "sqlite:$work/demo/a.sqlite"
expect "commitments json: the demo's commitment of 3 × 24 months" 0 '"commitmentMonths" : 72' \
    "$bin" commitments --format json --database-url "sqlite:$work/demo/a.sqlite"
expect "commitments json: the drop-out owes the whole cost" 0 '"amount" : 96000000' \
    "$bin" commitments --format json --database-url "sqlite:$work/demo/a.sqlite"
expect "commitments text, reviewed first" 0 'Hồ sơ bồi hoàn chưa xong: 1' \
    "$bin" commitments --review --database-url "sqlite:$work/demo/a.sqlite"
error_line "commitments with a bad date" "$bin" commitments --as-of 2026-13-01 --database-url "sqlite:$work/demo/a.sqlite"
error_line "commitments of an unknown unit" "$bin" commitments --unit KHONG-CO --database-url "sqlite:$work/demo/a.sqlite"
# Certificates: a school's ended class with completed learners, issued, listed, one revoked.
cert_class="$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select c.code from classes c join enrolments e on e.class_id = c.id where c.institution_id is not null and e.result = 'HOAN-THANH' and c.end_date < '2021-01-01' and e.certificate_number is null and not exists (select 1 from certificates ce where ce.enrolment_id = e.id) order by c.end_date desc, c.code limit 1\").fetchone()[0])" "$work/demo/a.sqlite")"
expect "certificate issue" 0 '^Đã cấp [0-9]+ chứng chỉ: [A-Z0-9-]+-000001 ' \
    "$bin" certificate issue --class "$cert_class" --signer "Hiệu trưởng" --on 2026-03-02 --database-url "sqlite:$work/demo/a.sqlite"
error_line "certificate issue again: nobody left" "$bin" certificate issue --class "$cert_class" --signer "Hiệu trưởng" \
    --database-url "sqlite:$work/demo/a.sqlite"
expect "certificate list json: number, person, status, verification url" 0 '"verification_url" : "http[^"]*/xac-minh/[A-Z2-7]{20}"' \
    "$bin" certificate list --class "$cert_class" --format json --database-url "sqlite:$work/demo/a.sqlite"
first_certificate="$("$bin" certificate list --class "$cert_class" --format json --database-url "sqlite:$work/demo/a.sqlite" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["number"])')"
expect "certificate revoke" 0 "Đã thu hồi chứng chỉ $first_certificate" \
    "$bin" certificate revoke "$first_certificate" --reason "Ghi sai ngày sinh" --database-url "sqlite:$work/demo/a.sqlite"
expect "certificate list text shows the revocation" 0 "^$first_certificate .*Đã thu hồi" \
    "$bin" certificate list --class "$cert_class" --database-url "sqlite:$work/demo/a.sqlite"
error_line "certificate revoke of an unknown number" "$bin" certificate revoke KHONG-CO --reason x \
    --database-url "sqlite:$work/demo/a.sqlite"
error_line "check with a bad date" "$bin" check --as-of 31-31-2020 --database-url "sqlite:$work/demo/a.sqlite"
error_line "report with unknown unit" "$bin" "${article[@]}" --unit KHONG-CO
expect "report xlsx" 0 '^$' "$bin" "${article[@]}" --format xlsx --output "$work/bao-cao.xlsx"
expect "report docx" 0 '^$' "$bin" "${article[@]}" --format docx --output "$work/bao-cao.docx"
expect "report docx of the merged province with predecessors" 0 '^$' \
    "$bin" "${article[@]}" --unit TN --include-predecessors --format docx --output "$work/bao-cao-sap-nhap.docx"
if [[ "${HOCBA_OFFICE_CHECK:-}" == 1 ]]; then
    expect "exports open in openpyxl, python-docx and LibreOffice" 0 '0 problem' \
        python3 "$ROOT/tests/office/check_office_files.py" "$work/bao-cao.xlsx" "$work/bao-cao.docx" \
        "$work/bao-cao-sap-nhap.docx"
else
    echo "skip  opening exports in openpyxl, python-docx, LibreOffice (HOCBA_OFFICE_CHECK not 1)"
fi

# The audit trail: intact after the demo and a scripted set of edits (an import that adds and changes records),
# broken, naming the entry, once a past entry is edited in the database behind the product's back.
db="$work/demo/a.sqlite"
expect "audit verify after demo" 0 'Nhật ký nguyên vẹn' "$bin" audit verify --database-url "sqlite:$db"
printf 'Mã cán bộ;Họ và tên;Mã đơn vị;Đối tượng\nAUDIT1;Lò Văn Kiểm;%s;CC\n' \
    "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select code from units order by id limit 1').fetchone()[0])" "$db")" \
    >"$work/CanBo.csv"
expect "scripted edit: import a CSV" 0 'Đã nhập xong' "$bin" import "$work/CanBo.csv" --database-url "sqlite:$db"
expect "audit verify after edits" 0 'Nhật ký nguyên vẹn: [0-9.]+ mục' "$bin" audit verify --database-url "sqlite:$db"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"update audit_entries set actor='ai đó' where id=(select min(id) from audit_entries)\"); c.commit()" "$db"
expect "audit verify after tampering fails, naming the entry" 1 'Nhật ký bị can thiệp tại mục #[0-9]+' \
    "$bin" audit verify --database-url "sqlite:$db"

# Reports through mergers (issue 14). The demo's Bắc Kạn units were merged into Thái Nguyên's on 1 July 2025: the
# new province with its predecessors is the article, and Bắc Kạn alone is unchanged.
expect "report of the new province with predecessors: 20.743 lượt" 0 '"total" : 20743' \
    "$bin" "${article[@]}" --unit TN --include-predecessors --format json
expect "report with predecessors names the included units" 0 '"included_units"' \
    "$bin" "${article[@]}" --unit TN --include-predecessors --format json
expect "report of the old province unchanged" 0 '"total" : 20743' "$bin" "${article[@]}" --unit BK --format json
error_line "include-predecessors needs a unit" "$bin" "${article[@]}" --include-predecessors
# Two old provinces whose files use the same codes, side by side with --code-prefix, then a DonVi file that merges
# them into a new province and their communes into a new commune.
for province in a b; do
    mkdir -p "$work/merge/$province"
    printf 'Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên\nT,Tỉnh %s,TINH,\nX1,Xã một,XA,T\nX2,Xã hai,XA,T\n' "$province" >"$work/merge/$province/DonVi.csv"
    printf 'Mã cán bộ,Họ và tên,Mã đơn vị,Đối tượng\nCB0001,Lò Văn Một,X1,CC\nCB0002,Lò Văn Hai,X2,CB\nCB0003,Lò Văn Ba,T,CC\n' >"$work/merge/$province/CanBo.csv"
    printf 'Mã lớp,Tên lớp,Loại chương trình,Từ ngày,Đến ngày\nL1,Lớp một,NGACH,01/03/2019,30/04/2019\n' >"$work/merge/$province/LopHoc.csv"
done
printf 'Mã lớp,Mã cán bộ,Kết quả\nL1,CB0001,Hoàn thành\nL1,CB0002,Hoàn thành\nL1,CB0003,Hoàn thành\n' >"$work/merge/a/HocVien.csv"
printf 'Mã lớp,Mã cán bộ,Kết quả\nL1,CB0001,Hoàn thành\nL1,CB0003,Hoàn thành\n' >"$work/merge/b/HocVien.csv"
printf 'Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên,Hiệu lực từ,Hiệu lực đến,Sáp nhập vào\nN,Tỉnh mới,TINH,,01/07/2025,,\nN-X,Xã mới,XA,N,01/07/2025,,\nA.T,Tỉnh a,TINH,,,30/06/2025,N\nB.T,Tỉnh b,TINH,,,30/06/2025,N\nA.X1,Xã một,XA,A.T,,30/06/2025,N-X\nB.X1,Xã một,XA,B.T,,30/06/2025,N-X\n' >"$work/merge/DonVi.csv"
mdb="sqlite:$work/merge/m.sqlite"
error_line "import refuses a prefix with diacritics" "$bin" import "$work/merge/a/"*.csv --code-prefix "Bắc." --database-url "$mdb"
expect "import province a with --code-prefix A." 0 'Đã nhập xong' "$bin" import "$work/merge/a/"*.csv --code-prefix A. --database-url "$mdb"
expect "import province b, same codes, with --code-prefix B." 0 'Đã nhập xong' "$bin" import "$work/merge/b/"*.csv --code-prefix B. --database-url "$mdb"
merge_report=(report summary --from 2019-01-01 --to 2019-12-31 --format json --database-url "$mdb")
total() { (cd "$work" && "$bin" "${merge_report[@]}" "$@" | python3 -c 'import json,sys; print(json.load(sys.stdin)["person_times"]["total"])'); }
before_a="$(total --unit A.T)"
before_b="$(total --unit B.T)"
expect "import the DonVi file that merges them" 0 'Đã nhập xong' "$bin" import "$work/merge/DonVi.csv" --database-url "$mdb"
expect "new province with predecessors = a + b ($before_a + $before_b)" 0 "^$((before_a + before_b))\$" total --unit N --include-predecessors
expect "old province a unchanged" 0 "^${before_a}\$" total --unit A.T
expect "old province b unchanged" 0 "^${before_b}\$" total --unit B.T
expect "new commune with predecessors = the old communes" 0 '^2$' total --unit N-X --include-predecessors
expect "new province without predecessors counts nothing" 0 '^0$' total --unit N

expect "DATABASE_URL is honoured" 0 'sqlite:.*env\.sqlite' env DATABASE_URL="sqlite:$work/env.sqlite" "$bin" migrate

if [[ -n "${HOCBA_TEST_POSTGRES_URL:-}" ]]; then
    admin="${HOCBA_TEST_POSTGRES_URL}"
    psql_url="${admin%%\?*}"
    psql_url="${psql_url/#postgres:/postgresql:}"
    PGOPTIONS="--client-min-messages=warning" psql -q "$psql_url" -c "DROP DATABASE IF EXISTS hocba_cli_demo" -c "CREATE DATABASE hocba_cli_demo" >/dev/null
    demo_url="${admin/\/postgres\?//hocba_cli_demo?}"
    expect "demo on PostgreSQL" 0 'Đã nạp tỉnh mẫu.*27\.432 lượt ghi danh' "$bin" demo --database-url "$demo_url"
    expect "migrate on PostgreSQL is idempotent" 0 'đã cập nhật' "$bin" migrate --database-url "$demo_url"
    PGOPTIONS="--client-min-messages=warning" psql -q "$psql_url" -c "DROP DATABASE hocba_cli_demo" >/dev/null
else
    echo "skip  demo on PostgreSQL (HOCBA_TEST_POSTGRES_URL not set)"
fi

printf '%d passed, %d failed\n' "$passed" "$failed"
[[ "$failed" == 0 ]]
