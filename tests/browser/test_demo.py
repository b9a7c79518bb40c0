"""Browser walk-through of the demo data, as a person would use hocba.

Page contract (server-rendered HTML):
  /                 overview "Tổng quan", <html lang="vi">, a <nav> linking the
                    six sections
  /can-bo           form#person-search (method=get, input[name=q], submit);
                    table#people rows with a.person-link -> /can-bo/CODE;
                    ?q= filters ignoring diacritics and case
  /can-bo/CODE      <h1> has the full name; table#enrolments rows with
                    a.class-link -> /lop-hoc/CODE
  /lop-hoc/CODE     <h1> has the class name; table#learners with
                    a.person-link anchors

Screenshots: 01-tong-quan, 02-tim-kiem, 03-hoc-ba, 04-lop-hoc, 05-dien-thoai
(.png) in the screenshot dir (artifacts/screenshots by default).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urljoin, urlparse

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import set_viewport

NAV_PATHS = ["/don-vi", "/can-bo", "/lop-hoc", "/giang-vien", "/co-so-dao-tao", "/kinh-phi"]
# How many people of the list to open at most while looking for one with an
# enrolment.
MAX_PEOPLE_TRIED = 25
PHONE_SIZE = (390, 844)


# --- helpers -----------------------------------------------------------------


def nfc(text: str) -> str:
    """NFC-normalised text with whitespace runs collapsed."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def fold(text: str) -> str:
    """What a person types without a Vietnamese keyboard: no diacritics, lower
    case. 'Nguyễn Thị Đào' -> 'nguyen thi dao'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return nfc(stripped).lower()


def path_of(url: str) -> str:
    return urlparse(url).path.rstrip("/") or "/"


def wait(driver, timeout):
    return WebDriverWait(driver, timeout)


def open_page(driver, timeout, url: str, ready_css: str):
    """driver.get(url), then wait until `ready_css` is present."""
    driver.get(url)
    return wait(driver, timeout).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, ready_css)),
        f"{ready_css!r} not found on {url}",
    )


def page_left(old_html):
    """Whether the page `old_html` belonged to is gone. Like EC.staleness_of, but chromedriver sometimes answers a
    node of a page being replaced with "Node with given id does not belong to the document" (an unknown error)
    rather than a stale reference: that also means the page changed."""
    def check(_driver):
        try:
            old_html.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    return check


def click_and_wait(driver, timeout, element, ready_css: str):
    """Click something that navigates, wait for the old page to go away and
    `ready_css` to be present on the new one."""
    old_html = driver.find_element(By.TAG_NAME, "html")
    element.click()
    w = wait(driver, timeout)
    w.until(page_left(old_html), "the page did not change after the click")
    return w.until(
        EC.presence_of_element_located((By.CSS_SELECTOR, ready_css)),
        f"{ready_css!r} not found after navigating to {driver.current_url}",
    )


def links(driver, css: str):
    """[(element, text, absolute href)] for the anchors matching css."""
    out = []
    for a in driver.find_elements(By.CSS_SELECTOR, css):
        # textContent, not .text: CSS (text-transform, ellipsis) must not
        # change the names we compare.
        text = nfc(a.get_attribute("textContent"))
        out.append((a, text, urljoin(driver.current_url, a.get_attribute("href") or "")))
    return out


def h1_text(driver, timeout) -> str:
    h1 = wait(driver, timeout).until(EC.visibility_of_element_located((By.TAG_NAME, "h1")))
    return nfc(h1.get_attribute("textContent"))


# --- tests -------------------------------------------------------------------


def test_overview(driver, base_url, timeout, shot):
    open_page(driver, timeout, base_url + "/", "nav")

    lang = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
    assert lang == "vi", f'<html lang="{lang}">, expected "vi"'

    headings = [nfc(h.get_attribute("textContent")) for h in driver.find_elements(By.TAG_NAME, "h1")]
    title = nfc(driver.title)
    assert "Tổng quan" in title or any("Tổng quan" in h for h in headings), (
        f"'Tổng quan' in neither the title {title!r} nor the h1 {headings!r}"
    )

    nav_paths = {path_of(href) for _, _, href in links(driver, "nav a[href]")}
    missing = [p for p in NAV_PATHS if p not in nav_paths]
    assert not missing, f"<nav> lacks links to {missing}; it has {sorted(nav_paths)}"

    shot(driver, "01-tong-quan.png")


def test_search_person_record_class_and_phone(driver, viewport, base_url, timeout, shot):
    people_url = base_url + "/can-bo"

    # 1. Find, from the list, a person who has at least one enrolment.
    open_page(driver, timeout, people_url, "table#people")
    candidates = [(text, href) for _, text, href in links(driver, "table#people a.person-link")]
    assert candidates, "table#people on /can-bo lists nobody (is the demo data loaded?)"

    person_name = person_url = None
    for text, href in candidates[:MAX_PEOPLE_TRIED]:
        open_page(driver, timeout, href, "h1")
        if driver.find_elements(By.CSS_SELECTOR, "table#enrolments a.class-link"):
            person_name, person_url = text, href
            break
    assert person_name, (
        f"none of the first {min(len(candidates), MAX_PEOPLE_TRIED)} people on /can-bo "
        "has a class-link in table#enrolments"
    )

    # 2. Search for them the way a person types: no diacritics, lower case.
    open_page(driver, timeout, people_url, "form#person-search")
    form = driver.find_element(By.CSS_SELECTOR, "form#person-search")
    assert (form.get_attribute("method") or "get").lower() == "get"
    query = form.find_element(By.NAME, "q")
    query.clear()
    query.send_keys(fold(person_name))
    submit = form.find_element(By.CSS_SELECTOR, "button[type=submit], input[type=submit], button:not([type])")
    click_and_wait(driver, timeout, submit, "form#person-search")
    assert "q=" in driver.current_url, f"the search did not go to /can-bo?q=…: {driver.current_url}"

    found = links(driver, "table#people a.person-link")
    found_names = [text for _, text, _ in found]
    assert person_name in found_names, (
        f"searching {fold(person_name)!r} did not list {person_name!r}; listed: {found_names[:20]}"
    )
    shot(driver, "02-tim-kiem.png")

    # 3. Open their record (the very person found in step 1, by address).
    target = next(
        (a for a, text, href in found if path_of(href) == path_of(person_url) and text == person_name),
        None,
    )
    assert target is not None, f"the search results have no link to {path_of(person_url)}"
    click_and_wait(driver, timeout, target, "h1")
    assert path_of(driver.current_url) == path_of(person_url)
    heading = h1_text(driver, timeout)
    assert person_name in heading, f"h1 {heading!r} does not contain {person_name!r}"
    shot(driver, "03-hoc-ba.png")

    # 4. Their first class: a named class whose learners include them.
    class_links = driver.find_elements(By.CSS_SELECTOR, "table#enrolments a.class-link")
    assert class_links, "table#enrolments has no class-link"
    click_and_wait(driver, timeout, class_links[0], "h1")
    assert path_of(driver.current_url).startswith("/lop-hoc/"), driver.current_url
    class_name = h1_text(driver, timeout)
    assert class_name, "the class page has an empty h1"
    wait(driver, timeout).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "table#learners")),
        "no table#learners on the class page",
    )
    learners = [text for _, text, _ in links(driver, "table#learners a.person-link")]
    assert person_name in learners, (
        f"class {class_name!r}: {person_name!r} not among the learners {learners[:20]}"
    )
    shot(driver, "04-lop-hoc.png")

    # 5. The record on a phone-sized window.
    open_page(driver, timeout, person_url, "h1")
    viewport(*PHONE_SIZE)
    heading = h1_text(driver, timeout)  # visible, not just present
    assert person_name in heading, f"on a phone the h1 is {heading!r}"
    shot(driver, "05-dien-thoai.png")


def test_report_narrative_published_as_bulletin_with_text_size_toolbar(driver, base_url, timeout, shot):
    """The article's figures on the report page; the narrative (a long Vietnamese form, streamed to the server)
    becomes a draft bulletin item, is published, and its text-size buttons change the text size."""
    report = urljoin(base_url, "/bao-cao/tong-hop?tu=01/01/2016&den=31/12/2020&tinh_den=12/10/2020")
    open_page(driver, timeout, report, "#summary-figures")
    page_text = nfc(driver.find_element(By.TAG_NAME, "main").text)
    for figure in ["20.743", "13.725", "83,79%", "98,61%", "hơn 24 tỷ đồng", "gần 500 triệu đồng"]:
        assert figure in page_text, f"{figure} missing from the report page"
    shot(driver, "06-bao-cao.png")

    click_and_wait(driver, timeout, driver.find_element(By.CSS_SELECTOR, "#publish-form button"),
                   "form.record-form textarea")
    body = driver.find_element(By.NAME, "body").get_attribute("value")
    assert "20.743 lượt" in body and len(body.encode("utf-8")) > 1000
    driver.find_element(By.NAME, "published").click()
    click_and_wait(driver, timeout, driver.find_element(By.CSS_SELECTOR, "form.record-form button[type=submit]"),
                   "#text-larger")
    article = driver.find_element(By.ID, "news-body")
    before = float(article.value_of_css_property("font-size").rstrip("px"))
    driver.find_element(By.ID, "text-larger").click()
    driver.find_element(By.ID, "text-larger").click()
    after = float(article.value_of_css_property("font-size").rstrip("px"))
    assert after > before, f"text size did not grow: {before} -> {after}"
    driver.find_element(By.ID, "text-smaller").click()
    assert float(article.value_of_css_property("font-size").rstrip("px")) < after
    shot(driver, "07-ban-tin.png")


def test_report_of_the_merged_province_counts_its_predecessors_once_the_box_is_ticked(driver, base_url, timeout, shot):
    """Tỉnh Thái Nguyên (from 1 July 2025) has no lượt of 2016–2020 of its own; ticking "Gồm các đơn vị đã sáp nhập
    vào" counts the Bắc Kạn units merged into it: the article's figures, and the page names the included units."""
    report = urljoin(base_url, "/bao-cao/tong-hop?tu=01/01/2016&den=31/12/2020&tinh_den=12/10/2020&don_vi=TN")
    open_page(driver, timeout, report, "#summary-figures")
    assert not driver.find_elements(By.ID, "included-units"), "units listed without the box ticked"
    assert "20.743" not in nfc(driver.find_element(By.TAG_NAME, "main").text)
    box = driver.find_element(By.NAME, "gom_sap_nhap")
    assert not box.is_selected()
    box.click()
    click_and_wait(driver, timeout, driver.find_element(By.CSS_SELECTOR, "#report-parameters button[type=submit]"),
                   "#included-units")
    page_text = nfc(driver.find_element(By.TAG_NAME, "main").text)
    for figure in ["20.743", "13.725", "83,79%", "98,61%"]:
        assert figure in page_text, f"{figure} missing from the merged province's report"
    included = nfc(driver.find_element(By.ID, "included-units").text)
    assert "BK — Tỉnh Bắc Kạn (sáp nhập vào TN)" in included, included
    assert driver.find_element(By.NAME, "gom_sap_nhap").is_selected(), "the box did not stay ticked"
    shot(driver, "06b-bao-cao-sap-nhap.png")


