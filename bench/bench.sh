#!/usr/bin/env bash
# bench.sh - mta-sts next to nginx and Caddy, same certificate, same policy, same load generators
# (../shared/bench/anchors.sh). Not a test: it prints a table to read (see anchors.sh's header for
# the columns). Compare server CPU per request (*_us) first: on 2 cores the load generator often
# saturates before a fast server does, and numbers vary ~10% between runs.
# Usage: bench/bench.sh [--rsa] [--duration S] [--quick] [-- extra anchors.sh options]
#   --rsa         RSA-2048 certificate instead of ECDSA P-256
#   --duration S  seconds per load test (default 10)
#   --quick       short smoke run (3 s tests, 5 s warm-up, 1 startup run)
# Needs: nginx caddy wrk hey curl openssl (apt-get install -y nginx caddy wrk hey curl openssl).
set -Eeuo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
anchors=${ANCHORS:-$root/../shared/bench/anchors.sh}
key_type=ec duration=10 extra=()
while [ $# -gt 0 ]; do
	case $1 in
	--rsa) key_type=rsa; shift ;;
	--duration) duration=$2; shift 2 ;;
	--quick) duration=3; extra+=(--warmup 1 --target-warmup 5 --startup-runs 1); shift ;;
	--) shift; extra+=("$@"); break ;;
	*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
[ -f "$root/target/mta-sts.jar" ] || (cd "$root" && mvn -B -q package -DskipTests)
work=$(mktemp -d /tmp/mtasts-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
host=mta-sts.example.com
mkdir -p "$work/certs/$host"
if [ "$key_type" = rsa ]; then newkey=(-newkey rsa:2048); else newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256); fi
openssl req -x509 "${newkey[@]}" -nodes -days 7 -subj "/CN=$host" -addext "subjectAltName=DNS:$host" \
	-keyout "$work/certs/$host/privkey.pem" -out "$work/certs/$host/fullchain.pem" 2>/dev/null
printf 'version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n' >"$work/policy.txt"
port=18460
jvm_opts=${MTA_STS_JAVA_OPTS:--XX:+UseSerialGC -Xmx64m -XX:MaxDirectMemorySize=64m}
cmd="java $jvm_opts -jar $root/target/mta-sts.jar serve --domain example.com --mx mail.example.com --mode enforce"
cmd+=" --max-age 86400 --https-port $port --http-port 0 --admin-port 0 --bind 127.0.0.1 --certs-dir $work/certs"
echo "mta-sts: $cmd" >&2
bash "$anchors" --cert "$work/certs/$host/fullchain.pem" --key "$work/certs/$host/privkey.pem" \
	--policy "$work/policy.txt" --host "$host" --duration "$duration" \
	--launch "mta-sts=https://127.0.0.1:$port/.well-known/mta-sts.txt::$cmd" "${extra[@]}"
