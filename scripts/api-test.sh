#!/usr/bin/env bash
# scripts/api-test.sh — the API checked by machines (docs/api.md, "How it is checked"):
#   1. loads the demo into a fresh database (SQLite, or PostgreSQL when HOCBA_TEST_POSTGRES_URL is set:
#      scripts/with-postgres.sh), makes a token for the province's officer (chuyenvien) and one for Ba Bể's unit
#      officer (tochuc.babe) with `hocba token create`, and starts `hocba serve` on a free port;
#   2. validates /api/v1/openapi.json as OpenAPI 3.1 (openapi-spec-validator);
#   3. runs schemathesis over every operation with each token: no server error, no response outside the
#      document (status, content type, headers, body schema), authentication enforced;
#   4. checks with curl that the unit's token gets 404 for another district's person through reads and writes,
#      and that its writes are in the trail under the account and the token's name.
# Needs HOCBA_BIN (the bin folder or the binary), python3 with schemathesis and openapi-spec-validator, curl.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bin="${HOCBA_BIN:-$(swift build --show-bin-path)}"
[[ -d "$bin" ]] && bin="$bin/hocba"
[[ -x "$bin" ]] || { echo "api-test: no hocba binary at $bin (build first)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/hocba-api.XXXXXX")"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if [[ -n "${HOCBA_TEST_POSTGRES_URL:-}" ]]; then
    db="$HOCBA_TEST_POSTGRES_URL"
    engine="PostgreSQL"
else
    db="sqlite:$work/demo.sqlite"
    engine="SQLite"
fi
echo "== api-test: demo on $engine"
"$bin" demo --reset --database-url "$db" >"$work/demo.log" 2>&1 || { cat "$work/demo.log"; exit 1; }
province="$("$bin" token create --database-url "$db" --user chuyenvien --name "kiểm thử tỉnh" | tail -n 1)"
unit="$("$bin" token create --database-url "$db" --user tochuc.babe --name "kiểm thử Ba Bể" | tail -n 1)"
[[ "$province" == hocba_* && "$unit" == hocba_* ]] || { echo "api-test: token create printed no token" >&2; exit 1; }

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
# The fuzzer sends thousands of requests a minute: the limit is tested on its own (APIConventionTests).
HOCBA_HOSTNAME=127.0.0.1 HOCBA_PORT="$port" HOCBA_API_RATE_LIMIT=1000000 DATABASE_URL="$db" \
    "$bin" serve >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 120); do
    curl -fsS "$base/api/v1/openapi.json" -o "$work/openapi.json" 2>/dev/null && break
    sleep 0.5
done
[[ -s "$work/openapi.json" ]] || { echo "api-test: the server did not answer" >&2; tail -n 30 "$work/server.log"; exit 1; }

echo "== api-test: the document validates as OpenAPI 3.1"
python3 - "$work/openapi.json" <<'PY'
import json, sys
from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator
document = json.load(open(sys.argv[1]))
assert document["openapi"] == "3.1.0", document["openapi"]
validate(document, cls=OpenAPIV31SpecValidator)
operations = sum(len(item) for item in document["paths"].values())
print(f"valid: {operations} operations, {len(document['components']['schemas'])} schemas")
PY

# Real codes of the demo, so that the fuzzer reaches past "not found": a class and a person of Ba Bể's.
auth() { printf 'Authorization: Bearer %s' "$1"; }
person="$(curl -fsS -H "$(auth "$unit")" "$base/api/v1/people?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["code"])')"
class="$(curl -fsS -H "$(auth "$unit")" "$base/api/v1/classes?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["code"])')"
unit_code="$(curl -fsS -H "$(auth "$unit")" "$base/api/v1/units?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["code"])')"
cat >"$work/schemathesis.toml" <<TOML
[generation]
max-examples = ${HOCBA_API_EXAMPLES:-40}

# The two that read the whole province on every call (seconds each in a debug build): a few examples are enough.
[[operations]]
include-operation-id = ["getStandardsCheck", "listNationalChanges"]
generation = { max-examples = 5 }

[[operations]]
include-operation-id = ["getPerson", "replacePerson"]
parameters = { "path.code" = "$person" }

[[operations]]
include-operation-id = ["getClass", "enrolPeople", "recordResults"]
parameters = { "path.code" = "$class" }

[[operations]]
include-operation-id = "withdrawPerson"
parameters = { "path.code" = "$class", "path.person_code" = "$person" }

[[operations]]
include-operation-id = "getUnit"
parameters = { "path.code" = "$unit_code" }
TOML

checks="not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance"
checks+=",response_schema_conformance,ignored_auth,missing_required_header,unsupported_method"
for who in province unit; do
    token="${!who}"
    echo "== api-test: schemathesis with the $who token"
    # --request-timeout: the national change feed and the standards check read the whole province on each call
    # (seconds in a debug build, more under the fuzzer's own load); 10 s, the default, failed one run in CI-like load.
    (cd "$work" && python3 -m schemathesis.cli --config-file "$work/schemathesis.toml" run "$base/api/v1/openapi.json" \
        --header "$(auth "$token")" --checks "$checks" --seed 20261204 --no-color --request-timeout 60) || { echo "api-test: schemathesis found failures ($who)" >&2; exit 1; }
done

echo "== api-test: a unit's token and another district's person"
foreign="$(curl -fsS -H "$(auth "$province")" "$base/api/v1/people?limit=500" | python3 -c '
import json, sys
print(next(p["code"] for p in json.load(sys.stdin)["items"] if not p["unit_code"].startswith("BABE")))')"
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
read_status="$(status -H "$(auth "$unit")" "$base/api/v1/people/$foreign")"
etag="$(curl -fsS -D - -o "$work/foreign.json" -H "$(auth "$province")" "$base/api/v1/people/$foreign" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')"
write_status="$(status -X PUT -H "$(auth "$unit")" -H "If-Match: $etag" -H 'Content-Type: application/json' \
    --data @"$work/foreign.json" "$base/api/v1/people/$foreign")"
[[ "$read_status" == 404 && "$write_status" == 404 ]] \
    || { echo "api-test: $foreign read $read_status, write $write_status (wanted 404, 404)" >&2; exit 1; }
echo "ok: $foreign is not found to Ba Bể's token (read $read_status, write $write_status)"

created="$(status -X POST -H "$(auth "$unit")" -H 'Content-Type: application/json' -H 'Idempotency-Key: api-test-1' \
    --data "{\"code\": \"API-KT-1\", \"full_name\": \"Hà Văn Thử\", \"unit_code\": \"$unit_code\", \"category\": \"CC\"}" \
    "$base/api/v1/people")"
[[ "$created" == 201 ]] || { echo "api-test: the unit token could not add a person to $unit_code ($created)" >&2; exit 1; }
trail="$(curl -fsS -H "$(auth "$province")" "$base/api/v1/audit-entries?actor=tochuc.babe&limit=5")"
python3 -c '
import json, sys
items = json.loads(sys.argv[1])["items"]
assert items, "the trail has nothing of the unit token"
assert all(item["actor"] == "tochuc.babe (khóa API: kiểm thử Ba Bể)" for item in items), [i["actor"] for i in items]
print("ok: writes of the unit token are in the trail as", items[0]["actor"])' "$trail"
echo "== api-test: passed"