def test_gap_check_lists_people_with_reasons_and_a_plan_from_them(driver, base_url, timeout, shot):
    """The standards page on 31/12/2020: people with gaps, the counts by unit add up, a person's reasons; then a
    plan proposed from those gaps shows its bars."""
    open_page(driver, timeout, base_url + "/chuan-dao-tao?ngay=31/12/2020", "table#people-gaps")
    with_gaps = int(driver.find_element(By.ID, "with-gaps").text.replace(".", ""))
    assert with_gaps > 0
    by_unit = [int(td.text.replace(".", "")) for td in driver.find_elements(By.CSS_SELECTOR, "table#units tbody td.num")]
    assert sum(by_unit) == with_gaps
    reasons = driver.find_element(By.CSS_SELECTOR, "table#people-gaps tbody tr td ul").text
    assert nfc("Chưa") in nfc(reasons)
    shot(driver, "20-chuan-dao-tao.png")
    open_page(driver, timeout, base_url + "/ke-hoach", "form[action='/ke-hoach/de-xuat']")
    form = driver.find_element(By.CSS_SELECTOR, "form[action='/ke-hoach/de-xuat']")
    date = form.find_element(By.NAME, "ngay")
    date.clear()
    date.send_keys("31/12/2020")
    click_and_wait(driver, timeout, form.find_element(By.CSS_SELECTOR, "button[type=submit]"), "svg.chart rect.chart-target")
    assert nfc("đề xuất") in nfc(h1_text(driver, timeout))
    shot(driver, "21-ke-hoach.png")


