#!/usr/bin/env bash
# The PostgreSQL-backed tests (JUnit tag "postgres": cluster storage, leases and fencing, challenge answers,
# change notifications) against the lab's real PostgreSQL 15, once directly and once through PgBouncer in
# transaction mode. Needs the compiled tests (mvn package). Usage: src/test/lab/pg-lab.sh   (as root; ~1 minute)
# Own lab: LAB_NS/LAB_DIR default to mtasts-pg and /tmp/mtasts-lab-pg. Last line: "N passed, M failed".
set -uo pipefail

export LAB_NS=${LAB_NS:-mtasts-pg} LAB_DIR=${LAB_DIR:-/tmp/mtasts-lab-pg} LAB_PGBOUNCER=1
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
LAB_SH=${LAB_SH:-$ROOT/../shared/lab/lab.sh}
[ -x "$LAB_SH" ] || { echo "no lab at $LAB_SH (expected ../shared next to the repository, or set LAB_SH)"; echo "0 passed, 1 failed"; exit 1; }
passed=0 failed=0
lab() { timeout 300 "$LAB_SH" "$@"; }
lab restart >/dev/null 2>&1 || { echo "lab did not come up"; echo "0 passed, 1 failed"; exit 1; }
set -a; . "$LAB_DIR/lab.env"; set +a
trap 'lab down >/dev/null 2>&1' EXIT
cd "$ROOT" || exit 1

# run_tests NAME URL [ENV...]: the tagged tests in the lab's netns; one check per test class
run_tests() {
  local name=$1 url=$2; shift 2
  local reports=target/surefire-reports-$name
  rm -rf "$reports" target/surefire-reports
  lab exec env MTA_STS_TEST_PG_URL="$url" MTA_STS_TEST_PG_PASSWORD="$LAB_PG_PASSWORD" PGPASSFILE="$LAB_PG_PASSFILE" "$@" \
    timeout 600 mvn -B -q -o surefire:test -Dtest.excludedGroups=none -Dgroups=postgres \
    >"target/pg-lab-$name.log" 2>&1
  local rc=$? found=0
  mv target/surefire-reports "$reports" 2>/dev/null
  for f in "$reports"/TEST-*.xml; do
    [ -f "$f" ] || continue
    found=1
    local cls tests fails errs skips
    cls=$(basename "$f" .xml); cls=${cls#TEST-}
    read -r tests fails errs skips < <(python3 - "$f" <<'PY'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
print(r.get('tests'), r.get('failures'), r.get('errors'), r.get('skipped'))
PY
)
    if [ "$fails" = 0 ] && [ "$errs" = 0 ] && [ "$skips" = 0 ] && [ "$tests" -gt 0 ]; then
      passed=$((passed + 1)); echo "ok   $name: $cls ($tests tests)"
    else
      failed=$((failed + 1)); echo "FAIL $name: $cls ($tests tests, $fails failed, $errs errors, $skips skipped)"
    fi
  done
  if [ "$found" = 0 ] || [ "$rc" != 0 ]; then
    [ "$found" = 0 ] && { failed=$((failed + 1)); echo "FAIL $name: no test ran"; }
    [ "$found" = 1 ] && echo "     mvn exited $rc"
    tail -40 "target/pg-lab-$name.log" | sed 's/^/     /'
  fi
}

run_tests direct "$LAB_PG_URL"
run_tests pgbouncer "$LAB_PGBOUNCER_URL" MTA_STS_TEST_PG_SHARED_SCHEMA=1
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
