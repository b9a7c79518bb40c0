#!/usr/bin/env python3
"""Write the workbooks that the Swift reader tests (XLSXReaderTests.swift, "files made by other tools") read back.

    python3 tests/office/make_reader_samples.py [--soffice] OUT_DIR

Writes OUT_DIR/openpyxl.xlsx with openpyxl: Vietnamese sheet names and text, dates and a date-time with custom
formats, numbers (a large integer, decimals, a negative), booleans, text that looks like a number, rich text, a
formula (openpyxl stores no cached value), empty cells and rows, line breaks, a merged range.

With --soffice, LibreOffice then converts that file, writing OUT_DIR/libreoffice/openpyxl.xlsx (LibreOffice's own
xlsx: its styles, shared strings and the formula's cached value) and OUT_DIR/libreoffice/openpyxl.csv (the first
sheet as UTF-8 CSV), each with a private LibreOffice profile so a running LibreOffice does not interfere.

Exit status: 0 on success; 2 when openpyxl is missing; 3 when --soffice is given and LibreOffice is missing or
fails. The Swift test treats 2 and 3 as "skip", unless HOCBA_OFFICE_CHECK=1, when they fail it.
"""

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile


def write_openpyxl(path):
    import openpyxl
    from openpyxl.styles import Alignment

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Cán bộ"
    sheet.append(["Mã", "Họ và tên", "Ngày sinh", "Lương", "Tỷ lệ", "Đảng viên", "Chức vụ", "Công thức"])
    sheet.append(["00123", "Nguyễn Thị Hồng Nhung", datetime.date(1985, 2, 5), 24180000000, 0.8379, True,
                  rich_text("Trưởng", " phòng"), "=1+2"])
    sheet.append(["0912345678", "Trần Văn Bình", datetime.datetime(2020, 1, 1, 13, 45), 1500000, 1.5, False])
    sheet.append([])
    sheet.append([None, None, "chỉ cột C"])
    sheet.append(["Dòng một\ndòng hai", -7, datetime.date(1900, 3, 1)])
    sheet["C2"].number_format = "dd/mm/yyyy"
    sheet["C3"].number_format = "dd/mm/yyyy hh:mm"
    sheet["C6"].number_format = "[$-42A]d/m/yyyy"
    sheet["D2"].number_format = "#,##0"
    sheet["D3"].number_format = "#,##0"
    sheet["E2"].number_format = "0.00%"
    sheet["A6"].alignment = Alignment(wrap_text=True)

    units = book.create_sheet("Đơn vị & phòng")
    units["A1"] = "Báo cáo"
    units.merge_cells("A1:C1")
    units.append(["Sở Nội vụ", 1200])
    book.save(path)


def rich_text(bold, rest):
    """A cell of two runs, the first bold (openpyxl ≥ 3.1); plain text with older versions."""
    try:
        from openpyxl.cell.rich_text import CellRichText, TextBlock
        from openpyxl.cell.text import InlineFont
    except ImportError:
        return bold + rest
    return CellRichText([TextBlock(InlineFont(b=True), bold), rest])


def convert(soffice, source, out_dir, target):
    with tempfile.TemporaryDirectory(prefix="hocba-reader-") as work:
        profile = "file://" + os.path.join(work, "profile")
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", target, "--outdir", out_dir, source]
        result = subprocess.run(command, capture_output=True, text=True, timeout=240)
    extension = target.split(":")[0]
    output = os.path.join(out_dir, os.path.splitext(os.path.basename(source))[0] + "." + extension)
    if not os.path.exists(output):
        print(f"LibreOffice made no {extension} (exit {result.returncode}): {result.stderr.strip()[:300]}")
        return False
    print(f"LibreOffice wrote {output}")
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir")
    parser.add_argument("--soffice", action="store_true", help="also convert with LibreOffice")
    arguments = parser.parse_args()

    try:
        import openpyxl
    except ImportError:
        print("openpyxl is not installed (pip install openpyxl)")
        return 2
    os.makedirs(arguments.out_dir, exist_ok=True)
    source = os.path.join(arguments.out_dir, "openpyxl.xlsx")
    write_openpyxl(source)
    print(f"openpyxl {openpyxl.__version__} wrote {source}")

    if arguments.soffice:
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            print("soffice not found")
            return 3
        converted = os.path.join(arguments.out_dir, "libreoffice")
        os.makedirs(converted, exist_ok=True)
        # Filter options: comma, double quote, UTF-8 (76), from the first line.
        if not (convert(soffice, source, converted, "xlsx:Calc MS Excel 2007 XML")
                and convert(soffice, source, converted, "csv:Text - txt - csv (StarCalc):44,34,76,1")):
            return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
