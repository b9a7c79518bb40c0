"""Issue 17 in the browser, on the demo province: Ba Bể's officer proposes people for the master's course of next year
from the class's nomination page, the Sở Nội vụ's officer approves one (enrolled) and refuses one with a reason
from the nomination's page reached through the inbox; with one place, a further approval waits; past the deadline
the page proposes nothing. The accounts are made by scripts/browser-test.sh."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pytest
from selenium.webdriver.common.by import By

from conftest import sign_in_as
from test_demo import click_and_wait, nfc, open_page

# The demo's course still taking proposals starts in September of the year after the load (DemoSending.openCourse).
COURSE = f"THS-LKT-{datetime.now(timezone(timedelta(hours=7))).year + 1}"


def accounts():
    unit, password = os.environ.get("HOCBA_WALK_UNIT"), os.environ.get("HOCBA_WALK_PASSWORD")
    province, province_password = os.environ.get("HOCBA_BROWSER_USER"), os.environ.get("HOCBA_BROWSER_PASSWORD")
    if not (unit and password and province and province_password):
        pytest.skip("run through scripts/browser-test.sh, which makes the accounts")
    return (unit, password), (province, province_password)


def status_of(driver) -> str:
    return driver.find_element(By.ID, "status").get_attribute("data-status")


def open_nomination_from_inbox(driver, base_url, timeout, name: str) -> None:
    """The province's inbox lists the nomination under "Đề cử chờ bạn duyệt": click it."""
    open_page(driver, timeout, base_url + "/", "nav")
    click_and_wait(driver, timeout, driver.find_element(By.LINK_TEXT, "Hộp thư"), "#to-decide")
    entries = [a for a in driver.find_elements(By.CSS_SELECTOR, "#to-decide li a")
               if nfc(a.text).startswith(nfc(name))]
    assert entries, f"{name} is not in the province's inbox"
    click_and_wait(driver, timeout, entries[0], "#status")


