#!/usr/bin/env bash
# scale.sh N DURATION WORKDIR - the many-domains run of bench.sh (use `bench/bench.sh --domains N`).
# N self-signed policy hosts mta-sts.d0.example ... (certificates made once by bench/make_certs.py and
# cached in /var/tmp/mtasts-bench-N), served by bin/mta-sts; prints the time from start to the first
# response of the LAST host (its certificate is not in memory yet), peak RSS while handshakes with a
# random SNI among all N run, and full handshakes per second and server CPU per handshake with a random
# SNI against the same client using one SNI (bench/sni_load.py, Python: client-bound, so compare the CPU
# per handshake too). Goals (issue 13): start <= 5 s and peak RSS <= 256 MB at 100,000 domains, random
# rate >= 0.7x single; 10,000 domains no slower than before (9.2 s, 292 MB).
#
# SCALE_SOURCE=file (default): the domains are lines of a domains file ([server] domains_file), without
#   mx patterns, so they follow the [defaults] template (what a provider's domains look like);
# SCALE_SOURCE=store: runtime domains in the file store (CERTS_DIR/domains, one small file each, what
#   `mta-sts domains add` writes);
# SCALE_SOURCE=toml: one [domains."dI.example"] table each in the config file, as before.
set -Eeuo pipefail
n=$1 duration=$2 work=$3
root=$(cd "$(dirname "$0")/.." && pwd)
cache=/var/tmp/mtasts-bench-$n
source=${SCALE_SOURCE:-file}
port=18470
if [ "$(find "$cache/certs" -maxdepth 1 -name 'mta-sts.*' 2>/dev/null | wc -l)" -lt "$n" ]; then
	echo "making certificates in $cache (once) ..." >&2
	nice -n 10 python3 "$root/bench/make_certs.py" "$cache/certs" "$n"
fi
chmod 700 "$cache/certs"
{
	printf '[server]\nhttps_port = %s\nhttp_port = 0\nadmin_port = %s\nbind = ["127.0.0.1"]\ncerts_dir = "%s"\n\n' \
		"$port" "$((port + 1))" "$cache/certs"
	printf '[defaults]\nmode = "enforce"\nmax_age = 86400\nmx = ["mail.example.net"]\n\n'
} >"$work/mta-sts.toml"
[ "$source" = store ] || rm -rf "$cache/certs/domains"
if [ "$source" = file ]; then
	seq 0 $((n - 1)) | sed 's/.*/d&.example/' >"$work/domains.txt"
	sed -i "s|^certs_dir = .*|&\ndomains_file = \"$work/domains.txt\"|" "$work/mta-sts.toml"
elif [ "$source" = toml ]; then
	for i in $(seq 0 $((n - 1))); do printf '[domains."d%s.example"]\nmx = ["mail.d%s.example"]\n' "$i" "$i"; done >>"$work/mta-sts.toml"
elif [ "$(find "$cache/certs/domains" -maxdepth 1 -type f 2>/dev/null | wc -l)" -ne "$n" ]; then
	python3 - "$cache/certs/domains" "$n" <<'PY'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d, exist_ok=True)
for i in range(n):
    with open(os.path.join(d, f"d{i}.example"), "w") as f:
        f.write("origin: api\nadded: 2026-12-01T00:00:00Z\n")
PY
fi

source_label=$(case $source in file) echo "[server] domains_file" ;; store) echo "CERTS_DIR/domains" ;; *) echo "[domains] tables" ;; esac)
export MTA_STS_HEAP=${MTA_STS_HEAP:-128m}
last=mta-sts.d$((n - 1)).example
fetch() { curl -sk --max-time 2 --resolve "$1:$port:127.0.0.1" "https://$1:$port/.well-known/mta-sts.txt" 2>/dev/null | grep -q '^version: STSv1'; }
load=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s%N)
"$root/bin/mta-sts" serve --config "$work/mta-sts.toml" --dns-check-interval 0 >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
until fetch "$last"; do
	kill -0 $pid 2>/dev/null || { echo "server died:"; tail -20 "$work/server.log"; exit 1; }
	[ $(( ($(date +%s%N) - start) / 1000000000 )) -lt 300 ] || { echo "not up after 300 s"; exit 1; }
	sleep 0.02
done
load_ms=$(( ($(date +%s%N) - start) / 1000000 ))
java_pid=$(pgrep -P $pid java || echo $pid)
start_rss=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$java_pid/status")
cpu() { awk '{print $14 + $15}' "/proc/$java_pid/stat"; }
tck=$(getconf CLK_TCK)
run() { # MODE SECONDS -> "rate us_per_handshake errors"
	local c0 c1 out
	c0=$(cpu)
	out=$(python3 "$root/bench/sni_load.py" $port "$n" "$2" 2 "$1" | tail -1)
	c1=$(cpu)
	awk -v hs="${out%% *}" -v rest="${out#* }" -v c=$((c1 - c0)) -v tck="$tck" 'BEGIN {
		split(rest, r, " "); printf "%.0f %.0f %d\n", hs / r[2], (c / tck) * 1e6 / (hs > 0 ? hs : 1), r[1] }'
}
echo "warm-up ($((duration * 2)) s random SNI) ..." >&2
run random $((duration * 2)) >/dev/null
read -r s_rate s_us s_err <<<"$(run single "$duration")"
read -r r_rate r_us r_err <<<"$(run random "$duration")"
hwm=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$java_pid/status")
cached=$(curl -s "http://127.0.0.1:$((port + 1))/metrics" | awk '/^mtasts_domains / {print $2}')
echo
echo "Scale: $n domains from the $source ($source_label), bin/mta-sts with MTA_STS_HEAP=$MTA_STS_HEAP, $(nproc) cores," \
	"$(date -u +%Y-%m-%dT%H:%MZ), load average before the start $load"
printf '  %-52s %s\n' "domains served (mtasts_domains)" "$cached"
printf '  %-52s %s\n' "start to the first response of the last host" "$load_ms ms (goal <= 5000; 10,000 before: 9200)"
printf '  %-52s %s\n' "peak RSS after start" "$start_rss MB"
printf '  %-52s %s\n' "peak RSS under random-SNI load" "$hwm MB (goal <= 256; 10,000 before: 292)"
printf '  %-52s %s\n' "full handshakes, one SNI (python client)" "$s_rate/s, $s_us us server CPU each, $s_err errors"
printf '  %-52s %s\n' "full handshakes, random SNI among all" "$r_rate/s, $r_us us server CPU each, $r_err errors"
awk -v a="$r_rate" -v b="$s_rate" -v c="$r_us" -v d="$s_us" 'BEGIN {
	printf "  %-52s %.2fx rate (goal >= 0.7), %.2fx CPU per handshake\n", "random / single", a / b, c / d }'