def test_wide_forms_print_landscape_with_every_column(driver, base_url, timeout):
    """The matrix, Biểu 10 and the commune quality form print on A4 landscape pages with every column on the page."""
    import base64

    for path, table in [("/bao-cao/ma-tran?tu=01/01/2016&den=31/12/2020", "#training-matrix"),
                        ("/bao-cao/bieu-10?tu=01/01/2016&den=31/12/2020", "#training-matrix"),
                        ("/bao-cao/chat-luong-xa", "#commune-quality")]:
        open_page(driver, timeout, base_url + path, table)
        pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
        boxes = {tuple(round(float(v)) for v in box.split()) for box in
                 re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)}
        assert boxes == {(0, 0, 842, 595)}, f"{path}: pages {boxes}, not A4 landscape"
        # Laid out for print at the page's printable width (297 mm less the margins, 96 px an inch): no column
        # falls off the right edge.
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        set_viewport(driver, 1060, 900)
        overflow = driver.execute_script(
            "var t = document.querySelector(arguments[0]);"
            "return [t.getBoundingClientRect().right, document.documentElement.clientWidth];", table)
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        set_viewport(driver, 1366, 900)
        assert overflow[0] <= overflow[1] + 1, f"{path}: the table reaches {overflow[0]} px of {overflow[1]}"


