#!/usr/bin/env bash
# robust-lab.sh - `mta-sts serve` under hostile input, slow clients and connection floods, on loopback
# (no lab namespace needed). CI budget: 3 minutes (2000 bad inputs ~40 s, 2400 slow connections ~20 s,
# caps ~10 s, a 30-second soak, three server starts); up to ~4 minutes on a 2-core machine shared with
# other loads. Every step is bounded by a timeout.
#   1. bad input: a seeded generator (robust/hostile.py) sends thousands of malformed or hostile inputs
#      on the HTTPS port (inside TLS and raw) and the plain HTTP port; each must get a 4xx or a close,
#      while a well-formed client fetching the policy sees zero errors; afterwards the server is alive,
#      fds and RSS are back near baseline, the log grew by a bounded amount, and Netty's paranoid leak
#      detector reported no buffer leak.
#   2. slow clients: 2400 idle and slowloris connections from 24 addresses; the idle timeout and the
#      request-head deadline close them on time and the policy is served within 1 s meanwhile;
#      --max-connections-per-ip and --max-connections refuse the excess and count it in /metrics.
#   3. a short soak (scripts/soak.sh).
# Usage: robust-lab.sh [JAR]   Environment: ROBUST_SEED (default 20261123), ROBUST_BAD_COUNT (2000),
# ROBUST_SOAK_SECONDS (30; 0 skips the soak).
set -Eeuo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
jar=$(realpath "${1:-$root/target/mta-sts.jar}")
hostile=$here/robust/hostile.py
seed=${ROBUST_SEED:-20261123}
bad_count=${ROBUST_BAD_COUNT:-2000}
soak_seconds=${ROBUST_SOAK_SECONDS:-30}
work=$(mktemp -d /tmp/robust-lab.XXXXXX)
pass=0 fail=0 pids=()
request_timeout=5 idle_timeout=3

say() { printf 'robust-lab: %s\n' "$*" >&2; }
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf 'FAIL %s\n' "$1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/     /'; }
check() { # NAME CMD... : passes when CMD exits 0
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$name"; else ko "$name" "$out"; fi
}
stop_pid() {
	kill "$1" 2>/dev/null || true
	for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
	kill -9 "$1" 2>/dev/null || true
}
cleanup() { for p in "${pids[@]}"; do stop_pid "$p"; done; rm -rf "$work"; }
trap cleanup EXIT

