#!/usr/bin/env python3
"""tests/import/recount.py — the summary report recounted by hand, and checks on exported workbooks.

Independent of the product: plain loops over the canonical records that make_workbooks.py writes
(awkward.records.json), following docs/reports.md (definition version 1).

  recount.py expect RECORDS.json FROM TO AS_OF [UNIT]   prints the expected figures as JSON
  recount.py compare EXPECT.json REPORT.json [--key K] [--only P]
                                                         compares a `hocba report summary --format json` output with
                                                         the expected figures (K: a sub-object of EXPECT, e.g. variants.unit;
                                                         P: only the figures under P, e.g. funding,instructors)
  recount.py export-counts EXPORT.xlsx EXPECT.json       sheets and data-row counts of an export equal the records'
  recount.py export-records EXPORT.xlsx RECORDS.json [--strict-blanks]
                                                         an export holds exactly the records (canonical values);
                                                         --strict-blanks: blank Hình thức / Địa điểm stay blank
  recount.py same-workbooks A.xlsx B.xlsx                every sheet of A and B holds the same cell values
Each check prints one line per difference and exits 1 when there is any.
"""
import datetime as dt
import json
import sys
from decimal import Decimal, ROUND_HALF_UP

PROFESSIONAL_ORDER = ["CHUA", "SO-CAP", "TRUNG-CAP", "CAO-DANG", "DAI-HOC", "THAC-SI", "TIEN-SI"]
SHEETS = ["CoSoDaoTao", "DonVi", "CanBo", "QuaTrinh", "VanBang", "GiangVien", "LopHoc", "HocVien", "KinhPhi"]
# The export's sheets, in the product's dependency order: the generated files have no job positions (ViTriViecLam,
# issue 14), so its sheet is exported empty.
# The export's sheets in order: the contract's, with the job positions (version 2) and the annual ratings (DanhGia,
# issue 17), which the generated provinces do not fill.
EXPORT_SHEETS = SHEETS[:2] + ["ViTriViecLam"] + SHEETS[2:5] + ["DanhGia"] + SHEETS[5:]


def state_on(person, when):
    """The person's (unit, category) on ISO date `when`: the history row covering it, else (no history) CanBo;
    None when the person has history and no row covers the date."""
    if not person["history"]:
        return person["unit"], person["category"]
    for row in person["history"]:
        if row["from"] <= when and (row["to"] is None or when <= row["to"]):
            return row["unit"], row["category"]
    return None


def professional_level_on(person, when):
    rows = [q for q in person["qualifications"] if q["kind"] == "CHUYEN-MON"]
    if not rows:
        return person["professional"]
    best = None
    for q in rows:
        if q["granted"] <= when:
            if best is None or PROFESSIONAL_ORDER.index(q["level"]) > PROFESSIONAL_ORDER.index(best):
                best = q["level"]
    return best


