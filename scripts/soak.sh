#!/usr/bin/env bash
# soak.sh - mixed load against `mta-sts serve`, started by the shipped launcher (bin/mta-sts), on loopback
# while its certificate rotates, watching memory and file descriptors.
#
#   scripts/soak.sh [--minutes N | --seconds N] [--jar JAR] [--seed S] [--rotate-every S] [--bad-rate R]
#
# Default 30 minutes. Load, all bounded in rate and time (src/test/lab/robust/hostile.py):
#   - a well-formed client fetching the policy, alternately on a kept-alive connection and with a
#     new TLS handshake each time (20 ms apart);
#   - a second one doing only new handshakes, through curl, once a second;
#   - seeded bad input (every category of hostile.py) at --bad-rate inputs per second (default 20).
# Every --rotate-every seconds (default 10) a new self-signed certificate replaces the served one in
# the certs dir (hot reload, as a renewal does); the served certificate is checked to change.
# RSS and open fds of the server are sampled every 2 s into samples.csv (kept in --out DIR).
# PASS when: zero failed well-formed requests, the bad input got only 4xx or closes, every rotation
# was picked up, and, ignoring a warm-up of 20% of the run, RSS and fds stay flat: the maximum over the
# last third is at most the maximum over the first third plus 10% (RSS, at least 16 MiB of slack) or
# plus 8 (fds). Prints `soak: PASS` or `soak: FAIL ...` last; exit status 0 or 1.
set -Eeuo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
hostile=$root/src/test/lab/robust/hostile.py
seconds=1800 jar=$root/target/mta-sts.jar seed=1 rotate_every=10 bad_rate=20 out=
while [ $# -gt 0 ]; do
	case $1 in
	--minutes) seconds=$(($2 * 60)); shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--jar) jar=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--rotate-every) rotate_every=$2; shift 2 ;;
	--bad-rate) bad_rate=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	-h | --help) sed -n '2,20p' "$0"; exit 0 ;;
	*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
jar=$(realpath "$jar")
[ -f "$jar" ] || { echo "no jar at $jar" >&2; exit 2; }
for tool in python3 curl openssl; do command -v $tool >/dev/null || { echo "$tool is needed" >&2; exit 2; }; done
work=$(mktemp -d /tmp/soak.XXXXXX)
out=${out:-$work}
mkdir -p "$out"
pids=() server_pid=
say() { printf 'soak: %s\n' "$*" >&2; }
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$server_pid" 2>/dev/null || true
	fi
	[ "$out" = "$work" ] && rm -rf "$work" || rm -rf "$work/certs"
}
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || true

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
https=$(free_port) http=$(free_port) admin=$(free_port)
host=mta-sts.example.com
certdir=$work/certs/$host
mkdir -p "$certdir"
new_cert() { # a fresh key and self-signed certificate, swapped in key first, each file renamed atomically
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=$host" \
		-addext "subjectAltName=DNS:$host" -keyout "$work/key.tmp" -out "$work/cert.tmp" 2>/dev/null
	chmod 600 "$work/key.tmp"
	mv "$work/key.tmp" "$certdir/privkey.pem"
	mv "$work/cert.tmp" "$certdir/fullchain.pem"
	openssl x509 -noout -serial -in "$certdir/fullchain.pem" | cut -d= -f2
}
served_serial() {
	openssl s_client -connect "127.0.0.1:$https" -servername "$host" </dev/null 2>/dev/null |
		openssl x509 -noout -serial 2>/dev/null | cut -d= -f2
}
new_cert >/dev/null

# The shipped launcher, so the soak watches the JVM settings users run (no class-data archive: its first
# creation would add a warm-up run here).
MTA_STS_JAR=$jar MTA_STS_CDS=off timeout $((seconds + 300)) "$root/bin/mta-sts" serve \
	--domain example.com --mx mail.example.com --bind 127.0.0.1 --https-port "$https" --http-port "$http" \
	--admin-port "$admin" --certs-dir "$work/certs" --dns-check-interval 0 --request-timeout 5 --idle-timeout 3 \
	>"$out/server.log" 2>&1 &
timeout_pid=$!
server_pid=
for _ in $(seq 50); do server_pid=$(pgrep -P "$timeout_pid" -n java || true); [ -n "$server_pid" ] && break; sleep 0.1; done
[ -n "$server_pid" ] || { echo "soak: FAIL no server process"; exit 1; }
for _ in $(seq 150); do
	curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$admin/healthz" 2>/dev/null && break
	kill -0 "$server_pid" 2>/dev/null || { say "server died"; cat "$out/server.log" >&2; echo "soak: FAIL server did not start"; exit 1; }
	sleep 0.2
done
say "server pid $server_pid on https $https, http $http; ${seconds} s, seed $seed, bad input $bad_rate/s, rotation every ${rotate_every} s"

# Load.
python3 "$hostile" good --https-port "$https" --sni "$host" --seconds "$seconds" >"$out/good.txt" 2>&1 &
pids+=($!) good_pid=$!
python3 "$hostile" bad --https-port "$https" --http-port "$http" --sni "$host" --seed "$seed" --seconds "$seconds" \
	--rate "$bad_rate" --concurrency 16 --hang-after 9 --idle-timeout 3 >"$out/bad.txt" 2>&1 &
