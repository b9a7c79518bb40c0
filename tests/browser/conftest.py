"""pytest fixtures for the browser tests: a headless Debian Chromium driven by
Selenium 4 through Debian's chromedriver.

Run through scripts/browser-test.sh, which builds nothing, starts `hocba serve`
on a demo database and passes --base-url. By hand:

    python3 -m pytest -q tests/browser --base-url http://127.0.0.1:8080

Options / environment:
  --base-url URL          the running hocba server (required)
  --screenshot-dir DIR    where screenshots go (default: artifacts/screenshots
                          under the repo root)
  HOCBA_CHROMIUM          browser binary   (default /usr/bin/chromium)
  HOCBA_CHROMEDRIVER      driver binary    (default /usr/bin/chromedriver)
  HOCBA_BROWSER_TIMEOUT   explicit-wait timeout in seconds (default 20)

The driver path is always given explicitly, so Selenium Manager never tries
to download a browser or driver (SE_OFFLINE makes sure of it as well).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("SE_OFFLINE", "true")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = os.environ.get("HOCBA_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("HOCBA_CHROMEDRIVER", "/usr/bin/chromedriver")
DESKTOP_SIZE = (1366, 900)


def pytest_addoption(parser):
    group = parser.getgroup("hocba browser tests")
    try:
        group.addoption(
            "--base-url",
            action="store",
            default=os.environ.get("HOCBA_BASE_URL"),
            help="base URL of a running hocba server, e.g. http://127.0.0.1:8080",
        )
    except ValueError:
        # Another plugin (pytest-base-url) already defines --base-url; its
        # value lands in the same config option.
        pass
    group.addoption(
        "--screenshot-dir",
        action="store",
        default=str(REPO_ROOT / "artifacts" / "screenshots"),
        help="directory for screenshots (default: artifacts/screenshots)",
    )


@pytest.fixture(scope="session")
def base_url(pytestconfig) -> str:
    url = pytestconfig.getoption("base_url")
    if not url:
        pytest.exit("--base-url is required (see scripts/browser-test.sh)", returncode=2)
    return url.rstrip("/")


@pytest.fixture(scope="session")
def timeout() -> float:
    return float(os.environ.get("HOCBA_BROWSER_TIMEOUT", "20"))


@pytest.fixture(scope="session")
def screenshot_dir(pytestconfig) -> Path:
    path = Path(pytestconfig.getoption("screenshot_dir"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def shot(screenshot_dir):
    """shot(driver, "01-tong-quan.png") saves a screenshot and returns its path."""

    def take(driver, name: str) -> Path:
        path = screenshot_dir / name
        assert driver.save_screenshot(str(path)), f"could not write screenshot {path}"
        return path

    return take


def _options() -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",  # we run as root in CI; Chromium's sandbox refuses root
        "--disable-dev-shm-usage",
        f"--window-size={DESKTOP_SIZE[0]},{DESKTOP_SIZE[1]}",
        "--lang=vi-VN",
        "--disable-gpu",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(arg)
    return options


def set_viewport(driver, width: int, height: int) -> None:
    """Resize the window so that the page's viewport is width x height CSS px.

    set_window_size() sizes the outer window; headless Chromium still takes
    some of it for (invisible) browser chrome (~143 px of height in Chromium
    156), so measure and add the difference.
    """
    driver.set_window_size(width, height)
    inner_w, inner_h = driver.execute_script("return [window.innerWidth, window.innerHeight];")
    if (inner_w, inner_h) != (width, height):
        driver.set_window_size(2 * width - inner_w, 2 * height - inner_h)


def sign_in(drv, base_url: str, timeout: float) -> None:
    """Signs in through the login form with HOCBA_BROWSER_USER / HOCBA_BROWSER_PASSWORD (set by
    scripts/browser-test.sh, which creates that account with `hocba user add`)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    user, password = os.environ.get("HOCBA_BROWSER_USER"), os.environ.get("HOCBA_BROWSER_PASSWORD")
    if not user or not password:
        return
    drv.get(base_url + "/dang-nhap")
    drv.find_element(By.ID, "f-username").send_keys(user)
    drv.find_element(By.ID, "f-password").send_keys(password)
    drv.find_element(By.CSS_SELECTOR, "form.login-form button[type=submit]").click()
    WebDriverWait(drv, timeout).until(lambda d: "/dang-nhap" not in d.current_url)


def sign_in_as(drv, base_url: str, timeout: float, user: str, password: str) -> None:
    """Signs out whoever is signed in, then signs in as `user` through the login form."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    drv.delete_all_cookies()
    drv.get(base_url + "/dang-nhap")
    drv.find_element(By.ID, "f-username").send_keys(user)
    drv.find_element(By.ID, "f-password").send_keys(password)
    drv.find_element(By.CSS_SELECTOR, "form.login-form button[type=submit]").click()
    WebDriverWait(drv, timeout).until(lambda d: "/dang-nhap" not in d.current_url)


@pytest.fixture
def driver(request, base_url, timeout, screenshot_dir):
    """A fresh headless Chromium per test, at desktop size, signed in."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            pytest.fail(f"{path} not found: apt-get install chromium chromium-driver", pytrace=False)
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=_options())
    drv.set_page_load_timeout(timeout * 2)
    set_viewport(drv, *DESKTOP_SIZE)
    sign_in(drv, base_url, timeout)
    yield drv
    # On failure keep a picture of where the browser was.
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        try:
            drv.save_screenshot(str(screenshot_dir / f"FAILED-{name}.png"))
            print(f"\nbrowser was at {drv.current_url}; screenshot FAILED-{name}.png")
        except Exception as exc:  # the browser may be gone already
            print(f"\ncould not take failure screenshot: {exc}")
    drv.quit()


@pytest.fixture
def viewport(driver):
    """viewport(width, height): resize the test's browser to that viewport."""
    return lambda width, height: set_viewport(driver, width, height)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
