#!/usr/bin/env python3
"""tests/import/make_workbooks.py OUTDIR [--seed N] [--skip-huge]

Writes the import test inputs of scripts/import-test.sh into OUTDIR (deterministic for a seed):

  awkward.xlsx          a small random province in the standard workbook (docs/workbook.md), spelled in awkward
                        but legal ways: sheet names and headers in any case / without diacritics / with `_`, `-`,
                        spaces and `*`; columns in another order; an unknown column; codes or Vietnamese labels;
                        dates as date cells or text; money as numbers or text with separators; codes that look like
                        numbers stored as text; rich text in names; blank rows.
  awkward.records.json  the same records in canonical form (codes, ISO dates) — what the product must store.
  awkward.expect.json   the summary report (docs/reports.md) recounted from the records by recount.py.
  awkward-1904.xlsx     the same workbook in the 1904 date system (old Excel for Mac).
  csv/KinhPhi.csv       the funding lines as a CSV file (UTF-8 with BOM, `;`-delimited, labels, text money);
  csv/co_so_dao_tao.csv, csv/Giang Vien.csv   institutions and instructors (`,`, no BOM, quoted fields).
  bad inputs            listed with the fragments their refusal must contain in bad.expect.json.

--skip-huge leaves out the files whose size is the point (zip bomb, 50 MB CSV, million-row sheet).
"""
import argparse
import datetime as dt
import io
import json
import os
import random
import struct
import sys
import time
import unicodedata
import zipfile
import zlib

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recount  # noqa: E402

D = dt.date
PERIOD = {"from": "2016-01-01", "to": "2020-12-31", "as_of": "2020-10-12"}
SCOPED_UNIT = "002"  # a district: the scoped figures are recounted too

# --- code lists (docs/workbook.md) ------------------------------------------------------------------------------
LEVELS = {"TINH": "Tỉnh", "HUYEN": "Huyện", "XA": "Xã"}
CATEGORIES = {"CB": "Cán bộ", "CC": "Công chức", "VCHC": "Viên chức hành chính", "VCCN": "Viên chức chuyên ngành",
              "KCT": "Người hoạt động không chuyên trách cấp xã"}
PROFESSIONAL = {"CHUA": "Chưa qua đào tạo", "SO-CAP": "Sơ cấp", "TRUNG-CAP": "Trung cấp", "CAO-DANG": "Cao đẳng",
                "DAI-HOC": "Đại học", "THAC-SI": "Thạc sĩ", "TIEN-SI": "Tiến sĩ"}
POLITICAL = {"SO-CAP": "Sơ cấp", "TRUNG-CAP": "Trung cấp", "CAO-CAP": "Cao cấp", "CU-NHAN": "Cử nhân"}
STATE_MGMT = {"CV": "Chuyên viên", "CVC": "Chuyên viên chính", "CVCC": "Chuyên viên cao cấp"}
QUAL_KINDS = {"CHUYEN-MON": "Trình độ chuyên môn", "LLCT": "Lý luận chính trị", "QLNN": "Quản lý nhà nước"}
QUAL_LEVELS = {"CHUYEN-MON": PROFESSIONAL, "LLCT": POLITICAL, "QLNN": STATE_MGMT}
TYPES = {"LDQL": "Kỹ năng lãnh đạo, quản lý",
         "NGACH": "Theo tiêu chuẩn ngạch công chức, chức danh nghề nghiệp",
         "BONHIEM": "Trước khi bổ nhiệm chức vụ lãnh đạo, quản lý", "VTVL": "Theo yêu cầu vị trí việc làm",
         "CHUYENNGANH": "Kiến thức, kỹ năng chuyên ngành", "LLCT": "Lý luận chính trị - hành chính",
         "HDND": "Bồi dưỡng đại biểu HĐND", "QPAN": "Quốc phòng, an ninh",
         "NNTH": "Ngoại ngữ, tin học, tiếng dân tộc", "CHUYENMON": "Đào tạo trình độ chuyên môn", "KHAC": "Khác"}
FORMS = {"BOI-DUONG": "Bồi dưỡng", "DAO-TAO": "Đào tạo"}
PLACES = {"TRONG-NUOC": "Trong nước", "NUOC-NGOAI": "Nước ngoài"}
RESULTS = {"HOAN-THANH": "Hoàn thành", "KHONG-HOAN-THANH": "Không hoàn thành", "BO-HOC": "Bỏ học"}
CAPACITIES = {"CBCCVC": "Cán bộ, công chức, viên chức", "HDND-TINH": "Đại biểu HĐND tỉnh",
              "HDND-HUYEN": "Đại biểu HĐND huyện", "HDND-XA": "Đại biểu HĐND xã"}
DEGREES = {"CU-NHAN": "Cử nhân", "THAC-SI": "Thạc sĩ", "TIEN-SI": "Tiến sĩ"}
SOURCES = {"NS-TINH": "Ngân sách tỉnh", "MTQG-NTM": "Chương trình MTQG xây dựng nông thôn mới",
           "TW-BNV": "Hỗ trợ của Trung ương, Bộ Nội vụ", "DON-VI": "Kinh phí của cơ quan, đơn vị",
           "CA-NHAN": "Người học tự chi trả", "KHAC": "Nguồn khác"}