def test_people_list_and_charts_read_on_a_phone(driver, viewport, base_url, timeout, shot):
    """At 390 px the people list shows every column as a labelled card, nothing wider than the screen, and chart
    labels stay at a readable size."""
    viewport(*PHONE_SIZE)
    open_page(driver, timeout, base_url + "/can-bo", "table#people")
    width, inner, unit_visible = driver.execute_script(
        "var cell = document.querySelector('table#people tbody tr td[data-label=\"Đơn vị\"]');"
        "var r = cell.getBoundingClientRect();"
        "return [document.documentElement.scrollWidth, window.innerWidth,"
        "        r.width > 0 && r.right <= window.innerWidth && getComputedStyle(cell).display !== 'none'];")
    shot(driver, "phone-people.png")
    assert width <= inner + 1, f"the people list is {width} px wide on a {inner} px phone"
    assert unit_visible, "the unit column is hidden or cut off on a phone"
    open_page(driver, timeout, base_url + "/", "main")
    sizes = driver.execute_script(
        "return Array.from(document.querySelectorAll('svg.chart .chart-label')).slice(0, 5)"
        ".map(t => t.getBoundingClientRect().height);")
    shot(driver, "phone-overview.png")
    assert sizes, "the overview has no chart"
    assert min(sizes) >= 9, f"chart labels are {min(sizes):.1f} px high on a phone"