def rate(part, whole):
    """part / whole rounded half-up to 4 decimals; 0 when whole is 0."""
    if whole == 0:
        return 0
    return float((Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def recount(data, frm, to, as_of, unit=None):
    units = {u["code"]: u for u in data["units"]}
    people = {p["code"]: p for p in data["people"]}
    classes = {c["code"]: c for c in data["classes"]}

    def under(code, scope):
        seen = set()
        while code is not None and code not in seen:
            if code == scope:
                return True
            seen.add(code)
            code = units[code]["parent"]
        return False

    cbcc = {"province": 0, "district": 0, "commune": 0, "commune_non_specialized": 0}
    vien_chuc = {"administrative": 0, "professional": 0}
    hdnd = {"province": 0, "district": 0, "commune": 0, "ethnic_minority": 0}
    by_type = {}
    by_year = {}
    for e in data["enrolments"]:
        if e["result"] != "HOAN-THANH":
            continue
        c = classes[e["class"]]
        if not (frm <= c["end"] <= to):
            continue
        person = people[e["person"]]
        snapshot = state_on(person, c["start"])
        if snapshot is None:
            raise SystemExit(f"recount: {e['person']} out of service on {c['start']} (class {c['code']})")
        snap_unit, category = snapshot
        if unit is not None and not under(snap_unit, unit):
            continue
        by_type[c["type"]] = by_type.get(c["type"], 0) + 1
        year = int(c["end"][:4])
        by_year[year] = by_year.get(year, 0) + 1
        capacity = e["capacity"]
        if capacity.startswith("HDND-"):
            hdnd[{"HDND-TINH": "province", "HDND-HUYEN": "district", "HDND-XA": "commune"}[capacity]] += 1
            if person["ethnicity"] != "Kinh":
                hdnd["ethnic_minority"] += 1
        elif category in ("CB", "CC"):
            level = units[snap_unit]["level"]
            cbcc[{"TINH": "province", "HUYEN": "district", "XA": "commune"}[level]] += 1
        elif category == "KCT":
            cbcc["commune_non_specialized"] += 1
        elif category == "VCHC":
            vien_chuc["administrative"] += 1
        elif category == "VCCN":
            vien_chuc["professional"] += 1
        else:
            raise SystemExit(f"recount: unknown category {category}")
    cbcc["province_district"] = cbcc["province"] + cbcc["district"]
    cbcc["total"] = cbcc["province_district"] + cbcc["commune"] + cbcc["commune_non_specialized"]
    vien_chuc["total"] = vien_chuc["administrative"] + vien_chuc["professional"]
    hdnd["total"] = hdnd["province"] + hdnd["district"] + hdnd["commune"]

    qualification = {}
    for key, wanted in [("commune_cadres", "CB"), ("commune_civil_servants", "CC")]:
        count = intermediate = 0
        for person in data["people"]:
            state = state_on(person, as_of)
            if state is None:
                continue
            state_unit, category = state
            if category != wanted or units[state_unit]["level"] != "XA":
                continue
            if unit is not None and not under(state_unit, unit):
                continue
            count += 1
            level = professional_level_on(person, as_of)
            if level is not None and PROFESSIONAL_ORDER.index(level) >= PROFESSIONAL_ORDER.index("TRUNG-CAP"):
                intermediate += 1
        qualification[key] = {"count": count, "at_least_intermediate": intermediate,
                              "rate": rate(intermediate, count)}

    funding = {"total": 0, "by_source": {}}
    for line in data["funding"]:
        if line["kind"] == "THUC-CHI" and int(frm[:4]) <= line["year"] <= int(to[:4]):
            funding["total"] += line["amount"]
            funding["by_source"][line["source"]] = funding["by_source"].get(line["source"], 0) + line["amount"]

    instructors = {}
    for i in data["institutions"]:
        instructors[i["code"]] = {"total": 0, "masters": 0, "doctorate": 0, "active_methods_trained": 0}
    for g in data["instructors"]:
        row = instructors[g["institution"]]
        row["total"] += 1
        row["masters"] += g["degree"] == "THAC-SI"
        row["doctorate"] += g["degree"] == "TIEN-SI"
        row["active_methods_trained"] += bool(g["active"])

    return {"from": frm, "to": to, "as_of": as_of, "unit": unit,
            "person_times": {"total": cbcc["total"] + vien_chuc["total"], "cbcc": cbcc, "vien_chuc": vien_chuc,
                             "hdnd": hdnd},
            "qualification": qualification, "funding": funding,
            "by_type": {k: by_type[k] for k in sorted(by_type)},
            "by_year": {str(k): by_year[k] for k in sorted(by_year)},
            "instructors": instructors}


def record_counts(data):
    return {"CoSoDaoTao": len(data["institutions"]), "DonVi": len(data["units"]), "CanBo": len(data["people"]),
            "QuaTrinh": sum(len(p["history"]) for p in data["people"]),
            "VanBang": sum(len(p["qualifications"]) for p in data["people"]),
            "DanhGia": sum(len(p.get("ratings", [])) for p in data["people"]),
            "GiangVien": len(data["instructors"]), "LopHoc": len(data["classes"]),
            "HocVien": len(data["enrolments"]), "KinhPhi": len(data["funding"])}


# --- comparing a report with the expected figures -----------------------------------------------------------
def flatten(prefix, value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    else:
        out[prefix] = value
    return out


def report_as_expected_shape(report):
    """The product's JSON with its lists turned into maps keyed like the expected figures."""
    funding = report.get("funding", {})
    return {
        "person_times": report.get("person_times"),
        "qualification": report.get("qualification"),
        "funding": {"total": funding.get("total"),
                    "by_source": {s["source"]: s["amount"] for s in funding.get("by_source", [])}},
        "by_type": {t["type"]: t["person_times"] for t in report.get("by_type", [])},
        "by_year": {str(y["year"]): y["person_times"] for y in report.get("by_year", [])},
        "instructors": {i["institution"]: {k: i.get(k) for k in
                                           ("total", "masters", "doctorate", "active_methods_trained")}
                        for i in report.get("instructors", [])},
    }


def compare(expect, report):
    problems = []
    for key in ("from", "to", "as_of", "unit"):
        if report.get(key) != expect.get(key):
            problems.append(f"{key}: expected {expect.get(key)!r}, got {report.get(key)!r}")
    got = flatten("", report_as_expected_shape(report), {})
    want = flatten("", {k: expect[k] for k in ("person_times", "qualification", "funding", "by_type", "by_year",
                                               "instructors")}, {})
    # Lists may leave out zero entries; an entry the product adds must then be zero.
    open_maps = ("funding.by_source.", "by_type.", "by_year.")
    for path in sorted(set(want) | set(got)):
        w = want.get(path, 0 if path.startswith(open_maps) else "(absent)")
        g = got.get(path, 0 if path.startswith(open_maps) else "(absent)")
        if isinstance(w, float) or isinstance(g, float):
            same = isinstance(g, (int, float)) and isinstance(w, (int, float)) and abs(w - g) < 1e-9
        else:
            same = w == g and type(w) is type(g)
        if not same:
            problems.append(f"{path}: expected {w}, got {g}")
    return problems


# --- exported workbooks ---------------------------------------------------------------------------------------
def load(path):
    import openpyxl
    return openpyxl.load_workbook(path, read_only=True, data_only=True)


def data_rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        return [], []
    header = [str(h).rstrip("*").strip() if h is not None else None for h in rows[0]]
    body = [r for r in rows[1:] if any(v is not None and v != "" for v in r)]
    return header, body


def export_counts(export_path, expect):
    problems = []
    wb = load(export_path)
    names = wb.sheetnames
    if names[:len(EXPORT_SHEETS)] != EXPORT_SHEETS:
        problems.append(f"sheets: expected {EXPORT_SHEETS} first, got {names}")
    for sheet, want in expect["records"].items():
        if sheet not in names:
            problems.append(f"{sheet}: missing")
            continue
        _, body = data_rows(wb[sheet])
        if len(body) != want:
            problems.append(f"{sheet}: {len(body)} rows, records {want}")
    return problems


def iso(value):
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def export_tuples(export_path):
    wb = load(export_path)
    out = {}
    for sheet in SHEETS:
        header, body = data_rows(wb[sheet])
        out[sheet] = [{h: iso(v) for h, v in zip(header, row) if h} for row in body]
    return out


# Values the product fills in for a blank optional cell where docs/workbook.md names no default (Hình thức,
# Địa điểm): the product fills them as its class form does (docs/import.md); `--strict-blanks` reports them.
PRODUCT_FILLS = {("LopHoc", "form"): "BOI-DUONG", ("LopHoc", "place"): "TRONG-NUOC"}


def record_tuples(data, strict_blanks=True):
    def fill(sheet, field, value):
        return PRODUCT_FILLS.get((sheet, field)) if value is None and not strict_blanks else value
    t = {}
    t["CoSoDaoTao"] = [(i["code"], i["name"]) for i in data["institutions"]]
    t["DonVi"] = [(u["code"], u["name"], u["level"], u["parent"], u["valid_from"], u["valid_to"], u["merged_into"])
                  for u in data["units"]]
    t["CanBo"] = [(p["code"], p["name"], p["birth"], p["sex"], p["ethnicity"], p["unit"], p["category"], p["rank"],
                   p["post"], p["professional"], p["political"], p["state_management"]) for p in data["people"]]
    t["QuaTrinh"] = [(p["code"], r["unit"], r["category"], r["rank"], r["from"], r["to"])
                     for p in data["people"] for r in p["history"]]
    t["VanBang"] = [(p["code"], q["kind"], q["level"], q["granted"]) for p in data["people"]
                    for q in p["qualifications"]]
    t["GiangVien"] = [(g["code"], g["name"], g["institution"], g["degree"], "Có" if g["active"] else "Không")
                      for g in data["instructors"]]
    t["LopHoc"] = [(c["code"], c["name"], c["type"], fill("LopHoc", "form", c["form"]), c["institution"], c["start"],
                    c["end"], c["hours"], fill("LopHoc", "place", c["place"]), c["organiser"], c["grants"])
                   for c in data["classes"]]
    t["HocVien"] = [(e["class"], e["person"], e["capacity"], e["result"],
                     e["certificate"]["number"] if e["certificate"] else None,
                     e["certificate"]["date"] if e["certificate"] else None) for e in data["enrolments"]]
    t["KinhPhi"] = [(f["number"], f["year"], f["source"], f["amount"], f["kind"], f["class"], f["note"])
                    for f in data["funding"]]
    return t


EXPORT_FIELDS = {
    "CoSoDaoTao": ["Mã cơ sở", "Tên cơ sở"],
    "DonVi": ["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên", "Hiệu lực từ", "Hiệu lực đến", "Sáp nhập vào"],
    "CanBo": ["Mã cán bộ", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Mã đơn vị", "Đối tượng", "Mã ngạch",
              "Chức vụ", "Trình độ chuyên môn", "Lý luận chính trị", "Quản lý nhà nước"],
    "QuaTrinh": ["Mã cán bộ", "Mã đơn vị", "Đối tượng", "Mã ngạch", "Từ ngày", "Đến ngày"],
    "VanBang": ["Mã cán bộ", "Loại", "Trình độ", "Ngày cấp"],
    "GiangVien": ["Mã giảng viên", "Họ và tên", "Mã cơ sở", "Học vị", "Đã bồi dưỡng phương pháp giảng dạy tích cực"],
    "LopHoc": ["Mã lớp", "Tên lớp", "Loại chương trình", "Hình thức", "Mã cơ sở", "Từ ngày", "Đến ngày", "Số tiết",
               "Địa điểm", "Mã đơn vị tổ chức", "Văn bằng lớp cấp"],
    "HocVien": ["Mã lớp", "Mã cán bộ", "Tư cách", "Kết quả", "Số chứng chỉ", "Ngày cấp"],
    "KinhPhi": ["Số chứng từ", "Năm", "Nguồn", "Số tiền", "Loại khoản", "Mã lớp", "Ghi chú"],
}


def export_records(export_path, data, strict_blanks=False):
    """The export holds exactly the generated records: every awkward spelling was read as meant."""
    problems = []
    exported = export_tuples(export_path)
    wanted = record_tuples(data, strict_blanks)
    for sheet in SHEETS:
        fields = EXPORT_FIELDS[sheet]
        rows = exported[sheet]
        missing_headers = [f for f in fields if rows and f not in rows[0]]
        if missing_headers:
            problems.append(f"{sheet}: export has no column {missing_headers}")
            continue
        got = {}
        for r in rows:
            key = tuple(r.get(f) for f in fields)
            got[key] = got.get(key, 0) + 1
        want = {}
        for key in wanted[sheet]:
            want[key] = want.get(key, 0) + 1
        extra = [k for k in got if got[k] > want.get(k, 0)]
        lacking = [k for k in want if want[k] > got.get(k, 0)]
        # Pair differences by key column(s) to show the field that differs.
        width = 2 if sheet in ("QuaTrinh", "HocVien") else (3 if sheet == "VanBang" else 1)
        if sheet == "QuaTrinh":
            keyof = lambda k: (k[0], k[4])  # noqa: E731
        else:
            keyof = lambda k: k[:width]  # noqa: E731
        extra_by_key = {keyof(k): k for k in extra}
        shown = 0
        for k in lacking:
            other = extra_by_key.pop(keyof(k), None)
            if shown < 8:
                if other is None:
                    problems.append(f"{sheet} {keyof(k)}: not exported (expected {k})")
                else:
                    diffs = [f"{f}: expected {a!r}, exported {b!r}" for f, a, b in zip(fields, k, other) if a != b]
                    problems.append(f"{sheet} {keyof(k)}: " + "; ".join(diffs))
            shown += 1
        for k in extra_by_key.values():
            if shown < 8:
                problems.append(f"{sheet} {keyof(k)}: exported but not in the records ({k})")
            shown += 1
        if shown > 8:
            problems.append(f"{sheet}: … {shown - 8} more differences")
    return problems


def same_workbooks(a_path, b_path):
    problems = []
    a, b = load(a_path), load(b_path)
    if a.sheetnames != b.sheetnames:
        problems.append(f"sheet names differ: {a.sheetnames} / {b.sheetnames}")
    for name in a.sheetnames:
        if name not in b.sheetnames:
            continue
        ra = [tuple(iso(v) for v in r) for r in a[name].iter_rows(values_only=True)]
        rb = [tuple(iso(v) for v in r) for r in b[name].iter_rows(values_only=True)]
        if ra == rb:
            continue
        if sorted(ra, key=repr) == sorted(rb, key=repr):
            problems.append(f"{name}: same {len(ra)} rows in a different order")
            continue
        diffs = [(n + 1, x, y) for n, (x, y) in enumerate(zip(ra, rb)) if x != y]
        problems.append(f"{name}: {len(ra)} / {len(rb)} rows, {len(diffs)} differ"
                        + (f"; first at row {diffs[0][0]}: {diffs[0][1]} / {diffs[0][2]}" if diffs else ""))
    return problems


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    command, args = argv[1], argv[2:]
    if command == "expect":
        with open(args[0], encoding="utf-8") as f:
            data = json.load(f)
        print(json.dumps(recount(data, args[1], args[2], args[3], args[4] if len(args) > 4 else None),
                         ensure_ascii=False, indent=1, sort_keys=True))
        return 0
    if command == "compare":
        with open(args[0], encoding="utf-8") as f:
            expect = json.load(f)
        with open(args[1], encoding="utf-8") as f:
            try:
                report = json.load(f)
            except json.JSONDecodeError as error:
                print(f"report is not JSON: {error}")
                return 1
        options = dict(zip(args[2::2], args[3::2]))
        for key in options.get("--key", "").split(".") if "--key" in options else []:
            expect = expect[key]
        problems = compare(expect, report)
        if "--only" in options:  # e.g. --only funding,instructors: the figures under those keys only
            prefixes = tuple(p + "." for p in options["--only"].split(","))
            problems = [p for p in problems if p.startswith(prefixes)]
    elif command == "export-counts":
        with open(args[1], encoding="utf-8") as f:
            problems = export_counts(args[0], json.load(f))
    elif command == "export-records":
        with open(args[1], encoding="utf-8") as f:
            problems = export_records(args[0], json.load(f), "--strict-blanks" in args[2:])
    elif command == "same-workbooks":
        problems = same_workbooks(args[0], args[1])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