pids+=($!) bad_pid=$!
curl_ok=0 curl_failed=0
(
	end=$((SECONDS + seconds))
	ok=0 failed=0
	while [ $SECONDS -lt $end ]; do
		if curl -fsS -k --max-time 5 --resolve "$host:$https:127.0.0.1" "https://$host:$https/.well-known/mta-sts.txt" |
			grep -q '^version: STSv1'; then ok=$((ok + 1)); else failed=$((failed + 1)); echo "curl failed at $(date -u +%T)"; fi
		sleep 1
	done
	echo "curl $ok $failed"
) >"$out/curl.txt" 2>&1 &
pids+=($!) curl_pid=$!

# Rotation and sampling.
echo "t,rss_kb,fds" >"$out/samples.csv"
start=$SECONDS next_rotation=$((SECONDS + rotate_every)) rotations=0 rotations_seen=0
while [ $((SECONDS - start)) -lt "$seconds" ]; do
	kill -0 "$server_pid" 2>/dev/null || { say "server died"; break; }
	echo "$((SECONDS - start)),$(awk '/^VmRSS/ {print $2}' /proc/$server_pid/status),$(ls /proc/$server_pid/fd | wc -l)" >>"$out/samples.csv"
	if [ $SECONDS -ge $next_rotation ] && [ $((SECONDS - start + 4)) -lt "$seconds" ]; then
		serial=$(new_cert)
		rotations=$((rotations + 1))
		for _ in $(seq 40); do [ "$(served_serial)" = "$serial" ] && { rotations_seen=$((rotations_seen + 1)); break; }; sleep 0.1; done
		next_rotation=$((SECONDS + rotate_every))
	fi
	sleep 2
done
wait "$good_pid" "$bad_pid" "$curl_pid" 2>/dev/null || true
pids=()

problems=()
kill -0 "$server_pid" 2>/dev/null || problems+=("server died")
curl -fsS -k --max-time 5 --resolve "$host:$https:127.0.0.1" "https://$host:$https/.well-known/mta-sts.txt" >/dev/null ||
	problems+=("policy not served at the end")
grep -q '^RESULT ok' "$out/good.txt" || problems+=("well-formed client: $(grep -E '^(good client|RESULT)' "$out/good.txt" | tr '\n' ' ')")
read -r _ curl_ok curl_failed < <(grep '^curl ' "$out/curl.txt" || echo "curl 0 1")
[ "$curl_failed" = 0 ] && [ "$curl_ok" -gt 0 ] || problems+=("curl: $curl_ok ok, $curl_failed failed")
grep -q '^RESULT ok' "$out/bad.txt" || problems+=("bad input: $(grep -E '^(failures|RESULT)' "$out/bad.txt" | tr '\n' ' ')")
[ "$rotations" -gt 0 ] && [ "$rotations_seen" = "$rotations" ] || problems+=("certificate rotations: $rotations_seen of $rotations served")
grep -q 'LEAK\|OutOfMemory\|Exception in' "$out/server.log" && problems+=("server log: $(grep -m1 'LEAK\|OutOfMemory\|Exception in' "$out/server.log")")
flat=$(python3 - "$out/samples.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]))]
t_end = int(rows[-1]["t"]) if rows else 0
rows = [r for r in rows if int(r["t"]) >= 0.2 * t_end]
if len(rows) < 6:
    print("too few samples"); sys.exit(1)
third = len(rows) // 3
first, last = rows[:third], rows[-third:]
rss1, rss3 = max(int(r["rss_kb"]) for r in first), max(int(r["rss_kb"]) for r in last)
fd1, fd3 = max(int(r["fds"]) for r in first), max(int(r["fds"]) for r in last)
rss_ok = rss3 <= rss1 + max(16 * 1024, rss1 // 10)
fd_ok = fd3 <= fd1 + 8
print(f"RSS max first third {rss1 // 1024} MiB, last third {rss3 // 1024} MiB; fds max {fd1} then {fd3}; "
      f"{len(rows)} samples")
sys.exit(0 if rss_ok and fd_ok else 1)
PY
) && flat_ok=1 || flat_ok=0
[ "$flat_ok" = 1 ] || problems+=("not flat: $flat")

good_line=$(grep '^good client' "$out/good.txt" || true)
bad_line=$(grep -E '^(inputs tried|answers)' "$out/bad.txt" | tr '\n' ' ' || true)
echo "soak: ${seconds} s; $good_line; curl $curl_ok ok, $curl_failed failed; $bad_line"
echo "soak: certificates rotated $rotations, served $rotations_seen; $flat"
echo "soak: samples in $out/samples.csv"
if [ ${#problems[@]} = 0 ]; then
	echo "soak: PASS"
else
	printf 'soak: FAIL %s\n' "$(IFS=';'; echo "${problems[*]}")"
	tail -n 20 "$out/server.log" >&2
	exit 1
fi
