#!/usr/bin/env bash
# profile.sh - where the server CPU goes, mta-sts against seed-rust (hyper + tokio-rustls, ../shared/bench/seeds),
# under the same loads as bench.sh's anchors: keep-alive requests (wrk -t1 -c50) and one new connection with a
# full TLS handshake per request (hey -c16 -disable-keepalive). Each server gets the same warm-up, then `perf
# record` (software clock, 499 Hz, no hardware counters needed) samples only that server's process during each
# load; the samples are sorted into categories (kernel, BoringSSL/ring crypto, TLS layer, HTTP, event loop, JVM
# runtime, GC, JIT compiler, allocator, ...) by bench/profile_breakdown.py and printed as CPU microseconds per
# operation, side by side. Not a test: numbers to read (docs/performance.md, "Where the time goes").
#
# Usage: bench/profile.sh [--duration S] [--warmup S] [--out DIR] [--no-build] [--only mta-sts|seed-rust]
#   --duration S  seconds of each profiled load (default 10)
#   --warmup S    seconds of unprofiled keep-alive, then handshake load before the first profile (default 20)
#   --out DIR     keep perf data, the JIT symbol map and the reports in DIR (default target/profile)
#   --no-build    use target/mta-sts.jar as it is
#   --only NAME   profile one server only
# Environment: MTA_STS_JAVA_OPTS (added to the launcher's; -XX:+PreserveFramePointer is always added so that
# `perf report -g` can walk Java frames), SEEDS, BENCH_CACHE (see bench.sh).
# Needs: perf (linux-perf), wrk, hey, openssl, python3; root for wrk's SNI (a private /etc/hosts, as anchors.sh).
set -Eeuo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seeds_src=${SEEDS:-$root/../shared/bench/seeds}
duration=10 warmup=20 out=$root/target/profile build=1 only=""
while [ $# -gt 0 ]; do
	case $1 in
	--duration) duration=$2; shift 2 ;;
	--warmup) warmup=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--no-build) build=0; shift ;;
	--only) only=$2; shift 2 ;;
	*) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
	esac
done
for tool in perf wrk hey openssl python3 unshare; do
	command -v $tool >/dev/null || { echo "profile.sh: missing $tool (apt-get install linux-perf wrk hey)" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "profile.sh: run as root (wrk needs a private /etc/hosts for its SNI)" >&2; exit 2; }
seed_bin=$(bash "$root/bench/seeds.sh" "$seeds_src")
[ $build = 1 ] && (cd "$root" && mvn -B -q package -DskipTests)
launcher=$root/bin/mta-sts
"$launcher" --version >/dev/null # the class-data archive, made once outside the measurements
mkdir -p "$out"
work=$(mktemp -d /tmp/mtasts-profile.XXXXXX)
server_pid=""
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

host=mta-sts.example.com
mkdir -p "$work/certs/$host"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 7 -subj "/CN=$host" \
	-addext "subjectAltName=DNS:$host" -keyout "$work/certs/$host/privkey.pem" \
	-out "$work/certs/$host/fullchain.pem" 2>/dev/null
printf 'version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n' >"$work/policy.txt"
printf '127.0.0.1 %s\n' "$host" >"$work/hosts"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime of the process (all its threads)
wrk_load() { # seconds port
	unshare -m sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$work/hosts" \
		wrk -t1 -c50 -d"$1s" --latency -H "Host: $host" "https://$host:$2/.well-known/mta-sts.txt"
}
hey_load() { # seconds port
	hey -z "$1s" -c 16 -disable-keepalive -host "$host" "https://127.0.0.1:$2/.well-known/mta-sts.txt"
}
ops_of() { # kind file -> completed requests
	if [ "$1" = ka ]; then awk '/requests in/ {print $1}' "$2"
	else awk '/Status code distribution/ {s=1; next} /Error distribution/ {s=0} s && /^ *\[[0-9]+\]/ {t += $2} END {print t + 0}' "$2"; fi
}

profile_one() { # name port command...
	local name=$1 port=$2 kind load
	shift 2
	"$@" >"$work/$name.log" 2>&1 &
	server_pid=$!
	for _ in $(seq 200); do
		curl -ksf --resolve "$host:$port:127.0.0.1" "https://$host:$port/.well-known/mta-sts.txt" >/dev/null && break
		sleep 0.05
	done
	echo "[$(date +%T)] $name: warm-up ${warmup}s keep-alive + ${warmup}s handshakes" >&2
	wrk_load "$warmup" "$port" >/dev/null 2>&1
	hey_load "$warmup" "$port" >/dev/null 2>&1
	for kind in ka hs; do
		load=wrk_load; [ $kind = hs ] && load=hey_load
		echo "[$(date +%T)] $name: perf record during $kind load (${duration}s)" >&2
		local t0 c0 c1 t1
		c0=$(ticks "$server_pid"); t0=$(date +%s%N)
		perf record -e cpu-clock -F 499 -p "$server_pid" -o "$out/$name-$kind.data" -q -- sleep "$((duration + 1))" \
			2>"$work/perf-$name-$kind.err" &
		local perf_pid=$!
		sleep 0.5
		$load "$duration" "$port" >"$out/$name-$kind.load.txt" 2>&1
		wait $perf_pid || { cat "$work/perf-$name-$kind.err" >&2; return 1; }
		c1=$(ticks "$server_pid"); t1=$(date +%s%N)
		printf '%s %s %s %s\n' "$(ops_of $kind "$out/$name-$kind.load.txt")" "$((c1 - c0))" "$(getconf CLK_TCK)" \
			"$(( (t1 - t0) / 1000000 ))" >"$out/$name-$kind.ops"
	done
	if [ "$name" = mta-sts ]; then # the JIT's symbols, for perf report
		jcmd "$server_pid" Compiler.perfmap >/dev/null
		cp "/tmp/perf-$server_pid.map" "$out/mta-sts.perf.map"
		for kind in ka hs; do echo "$server_pid" >"$out/$name-$kind.pid"; done
	fi
	kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
	server_pid=""
}

cert=$work/certs/$host/fullchain.pem key=$work/certs/$host/privkey.pem
# Netty unpacks BoringSSL (netty-tcnative) and epoll to a temporary file and deletes it after loading; perf needs
# the file to name BoringSSL's functions, so keep it in the output directory.
rm -rf "$out/native" && mkdir -p "$out/native"
keep_native="-Dio.netty.native.workdir=$out/native -Dio.netty.native.deleteLibAfterLoading=false"
if [ -z "$only" ] || [ "$only" = mta-sts ]; then
	profile_one mta-sts 18470 env MTA_STS_JAVA_OPTS="-XX:+PreserveFramePointer $keep_native ${MTA_STS_JAVA_OPTS:-}" "$launcher" serve \
		--domain example.com --mx mail.example.com --mode enforce --max-age 86400 --https-port 18470 --http-port 0 \
		--admin-port 0 --bind 127.0.0.1 --certs-dir "$work/certs" --dns-check-interval 0
fi
if [ -z "$only" ] || [ "$only" = seed-rust ]; then
	profile_one seed-rust 18471 "$seed_bin/seed-rust" --addr 127.0.0.1:18471 --cert "$cert" --key "$key" \
		--file "$work/policy.txt"
fi
python3 "$root/bench/profile_breakdown.py" "$out" | tee "$out/breakdown.txt"
echo "perf data, symbol map and loads kept in $out (perf report -i $out/mta-sts-hs.data --sort dso,sym)" >&2