[ -f "$jar" ] || { echo "no jar at $jar (run mvn -B package first)" >&2; exit 2; }
for tool in python3 curl jcmd; do command -v $tool >/dev/null || { echo "$tool is needed (jcmd: a JDK)" >&2; exit 2; }; done
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
say "fd limit $(ulimit -n); seed $seed"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
heap_after_gc_kb() { # live heap after a full GC: the sum of the generations' "used"
	jcmd "$1" GC.run >/dev/null 2>&1 || true
	jcmd "$1" GC.heap_info 2>/dev/null | awk '/generation +total/ { for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); n += v } }
		END { printf "%d\n", n }'
}
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
fds() { ls "/proc/$1/fd" | wc -l; }
metric() { curl -fsS --max-time 5 "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 == m {print int($2)}'; }

requests_answered() { # every request counter of /metrics, summed
	curl -fsS --max-time 5 "http://127.0.0.1:$1/metrics" |
		awk '/^mtasts_http_(plain_)?requests_total/ { n += $2 } END { print int(n) }'
}
start_server() { # NAME LOG ARGS... : sets server_pid, https, http, admin
	local name=$1 log=$2
	shift 2
	https=$(free_port) http=$(free_port) admin=$(free_port)
	timeout 900 java -XX:+UseSerialGC -Xmx64m -XX:MaxDirectMemorySize=64m \
		-Dio.netty.leakDetection.level=paranoid -jar "$jar" serve \
		--domain example.com --mx mail.example.com --bind 127.0.0.1 --https-port "$https" --http-port "$http" \
		--admin-port "$admin" --certs-dir "$work/certs-$name" --dns-check-interval 0 "$@" >"$log" 2>&1 &
	local timeout_pid=$!
	pids+=("$timeout_pid")
	server_pid=
	for _ in $(seq 50); do server_pid=$(pgrep -P "$timeout_pid" -n java || true); [ -n "$server_pid" ] && break; sleep 0.1; done
	[ -n "$server_pid" ] || { say "no server process"; return 1; }
	pids+=("$server_pid")
	for _ in $(seq 150); do
		curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$admin/healthz" 2>/dev/null && return 0
		kill -0 "$server_pid" 2>/dev/null || break
		sleep 0.2
	done
	say "server $name did not start:"; tail -n 20 "$log" >&2
	return 1
}
policy_ok() { # HTTPS_PORT
	curl -fsS -k --max-time 5 --resolve "mta-sts.example.com:$1:127.0.0.1" \
		"https://mta-sts.example.com:$1/.well-known/mta-sts.txt" | grep -q '^version: STSv1'
}
wait_fds() { # PID BOUND: waits up to 15 s for the fd count to fall to BOUND
	for _ in $(seq 75); do [ "$(fds "$1")" -le "$2" ] && return 0; sleep 0.2; done
	echo "fds $(fds "$1") > $2"; return 1
}

# ---- 1. bad input
log=$work/server.log
start_server main "$log" --request-timeout "$request_timeout" --idle-timeout "$idle_timeout" --access-log \
	--max-connections 3000 --max-connections-per-ip 256
pid=$server_pid
check "server is healthy and serves the policy" policy_ok "$https"

# Warm-up with other inputs (JIT, buffer pools, TLS caches), then the baseline.
timeout 120 python3 "$hostile" bad --https-port "$https" --http-port "$http" --seed $((seed + 1)) --count 200 \
	--hang-after $((request_timeout + 4)) --idle-timeout "$idle_timeout" >"$work/warmup.txt" 2>&1 || true
sleep $((request_timeout + 1))
base_heap=$(heap_after_gc_kb "$pid")
base_fds=$(fds "$pid") base_rss=$(rss_kb "$pid") log_before=$(stat -c %s "$log")
requests_before=$(requests_answered "$admin")
say "baseline: $base_fds fds, RSS $((base_rss / 1024)) MiB, live heap $((base_heap / 1024)) MiB"

say "bad input: $bad_count inputs, seed $seed"
set +e
timeout 300 python3 "$hostile" bad --https-port "$https" --http-port "$http" --seed "$seed" --count "$bad_count" \
	--hang-after $((request_timeout + 4)) --idle-timeout "$idle_timeout" --with-good --json "$work/bad.json" >"$work/bad.txt" 2>&1
bad_rc=$?
set -e
cat "$work/bad.txt"
bad_result() { [ "$bad_rc" = 0 ] && grep -q '^RESULT ok' "$work/bad.txt"; }
check "bad input: every input answered with a 4xx or closed; the well-formed client saw zero errors" bad_result
check "server alive after bad input" policy_ok "$https"
check "open fds back to baseline ($base_fds + 4) after bad input" wait_fds "$pid" $((base_fds + 4))
after_heap=$(heap_after_gc_kb "$pid")
sleep 1
policy_ok "$https" || true # an allocation after the GC makes the leak detector report
after_rss=$(rss_kb "$pid")
say "after bad input: $(fds "$pid") fds, RSS $((after_rss / 1024)) MiB, live heap $((after_heap / 1024)) MiB"
heap_bound() { [ "$after_heap" -le $((base_heap + 4 * 1024)) ] || { echo "live heap $after_heap kB > $base_heap + 4 MiB"; return 1; }; }
check "live heap after a full GC back to baseline + 4 MiB ($base_heap -> $after_heap KiB)" heap_bound
# The JVM keeps the heap it grew to (-Xmx64m) and direct memory is capped (64 MiB): RSS may rise once,
# by less than those caps, and must not go past them.
rss_bound() { [ "$after_rss" -le $((base_rss + 64 * 1024)) ] || { echo "RSS $after_rss kB > $base_rss + 64 MiB"; return 1; }; }
check "RSS within baseline + 64 MiB after bad input ($((base_rss / 1024)) -> $((after_rss / 1024)) MiB)" rss_bound
no_leak() { ! grep -A5 'LEAK' "$log"; }
check "no buffer leak reported by Netty's paranoid leak detector" no_leak
log_bounded() { # the access log is on: one line of at most 1 KiB per answered request, nothing else
	local grown=$(($(stat -c %s "$log") - log_before)) lines requests
	lines=$(tail -c "$grown" "$log" | wc -l)
	requests=$(($(requests_answered "$admin") - requests_before))
	echo "log grew $grown bytes, $lines lines, for $requests answered requests ($((grown / bad_count)) bytes per bad input)"
	[ "$lines" -le "$requests" ] || return 1
	tail -c "$grown" "$log" | awk 'length($0) > 1024 { print "long line: " substr($0, 1, 200); bad = 1 } END { exit bad }' || return 1
	! tail -c "$grown" "$log" | grep -v ' INFO access - ' | grep -m5 .
}
check "log bounded: only access-log lines, at most one per answered request, each <= 1 KiB" log_bounded
curl -fsS --max-time 5 "http://127.0.0.1:$admin/metrics" | grep -E '^mtasts_(tls_handshakes|connections_refused)' | sed 's/^/     /'

# ---- 2. slow and idle clients
refused_before=$(metric "$admin" 'mtasts_connections_refused_total{listener="https"}')
say "slow clients: 1000 idle, 1000 slowloris on the plain port, 400 slowloris inside TLS"
set +e
timeout 120 python3 "$hostile" slow --https-port "$https" --http-port "$http" --idle 1000 --loris 1000 \
	--tls-loris 400 --hold $((request_timeout * 3)) --trickle 0.5 --sources 24 --p99-latency-ms 1000 --max-latency-ms 3000 \
	>"$work/slow.txt" 2>&1
slow_rc=$?
set -e
cat "$work/slow.txt"
slow_result() { [ "$slow_rc" = 0 ] && grep -q '^RESULT ok' "$work/slow.txt"; }
check "2400 slow connections: all closed by the server; meanwhile zero errors, 99% of fetches within 1 s, all within 3 s" slow_result
closed_between() { # KIND MIN MAX: the earliest and latest close of KIND lie in [MIN, MAX] seconds
	# (MIN tells which timer closed them; MAX leaves room for a loaded machine, whose client notices late)
	awk -v k="$1" -v lo="$2" -v hi="$3" '$1 == "CLOSE" && $2 == k { found = 1; if ($3 < lo || $4 > hi) { print; exit 1 } }
		END { if (!found) { print "no CLOSE line for " k; exit 1 } }' "$work/slow.txt"
}
check "idle connections closed by the idle timeout (${idle_timeout} s)" \
	closed_between idle "$((idle_timeout - 1)).5" "$((idle_timeout + 5))"
check "slowloris (plain) cut off by the request deadline (${request_timeout} s), not earlier by the idle timer" \
	closed_between loris "$((request_timeout - 1)).5" "$((request_timeout + 5))"
check "slowloris inside TLS cut off by the request deadline" \
	closed_between tls-loris "$((request_timeout - 1)).5" "$((request_timeout + 5))"
check "open fds back to baseline after the slow clients" wait_fds "$pid" $((base_fds + 4))

# Per-address cap: 256 from one address are kept, the 257th is refused and counted.
per_ip() {
	local out refused
	out=$(timeout 30 python3 "$hostile" hold --https-port "$https" --source 127.0.2.1 --count 257 --hold 1)
	refused=$(metric "$admin" 'mtasts_connections_refused_total{listener="https"}')
	echo "$out; refused_total ${refused_before} -> $refused"
	[ "$out" = "kept 256 of 257" ] && [ "$refused" = $((refused_before + 1)) ]
}
check "--max-connections-per-ip 256: the 257th connection from one address is refused and counted" per_ip
check "a client from another address is served meanwhile" policy_ok "$https"
stop_pid "$pid"

# Global cap, on a second server: 50 connections, no per-address cap.
start_server cap "$work/cap.log" --max-connections 50 --max-connections-per-ip 0
global_cap() {
	local out refused
	out=$(timeout 30 python3 "$hostile" hold --https-port "$https" --source 127.0.3.1 --count 51 --hold 1)
	refused=$(metric "$admin" 'mtasts_connections_refused_total{listener="https"}')
	echo "$out; refused_total $refused"
	[ "$out" = "kept 50 of 51" ] && [ "$refused" = 1 ]
}
check "--max-connections 50: the 51st connection is refused and counted in /metrics" global_cap
check "after the excess connections closed, the policy is served again" policy_ok "$https"
stop_pid "$server_pid"

# ---- 3. short soak
if [ "$soak_seconds" -gt 0 ]; then
	set +e
	timeout $((soak_seconds + 120)) bash "$root/scripts/soak.sh" --seconds "$soak_seconds" --jar "$jar" \
		--seed "$seed" >"$work/soak.txt" 2>&1
	soak_rc=$?
	set -e
	cat "$work/soak.txt"
	soak_result() { [ "$soak_rc" = 0 ] && grep -q '^soak: PASS' "$work/soak.txt"; }
	check "soak ${soak_seconds} s: zero failed well-formed requests, RSS and fds flat, certificates rotated" soak_result
fi

if [ "$fail" -gt 0 ]; then
	say "server log (last lines):"
	tail -n 30 "$log" >&2
fi
say "took $SECONDS s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
