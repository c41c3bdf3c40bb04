#!/usr/bin/env bash
# memory.sh - where mta-sts's memory goes: the server started by the shipped launcher (bin/mta-sts, its
# class-data archive included) with Native Memory Tracking on, after the same loads as bench.sh (keep-alive
# requests with wrk, then new connections with full handshakes with hey). Prints peak and current RSS, the
# resident memory of each mapping (the CDS archives, libjvm.so, BoringSSL, malloc's heap, anonymous memory:
# bench/memory_map.py) and the JVM's own account of what it committed (NMT summary). Not a test: numbers to
# read (docs/performance.md, "Where the memory goes"). NMT adds ~1 MB and some CPU; RSS without it is
# what bench.sh's HWM_MB column shows.
#
# Usage: bench/memory.sh [--duration S] [--no-build] [-- SERVE_OPTIONS...]
#   --duration S  seconds of each load (default 10)
#   --no-build    use target/mta-sts.jar as it is
# Environment: MTA_STS_HEAP, MTA_STS_COMPILER, MTA_STS_CDS, MTA_STS_JAVA_OPTS, JAVA (passed to the launcher).
# Needs: wrk, hey, openssl, curl, python3, jcmd (the JDK's); root for wrk's SNI (a private /etc/hosts).
set -Eeuo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=10 build=1 serve_opts=()
while [ $# -gt 0 ]; do
	case $1 in
	--duration) duration=$2; shift 2 ;;
	--no-build) build=0; shift ;;
	--) shift; serve_opts=("$@"); break ;;
	*) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
	esac
done
[ "$(id -u)" = 0 ] || { echo "memory.sh: run as root (wrk needs a private /etc/hosts for its SNI)" >&2; exit 2; }
[ $build = 1 ] && (cd "$root" && mvn -B -q package -DskipTests)
"$root/bin/mta-sts" --version >/dev/null # the class-data archive, made once outside the measurements
work=$(mktemp -d /tmp/mtasts-memory.XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
host=mta-sts.example.com port=18475
mkdir -p "$work/certs/$host"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 7 -subj "/CN=$host" \
	-addext "subjectAltName=DNS:$host" -keyout "$work/certs/$host/privkey.pem" \
	-out "$work/certs/$host/fullchain.pem" 2>/dev/null
printf '127.0.0.1 %s\n' "$host" >"$work/hosts"

MTA_STS_JAVA_OPTS="-XX:NativeMemoryTracking=summary ${MTA_STS_JAVA_OPTS:-}" "$root/bin/mta-sts" serve \
	--domain example.com --mx mail.example.com --mode enforce --max-age 86400 --https-port $port --http-port 0 \
	--admin-port 0 --bind 127.0.0.1 --certs-dir "$work/certs" --dns-check-interval 0 "${serve_opts[@]}" \
	>"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 400); do
	curl -ksf --resolve "$host:$port:127.0.0.1" "https://$host:$port/.well-known/mta-sts.txt" >/dev/null && break
	kill -0 $pid 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
	sleep 0.05
done
rss() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
echo "after the first response: RSS $(rss) MB"
unshare -m sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$work/hosts" \
	wrk -t1 -c50 -d"${duration}s" -H "Host: $host" "https://$host:$port/.well-known/mta-sts.txt" | awk '/Requests\/sec/'
hey -z "${duration}s" -c 16 -disable-keepalive -host "$host" "https://127.0.0.1:$port/.well-known/mta-sts.txt" |
	awk '/Requests\/sec/ {print "  handshakes/s " $2}'
awk '/^(VmHWM|VmRSS|RssAnon|RssFile|Threads)/ {v = $2; if ($3 == "kB") v = sprintf("%.1f MB", $2 / 1024); print "  " $1, v}' \
	"/proc/$pid/status"
echo "resident memory by mapping (after the loads):"
python3 "$root/bench/memory_map.py" "$pid"
echo "the JVM's account (NMT summary, committed):"
jcmd "$pid" VM.native_memory summary scale=KB |
	awk '/^Total:/ {print "  " $0} /^-/ {name = $0; sub(/^- +/, "", name); sub(/ \(.*/, "", name);
		if (match($0, /committed=[0-9]+KB/)) printf "  %-28s %7.1f MB\n", name, substr($0, RSTART + 10, RLENGTH - 12) / 1024}'