def test_list_columns_sort_when_their_heading_is_clicked(driver, base_url, timeout):
    """A list sorts by a column when its heading is clicked (dates by date), and back again on a second click."""
    open_page(driver, timeout, base_url + "/can-bo", "table#people")
    heading = driver.find_element(By.XPATH, "//table[@id='people']//th[.//button[normalize-space()='Ngày sinh']]")

    def births():
        cells = driver.execute_script(
            "return Array.from(document.querySelectorAll('table#people tbody tr'))"
            ".map(r => r.querySelector('td[data-label=\"Ngày sinh\"]').textContent.trim()).filter(t => t);")
        return [tuple(reversed(text.split("/"))) for text in cells]

    heading.find_element(By.TAG_NAME, "button").click()
    assert heading.get_attribute("aria-sort") == "ascending"
    ascending = births()
    assert len(ascending) > 10 and ascending == sorted(ascending), "not in date order after one click"
    heading.find_element(By.TAG_NAME, "button").click()
    assert births() == sorted(ascending, reverse=True), "not reversed after a second click"


def test_national_sync_lists_the_undelivered_and_marks_them_sent(driver, base_url, timeout, shot):
    """Đồng bộ CSDL quốc gia: on the demo everyone loaded is still to send and some have no personal ID; the
    officer opens the page from the menu, marks the changes sent, and nothing is left to send."""
    open_page(driver, timeout, base_url + "/", "nav")
    menu = [a for a, text, _ in links(driver, "nav a[href]") if text == nfc("CSDL quốc gia")]
    assert menu, "no 'CSDL quốc gia' in the menu"
    click_and_wait(driver, timeout, menu[0], "#sync-counts")
    pending = int(driver.find_element(By.ID, "pending-count").text.replace(".", ""))
    without_id = int(driver.find_element(By.ID, "without-id-count").text.replace(".", ""))
    assert pending > 10_000 and 0 < without_id < pending, (pending, without_id)
    assert driver.find_elements(By.CSS_SELECTOR, "#without-id li a"), "no one listed without a personal ID"
    shot(driver, "22-csdl-quoc-gia.png")
    button = driver.find_element(By.CSS_SELECTOR, "form#mark-delivered button[type=submit]")
    click_and_wait(driver, timeout, button, "#sync-counts")
    assert nfc("Đã ghi nhận đã gửi") in nfc(driver.find_element(By.TAG_NAME, "body").text)
    assert driver.find_element(By.ID, "pending-count").text == "0"
    assert driver.find_elements(By.CSS_SELECTOR, "table#deliveries tbody tr")


def test_job_positions_catalogue_and_a_position_holders_gaps(driver, base_url, timeout, shot):
    """Issue 14: the positions catalogue, reached from Danh mục, lists the demo's positions with their holders; on
    01/07/2025 the Sở Nội vụ's gaps name the position their holder is checked against."""
    open_page(driver, timeout, base_url + "/danh-muc", "a#positions-link")
    click_and_wait(driver, timeout, driver.find_element(By.ID, "positions-link"), "table#positions")
    assert nfc("Vị trí việc làm") in h1_text(driver, timeout)
    rows = {}
    for tr in driver.find_elements(By.CSS_SELECTOR, "table#positions tbody tr"):
        cells = [nfc(td.get_attribute("textContent")) for td in tr.find_elements(By.TAG_NAME, "td")]
        rows[cells[1]] = cells
    assert {"VT-LDP", "VT-TCBM", "VT-HCTH", "VT-VT"} <= set(rows), rows
    assert rows["VT-TCBM"][2] == nfc("Chuyên môn, nghiệp vụ chuyên ngành")
    assert int(rows["VT-TCBM"][5].replace(".", "")) > 0
    shot(driver, "23-vi-tri-viec-lam.png")
    open_page(driver, timeout, base_url + "/chuan-dao-tao?ngay=01/07/2025&don_vi=SNV", "table#people-gaps")
    reasons = nfc(driver.find_element(By.CSS_SELECTOR, "table#people-gaps").get_attribute("textContent"))
    assert nfc("Vị trí việc làm Chuyên viên về tổ chức bộ máy (VT-TCBM) yêu cầu") in reasons
