"""Every link a district officer, a school and a district leader can see, followed in the browser on the demo
province: none ends on a 403 page, and no page is wider than the 1366 px window (tables scroll inside their box,
long values wrap). The accounts are made by scripts/browser-test.sh with `hocba user add`."""

from __future__ import annotations

import os
import re
from collections import deque
from urllib.parse import urlsplit

import pytest

from conftest import sign_in_as

ROLES = ["HOCBA_WALK_UNIT", "HOCBA_WALK_SCHOOL", "HOCBA_WALK_LEADER"]
# Downloads and feeds are files, not pages; signing out ends the walk.
SKIPPED = re.compile(r"\.(xlsx|csv|docx|svg|xml)(\?|$)|^/dang-xuat")
# Pages of one kind (one person, one class, one bulletin item…) are walked a few times, not thousands.
SAMPLES_PER_KIND = 3
PAGE_LIMIT = 160


def kind_of(path: str) -> str:
    parts = urlsplit(path)
    segments = parts.path.strip("/").split("/")
    if len(segments) >= 2 and segments[0] in {"can-bo", "lop-hoc", "ban-tin", "giang-vien", "co-so-dao-tao",
                                               "don-vi", "ke-hoach", "bao-cao"}:
        segments[1] = "*" if segments[0] not in {"bao-cao"} else segments[1]
    if len(segments) >= 3 and segments[0] == "bao-cao":
        segments[2] = "*"
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return "/".join(segments) + "?" + ",".join(keys)


@pytest.mark.parametrize("role", ROLES)
def test_every_visible_link_opens_and_fits_the_window(driver, base_url, timeout, shot, role):
    user = os.environ.get(role)
    password = os.environ.get("HOCBA_WALK_PASSWORD")
    if not user or not password:
        pytest.skip("run through scripts/browser-test.sh, which makes the accounts")
    sign_in_as(driver, base_url, timeout, user, password)
    queue, seen, kinds = deque(["/"]), {"/"}, {}
    forbidden, too_wide, visited = [], [], 0
    while queue and visited < PAGE_LIMIT:
        path = queue.popleft()
        driver.get(base_url + path)
        visited += 1
        if "Lỗi 403" in driver.title:
            forbidden.append(path)
            continue
        width, inner = driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth];")
        if width > inner + 1:
            too_wide.append(f"{path} ({width} px)")
            shot(driver, f"walk-too-wide-{role}-{len(too_wide)}.png")
        for href in driver.execute_script(
                "return Array.from(document.querySelectorAll('a[href^=\"/\"]')).map(a => a.getAttribute('href'));"):
            link = href.split("#")[0]
            if not link or link in seen or SKIPPED.search(link):
                continue
            seen.add(link)
            kind = kind_of(link)
            if kinds.get(kind, 0) >= SAMPLES_PER_KIND:
                continue
            kinds[kind] = kinds.get(kind, 0) + 1
            queue.append(link)
    print(f"\n{role}: {visited} pages of {len(kinds)} kinds walked")
    assert visited > 10, f"{role}: only {visited} pages reached"
    assert not forbidden, f"{role}: links to 403: {forbidden}"
    assert not too_wide, f"{role}: pages wider than the window: {too_wide}"
