#!/usr/bin/env bash
# bench.sh - mta-sts, started by the shipped launcher (bin/mta-sts), next to nginx, Caddy and the two seed
# servers (seed-go: Go net/http; seed-rust: hyper + tokio-rustls; ../shared/bench/seeds) with the same
# certificate, policy and load generators (../shared/bench/anchors.sh), then every performance goal as a
# ratio from the same run: the first round's against nginx, the second round's against seed-rust and nginx,
# and mta-sts against each seed (bench/goals.py). Not a test: numbers to read (see docs/performance.md for
# how). Compare server CPU per request (*_us) first: on 2 cores the load generator often saturates before a
# fast server does, and numbers vary ~10% between runs.
#
# Usage: bench/bench.sh [--rsa] [--duration S] [--quick] [--profile] [--probe] [--no-seeds] [--domains N] [-- anchors.sh options]
#   --rsa         RSA-2048 certificate instead of ECDSA P-256
#   --duration S  seconds per load test (default 10)
#   --quick       short smoke run (3 s tests, 5 s warm-up, 1 startup run, no resumed-session test)
#   --profile     also record a JFR profile of mta-sts under the load; prints its hottest frames
#   --probe       also measure bench/BareProbe.java (Netty + BoringSSL + epoll + one fixed response, nothing
#                 else, default JVM settings): the floor for a Netty server here, to tell feature cost from
#                 JVM/Netty cost
#   --no-seeds    leave out seed-go and seed-rust (the goals against them then print n/a)
#   --domains N   scale run instead (bench/scale.sh, its header says more): N domains with self-signed certificates (cached under
#                 /var/tmp/mtasts-bench-N), load time, peak RSS, and full handshakes with a random SNI
#                 among all N against the same client with one SNI (bench/sni_load.py)
# The seeds are built by bench/seeds.sh once per machine and per change of the seeds' files, cached under
# /var/cache/mta-sts-bench/seeds-HASH (the first build apt-installs Go and Debian's Rust crates and takes
# minutes; a lock keeps two runs from building at once).
# Environment: MTA_STS_HEAP, MTA_STS_JAVA_OPTS (passed to the launcher), BENCH_SERVE_ARGS (more `serve` options
# for mta-sts, e.g. "--threads 1"), ANCHORS (anchors.sh path), SEEDS (seeds
# directory), BENCH_CACHE (instead of /var/cache/mta-sts-bench).
# Needs: nginx caddy wrk hey curl openssl python3 (anchors.sh installs what is missing when root).
set -Eeuo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
anchors=${ANCHORS:-$root/../shared/bench/anchors.sh}
seeds_src=${SEEDS:-$root/../shared/bench/seeds}
key_type=ec duration=10 extra=(--resumed) profile=0 domains=0 probe=0 seeds=1
while [ $# -gt 0 ]; do
	case $1 in
	--rsa) key_type=rsa; shift ;;
	--duration) duration=$2; shift 2 ;;
	--quick) duration=3; extra=(--warmup 1 --target-warmup 5 --startup-runs 1); shift ;;
	--profile) profile=1; shift ;;
	--probe) probe=1; shift ;;
	--no-seeds) seeds=0; shift ;;
	--domains) domains=$2; shift 2 ;;
	--) shift; extra+=("$@"); break ;;
	*) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
	esac
done
if [ "$domains" = 0 ] && [ $seeds = 1 ]; then
	seed_bin=$(bash "$root/bench/seeds.sh" "$seeds_src") ||
		{ echo "bench.sh: building the seeds failed (see above); --no-seeds runs without them, BENCH_CACHE=DIR caches them elsewhere" >&2; exit 1; }
fi
(cd "$root" && mvn -B -q package -DskipTests)
launcher=$root/bin/mta-sts
"$launcher" --version >/dev/null # creates the class-data archive once, outside the measurements
work=$(mktemp -d /tmp/mtasts-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

if [ "$domains" -gt 0 ]; then
	exec bash "$root/bench/scale.sh" "$domains" "$duration" "$work"
fi

host=mta-sts.example.com
mkdir -p "$work/certs/$host"
if [ "$key_type" = rsa ]; then newkey=(-newkey rsa:2048); else newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256); fi
openssl req -x509 "${newkey[@]}" -nodes -days 7 -subj "/CN=$host" -addext "subjectAltName=DNS:$host" \
	-keyout "$work/certs/$host/privkey.pem" -out "$work/certs/$host/fullchain.pem" 2>/dev/null
printf 'version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n' >"$work/policy.txt"
port=18460
java_opts=${MTA_STS_JAVA_OPTS:-}
[ $profile = 1 ] && java_opts+=" -XX:StartFlightRecording=filename=$work/mta-sts.jfr,settings=profile,dumponexit=true"
cmd="env MTA_STS_JAVA_OPTS='$java_opts' $launcher serve --domain example.com --mx mail.example.com --mode enforce"
cmd+=" --max-age 86400 --https-port $port --http-port 0 --admin-port 0 --bind 127.0.0.1 --certs-dir $work/certs"
cmd+=" --dns-check-interval 0 ${BENCH_SERVE_ARGS:-}"
echo "mta-sts: $cmd" >&2
if [ $probe = 1 ]; then
	probe_cmd="java -cp $root/target/mta-sts.jar $root/bench/BareProbe.java $work/certs/$host/fullchain.pem"
	probe_cmd+=" $work/certs/$host/privkey.pem $work/policy.txt $((port + 1))"
	extra+=(--launch "bare-netty=https://127.0.0.1:$((port + 1))/.well-known/mta-sts.txt::$probe_cmd")
fi
if [ $seeds = 1 ]; then # seed-go on port+2, seed-rust on port+3 (port+1 is the probe's)
	for seed in seed-go seed-rust; do
		p=$((port + 2)); [ $seed = seed-rust ] && p=$((port + 3))
		seed_cmd="$seed_bin/$seed --addr 127.0.0.1:$p --cert $work/certs/$host/fullchain.pem"
		seed_cmd+=" --key $work/certs/$host/privkey.pem --file $work/policy.txt"
		extra+=(--launch "$seed=https://127.0.0.1:$p/.well-known/mta-sts.txt::$seed_cmd")
	done
fi
bash "$anchors" --cert "$work/certs/$host/fullchain.pem" --key "$work/certs/$host/privkey.pem" \
	--policy "$work/policy.txt" --host "$host" --duration "$duration" \
	--launch "mta-sts=https://127.0.0.1:$port/.well-known/mta-sts.txt::$cmd" "${extra[@]}" | tee "$work/table.txt"
python3 "$root/bench/goals.py" "$work/table.txt" "$key_type" || true
if [ $profile = 1 ] && [ -s "$work/mta-sts.jfr" ]; then
	cp "$work/mta-sts.jfr" "$root/target/bench-mta-sts.jfr"
	echo "JFR profile: target/bench-mta-sts.jfr (jfr print --events jdk.ExecutionSample ...); hottest frames:"
	jfr print --events jdk.ExecutionSample "$work/mta-sts.jfr" | python3 "$root/bench/hot_frames.py"
fi
