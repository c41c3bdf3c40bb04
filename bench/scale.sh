#!/usr/bin/env bash
# scale.sh N DURATION WORKDIR - the many-domains run of bench.sh (use `bench/bench.sh --domains N`).
# N self-signed policy hosts mta-sts.d0.example ... (certificates cached in /var/tmp/mtasts-bench-N,
# made once with openssl), served by bin/mta-sts; prints the time to first response of the LAST
# host, peak RSS, and full handshakes per second and server CPU per handshake with a random SNI
# among all N hosts against the same client using one SNI (bench/sni_load.py, Python: client-bound,
# so compare the CPU per handshake first). Goals: load <= 10 s, peak RSS <= 512 MB, random-SNI rate
# >= 0.9x single.
set -Eeuo pipefail
n=$1 duration=$2 work=$3
root=$(cd "$(dirname "$0")/.." && pwd)
cache=/var/tmp/mtasts-bench-$n
port=18470
mkdir -p "$cache/certs"
make_cert() { # INDEX
	local d=$cache/certs/mta-sts.d$1.example
	[ -s "$d/fullchain.pem" ] && return 0
	mkdir -p "$d"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=mta-sts.d$1.example" \
		-addext "subjectAltName=DNS:mta-sts.d$1.example" -keyout "$d/privkey.pem.tmp" -out "$d/fullchain.pem.tmp" 2>/dev/null
	chmod 600 "$d/privkey.pem.tmp"
	mv "$d/privkey.pem.tmp" "$d/privkey.pem" && mv "$d/fullchain.pem.tmp" "$d/fullchain.pem"
}
export -f make_cert
export cache
have=$(find "$cache/certs" -name fullchain.pem | wc -l)
if [ "$have" -lt "$n" ]; then
	echo "making $((n - have)) certificates in $cache (once) ..." >&2
	seq 0 $((n - 1)) | xargs -P "$(nproc)" -n 50 bash -c 'for i in "$@"; do make_cert "$i"; done' _
fi
chmod 700 "$cache/certs"
{
	printf '[server]\nhttps_port = %s\nhttp_port = 0\nadmin_port = 0\nbind = ["127.0.0.1"]\ncerts_dir = "%s"\n\n' "$port" "$cache/certs"
	printf '[defaults]\nmode = "enforce"\nmax_age = 86400\n\n'
	for i in $(seq 0 $((n - 1))); do printf '[domains."d%s.example"]\nmx = ["mail.d%s.example"]\n' "$i" "$i"; done
} >"$work/mta-sts.toml"

export MTA_STS_HEAP=${MTA_STS_HEAP:-192m}
last=mta-sts.d$((n - 1)).example
fetch() { curl -sk --max-time 2 --resolve "$1:$port:127.0.0.1" "https://$1:$port/.well-known/mta-sts.txt" 2>/dev/null | grep -q '^version: STSv1'; }
start=$(date +%s%N)
"$root/bin/mta-sts" serve --config "$work/mta-sts.toml" --dns-check-interval 0 >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
until fetch "$last"; do
	kill -0 $pid 2>/dev/null || { echo "server died:"; tail -20 "$work/server.log"; exit 1; }
	[ $(( ($(date +%s%N) - start) / 1000000000 )) -lt 300 ] || { echo "not up after 300 s"; exit 1; }
	sleep 0.05
done
load_ms=$(( ($(date +%s%N) - start) / 1000000 ))
java_pid=$(pgrep -P $pid java || echo $pid)
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
echo
echo "Scale: $n domains, bin/mta-sts with MTA_STS_HEAP=$MTA_STS_HEAP, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '  %-48s %s\n' "start to first response of the last host" "$load_ms ms (goal <= 10000)"
printf '  %-48s %s\n' "peak RSS" "$hwm MB (goal <= 512)"
printf '  %-48s %s\n' "full handshakes, one SNI (python client)" "$s_rate/s, $s_us us server CPU each, $s_err errors"
printf '  %-48s %s\n' "full handshakes, random SNI among all" "$r_rate/s, $r_us us server CPU each, $r_err errors"
awk -v a="$r_rate" -v b="$s_rate" -v c="$r_us" -v d="$s_us" 'BEGIN {
	printf "  %-48s %.2fx rate (goal >= 0.9), %.2fx CPU per handshake\n", "random / single", a / b, c / d }'