def test_proposed_then_approved_or_refused_and_capacity_and_deadline_hold(driver, base_url, timeout, shot):
    (unit, unit_password), (province, province_password) = accounts()

    # The province gives the course one place (the demo's two earlier proposals are still waiting for it).
    open_page(driver, timeout, f"{base_url}/lop-hoc/{COURSE}", "h1")
    click_and_wait(driver, timeout, driver.find_element(By.LINK_TEXT, "Đề cử học viên"), "#terms-form")
    capacity = driver.find_element(By.CSS_SELECTOR, "#terms-form input[name=capacity]")
    capacity.clear()
    capacity.send_keys("1")
    click_and_wait(driver, timeout, driver.find_element(By.CSS_SELECTOR, "#terms-form button"), "#nominations")

    # Ba Bể's officer searches the district's people and proposes the first two the rules let go.
    sign_in_as(driver, base_url, timeout, unit, unit_password)
    open_page(driver, timeout, f"{base_url}/lop-hoc/{COURSE}/de-cu", "#nominate-form")
    assert not driver.find_elements(By.ID, "terms-form"), "a unit's officer does not set the course's terms"
    search = driver.find_element(By.CSS_SELECTOR, "input[name=tim]")
    search.send_keys("Thị")
    click_and_wait(driver, timeout, search.find_element(By.XPATH, "./ancestor::form//button"), "#candidates")
    picks = []
    for row in driver.find_elements(By.CSS_SELECTOR, "#candidates tbody tr"):
        box = row.find_element(By.CSS_SELECTOR, "input[type=checkbox]")
        if box.is_enabled() and len(picks) < 2:
            box.click()
            picks.append(nfc(row.find_elements(By.TAG_NAME, "td")[1].text))
    assert len(picks) == 2, "fewer than two people of Ba Bể may be sent"
    shot(driver, "30-de-cu.png")
    click_and_wait(driver, timeout, driver.find_element(By.CSS_SELECTOR, "#nominate-form button"), "#nominations")
    assert nfc("Đã đề cử 2 người") in nfc(driver.find_element(By.TAG_NAME, "body").text)
    rows = {nfc(tr.find_elements(By.TAG_NAME, "td")[0].text): tr.get_attribute("data-status")
            for tr in driver.find_elements(By.CSS_SELECTOR, "#nominations tbody tr")}
    assert rows.get(picks[0]) == "DE-XUAT" and rows.get(picks[1]) == "DE-XUAT", rows

    # The province approves the first (enrolled: the course had no learner) and refuses the second with a reason.
    sign_in_as(driver, base_url, timeout, province, province_password)
    open_nomination_from_inbox(driver, base_url, timeout, picks[0])
    assert status_of(driver) == "DE-XUAT"
    click_and_wait(driver, timeout, driver.find_element(By.CSS_SELECTOR, "#approve-form button"), "#status")
    assert status_of(driver) == "DA-DUYET"
    assert nfc("Ghi danh vào lớp") in nfc(driver.find_element(By.ID, "story").text)
    shot(driver, "31-de-cu-da-duyet.png")

    open_nomination_from_inbox(driver, base_url, timeout, picks[1])
    click_and_wait(driver, timeout, driver.find_element(By.CSS_SELECTOR, "#refuse-form button"), "#status")
    assert nfc("Hãy ghi lý do không duyệt.") in nfc(driver.find_element(By.TAG_NAME, "body").text)
    assert status_of(driver) == "DE-XUAT", "a refusal without a reason writes nothing"
    driver.find_element(By.CSS_SELECTOR, "#refuse-form textarea[name=reason]").send_keys(
        "Chuyên ngành đăng ký chưa phù hợp với vị trí việc làm.")
    click_and_wait(driver, timeout, driver.find_element(By.CSS_SELECTOR, "#refuse-form button"), "#status")
    assert status_of(driver) == "TU-CHOI"

    # One of the demo's earlier proposals, approved now, waits: the only place is taken.
    open_page(driver, timeout, f"{base_url}/lop-hoc/{COURSE}/de-cu", "#nominations")
    waiting = [tr for tr in driver.find_elements(By.CSS_SELECTOR, "#nominations tbody tr")
               if tr.get_attribute("data-status") == "DE-XUAT"]
    assert waiting, "the demo's proposals to the course are gone"
    click_and_wait(driver, timeout, waiting[0].find_element(By.TAG_NAME, "a"), "#approve-form")
    click_and_wait(driver, timeout, driver.find_element(By.CSS_SELECTOR, "#approve-form button"), "#status")
    assert status_of(driver) == "CHO-CHO"

    open_page(driver, timeout, f"{base_url}/lop-hoc/{COURSE}", "#learners")
    learners = nfc(driver.find_element(By.ID, "learners").text)
    assert picks[0] in learners and picks[1] not in learners

    # Past the deadline the page proposes nothing, and the officer is told why.
    open_page(driver, timeout, f"{base_url}/lop-hoc/{COURSE}/de-cu", "#terms-form")
    deadline = driver.find_element(By.CSS_SELECTOR, "#terms-form input[name=deadline]")
    deadline.clear()
    deadline.send_keys("01/01/2026")
    click_and_wait(driver, timeout, driver.find_element(By.CSS_SELECTOR, "#terms-form button"), "#closed")
    sign_in_as(driver, base_url, timeout, unit, unit_password)
    open_page(driver, timeout, f"{base_url}/lop-hoc/{COURSE}/de-cu", "#closed")
    assert nfc("Đã hết hạn đề cử (01/01/2026).") == nfc(driver.find_element(By.ID, "closed").text)
    assert not driver.find_elements(By.ID, "nominate-form")
    # The officer's inbox tells the decisions.
    open_page(driver, timeout, f"{base_url}/hop-thu", "#decided")
    decided = nfc(driver.find_element(By.ID, "decided").text)
    assert picks[0] in decided and nfc("Không duyệt: Chuyên ngành đăng ký chưa phù hợp") in decided
