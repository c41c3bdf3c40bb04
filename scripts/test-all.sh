#!/usr/bin/env bash
# Runs every test: unit and loopback integration tests (Maven), then the end-to-end tests against
# real peers in the lab (../shared/lab/lab.sh: BIND, Pebble, postfix-mta-sts-resolver, mailauth).
# The lab needs root and Debian (it installs its own packages). Prints one summary line at the end.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
mvn -B package
total_pass=0 total_fail=0
for t in src/test/lab/*-lab.sh; do
	echo "== $t"
	set +e
	out=$(timeout 1200 bash "$t" target/mta-sts.jar 2>&1)
	rc=$?
	set -e
	printf '%s\n' "$out"
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $t: no summary line (exit $rc)"
		total_fail=$((total_fail + 1))
		continue
	fi
	p=${line%% passed*} f=${line#*, } f=${f%% failed*}
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f))
	[ "$rc" = 0 ] || [ "$f" != 0 ] || { echo "FAIL $t exited $rc"; total_fail=$((total_fail + 1)); }
done
echo "lab: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
