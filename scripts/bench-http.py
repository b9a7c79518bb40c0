#!/usr/bin/env python3
"""scripts/bench-http.py — the HTTP side of scripts/bench-national.

Signs in to a running hocba server, times a few pages end to end on loopback (p50/p95 over --runs requests each),
then writes a wrk Lua script that sends the same mix with the session's cookie, at a fixed total rate.

    scripts/bench-http.py --base-url http://127.0.0.1:PORT --account USER:PASSWORD --runs 30 --wrk-script FILE
        [--rate 200 --connections 8 --deep-page 10000]

Only the standard library: urllib with a cookie jar, the form token read from the sign-in page.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request

TOKEN = re.compile(r'name="_csrf" value="([0-9a-f]{64})"')
# A person's page (not /can-bo/moi, the form for a new person).
PERSON = re.compile(r'href="(/can-bo/(?!moi")[^"/?#]+)"')


def sign_in(base: str, user: str, password: str):
    jar = http.cookiejar.CookieJar()
    client = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = client.open(base + "/dang-nhap").read().decode()
    form = urllib.parse.urlencode({"_csrf": TOKEN.search(page).group(1), "username": user, "password": password})
    if "/dang-nhap" in client.open(base + "/dang-nhap", data=form.encode()).geturl():
        sys.exit(f"bench-http: could not sign in as {user}")
    return client, "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def timed(client, url: str, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        with client.open(url) as response:
            response.read()
            if response.status != 200:
                sys.exit(f"bench-http: {url} answered {response.status}")
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--account", required=True)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--wrk-script", required=True)
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--deep-page", type=int, default=10_000)
    options = parser.parse_args()
    base = options.base_url.rstrip("/")
    user, password = options.account.split(":", 1)
    client, cookie = sign_in(base, user, password)

    listing = client.open(base + "/can-bo?q=nguyen+van+hung").read().decode()
    people = PERSON.findall(listing)
    if not people:
        sys.exit("bench-http: the search found nobody")
    # A deep page as a person reaches it, by "next" from the page before (whose link is read once, untimed).
    deep = client.open(base + f"/can-bo?trang={options.deep_page - 1}").read().decode()
    following = re.search(r'<a href="([^"]+)" rel="next"', deep)
    if not following:
        sys.exit(f"bench-http: page {options.deep_page - 1} has no next page")
    pages = [
        ("search \"nguyen van hung\"", "/can-bo?q=nguyen+van+hung"),
        ("person page", people[0]),
        ("people list page 1", "/can-bo"),
        (f"people list page {options.deep_page} (by next)", following.group(1).replace("&amp;", "&")),
        ("summary report JSON 2016–2020, whole country", "/bao-cao/tong-hop.json?tu=2016-01-01&den=2020-12-31"),
    ]
    for name, path in pages:
        median, p95 = timed(client, base + path, options.runs)
        print(f"HTTP {name:<46} median {median:8.1f} ms   p95 {p95:8.1f} ms   (n={options.runs})")

    # wrk: each connection waits connections/rate seconds between requests, so the whole stays at `rate` per
    # second while the server keeps up (wrk has no rate option of its own; its Lua `delay` does this).
    paths = [path for _, path in pages] + people[1:6]
    delay_ms = options.connections * 1000 // options.rate
    lua = "\n".join([
        "local paths = {" + ", ".join('"' + p.replace('"', '\\"') + '"' for p in paths) + "}",
        "local i = 0",
        f'wrk.headers["Cookie"] = "{cookie}"',
        "request = function()",
        "  i = i + 1",
        "  return wrk.format(\"GET\", paths[(i % #paths) + 1])",
        "end",
        f"delay = function() return {delay_ms} end",
        "done = function(summary, latency, requests)",
        "  io.write(string.format(\"wrk: %d requests, %d errors (status %d, socket %d), p50 %.1f ms, p99 %.1f ms\\n\",",
        "    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,",
        "    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,",
        "    latency:percentile(50) / 1000, latency:percentile(99) / 1000))",
        "end",
    ])
    with open(options.wrk_script, "w") as out:
        out.write(lua + "\n")


if __name__ == "__main__":
    main()
