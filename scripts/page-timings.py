#!/usr/bin/env python3
"""scripts/page-timings.py — how long every page of the demo province takes, for each role.

Signs in as each account given, walks every same-site link from the dashboard (pages of one kind — one person,
one class — sampled a few times; downloads included), times each GET end to end on loopback, and prints the
slowest pages as a Markdown table (docs/benchmarks.md keeps it, dated, with the command).

    scripts/page-timings.py --base-url http://127.0.0.1:8080 --account USER:PASSWORD [--account …] [--top 20]

Only the standard library: urllib with a cookie jar, the form token read from the sign-in page.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import sys
import time
import urllib.parse
import urllib.request
from collections import deque

SAMPLES_PER_KIND = 3
PAGE_LIMIT = 400
LINK = re.compile(r'href="(/[^"#]*)')
TOKEN = re.compile(r'name="_csrf" value="([0-9a-f]{64})"')
COLLECTIONS = {"can-bo", "lop-hoc", "ban-tin", "giang-vien", "co-so-dao-tao", "don-vi", "ke-hoach"}


def kind_of(path: str) -> str:
    parts = urllib.parse.urlsplit(path)
    segments = parts.path.strip("/").split("/")
    if len(segments) >= 2 and segments[0] in COLLECTIONS:
        segments[1] = "*"
    if len(segments) >= 3 and segments[0] == "bao-cao":
        segments[2] = "*"
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return "/".join(segments) + "?" + ",".join(keys)


def opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def sign_in(client, base: str, user: str, password: str) -> None:
    page = client.open(base + "/dang-nhap").read().decode()
    token = TOKEN.search(page).group(1)
    form = urllib.parse.urlencode({"_csrf": token, "username": user, "password": password}).encode()
    final = client.open(base + "/dang-nhap", data=form)
    if "/dang-nhap" in final.geturl():
        sys.exit(f"page-timings: could not sign in as {user}")


def freeze(client, base: str, role: str) -> tuple[float, int, str, str]:
    """Freezes the summary report shown by default (the page's own form), timed like a page."""
    page = client.open(base + "/bao-cao/tong-hop").read().decode()
    form = page[page.index('id="freeze-form"'):]
    form = form[: form.index("</form>")]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    start = time.perf_counter()
    response = client.open(base + "/bao-cao/chot", data=urllib.parse.urlencode(fields).encode())
    response.read()
    return (time.perf_counter() - start, response.status, role, "POST /bao-cao/chot (then its page)")


def walk(client, base: str, role: str) -> list[tuple[float, int, str, str]]:
    queue, seen, kinds, timings = deque(["/"]), {"/"}, {}, []
    while queue and len(timings) < PAGE_LIMIT:
        path = queue.popleft()
        start = time.perf_counter()
        try:
            response = client.open(base + path)
            body = response.read()
            status = response.status
        except urllib.error.HTTPError as error:
            body, status = error.read(), error.code
        elapsed = time.perf_counter() - start
        timings.append((elapsed, status, role, path))
        if status != 200 or "text/html" not in (response.headers.get("Content-Type", "") if status == 200 else ""):
            continue
        for link in LINK.findall(body.decode("utf-8", "replace")):
            link = link.replace("&amp;", "&")
            if link in seen or link.startswith("/dang-xuat"):
                continue
            seen.add(link)
            kind = kind_of(link)
            if kinds.get(kind, 0) >= SAMPLES_PER_KIND:
                continue
            kinds[kind] = kinds.get(kind, 0) + 1
            queue.append(link)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--account", action="append", required=True, help="USER:PASSWORD (repeatable)")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--freeze", action="store_true",
                        help="freeze the summary report first, as the first account (a provincial one)")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    timings = []
    for account in args.account:
        user, password = account.split(":", 1)
        client = opener()
        sign_in(client, base, user, password)
        if args.freeze and account == args.account[0]:
            timings.append(freeze(client, base, user))
        found = walk(client, base, user)
        print(f"{user}: {len(found)} pages", file=sys.stderr)
        timings += found
    timings.sort(reverse=True)
    print(f"| # | seconds | status | account | page |")
    print(f"|---|---|---|---|---|")
    for rank, (seconds, status, role, path) in enumerate(timings[: args.top], 1):
        print(f"| {rank} | {seconds:.3f} | {status} | {role} | `{path}` |")
    errors = [t for t in timings if t[1] >= 400]
    print(f"\n{len(timings)} pages timed; slowest {timings[0][0]:.3f} s; {len(errors)} answered 4xx/5xx", file=sys.stderr)
    for seconds, status, role, path in errors:
        print(f"  {status} {role} {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
