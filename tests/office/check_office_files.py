#!/usr/bin/env python3
"""Open the .xlsx and .docx files hocba writes with the tools officials' files meet elsewhere.

    python3 tests/office/check_office_files.py [--keep-pdf DIR] [--no-soffice] FILE...

For each .xlsx: openpyxl loads it and reads every cell back; merged ranges must be well-formed.
For each .docx: python-docx loads it and reads every paragraph and table.
When FILE.expect.json exists (the Swift tests write one next to each sample) its expectations are checked too:
cell values and types, number formats, merged ranges, frozen panes, drop-down lists, sheet names (xlsx);
paragraphs, tables with merged cells, page size and margins, fonts (docx); text in the PDF (both).
When `soffice` is on PATH, each file is converted to PDF in a temporary directory (its own LibreOffice profile,
so it does not clash with a running LibreOffice) and the PDF must be non-empty; with `pdftotext` the expected
strings must be in it.

Exit status 0 when every file passes; 1 and one line per problem otherwise.
Needs: pip install openpyxl python-docx; optionally LibreOffice (libreoffice-calc, libreoffice-writer) and
poppler-utils.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile


class Problems:
    def __init__(self):
        self.items = []

    def add(self, path, message):
        self.items.append(f"{os.path.basename(path)}: {message}")

    def expect(self, path, condition, message):
        if not condition:
            self.add(path, message)
        return condition


def load_expectations(path):
    sidecar = path + ".expect.json"
    if not os.path.exists(sidecar):
        return None
    with open(sidecar, encoding="utf-8") as handle:
        return json.load(handle)


# ---------------------------------------------------------------------------------------------------- xlsx


def same_value(actual, expected):
    """Compare a cell value read by openpyxl with an expectation from JSON."""
    if isinstance(expected, dict) and "date" in expected:
        if isinstance(actual, datetime.datetime):
            actual = actual.date()
        return isinstance(actual, datetime.date) and actual.isoformat() == expected["date"]
    if isinstance(expected, bool) or isinstance(actual, bool):
        return isinstance(actual, bool) and isinstance(expected, bool) and actual == expected
    if isinstance(expected, (int, float)):
        return isinstance(actual, (int, float)) and abs(actual - expected) <= 1e-9 * max(1.0, abs(expected))
    return actual == expected


def check_xlsx(path, problems):
    import openpyxl
    from openpyxl.utils.cell import range_boundaries

    try:
        workbook = openpyxl.load_workbook(path)  # not read_only: merged cells and validations are needed
    except Exception as error:  # noqa: BLE001 - report anything openpyxl refuses
        problems.add(path, f"openpyxl cannot open it: {error!r}")
        return
    cells_read = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                _ = cell.value, cell.number_format
                cells_read += 1
        for merged in sheet.merged_cells.ranges:
            min_col, min_row, max_col, max_row = range_boundaries(str(merged))
            problems.expect(path, min_col <= max_col and min_row <= max_row, f"{sheet.title}: bad merge {merged}")
    print(f"  openpyxl: {len(workbook.worksheets)} sheet(s), {cells_read} cell(s) read")

    expected = load_expectations(path)
    if not expected:
        return
    problems.expect(path, workbook.sheetnames == expected["sheet_names"],
                    f"sheet names {workbook.sheetnames} != {expected['sheet_names']}")
    if expected.get("title"):
        problems.expect(path, workbook.properties.title == expected["title"],
                        f"title {workbook.properties.title!r} != {expected['title']!r}")
    problems.expect(path, workbook.properties.creator == "hocba", f"creator {workbook.properties.creator!r}")
    checked = 0
    for name, sheet_expectation in expected["sheets"].items():
        if name not in workbook.sheetnames:
            problems.add(path, f"no sheet {name!r}")
            continue
        sheet = workbook[name]
        for reference, value in sheet_expectation.get("cells", {}).items():
            actual = sheet[reference].value
            problems.expect(path, same_value(actual, value), f"{name}!{reference}: {actual!r} != {value!r}")
            checked += 1
        for reference, code in sheet_expectation.get("number_formats", {}).items():
            actual = sheet[reference].number_format
            problems.expect(path, actual == code, f"{name}!{reference}: number format {actual!r} != {code!r}")
        merged = sorted(str(r) for r in sheet.merged_cells.ranges)
        problems.expect(path, merged == sorted(sheet_expectation.get("merged", [])),
                        f"{name}: merged {merged} != {sorted(sheet_expectation.get('merged', []))}")
        problems.expect(path, sheet.freeze_panes == sheet_expectation.get("freeze_panes"),
                        f"{name}: freeze panes {sheet.freeze_panes!r} != {sheet_expectation.get('freeze_panes')!r}")
        for letter, width in sheet_expectation.get("column_widths", {}).items():
            actual = sheet.column_dimensions[letter].width
            problems.expect(path, actual is not None and abs(actual - width) < 0.01,
                            f"{name}: column {letter} width {actual!r} != {width!r}")
        validations = sorted((str(v.sqref), v.type, v.formula1) for v in sheet.data_validations.dataValidation)
        wanted = sorted((v["sqref"], "list", v["formula1"]) for v in sheet_expectation.get("validations", []))
        problems.expect(path, validations == wanted, f"{name}: validations {validations} != {wanted}")
    print(f"  openpyxl: {checked} expected cell value(s) checked")


# ---------------------------------------------------------------------------------------------------- docx


def check_docx(path, problems):
    import docx

    try:
        document = docx.Document(path)
    except Exception as error:  # noqa: BLE001
        problems.add(path, f"python-docx cannot open it: {error!r}")
        return
    paragraphs = [p.text for p in document.paragraphs]
    table_cells = sum(len(row.cells) for table in document.tables for row in table.rows)
    print(f"  python-docx: {len(paragraphs)} paragraph(s), {len(document.tables)} table(s), {table_cells} cell(s)")

    expected = load_expectations(path)
    if not expected:
        return
    body = [text for text in paragraphs if text.strip()]
    problems.expect(path, body == expected["paragraphs"], f"paragraphs {body} != {expected['paragraphs']}")
    section = document.sections[0]
    page = expected["page"]
    problems.expect(path, (section.page_width.twips, section.page_height.twips) == (page["width"], page["height"]),
                    f"page {section.page_width.twips}x{section.page_height.twips} twips")
    for side, (low, high) in page["margins_mm"].items():
        millimetres = getattr(section, f"{side}_margin").mm
        problems.expect(path, low <= millimetres <= high, f"{side} margin {millimetres:.2f} mm not in {low}–{high}")
    problems.expect(path, section.different_first_page_header_footer, "page number shown on the first page")

    runs = []
    for paragraph in document.paragraphs:
        runs.extend(paragraph.runs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    runs.extend(paragraph.runs)
    fonts = {run.font.name for run in runs if run.text.strip()}
    problems.expect(path, fonts == {expected["font"]}, f"fonts {fonts}")

    problems.expect(path, len(document.tables) == len(expected["tables"]),
                    f"{len(document.tables)} tables, expected {len(expected['tables'])}")
    for index, (table, wanted) in enumerate(zip(document.tables, expected["tables"])):
        shape = (len(table.rows), len(table.columns))
        problems.expect(path, shape == (wanted["rows"], wanted["columns"]), f"table {index}: shape {shape}")
        for row, column, text in wanted.get("cells", []):
            actual = table.cell(row, column).text
            problems.expect(path, actual == text, f"table {index} ({row},{column}): {actual!r} != {text!r}")
        for first_row, first_column, last_row, last_column in wanted.get("merged", []):
            origin = table.cell(first_row, first_column)._tc
            for row in range(first_row, last_row + 1):
                for column in range(first_column, last_column + 1):
                    problems.expect(path, table.cell(row, column)._tc is origin,
                                    f"table {index}: ({row},{column}) not merged with ({first_row},{first_column})")
        header_rows = wanted.get("repeated_header_rows", 0)
        for row_index, row in enumerate(table.rows):
            repeated = row._tr.trPr is not None and row._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
            problems.expect(path, repeated == (row_index < header_rows),
                            f"table {index}: row {row_index} repeated header = {repeated}")


# ---------------------------------------------------------------------------------------------------- PDF


def convert_to_pdf(path, problems, keep_dir):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("  soffice not found: PDF conversion skipped")
        return
    with tempfile.TemporaryDirectory(prefix="hocba-office-") as work:
        profile = "file://" + os.path.join(work, "profile")
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", work, path]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=240)
        except subprocess.TimeoutExpired:
            problems.add(path, "LibreOffice did not finish within 240 s")
            return
        pdf = os.path.join(work, os.path.splitext(os.path.basename(path))[0] + ".pdf")
        if not os.path.exists(pdf):
            problems.add(path, f"LibreOffice made no PDF (exit {result.returncode}): {result.stderr.strip()[:300]}")
            return
        with open(pdf, "rb") as handle:
            head = handle.read(5)
        size = os.path.getsize(pdf)
        problems.expect(path, head == b"%PDF-" and size > 1000, f"PDF is empty or not a PDF ({size} bytes)")
        print(f"  LibreOffice: PDF of {size} bytes")
        expected = load_expectations(path) or {}
        wanted = expected.get("pdf_contains", [])
        pdftotext = shutil.which("pdftotext")
        if wanted and pdftotext:
            text = subprocess.run([pdftotext, "-layout", pdf, "-"], capture_output=True, text=True).stdout
            flat = " ".join(text.split())
            for needle in wanted:
                problems.expect(path, " ".join(needle.split()) in flat, f"PDF text lacks {needle!r}")
            print(f"  pdftotext: {len(wanted)} expected string(s) looked for")
        if keep_dir:
            os.makedirs(keep_dir, exist_ok=True)
            shutil.copy(pdf, keep_dir)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--keep-pdf", metavar="DIR", help="copy the PDFs LibreOffice makes into DIR")
    parser.add_argument("--no-soffice", action="store_true", help="skip the LibreOffice conversion")
    arguments = parser.parse_args()

    problems = Problems()
    for path in arguments.files:
        print(path)
        if not os.path.exists(path):
            problems.add(path, "no such file")
            continue
        if path.endswith(".xlsx"):
            check_xlsx(path, problems)
        elif path.endswith(".docx"):
            check_docx(path, problems)
        else:
            problems.add(path, "neither .xlsx nor .docx")
            continue
        if not arguments.no_soffice:
            convert_to_pdf(path, problems, arguments.keep_pdf)

    for item in problems.items:
        print("PROBLEM " + item)
    print(f"{len(arguments.files)} file(s), {len(problems.items)} problem(s)")
    return 1 if problems.items else 0


if __name__ == "__main__":
    sys.exit(main())
