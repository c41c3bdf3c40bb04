#!/usr/bin/env bash
# launcher-lab.sh - bin/mta-sts, the shipped launcher: it creates its class-data (CDS) archive with a
# warm-up run, the server it starts maps that archive and serves, the JVM gets the launcher's limits,
# MTA_STS_JAVA_OPTS overrides them, and MTA_STS_CDS=off starts without an archive.
# Loopback only, no lab namespace needed. Budget: ~30 s.
# Usage: launcher-lab.sh [JAR]
set -Eeuo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
jar=$(readlink -f "${1:-$root/target/mta-sts.jar}")
work=$(mktemp -d /tmp/launcher-lab.XXXXXX)
pass=0 fail=0 pid=
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf 'FAIL %s\n' "$1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/     /'; }
check() { local name=$1 out; shift; if out=$("$@" 2>&1); then ok "$name"; else ko "$name" "$out"; fi; }
started() { # NAME ENV...: starts the server in THIS shell (so that $pid is kept)
	local name=$1; shift
	if start "$@" >"$work/start.out" 2>&1; then ok "$name"; else ko "$name" "$(tail -20 "$work/start.out")"; fi
}
stop() { [ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; pid=; }; }
trap 'stop; rm -rf "$work"' EXIT
port=$((20000 + RANDOM % 20000))
export MTA_STS_JAR=$jar MTA_STS_CDS=$work/cds/mta-sts.jsa

start() { # starts serve through the launcher in the background, waits for a 200
	env "$@" "$root/bin/mta-sts" serve --domain example.com --mx mail.example.com --https-port "$port" --http-port 0 \
		--admin-port 0 --bind 127.0.0.1 --certs-dir "$work/certs" --dns-check-interval 0 >"$work/server.log" 2>&1 &
	pid=$!
	for _ in $(seq 600); do
		curl -sk --max-time 2 --resolve "mta-sts.example.com:$port:127.0.0.1" \
			"https://mta-sts.example.com:$port/.well-known/mta-sts.txt" 2>/dev/null | grep -q '^version: STSv1' && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$work/server.log"
	return 1
}
java_pid() { pgrep -P "$pid" java || echo "$pid"; } # the launcher execs java: usually the same pid
flags() { [ -n "$pid" ] && jcmd "$(java_pid)" VM.flags 2>/dev/null | tr ' ' '\n'; }
has_flags() { local f all; all=$(flags); [ -n "$all" ] || return 1; for f in "$@"; do grep -qx -- "$f" <<<"$all" || { echo "missing $f"; return 1; }; done; }
maps_archive() { [ -n "$pid" ] && grep -q "$MTA_STS_CDS" "/proc/$(java_pid)/maps"; }
no_archive() { [ -n "$pid" ] && [ -r "/proc/$(java_pid)/maps" ] && ! grep -q 'mta-sts.jsa' "/proc/$(java_pid)/maps"; }

started "first start creates the class-data archive and serves" X=1
check "the archive is non-empty" test -s "$MTA_STS_CDS"
check "the server maps the archive" maps_archive
check "launcher limits: 64 MiB heap, serial GC, C2 with shallow inlining" has_flags -XX:MaxHeapSize=67108864 -XX:+UseSerialGC \
	-XX:MaxInlineLevel=6 -XX:InlineSmallCode=1000 -XX:FreqInlineSize=100
release=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/release
if grep -qE '^JAVA_VERSION="(17\.0\.(9|[1-9][0-9])|21\.0\.[1-9]|2[2-9]|[3-9][0-9])' "$release"; then # Debian 12 has 17.0.15
	check "  native heap trimmed every 10 s (JVM $(sed -n 's/^JAVA_VERSION=//p' "$release"))" has_flags -XX:TrimNativeHeapInterval=10000
else
	check "  no TrimNativeHeapInterval on a JVM without it" bash -c "! jcmd $(java_pid) VM.flags | grep -q TrimNativeHeapInterval"
fi
stop
before=$(stat -c %Y "$MTA_STS_CDS")
started "second start reuses the archive (not rebuilt)" X=1
check "archive unchanged" test "$before" = "$(stat -c %Y "$MTA_STS_CDS")"
stop
started "MTA_STS_HEAP and MTA_STS_JAVA_OPTS override the launcher's settings" MTA_STS_HEAP=96m MTA_STS_JAVA_OPTS=-XX:MaxInlineLevel=15
check "  heap 96 MiB, C2's default inlining depth back" has_flags -XX:MaxHeapSize=100663296 -XX:MaxInlineLevel=15
stop
started "MTA_STS_COMPILER=c1: C1 only" MTA_STS_COMPILER=c1
check "  TieredStopAtLevel=1" has_flags -XX:TieredStopAtLevel=1
stop
check "a wrong MTA_STS_COMPILER is refused with a clear error" \
	bash -c "! MTA_STS_COMPILER=c3 '$root/bin/mta-sts' --version 2>&1 && MTA_STS_COMPILER=c3 '$root/bin/mta-sts' --version 2>&1 | grep -q 'must be c2 or c1'"
started "MTA_STS_CDS=off starts without an archive" MTA_STS_CDS=off
check "  no archive mapped" no_archive
stop
touch -d '2000-01-01' "$MTA_STS_CDS"
check "an archive older than the jar is rebuilt" bash -c "'$root/bin/mta-sts' --version >/dev/null && test \$(stat -c %Y '$MTA_STS_CDS') -ge $(stat -c %Y "$jar")"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
