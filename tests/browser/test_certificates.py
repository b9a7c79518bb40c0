"""Issue 18 in the browser, on the demo province: the provincial political school issues a class's certificates
from the register page and prints them (A4 landscape, one page each); the QR code of a printed certificate, read by
zbar from the screenshot, is the verification address; that address, without an account, shows the certificate
valid, then revoked with the reason after `hocba certificate revoke`; an unknown code is a 404."""

from __future__ import annotations

import base64
import os
import re
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import sign_in_as
from test_demo import click_and_wait, nfc, open_page


def school_class(database: str) -> str:
    """The latest ended class of TCT with completed learners and no certificate yet."""
    path = database.removeprefix("sqlite:")
    row = sqlite3.connect(path).execute(
        "select c.code from classes c join institutions i on i.id = c.institution_id "
        "join enrolments e on e.class_id = c.id "
        "where i.code = 'TCT' and e.result = 'HOAN-THANH' and c.end_date < '2021-01-01' "
        "and e.certificate_number is null "
        "and not exists (select 1 from certificates ce where ce.enrolment_id = e.id) "
        "group by c.code order by max(c.end_date) desc, c.code limit 1").fetchone()
    assert row, "the demo has no ended class of TCT with completed learners"
    return row[0]


def test_the_school_prints_certificates_whose_qr_leads_to_their_verification(driver, base_url, timeout, shot):
    school, password = os.environ.get("HOCBA_WALK_SCHOOL"), os.environ.get("HOCBA_WALK_PASSWORD")
    database, binary = os.environ.get("HOCBA_BROWSER_DATABASE"), os.environ.get("HOCBA_BROWSER_BINARY")
    if not (school and password and database and binary):
        pytest.skip("run through scripts/browser-test.sh, which makes the accounts and passes the database")
    code = school_class(database)
    sign_in_as(driver, base_url, timeout, school, password)

    # From the class page to its register; issue with the signer's name.
    open_page(driver, timeout, f"{base_url}/lop-hoc/{code}", "h1")
    click_and_wait(driver, timeout, driver.find_element(By.LINK_TEXT, "Chứng chỉ"), "#issue-form")
    driver.find_element(By.CSS_SELECTOR, "#issue-form input[name=signer]").send_keys("Hiệu trưởng Hoàng Văn Sơn")
    click_and_wait(driver, timeout, driver.find_element(By.CSS_SELECTOR, "#issue-form button"), "table#register")
    rows = driver.find_elements(By.CSS_SELECTOR, "table#register tbody tr")
    assert rows and all(r.get_attribute("data-status") == "HIEU-LUC" for r in rows)
    number = nfc(rows[0].find_elements(By.TAG_NAME, "td")[0].text)
    assert re.fullmatch(r"TCT-\d{4}-\d{6}", number), number
    shot(driver, "40-so-cap-chung-chi.png")

    # Printed: one A4 landscape page per certificate (the print CSS, as Chromium prints it).
    click_and_wait(driver, timeout, driver.find_element(By.ID, "print-link"), "article.certificate")
    certificates = driver.find_elements(By.CSS_SELECTOR, "article.certificate")
    assert len(certificates) == len(rows)
    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True,
                                                                       "printBackground": True})["data"])
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == len(rows), f"{pages} printed pages for {len(rows)} certificates"
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box and float(box.group(1)) > float(box.group(2)) > 590, "not A4 landscape"
    first = certificates[0]
    assert nfc("CHỨNG CHỈ") in nfc(first.text) or nfc("GIẤY CHỨNG NHẬN") in nfc(first.text)
    assert number in nfc(first.text)
    shot(driver, "41-in-chung-chi.png")

    # zbar reads the QR code of the printed certificate from its picture.
    with tempfile.TemporaryDirectory() as folder:
        picture = Path(folder) / "qr.png"
        picture.write_bytes(first.find_element(By.CSS_SELECTOR, ".certificate-qr svg").screenshot_as_png)
        decoded = subprocess.run(["zbarimg", "--raw", "-q", str(picture)], capture_output=True, text=True,
                                 check=True).stdout.strip()
    assert re.fullmatch(re.escape(base_url) + r"/xac-minh/[A-Z2-7]{20}", decoded), decoded

    # The address, without an account: valid.
    driver.delete_all_cookies()
    open_page(driver, timeout, decoded, "#verification-status")
    assert driver.find_element(By.ID, "verification-status").get_attribute("data-status") == "HIEU-LUC"
    assert number in nfc(driver.find_element(By.ID, "verification").text)
    shot(driver, "42-xac-minh.png")

    # Revoked with the command line: the same address says so, with the reason.
    subprocess.run([binary, "certificate", "revoke", number, "--reason", "Ghi sai ngày sinh",
                    "--database-url", database], check=True, capture_output=True)
    open_page(driver, timeout, decoded, "#verification-status")
    status = driver.find_element(By.ID, "verification-status")
    assert status.get_attribute("data-status") == "THU-HOI" and nfc("Ghi sai ngày sinh") in nfc(status.text)

    # An unknown code is a 404.
    driver.get(base_url + "/xac-minh/" + "A" * 20)
    assert "404" in driver.title
