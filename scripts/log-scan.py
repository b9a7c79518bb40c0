#!/usr/bin/env python3
"""scripts/log-scan.py LOG [SECRET...] — checks a `hocba serve` log written with HOCBA_LOG_FORMAT=json
(scripts/browser-test.sh runs it over the log of the whole browser run; docs/operations.md, "Logs"):

  * every line is one JSON object with a time, a level and a message;
  * there are request lines, each with its request id, route pattern, status, duration and account;
  * no line holds a secret given on the command line (the run's passwords), a cookie or its name, an
    Authorization header, an API token (hocba_ + hex), a session or form token (32+ hex digits) or a personal ID
    (12 digits, a căn cước number).

Prints what it found and exits 1 on any breach.
"""
import json
import re
import sys

FORBIDDEN = [
    ("a cookie", re.compile(r"hocba_session|hocba_csrf|hocba_flash|\bcookie\b", re.I)),
    ("an Authorization header", re.compile(r"authorization|bearer\s", re.I)),
    ("an API token", re.compile(r"hocba_[0-9a-f]{16,}")),
    ("a session or form token", re.compile(r"(?<![0-9a-f])[0-9a-f]{32,}(?![0-9a-f])")),
    ("a personal ID", re.compile(r"(?<!\d)\d{12}(?!\d)")),
]


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path, secrets = sys.argv[1], [s for s in sys.argv[2:] if len(s) >= 6]
    problems, requests, lines = [], 0, 0
    with open(path, encoding="utf-8") as log:
        for number, line in enumerate(log, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            lines += 1
            try:
                entry = json.loads(line)
            except ValueError:
                problems.append(f"line {number} is not JSON: {line[:120]}")
                continue
            if not all(key in entry for key in ("time", "level", "message")):
                problems.append(f"line {number} lacks time, level or message")
            # The request id is hocba's own UUID (or the proxy's): its last group may be twelve digits.
            if isinstance(entry.get("request-id"), str):
                line = line.replace(entry["request-id"], "")
            if entry.get("message") == "request":
                requests += 1
                missing = [k for k in ("request-id", "route", "status", "duration_ms", "account") if k not in entry]
                if missing:
                    problems.append(f"line {number}: a request line without {', '.join(missing)}")
            for secret in secrets:
                if secret in line:
                    problems.append(f"line {number} holds a password of the run")
            for what, pattern in FORBIDDEN:
                if pattern.search(line):
                    problems.append(f"line {number} holds {what}: {line[:160]}")
    if requests == 0:
        problems.append("no request line at all: is HOCBA_LOG_FORMAT=json set?")
    for problem in problems[:40]:
        print("log-scan: " + problem)
    print(f"log-scan: {lines} lines, {requests} requests, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
