#!/usr/bin/env python3
"""Import benchmark (issue 4): hocba imports a CanBo sheet of N rows (parse, validate, write) against openpyxl merely
reading the same file in read-only mode, in the same run; wall time and peak memory (max RSS) of each process.

    scripts/bench-import.py [--rows 100000] [--bin DIR] [--database-url URL]

DIR holds release builds of hocba and hocba-bench (default .build-release/release). Without --database-url each
import goes to a fresh temporary SQLite file; a PostgreSQL URL must name an empty database (it is imported into once).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def run(command):
    """Runs a command; returns (seconds, peak RSS in MB, output)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    output = process.stdout.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed:\n{output}")
    return seconds, usage.ru_maxrss / 1024, output


READ_WITH_OPENPYXL = """
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
cells = 0
for sheet in book.worksheets:
    for row in sheet.iter_rows(values_only=True):
        cells += len(row)
print(cells)
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--bin", default=".build-release/release")
    parser.add_argument("--database-url")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        workbook = os.path.join(work, "canbo.xlsx")
        run([os.path.join(arguments.bin, "hocba-bench"), "make-canbo", "--rows", str(arguments.rows),
             "--output", workbook])
        print(f"file: {arguments.rows:,} CanBo rows + 130 DonVi rows, {os.path.getsize(workbook) / 1e6:.1f} MB")
        seconds, peak, output = run([sys.executable, "-c", READ_WITH_OPENPYXL, workbook])
        print(f"openpyxl {__import__('openpyxl').__version__} read-only, read every cell: "
              f"{seconds:.2f} s, peak {peak:.0f} MB ({int(output):,} cells)")
        database = arguments.database_url or "sqlite:" + os.path.join(work, "import.sqlite")
        hocba = os.path.join(arguments.bin, "hocba")
        run([hocba, "migrate", "--database-url", database])
        seconds, peak, _ = run([hocba, "import", workbook, "--database-url", database])
        print(f"hocba import (parse, validate, write; new records): {seconds:.2f} s, peak {peak:.0f} MB")
        seconds, peak, _ = run([hocba, "import", workbook, "--database-url", database])
        print(f"hocba import again (every row an update, nothing changes): {seconds:.2f} s, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
