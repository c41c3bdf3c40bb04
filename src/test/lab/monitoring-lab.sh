#!/usr/bin/env bash
# monitoring-lab.sh - the monitoring kit in packaging/monitoring: the alert rules pass `promtool check rules`
# and their unit tests (`promtool test rules`, one or more cases per alert), every alert has a test, every
# query of the Grafana dashboard is valid PromQL (checked by promtool as a recording rule), and every metric
# that the dashboard and the rules use is exposed by a running server: `mta-sts serve` on loopback with one
# domain, a reload, a plain HTTP request and ACME pointed at a CA that does not answer (so the renewal
# metrics appear, with a failure) and a resolver that does not answer (the drift metrics appear).
# Loopback only, random ports. Installs Debian's prometheus package (promtool) if missing. About 20 s.
# Usage: src/test/lab/monitoring-lab.sh [path/to/mta-sts.jar]   Last line: "N passed, M failed".
set -uo pipefail

JAR=$(realpath "${1:-target/mta-sts.jar}")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
KIT=$ROOT/packaging/monitoring
WORK=$(mktemp -d /tmp/monitoring-lab.XXXXXX)
passed=0 failed=0 pid=
check() { # NAME COMMAND...
	local name=$1; shift
	if "$@" >"$WORK/check.out" 2>&1; then
		passed=$((passed + 1)); echo "ok   $name"; grep '^measured:' "$WORK/check.out"
	else
		failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$WORK/check.out" | tail -20
	fi
}
trap '[ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }; rm -rf "$WORK"' EXIT

if ! command -v promtool >/dev/null; then
	echo "installing prometheus (for promtool)"
	mkdir -p /var/cache/mta-sts-ci
	flock /var/cache/mta-sts-ci/apt.lock bash -c 'export DEBIAN_FRONTEND=noninteractive; apt-get update -qq -o DPkg::Lock::Timeout=300 &&
		apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends prometheus' >"$WORK/apt.log" 2>&1 || tail -20 "$WORK/apt.log"
fi
check "promtool is installed (Debian's prometheus package)" command -v promtool

# ---- the rules
check "promtool check rules mta-sts-alerts.yml" promtool check rules "$KIT/mta-sts-alerts.yml"
check "promtool test rules mta-sts-alerts.test.yml" bash -c "cd '$KIT' && promtool test rules mta-sts-alerts.test.yml"
every_alert_tested() {
	local alert missing=0
	for alert in $(sed -n 's/^ *- alert: *//p' "$KIT/mta-sts-alerts.yml"); do
		grep -q "alertname: $alert\$" "$KIT/mta-sts-alerts.test.yml" || { echo "no test for $alert"; missing=1; }
		# ... and at least one case where it fires
		grep -A2 "alertname: $alert\$" "$KIT/mta-sts-alerts.test.yml" | grep -q 'exp_labels' || { echo "$alert never fires in a test"; missing=1; }
	done
	return $missing
}
check "every alert has a unit test in which it fires" every_alert_tested

# ---- the dashboard
dashboard_queries() { # every panel query, with Grafana's variables replaced, as a rules file
	python3 - "$KIT/mta-sts-dashboard.json" <<-'EOF'
		import json, sys
		dash = json.load(open(sys.argv[1]))
		exprs = [t["expr"] for p in dash["panels"] for t in p.get("targets", [])]
		assert len(exprs) >= 10, "too few queries: %d" % len(exprs)
		print("groups:\n  - name: dashboard\n    rules:")
		for i, e in enumerate(exprs):
		    e = e.replace("$__rate_interval", "5m").replace("$instance", ".*")
		    print("      - record: dashboard:query_%d\n        expr: %s" % (i, json.dumps(e)))
	EOF
}
check "the dashboard is valid JSON and every query is valid PromQL" \
	bash -c "$(declare -f dashboard_queries); KIT='$KIT'; dashboard_queries >'$WORK/dashboard-rules.yml' && promtool check rules '$WORK/dashboard-rules.yml'"

# ---- the metrics, from a running server
kit_metrics() { cat "$KIT/mta-sts-dashboard.json" "$KIT/mta-sts-alerts.yml" | grep -oE 'mtasts_[a-z_]+' | sort -u; }
port=$((20000 + RANDOM % 20000)) admin=$((port + 1))
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" serve --domain example.com --mx mail.example.com \
	--https-port "$port" --http-port "$((port + 2))" --admin-port "$admin" --bind 127.0.0.1 --certs-dir "$WORK/certs" \
	--resolver 127.0.0.1:1 --acme-directory https://127.0.0.1:1/directory --acme-accept-tos >"$WORK/server.log" 2>&1 &
pid=$!
scraped() { # waits for the renewal failure, then a reload and a plain request, and scrapes
	local i
	for i in $(seq 100); do
		curl -fsS --max-time 2 "http://127.0.0.1:$admin/metrics" 2>/dev/null | grep -q '^mtasts_acme_renewals_total' && break
		kill -0 "$pid" 2>/dev/null || { tail -20 "$WORK/server.log"; return 1; }
		sleep 0.2
	done
	kill -HUP "$pid"
	for i in $(seq 50); do grep -q 'reloaded (SIGHUP)' "$WORK/server.log" && break; sleep 0.1; done
	curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$((port + 2))/"
	curl -sk -o /dev/null --max-time 2 --resolve "mta-sts.example.com:$port:127.0.0.1" "https://mta-sts.example.com:$port/.well-known/mta-sts.txt"
	curl -fsS --max-time 2 "http://127.0.0.1:$admin/metrics" >"$WORK/metrics.txt"
}
check "the server runs with ACME failing (a CA that does not answer)" scraped
metrics_exposed() {
	local name missing=0 n=0
	for name in $(kit_metrics); do
		n=$((n + 1))
		grep -q "^$name[{ ]" "$WORK/metrics.txt" || { echo "not exposed: $name"; missing=1; }
	done
	echo "measured: $n metric names used by the dashboard and the rules"
	[ "$n" -ge 10 ] && return $missing
}
check "the running server exposes every metric the dashboard and the rules use" metrics_exposed
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