FUND_KINDS = {"THUC-CHI": "Thực chi", "DU-TOAN": "Dự toán"}
SEXES = {"NAM": "Nam", "NU": "Nữ"}
MINORITIES = ["Tày", "Nùng", "Dao", "H'Mông", "Sán Chay", "Hoa"]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Hà", "Nông", "Triệu", "Lý", "Ma", "Đàm", "Lộc", "Hứa", "Bế"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân"]
MIDDLE_F = ["Thị", "Thu", "Hồng", "Thanh", "Ngọc", "Kim"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Quân", "Sơn", "Tuấn", "Việt"]
GIVEN_F = ["Dung", "Giang", "Hà", "Hương", "Lan", "Mai", "Ngọc", "Phương", "Thảo", "Trang", "Yến", "Huệ"]


def strip(text):
    """Without Vietnamese diacritics (đ → d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


# --- the province ----------------------------------------------------------------------------------------------
def make_province(rng):
    units = []

    def unit(code, name, level, parent=None, valid_from=None, valid_to=None, merged_into=None):
        units.append({"code": code, "name": name, "level": level, "parent": parent, "valid_from": valid_from,
                      "valid_to": valid_to, "merged_into": merged_into})

    unit("TTN", "Tỉnh Thử Nghiệm", "TINH", valid_from="2004-01-01")
    unit("SNV", "Sở Nội vụ", "TINH", "TTN")
    unit("SYT", "Sở Y tế", "TINH", "TTN")
    district_names = ["Huyện An Bình", "Huyện Bảo Lạc", "Huyện Chợ Mới"]
    commune_names = [["Xã An Thịnh", "Xã An Phú", "Xã An Lạc", "Xã An Hòa"],
                     ["Xã Bảo Toàn", "Xã Bảo Lâm", "Xã Bảo Ninh", "Xã Bảo Sơn"],
                     ["Xã Cao Kỳ", "Xã Cẩm Giàng", "Xã Cường Lợi", "Xã Côn Minh"]]
    # Codes that look like numbers ("001", "00104"), stored as text.
    merges = {"00104": "00103", "00204": "00203", "00304": "00301"}
    for d in range(3):
        dcode = f"{d + 1:03d}"
        unit(dcode, district_names[d], "HUYEN", "TTN")
        for c in range(4):
            ccode = f"{dcode}{c + 1:02d}"
            if ccode in merges:
                unit(ccode, commune_names[d][c], "XA", dcode, valid_from="2004-01-01", valid_to="2019-12-31",
                     merged_into=merges[ccode])
            else:
                unit(ccode, commune_names[d][c], "XA", dcode)
    return units, merges


def day(text):
    return D.fromisoformat(text)


def rand_day(rng, first, last):
    a, b = day(first).toordinal(), day(last).toordinal()
    return D.fromordinal(rng.randint(a, b))


def make_people(rng, units, merges):
    by_code = {u["code"]: u for u in units}
    province_units = ["TTN", "SNV", "SYT"]
    districts = [u["code"] for u in units if u["level"] == "HUYEN"]
    communes = [u["code"] for u in units if u["level"] == "XA" and u["merged_into"] is None]
    merged_communes = sorted(merges)
    successors = {v: k for k, v in merges.items()}

    plan = ([("province", "CC")] * 25 + [("province", "CB")] * 5 + [("province", "VCHC")] * 10
            + [("province", "VCCN")] * 25 + [("district", "CC")] * 30 + [("district", "CB")] * 9
            + [("district", "VCHC")] * 10 + [("district", "VCCN")] * 20 + [("commune", "CB")] * 60
            + [("commune", "CC")] * 70 + [("commune", "KCT")] * 36)
    rng.shuffle(plan)
    people = []
    special_left_on_as_of = special_starts_on_as_of = False
    for n, (group, category) in enumerate(plan, start=1):
        female = rng.random() < 0.45
        name = " ".join([rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M),
                         rng.choice(GIVEN_F if female else GIVEN_M)])
        # Mostly CB0001, some numeric-looking codes with leading zeros (text cells).
        code = f"{n * 37:07d}" if n % 9 == 0 else f"CB{n:04d}"
        if group == "province":
            unit = "SYT" if category == "VCCN" and rng.random() < 0.7 else rng.choice(province_units)
        elif group == "district":
            unit = rng.choice(districts)
        else:
            unit = rng.choice(communes)
        ethnicity = "Kinh" if rng.random() < 0.45 else rng.choice(MINORITIES)
        rank = {"CB": None, "CC": rng.choice(["01.003", "01.002", "01.004"]), "KCT": None,
                "VCHC": "01.003", "VCCN": rng.choice(["V.08.05.12", "V.07.03.09", "16.119"])}[category]
        post = {"CB": rng.choice(["Chủ tịch UBND", "Bí thư Đảng ủy", "Phó Chủ tịch HĐND"]),
                "CC": rng.choice(["Chuyên viên", "Công chức Tư pháp - Hộ tịch", "Công chức Văn phòng - Thống kê"]),
                "KCT": "Phó Chỉ huy trưởng Quân sự", "VCHC": "Kế toán", "VCCN": "Bác sĩ"}[category]
        person = {"code": code, "name": name, "birth": rand_day(rng, "1960-01-01", "1998-12-31").isoformat(),
                  "sex": "NU" if female else "NAM", "ethnicity": ethnicity, "unit": unit, "category": category,
                  "rank": rank, "post": post, "professional": None,
                  "political": rng.choice([None, None, "SO-CAP", "TRUNG-CAP", "CAO-CAP"]),
                  "state_management": rng.choice([None, "CV", "CV", "CVC"]), "history": [], "qualifications": []}

        # Work history (QuaTrinh): periods never overlap; the last one is the CanBo (current) state.
        start = rand_day(rng, "2003-01-01", "2014-12-31")
        roll = rng.random()
        h = person["history"]
        if group == "commune" and unit in successors and roll < 0.6:
            old = successors[unit]  # worked in the commune merged into this one until the merger
            h += [(old, category, start, D(2019, 12, 31)), (unit, category, D(2020, 1, 1), None)]
        elif group == "commune" and category == "CB" and roll < 0.2:
            p = rand_day(rng, "2016-03-01", "2019-09-30")  # promoted from công chức to cán bộ
            h += [(unit, "CC", start, p - dt.timedelta(days=1)), (unit, "CB", p, None)]
        elif group == "commune" and category == "CC" and roll < 0.15:
            p = rand_day(rng, "2016-03-01", "2019-09-30")  # from non-specialised to công chức
            h += [(unit, "KCT", start, p - dt.timedelta(days=1)), (unit, "CC", p, None)]
        elif group == "district" and category in ("CC", "CB") and roll < 0.3:
            p = rand_day(rng, "2016-06-01", "2019-06-30")  # moved up from a commune (maybe a merged one)
            old = rng.choice(communes + merged_communes)
            h += [(old, "CC", start, p - dt.timedelta(days=1)), (unit, category, p, None)]
        elif group == "province" and category == "CC" and roll < 0.2:
            p = rand_day(rng, "2016-06-01", "2019-06-30")
            h += [("SNV", "VCHC", start, p - dt.timedelta(days=1)), (unit, "CC", p, None)]
        elif roll > 0.96:  # out of service during 2017
            h += [(unit, category, start, D(2016, 12, 31)), (unit, category, D(2018, 1, 1), None)]
        elif roll > 0.93:  # left service
            if group == "commune" and category == "CB" and not special_left_on_as_of:
                end, special_left_on_as_of = D(2020, 10, 12), True  # still in service on the as-of day
            else:
                end = rand_day(rng, "2017-01-01", "2020-09-30")
            h += [(unit, category, start, end)]
        elif roll > 0.91:  # recruited after (or on) the as-of day
            if group == "commune" and category == "CC" and not special_starts_on_as_of:
                first, special_starts_on_as_of = D(2020, 10, 12), True
            else:
                first = rand_day(rng, "2020-10-13", "2021-03-31")
            h += [(unit, category, first, None)]
        person["history"] = [{"unit": u, "category": c, "from": f.isoformat(), "to": t.isoformat() if t else None}
                             for u, c, f, t in h]

        # Qualifications (VanBang), so that the as-of level depends on the dates.
        q = person["qualifications"]
        if group == "commune" or rng.random() < 0.25:
            r = rng.random()
            if r < 0.12:
                q += [("CHUYEN-MON", "TRUNG-CAP", rand_day(rng, "2005-01-01", "2015-12-31"))]
            elif r < 0.22:  # intermediate only after the as-of day
                q += [("CHUYEN-MON", "SO-CAP", rand_day(rng, "2004-01-01", "2012-12-31")),
                      ("CHUYEN-MON", "TRUNG-CAP", rand_day(rng, "2020-10-13", "2021-06-30"))]
            elif r < 0.27:  # granted on the as-of day itself
                q += [("CHUYEN-MON", "TRUNG-CAP", D(2020, 10, 12))]
            elif r < 0.35:
                q += [("CHUYEN-MON", "SO-CAP", rand_day(rng, "2004-01-01", "2014-12-31"))]
            elif r < 0.40:  # every row after the as-of day: no level on that day
                q += [("CHUYEN-MON", "DAI-HOC", rand_day(rng, "2020-10-13", "2021-12-31"))]
            elif r < 0.52:
                q += [("CHUYEN-MON", "CAO-DANG", rand_day(rng, "2006-01-01", "2012-12-31")),
                      ("CHUYEN-MON", "DAI-HOC", rand_day(rng, "2013-01-01", "2020-06-30"))]
            elif r < 0.58:  # political theory only: does not count for the professional level
                q += [("CHUYEN-MON", "SO-CAP", rand_day(rng, "2004-01-01", "2012-12-31")),
                      ("LLCT", "TRUNG-CAP", rand_day(rng, "2010-01-01", "2019-12-31"))]
        if rng.random() < 0.15:
            q += [("QLNN", "CV", rand_day(rng, "2008-01-01", "2020-12-31"))]
        if rng.random() < 0.1 and not any(k == "LLCT" for k, _, _ in q):
            q += [("LLCT", "SO-CAP", rand_day(rng, "2008-01-01", "2014-12-31")),
                  ("LLCT", "TRUNG-CAP", rand_day(rng, "2015-01-01", "2021-06-30"))]
        person["qualifications"] = [{"kind": k, "level": lv, "granted": g.isoformat()} for k, lv, g in q]
        professional_rows = [lv for k, lv, _ in q if k == "CHUYEN-MON"]
        order = list(PROFESSIONAL)
        if professional_rows:
            person["professional"] = max(professional_rows, key=order.index)
        else:
            person["professional"] = rng.choices([None, "CHUA", "SO-CAP", "TRUNG-CAP", "CAO-DANG", "DAI-HOC", "THAC-SI"],
                                                 [4, 5, 15, 30, 10, 30, 6])[0]
        if h:
            last = h[-1]
            person["unit"], person["category"] = last[0], last[1]
        for row in person["history"]:
            row["rank"] = person["rank"] if row["category"] == person["category"] else None
        people.append(person)
    # Edges of the as-of day, whatever the seed: a commune cadre whose service ends on the as-of day (counted) and
    # one whose service ends the day before (not counted).
    plain = [p for p in people if p["category"] == "CB" and by_code[p["unit"]]["level"] == "XA" and not p["history"]]
    for person, end in zip(rng.sample(plain, 2), ["2020-10-12", "2020-10-11"]):
        person["history"] = [{"unit": person["unit"], "category": "CB", "from": "2009-07-01", "to": end,
                              "rank": person["rank"]}]
    assert all(u in by_code for p in people for u in [p["unit"]] + [r["unit"] for r in p["history"]])
    return people


def make_institutions_and_instructors(rng):
    institutions = [{"code": "TCT", "name": "Trường Chính trị tỉnh Thử Nghiệm"},
                    {"code": "0042", "name": "Trung tâm Bồi dưỡng cán bộ, công chức"}]
    instructors = []
    for n in range(16):
        inst = "TCT" if n < 11 else "0042"
        female = rng.random() < 0.5
        instructors.append({
            "code": f"GV-{inst}-{n + 1:02d}",
            "name": " ".join([rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M),
                              rng.choice(GIVEN_F if female else GIVEN_M)]),
            "institution": inst,
            "degree": rng.choices([None, "CU-NHAN", "THAC-SI", "TIEN-SI"], [1, 3, 8, 2])[0],
            "active": rng.random() < 0.75})
    return institutions, instructors


def make_classes(rng):
    classes = []
    counter = {}

    def add(ptype, start, end, name=None, code=None, grants=None, hdnd_level=None):
        counter[start.year] = counter.get(start.year, 0) + 1
        code = code or f"L{start.year}-{ptype}-{counter[start.year]:02d}"
        classes.append({
            "code": code, "name": name or f"Lớp {TYPES[ptype].lower()} khóa {counter[start.year]}/{start.year}",
            "type": ptype, "form": "DAO-TAO" if ptype in ("CHUYENMON", "LLCT") else rng.choice([None, "BOI-DUONG"]),
            "institution": rng.choice([None, "TCT", "TCT", "0042"]), "start": start.isoformat(),
            "end": end.isoformat(), "hours": rng.choice([None, 24, 40, 80, 160]),
            "place": rng.choice([None, "TRONG-NUOC", "TRONG-NUOC", "NUOC-NGOAI"]),
            "organiser": rng.choice([None, "SNV", "001", "002", "003"]), "grants": grants,
            "hdnd_level": hdnd_level})

    # Edges of the period: the end date decides, the start date decides the snapshot.
    add("NGACH", D(2015, 11, 2), D(2016, 1, 1))      # in (ends on the first day)
    add("VTVL", D(2015, 10, 1), D(2015, 12, 31))     # out
    add("QPAN", D(2020, 12, 1), D(2020, 12, 31))     # in (ends on the last day)
    add("NNTH", D(2020, 12, 15), D(2021, 1, 5))      # out
    add("CHUYENMON", D(2014, 9, 1), D(2017, 6, 30), name="Đào tạo đại học Luật vừa làm vừa học 2014-2017")
    add("LLCT", D(2019, 3, 4), D(2020, 2, 28), grants="LLCT:TRUNG-CAP",
        name="Trung cấp lý luận chính trị - hành chính 2019-2020")
    types = [t for t in TYPES if t != "HDND"]
    for n in range(30):
        ptype = types[n % len(types)]
        year = 2016 + n % 6
        start = rand_day(rng, f"{year}-01-05", f"{year}-11-20")
        end = start + dt.timedelta(days=rng.randint(2, 45))
        code = f"{year}{n:03d}" if n % 7 == 3 else None  # numeric-looking class code, stored as text
        add(ptype, start, end, code=code, grants="QLNN:CV" if ptype == "NGACH" and n % 2 else None)
    for year, level in [(2016, "HDND-TINH"), (2016, "HDND-XA"), (2017, "HDND-HUYEN"), (2019, "HDND-XA"),
                        (2021, "HDND-XA")]:
        start = rand_day(rng, f"{year}-03-01", f"{year}-10-31")
        add("HDND", start, start + dt.timedelta(days=rng.randint(2, 6)), hdnd_level=level,
            name=f"Bồi dưỡng kỹ năng hoạt động cho {CAPACITIES[level].lower()} năm {year}")
    return classes


def state_on(person, when):
    """(unit, category) of a person on an ISO date, or None when out of service."""
    if not person["history"]:
        return person["unit"], person["category"]
    for row in person["history"]:
        if row["from"] <= when and (row["to"] is None or when <= row["to"]):
            return row["unit"], row["category"]
    return None


def make_enrolments(rng, people, classes):
    enrolments = []
    for c in classes:
        eligible = [p for p in people if state_on(p, c["start"]) is not None]
        count = rng.randint(26, 46) if c["type"] != "HDND" else rng.randint(32, 50)
        for p in rng.sample(eligible, min(count, len(eligible))):
            if c["type"] == "HDND":
                capacity = c["hdnd_level"] if rng.random() < 0.85 else rng.choice(["CBCCVC", "HDND-HUYEN"])
            else:
                capacity = rng.choice(["HDND-XA", "HDND-HUYEN", "HDND-TINH"]) if rng.random() < 0.05 else "CBCCVC"
            result = rng.choices(["HOAN-THANH", "KHONG-HOAN-THANH", "BO-HOC", None], [82, 8, 6, 4])[0]
            if c["end"] > "2021-01-01" and rng.random() < 0.5:
                result = None  # a class still running: no result yet
            certificate = None
            if result == "HOAN-THANH" and rng.random() < 0.5:
                certificate = {"number": f"CC-{c['code']}-{len(enrolments) + 1:05d}", "date": c["end"]}
            enrolments.append({"class": c["code"], "person": p["code"], "capacity": capacity, "result": result,
                               "certificate": certificate})
    return enrolments


def make_funding(rng, classes):
    lines = []
    n = 0
    for year in range(2015, 2022):
        plan = [("NS-TINH", "THUC-CHI", rng.randint(3800, 5200) * 1_000_000),
                ("NS-TINH", "DU-TOAN", rng.randint(4000, 5500) * 1_000_000)]
        if year in (2016, 2017, 2019, 2020):
            plan.append(("MTQG-NTM", "THUC-CHI", rng.randint(150, 250) * 1_000_000))
        if year == 2018:
            plan.append(("TW-BNV", "THUC-CHI", 497_500_000))
        if year in (2017, 2019, 2021):
            plan.append(("DON-VI", "THUC-CHI", rng.randint(50, 120) * 1_000_000 + 500_000))
        if year == 2019:
            plan.append(("CA-NHAN", "THUC-CHI", 38_000_000))
            plan.append(("KHAC", "DU-TOAN", 12_000_000))
        if year == 2020:
            plan.append(("KHAC", "THUC-CHI", 1_500_000))
        for source, kind, amount in plan:
            n += 1
            number = f"KP{year}-{n:03d}" if n % 4 else f"{year}.{n:03d}"  # some look like numbers
            year_classes = [c["code"] for c in classes if c["start"][:4] == str(year)]
            lines.append({"number": number, "year": year, "source": source, "amount": amount, "kind": kind,
                          "class": rng.choice(year_classes) if year_classes and rng.random() < 0.3 else None,
                          "note": f"Kinh phí đào tạo, bồi dưỡng năm {year}" if rng.random() < 0.5 else None})
    return lines


# --- awkward spellings -----------------------------------------------------------------------------------------
class Awkward:
    def __init__(self, rng):
        self.rng = rng

    def coded(self, code, labels, none_ok=False):
        """A code as its code or its label, in any case, with or without diacritics."""
        if code is None:
            return None
        label = labels[code]
        return self.rng.choice([code, code, code.lower(), label, label.upper(), label.lower(), strip(label),
                                strip(label).upper(), strip(label).lower()])

    def date(self, iso):
        if iso is None:
            return None
        d = day(iso)
        form = self.rng.randrange(5)
        if form == 0:
            return d  # a real date cell
        if form == 1:
            return dt.datetime(d.year, d.month, d.day)  # a date-time cell at midnight
        if form == 2:
            return d.strftime("%d/%m/%Y")
        if form == 3:
            return f"{d.day}/{d.month}/{d.year}"
        return d.isoformat()

    def money(self, amount):
        form = self.rng.randrange(5)
        if form == 0:
            return amount
        if form == 1:
            return f"{amount:,}".replace(",", ".")
        if form == 2:
            return f"{amount:,}".replace(",", " ")
        if form == 3:
            return f"{amount:,}"
        return str(amount)

    def name(self, name):
        if self.rng.random() < 0.15:
            family, rest = name.split(" ", 1)
            return CellRichText([TextBlock(InlineFont(b=True), family), " " + rest])
        return name

    def header(self, text, required):
        form = self.rng.randrange(8)
        if form == 0:
            return text + ("*" if required else "")
        if form == 1:
            return strip(text).upper() + ("*" if required else "")
        if form == 2:
            return strip(text).lower().replace(" ", "_")
        if form == 3:
            return text.replace(" ", "  ")
        if form == 4:
            return text.lower() + (" *" if required else "")
        if form == 5:
            return strip(text).replace(" ", "-")
        if form == 6:
            return text.upper()
        return text.title().replace(" ", "")


def write_sheet(wb, title, columns, rows, awk, shuffle=True, extra=None, blank_after=None, date_format=None):
    """columns: [(standard header, required, function record -> cell)]; extra: [(header, function)]."""
    ws = wb.create_sheet(title)
    cols = list(columns)
    if shuffle:
        awk.rng.shuffle(cols)
    headers = [awk.header(h, req) for h, req, _ in cols]
    funcs = [f for _, _, f in cols]
    for h, f in extra or []:
        headers.insert(len(headers) // 2, h)
        funcs.insert(len(funcs) // 2, f)
    ws.append(headers)
    for n, record in enumerate(rows):
        values = [f(record) for f in funcs]
        ws.append(values)
        if blank_after is not None and n == blank_after:
            ws.append([])
    if date_format:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, (dt.date, dt.datetime)) and awk.rng.random() < 0.5:
                    cell.number_format = date_format
    return ws


def write_awkward(path, data, rng, epoch1904=False):
    awk = Awkward(rng)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if epoch1904:  # a workbook from old Excel for Mac: date cells count days from 1904
        wb.epoch = CALENDAR_MAC_1904
    fixed = dt.datetime(2021, 3, 1, 8, 0, 0)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    people = {p["code"]: p for p in data["people"]}

    # Sheets in a non-standard order, named awkwardly; the product imports in dependency order.
    write_sheet(wb, "Học Viên", [
        ("Mã lớp", True, lambda e: e["class"]),
        ("Mã cán bộ", True, lambda e: e["person"]),
        ("Tư cách", False, lambda e: None if e["capacity"] == "CBCCVC" and rng.random() < 0.4
         else awk.coded(e["capacity"], CAPACITIES)),
        ("Kết quả", True, lambda e: awk.coded(e["result"], RESULTS)),
        ("Số chứng chỉ", False, lambda e: e["certificate"]["number"] if e["certificate"] else None),
        ("Ngày cấp", False, lambda e: awk.date(e["certificate"]["date"]) if e["certificate"] else None),
    ], data["enrolments"], awk, blank_after=700)
    write_sheet(wb, "can bo", [
        ("Mã cán bộ", True, lambda p: p["code"]),
        ("Họ và tên", True, lambda p: awk.name(p["name"])),
        ("Ngày  sinh", False, lambda p: awk.date(p["birth"])),
        ("Giới tính", False, lambda p: awk.coded(p["sex"], SEXES)),
        ("Dân tộc", False, lambda p: rng.choice([p["ethnicity"], strip(p["ethnicity"]), p["ethnicity"].upper(),
                                                  strip(p["ethnicity"]).lower()])),
        ("Mã đơn vị", True, lambda p: p["unit"]),
        ("Đối tượng", True, lambda p: awk.coded(p["category"], CATEGORIES)),
        ("Mã ngạch", False, lambda p: p["rank"]),
        ("Chức vụ", False, lambda p: p["post"]),
        ("Trình độ chuyên môn", False, lambda p: awk.coded(p["professional"], PROFESSIONAL)),
        ("Lý luận chính trị", False, lambda p: awk.coded(p["political"], POLITICAL)),
        ("Quản lý nhà nước", False, lambda p: awk.coded(p["state_management"], STATE_MGMT)),
    ], data["people"], awk, extra=[("Số điện thoại", lambda p: "0912" + "".join(ch for ch in p["code"]
                                                                              if ch.isdigit())[-6:].zfill(6))],
        blank_after=150, date_format="dd/mm/yyyy")
    write_sheet(wb, "co so dao tao", [
        ("Mã cơ sở", True, lambda i: i["code"]),
        ("Tên cơ sở", True, lambda i: i["name"]),
    ], data["institutions"], awk, shuffle=False)
    write_sheet(wb, "DON_VI", [
        ("Mã đơn vị", True, lambda u: u["code"]),
        ("Tên đơn vị", True, lambda u: u["name"]),
        ("Cấp", True, lambda u: awk.coded(u["level"], LEVELS)),
        ("Mã đơn vị cấp trên", False, lambda u: u["parent"]),
        ("Hiệu lực từ", False, lambda u: awk.date(u["valid_from"])),
        ("Hiệu lực đến", False, lambda u: awk.date(u["valid_to"])),
        ("Sáp nhập vào", False, lambda u: u["merged_into"]),
    ], data["units"], awk)
    history = [dict(r, person=p["code"]) for p in data["people"] for r in p["history"]]
    write_sheet(wb, "QuaTrinh", [
        ("Mã cán bộ", True, lambda r: r["person"]),
        ("Mã đơn vị", True, lambda r: r["unit"]),
        ("Đối tượng", True, lambda r: awk.coded(r["category"], CATEGORIES)),
        ("Mã ngạch", False, lambda r: r["rank"]),
        ("Từ ngày", True, lambda r: awk.date(r["from"])),
        ("Đến ngày", False, lambda r: awk.date(r["to"])),
    ], history, awk)
    quals = [dict(q, person=p["code"]) for p in data["people"] for q in p["qualifications"]]
    write_sheet(wb, "van-bang", [
        ("Mã cán bộ", True, lambda q: q["person"]),
        ("Loại", True, lambda q: awk.coded(q["kind"], QUAL_KINDS)),
        ("Trình độ", True, lambda q: awk.coded(q["level"], QUAL_LEVELS[q["kind"]])),
        ("Ngày cấp", True, lambda q: awk.date(q["granted"])),
    ], quals, awk)
    write_sheet(wb, "Giảng viên", [
        ("Mã giảng viên", True, lambda g: g["code"]),
        ("Họ và tên", True, lambda g: awk.name(g["name"])),
        ("Mã cơ sở", True, lambda g: g["institution"]),
        ("Học vị", False, lambda g: awk.coded(g["degree"], DEGREES)),
        ("Đã bồi dưỡng phương pháp giảng dạy tích cực", False,
         lambda g: rng.choice(["Có", "co", "CÓ", True] if g["active"] else ["Không", "khong", "KHÔNG", None])),
    ], data["instructors"], awk)
    write_sheet(wb, "lop-hoc", [
        ("Mã lớp", True, lambda c: c["code"]),
        ("Tên lớp", True, lambda c: c["name"]),
        ("Loại chương trình", True, lambda c: awk.coded(c["type"], TYPES)),
        ("Hình thức", False, lambda c: awk.coded(c["form"], FORMS)),
        ("Mã cơ sở", False, lambda c: c["institution"]),
        ("Từ ngày", True, lambda c: awk.date(c["start"])),
        ("Đến ngày", True, lambda c: awk.date(c["end"])),
        ("Số tiết", False, lambda c: c["hours"] if c["hours"] is None or rng.random() < 0.7 else str(c["hours"])),
        ("Địa điểm", False, lambda c: awk.coded(c["place"], PLACES)),
        ("Mã đơn vị tổ chức", False, lambda c: c["organiser"]),
        ("Văn bằng lớp cấp", False, lambda c: c["grants"]),
    ], data["classes"], awk, date_format="d/m/yyyy")
    write_sheet(wb, "Kinh phí", [
        ("Số chứng từ", True, lambda f: f["number"]),
        ("Năm", True, lambda f: f["year"] if rng.random() < 0.7 else str(f["year"])),
        ("Nguồn", True, lambda f: awk.coded(f["source"], SOURCES)),
        ("Số tiền", True, lambda f: awk.money(f["amount"])),
        ("Loại khoản", False, lambda f: None if f["kind"] == "THUC-CHI" and rng.random() < 0.5
         else awk.coded(f["kind"], FUND_KINDS)),
        ("Mã lớp", False, lambda f: f["class"]),
        ("Ghi chú", False, lambda f: f["note"]),
    ], data["funding"], awk)
    notes = wb.create_sheet("Ghi chu")
    notes.append(["Sổ tính này do phòng Tổ chức lập; trang này không thuộc mẫu chuẩn."])
    wb.save(path)


def write_funding_csv(path, data, rng):
    awk = Awkward(rng)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    lines = ["Số chứng từ*;Năm*;Nguồn*;Số tiền*;Loại khoản;Ghi chú"]
    for f in data["funding"]:
        money = awk.money(f["amount"])
        note = (f["note"] or "") + ('; "đã quyết toán"' if rng.random() < 0.2 else "")
        note = '"' + note.replace('"', '""') + '"' if (";" in note or '"' in note) else note
        lines.append(";".join([f["number"], str(f["year"]), awk.coded(f["source"], SOURCES), str(money),
                               awk.coded(f["kind"], FUND_KINDS), note]))
    with open(path, "wb") as out:
        out.write(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8"))


def write_instructor_csvs(folder, data):
    """Institutions and instructors as CSV files named loosely, `,`-delimited, no BOM, quoted fields."""
    def field(value):
        value = "" if value is None else str(value)
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value
    with open(os.path.join(folder, "co_so_dao_tao.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("ma co so,TÊN CƠ SỞ\n")
        for i in data["institutions"]:
            f.write(",".join(field(v) for v in [i["code"], i["name"]]) + "\n")
    with open(os.path.join(folder, "Giang Vien.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("Mã giảng viên*,Họ và tên*,Mã cơ sở*,Học vị,Đã bồi dưỡng phương pháp giảng dạy tích cực\r\n")
        for g in data["instructors"]:
            f.write(",".join(field(v) for v in [g["code"], g["name"] + ", giảng viên chính", g["institution"],
                                                 DEGREES.get(g["degree"], ""), "Có" if g["active"] else "Không"])
                    + "\r\n")


# --- bad inputs ------------------------------------------------------------------------------------------------
CT_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '{extra}</Types>')
SST_CT = ('<Override PartName="/xl/sharedStrings.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" '
             'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
             'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
WB_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" '
           'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
           'Target="worksheets/sheet1.xml"/>{extra}</Relationships>')
SST_REL = ('<Relationship Id="rId2" '
           'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
           'Target="sharedStrings.xml"/>')
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = '</sheetData></worksheet>'


def inline_row(r, values):
    cells = []
    for col, value in zip("ABCDEFGHIJKLMNOP", values):
        value = str(value).replace("&", "&amp;").replace("<", "&lt;")
        cells.append(f'<c r="{col}{r}" t="inlineStr"><is><t>{value}</t></is></c>')
    return f'<row r="{r}">' + "".join(cells) + "</row>"


def package_parts(sheet_name, sheet_xml, sst_xml=None):
    return [("[Content_Types].xml", CT_XML.format(extra=SST_CT if sst_xml else "").encode()),
            ("_rels/.rels", ROOT_RELS.encode()),
            ("xl/workbook.xml", WORKBOOK.format(name=sheet_name).encode()),
            ("xl/_rels/workbook.xml.rels", WB_RELS.format(extra=SST_REL if sst_xml else "").encode()),
            ("xl/worksheets/sheet1.xml", sheet_xml.encode())] + (
               [("xl/sharedStrings.xml", sst_xml.encode())] if sst_xml else [])


def write_zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(2021, 3, 1, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def write_doctype(path):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    doctype = ('<!DOCTYPE worksheet [' + entities + '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    sheet = (SHEET_HEAD.replace("\n", "\n" + doctype + "\n", 1)
             + inline_row(1, ["Mã cán bộ*", "Họ và tên*", "Mã đơn vị*", "Đối tượng*"])
             + '<row r="2"><c r="A2" t="inlineStr"><is><t>CB1</t></is></c>'
               '<c r="B2" t="inlineStr"><is><t>&lol9;</t></is></c>'
               '<c r="C2" t="inlineStr"><is><t>&xxe;</t></is></c>'
               '<c r="D2" t="inlineStr"><is><t>CC</t></is></c></row>' + SHEET_TAIL)
    write_zip(path, package_parts("CanBo", sheet))


def write_doctype_sst(path):
    sheet = (SHEET_HEAD + '<row r="1">' + "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCD"))
             + '</row><row r="2">' + "".join(f'<c r="{c}2" t="s"><v>{i + 4}</v></c>' for i, c in enumerate("ABCD"))
             + "</row>" + SHEET_TAIL)
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="8" uniqueCount="8">'
           + "".join(f"<si><t>{t}</t></si>" for t in
                     ["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng", "CB1", "&xxe;", "SNV", "CC"])
           + "</sst>")
    write_zip(path, package_parts("CanBo", sheet, sst))


def raw_zip(path, entries):
    """entries: [(name, method, crc, compressed bytes or list of chunks, uncompressed size)], written by hand."""
    central = []
    with open(path, "wb") as out:
        for name, method, crc, chunks, usize in entries:
            if isinstance(chunks, bytes):
                chunks = [chunks]
            csize = sum(len(c) for c in chunks)
            offset = out.tell()
            name_b = name.encode()
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0x4000, 0x5261, crc, csize, usize,
                                  len(name_b), 0) + name_b)
            for c in chunks:
                out.write(c)
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0x4000, 0x5261, crc,
                                       csize, usize, len(name_b), 0, 0, 0, 0, 0, offset) + name_b)
        start = out.tell()
        for c in central:
            out.write(c)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))


def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def write_zip_bomb(path, gigabytes=1.5):
    """A valid-looking xlsx whose sheet inflates to ~1.5 GB of spaces (about 1.5 MB on disk)."""
    head = (SHEET_HEAD + inline_row(1, ["Mã cán bộ*", "Họ và tên*", "Mã đơn vị*", "Đối tượng*"])).encode()
    tail = SHEET_TAIL.encode()
    chunk = b" " * (1 << 20)
    repeats = int(gigabytes * 1024)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head_z = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk_z = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)  # byte-aligned, refers only to itself
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    tail_z = c.compress(tail) + c.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    usize = len(head) + repeats * len(chunk) + len(tail)
    entries = []
    for name, data in package_parts("CanBo", "")[:4]:
        entries.append((name, 8, zlib.crc32(data), deflate(data), len(data)))
    entries.append(("xl/worksheets/sheet1.xml", 8, crc & 0xFFFFFFFF, [head_z] + [chunk_z] * repeats + [tail_z], usize))
    raw_zip(path, entries)


def write_million_rows(path, rows=1_048_575):
    """A CanBo sheet with a header and `rows` data rows (1 048 576 rows: Excel's maximum), streamed."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    rng = random.Random(7)
    given = GIVEN_M + GIVEN_F
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in package_parts("CanBo", "")[:4]:
            z.writestr(name, data)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write((SHEET_HEAD + inline_row(1, ["Mã cán bộ*", "Họ và tên*", "Mã đơn vị*", "Đối tượng*",
                                                     "Ngày sinh"])).encode())
            batch = []
            for r in range(2, rows + 2):
                batch.append(
                    f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>M{r:07d}</t></is></c>'
                    f'<c r="B{r}" t="inlineStr"><is><t>{FAMILY[r % 14]} {MIDDLE_M[r % 6]} {given[rng.randrange(25)]}'
                    f'</t></is></c><c r="C{r}" t="inlineStr"><is><t>00{r % 3 + 1}0{r % 3 + 1}</t></is></c>'
                    f'<c r="D{r}" t="inlineStr"><is><t>CC</t></is></c>'
                    f'<c r="E{r}" t="inlineStr"><is><t>{r % 28 + 1:02d}/{r % 12 + 1:02d}/19{60 + r % 38}</t></is></c>'
                    f'</row>')
                if len(batch) == 20000:
                    sheet.write("".join(batch).encode())
                    batch = []
            sheet.write(("".join(batch) + SHEET_TAIL).encode())


def write_big_csv(path, rows=260_000):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    given = GIVEN_M + GIVEN_F
    with open(path, "wb") as out:
        out.write(("Mã cán bộ,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Mã đơn vị,Đối tượng,Mã ngạch,Chức vụ,"
                   "Trình độ chuyên môn,Lý luận chính trị,Quản lý nhà nước\n").encode())
        batch = []
        for r in range(rows):
            batch.append(f"C{r:07d},{FAMILY[r % 14]} {MIDDLE_M[r % 6]} {given[r % 25]},{r % 28 + 1:02d}/"
                         f"{r % 12 + 1:02d}/19{60 + r % 38},Nam,Kinh,00{r % 3 + 1}0{r % 3 + 1},Công chức,01.003,"
                         f"\"Công chức Văn phòng - Thống kê, phụ trách công tác văn thư, lưu trữ\",Đại học,"
                         f"Trung cấp,Chuyên viên\n")
            if len(batch) == 10000:
                out.write("".join(batch).encode())
                batch = []
        out.write("".join(batch).encode())


def small_workbook(path, sheets):
    """sheets: [(name, [header row, rows...])]"""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)


BAD_UNITS = ("DonVi", [["Mã đơn vị*", "Tên đơn vị*", "Cấp*", "Mã đơn vị cấp trên"],
                       ["XBAD", "Tỉnh Lỗi", "TINH", None], ["XBAD-01", "Xã Lỗi Một", "XA", "XBAD"]])
PEOPLE_HEAD = ["Mã cán bộ*", "Họ và tên*", "Ngày sinh", "Dân tộc", "Mã đơn vị*", "Đối tượng*"]


def bad_people(rows):
    return ("CanBo", [PEOPLE_HEAD] + rows)


def write_bad_files(out, rng, huge):
    expect = {}

    def add(name, fragments):
        expect[name] = fragments

    with open(os.path.join(out, "not-a-zip.xlsx"), "w", encoding="utf-8") as f:
        f.write("Mã cán bộ,Họ và tên\nCB1,Nguyễn Văn An\n" * 20)
    add("not-a-zip.xlsx", ["không phải sổ tính Excel"])

    with open(os.path.join(out, "awkward.xlsx"), "rb") as f:
        whole = f.read()
    with open(os.path.join(out, "truncated.xlsx"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    add("truncated.xlsx", ["bị hỏng hoặc không đầy đủ"])

    write_doctype(os.path.join(out, "doctype.xlsx"))
    add("doctype.xlsx", ["DOCTYPE"])
    write_doctype_sst(os.path.join(out, "doctype-sst.xlsx"))
    add("doctype-sst.xlsx", ["DOCTYPE"])

    os.makedirs(os.path.join(out, "bad-encoding"), exist_ok=True)
    with open(os.path.join(out, "bad-encoding", "CanBo.csv"), "wb") as f:
        # Windows-1258 (as an old Excel "CSV" save makes it): not UTF-8.
        f.write(unicodedata.normalize("NFD", "Mã cán bộ,Họ và tên,Mã đơn vị,Đối tượng\nCB1,Nguyễn Văn An,SNV,CC\n")
                .encode("cp1258", errors="replace"))
    add("bad-encoding/CanBo.csv", ["không phải UTF-8"])

    if huge:
        write_zip_bomb(os.path.join(out, "zip-bomb.xlsx"))
        add("zip-bomb.xlsx", ["bom nén"])
        write_big_csv(os.path.join(out, "big", "CanBo.csv"))
        add("big/CanBo.csv", ["hơn 200.000 dòng"])
        write_million_rows(os.path.join(out, "million-rows", "CanBo.xlsx"))
        add("million-rows/CanBo.xlsx", ["hơn 200.000 dòng"])

    ok_people = [["XB1", "Nguyễn Văn An", "01/02/1980", "Kinh", "XBAD-01", "CC"],
                 ["XB2", "Hà Thị Lan", "1985-03-04", "Tày", "XBAD-01", "CB"],
                 ["XB3", "Nông Văn Sơn", dt.date(1979, 5, 6), "Nùng", "XBAD", "CC"]]

    def people_with(index, row):
        rows = [list(r) for r in ok_people]
        rows[index] = row
        return rows

    small_workbook(os.path.join(out, "bad-date.xlsx"), [BAD_UNITS, bad_people(
        people_with(1, ["XB2", "Hà Thị Lan", "khoảng năm 1985", "Tày", "XBAD-01", "CB"]))])
    add("bad-date.xlsx", ["Trang CanBo, dòng 3, cột Ngày sinh", "khoảng năm 1985", "có 1 lỗi"])

    small_workbook(os.path.join(out, "bad-number.xlsx"), [
        ("KinhPhi", [["Số chứng từ*", "Năm*", "Nguồn*", "Số tiền*"], ["XKP-1", 2019, "NS-TINH", "1.500.000"],
                     ["XKP-2", 2019, "NS-TINH", "hai triệu đồng"]])])
    add("bad-number.xlsx", ["Trang KinhPhi, dòng 3, cột Số tiền", "có 1 lỗi"])

    small_workbook(os.path.join(out, "bad-code.xlsx"), [BAD_UNITS, bad_people(
        people_with(2, ["XB3", "Nông Văn Sơn", "06/05/1979", "Nùng", "XBAD", "Hợp đồng 68"]))])
    add("bad-code.xlsx", ["Trang CanBo, dòng 4, cột Đối tượng", "Hợp đồng 68", "không có trong danh mục",
                          "có 1 lỗi"])

    small_workbook(os.path.join(out, "bad-duplicate.xlsx"), [BAD_UNITS, bad_people(
        people_with(2, ["XB1", "Nguyễn Văn An", "01/02/1980", "Kinh", "XBAD-01", "CC"]))])
    add("bad-duplicate.xlsx", ["Trang CanBo, dòng 4", "dòng 2", "có 1 lỗi"])

    small_workbook(os.path.join(out, "bad-unit-ref.xlsx"), [BAD_UNITS, bad_people(
        people_with(0, ["XB1", "Nguyễn Văn An", "01/02/1980", "Kinh", "KHONG-CO-DV", "CC"]))])
    add("bad-unit-ref.xlsx", ["Trang CanBo, dòng 2, cột Mã đơn vị", "KHONG-CO-DV", "có 1 lỗi"])

    small_workbook(os.path.join(out, "bad-overlap.xlsx"), [BAD_UNITS, bad_people(ok_people), (
        "QuaTrinh", [["Mã cán bộ*", "Mã đơn vị*", "Đối tượng*", "Từ ngày*", "Đến ngày"],
                     ["XB1", "XBAD-01", "CC", "01/01/2010", "31/12/2018"],
                     ["XB2", "XBAD-01", "CC", "01/01/2010", None],
                     ["XB1", "XBAD", "CC", "01/06/2018", None]])])
    add("bad-overlap.xlsx", ["Trang QuaTrinh", "cột Từ ngày", "01/06/2018", "có 1 lỗi"])

    small_workbook(os.path.join(out, "bad-out-of-service.xlsx"), [BAD_UNITS, bad_people(ok_people), (
        "QuaTrinh", [["Mã cán bộ*", "Mã đơn vị*", "Đối tượng*", "Từ ngày*", "Đến ngày"],
                     ["XB1", "XBAD-01", "CC", "01/01/2010", "31/12/2016"]]), (
        "LopHoc", [["Mã lớp*", "Tên lớp*", "Loại chương trình*", "Từ ngày*", "Đến ngày*"],
                   ["XL1", "Lớp lỗi", "NGACH", "06/03/2018", "30/03/2018"]]), (
        "HocVien", [["Mã lớp*", "Mã cán bộ*", "Kết quả*"], ["XL1", "XB2", "Hoàn thành"],
                    ["XL1", "XB1", "Hoàn thành"]])])
    add("bad-out-of-service.xlsx", ["Trang HocVien, dòng 3", "XB1", "có 1 lỗi"])

    # Many row problems: the list is long (more than a pipe's buffer), the conclusion must still come last.
    small_workbook(os.path.join(out, "many-errors.xlsx"), [BAD_UNITS, bad_people(
        [[f"XM{n:05d}", "Nguyễn Văn An", "không rõ", "Kinh", "XBAD-01", "CC"] for n in range(3000)])])
    add("many-errors.xlsx", ["Trang CanBo, dòng 2, cột Ngày sinh", "có 3.000 lỗi"])

    with open(os.path.join(out, "bad.expect.json"), "w", encoding="utf-8") as f:
        json.dump(expect, f, ensure_ascii=False, indent=1, sort_keys=True)


def exercised(data, expect):
    """Stops when the generated province would not tell a right product from a naive one."""
    def figures(report):
        return recount.flatten("", {k: report[k] for k in ("person_times", "qualification")}, {})

    def differs(name, naive):
        got = figures(naive)
        if got == figures(expect):
            raise SystemExit(f"make_workbooks: the province does not exercise {name}; try another seed")

    no_history = json.loads(json.dumps(data))
    for p in no_history["people"]:
        p["history"] = []
    differs("work history snapshots", recount.recount(no_history, PERIOD["from"], PERIOD["to"], PERIOD["as_of"]))
    no_qualifications = json.loads(json.dumps(data))
    for p in no_qualifications["people"]:
        p["qualifications"] = []
    differs("qualification dates",
            recount.recount(no_qualifications, PERIOD["from"], PERIOD["to"], PERIOD["as_of"]))
    differs("the as-of day (eve)", expect["variants"]["as_of_eve"])
    differs("the as-of day (next day)", expect["variants"]["as_of_next"])
    differs("the first day of the period", recount.recount(data, "2016-01-02", PERIOD["to"], PERIOD["as_of"]))
    differs("the last day of the period", recount.recount(data, PERIOD["from"], "2020-12-30", PERIOD["as_of"]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--skip-huge", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    started = time.time()
    rng = random.Random(args.seed)
    units, merges = make_province(rng)
    people = make_people(rng, units, merges)
    institutions, instructors = make_institutions_and_instructors(rng)
    classes = make_classes(rng)
    enrolments = make_enrolments(rng, people, classes)
    funding = make_funding(rng, classes)
    for c in classes:
        del c["hdnd_level"]
    data = {"units": units, "people": people, "institutions": institutions, "instructors": instructors,
            "classes": classes, "enrolments": enrolments, "funding": funding}
    with open(os.path.join(args.out, "awkward.records.json"), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=0, sort_keys=True)
    write_awkward(os.path.join(args.out, "awkward.xlsx"), data, random.Random(args.seed + 1))
    write_awkward(os.path.join(args.out, "awkward-1904.xlsx"), data, random.Random(args.seed + 1), epoch1904=True)
    write_funding_csv(os.path.join(args.out, "csv", "KinhPhi.csv"), data, random.Random(args.seed + 2))
    write_instructor_csvs(os.path.join(args.out, "csv"), data)
    expect = recount.recount(data, PERIOD["from"], PERIOD["to"], PERIOD["as_of"])
    # The same report for other arguments, checked too: a district's scope, and the days around the as-of day.
    expect["variants"] = {
        "unit": recount.recount(data, PERIOD["from"], PERIOD["to"], PERIOD["as_of"], unit=SCOPED_UNIT),
        "as_of_eve": recount.recount(data, PERIOD["from"], PERIOD["to"], "2020-10-11"),
        "as_of_next": recount.recount(data, PERIOD["from"], PERIOD["to"], "2020-10-13"),
    }
    expect["records"] = recount.record_counts(data)
    exercised(data, expect)
    with open(os.path.join(args.out, "awkward.expect.json"), "w", encoding="utf-8") as f:
        json.dump(expect, f, ensure_ascii=False, indent=1, sort_keys=True)
    write_bad_files(args.out, rng, not args.skip_huge)
    print(f"make_workbooks: {len(people)} people, {len(classes)} classes, {len(enrolments)} enrolments, "
          f"{len(funding)} funding lines; {expect['person_times']['total']} lượt; "
          f"{time.time() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
