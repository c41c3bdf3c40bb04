#!/usr/bin/env bash
# acme.sh - time from process spawn to the first HTTPS answer on the lab's port 443 that presents a
# certificate issued by the lab's Pebble CA: mta-sts (shipped launcher bin/mta-sts, ACME against Pebble)
# next to Caddy in the same run, and the goal "ACME: start to first valid certificate <= 2 s".
# Not a test: numbers to read. Each run starts from an empty certificate directory (so with a new ACME
# account too), except the "existing account" case, which keeps the account of an earlier run and
# deletes everything else. A curl inside the lab's netns polls every 20 ms and trusts only Pebble's
# root, so the self-signed placeholder certificate served until then does not count. One domain
# (example.test, policy host mta-sts.example.test) for every server.
#
# In the "existing account" case Pebble also reuses the account's valid authorization (as Let's Encrypt
# does for 30 days), so no challenge is needed: that is what a restart after a lost certificate costs.
# The figures include the JVM's start; on a busy machine every figure grows (the load average is printed).
#
# Usage: bench/acme.sh [--runs N] [--no-caddy] [--no-build] [--verbose] [--keep]   (as root; ~80 s for 5 runs)
#   --runs N     runs per case (default 5)
#   --no-caddy   skip Caddy
#   --no-build   do not run Maven first (e.g. to time another jar through MTA_STS_JAR)
#   --verbose    debug logging in mta-sts (-v); the logs stay in the work directory (see --keep)
#   --keep       keep the work directory (server logs and spawn times, one directory per run)
# Environment: LAB_NS (default mtasts-bench-acme), LAB_DIR (default /tmp/mtasts-lab-bench-acme),
#   LAB_SH (lab.sh path), MTA_STS_JAR and MTA_STS_JAVA_OPTS (passed to the launcher).
# Needs: the lab (../shared/lab/lab.sh: Pebble, BIND), curl, caddy (installed when missing, as root).
set -Eeuo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lab_sh=${LAB_SH:-$root/../shared/lab/lab.sh}

export LAB_NS=${LAB_NS:-mtasts-bench-acme} LAB_DIR=${LAB_DIR:-/tmp/mtasts-lab-bench-acme}
host=mta-sts.example.test
poll=0.02 limit_s=30

# ---- inside the lab's netns (lab.sh exec): one case, N runs; prints "CASE SECONDS" per run
if [ "${1:-}" = --inner ]; then
	kase=$2 runs=$3 work=$4 verbose=$5
	launcher=$root/bin/mta-sts
	valid() { # the policy host answers over HTTPS with a certificate that chains to Pebble's root
		curl -fs -o /dev/null --max-time 1 --cacert "$LAB_PEBBLE_ROOT" --resolve "$host:443:127.0.0.1" \
			"https://$host/.well-known/mta-sts.txt"
	}
	port_free() { ! (exec 3<>/dev/tcp/127.0.0.1/443) 2>/dev/null && ! (exec 3<>/dev/tcp/127.0.0.1/80) 2>/dev/null; }
	for run in $(seq "$runs"); do
		dir=$work/$kase.$run
		rm -rf "$dir"; mkdir -p "$dir"
		for i in $(seq 100); do port_free && break; sleep 0.1; done
		case $kase in
		caddy)
			mkdir -p "$dir/www/.well-known" "$dir/data" "$dir/config"
			printf 'version: STSv1\r\nmode: enforce\r\nmx: mail.example.test\r\nmax_age: 86400\r\n' \
				>"$dir/www/.well-known/mta-sts.txt"
			printf '{\n\tadmin off\n\tacme_ca %s\n\tacme_ca_root %s\n\temail postmaster@example.test\n}\n%s {\n\troot * %s\n\tfile_server\n}\n' \
				"$LAB_ACME_DIRECTORY" "$LAB_ACME_CA_BUNDLE" "$host" "$dir/www" >"$dir/Caddyfile"
			cmd=(env -i PATH=/usr/bin:/bin HOME="$dir" XDG_DATA_HOME="$dir/data" XDG_CONFIG_HOME="$dir/config"
				caddy run --config "$dir/Caddyfile" --adapter caddyfile) ;;
		*)
			challenge=${kase#mta-sts-} challenge=${challenge%-account}
			if [ "$kase" = mta-sts-http-01-account ]; then
				[ -d "$work/account/accounts" ] || { echo "no account from an earlier run" >&2; exit 1; }
				cp -a "$work/account/accounts" "$dir/certs-accounts" && mkdir -p "$dir/certs" &&
					mv "$dir/certs-accounts" "$dir/certs/accounts"
			fi
			cmd=("$launcher" serve --certs-dir "$dir/certs" --https-port 443 --http-port 80 --admin-port 0
				-d example.test --mx mail.example.test --acme-directory "$LAB_ACME_DIRECTORY"
				--acme-ca-bundle "$LAB_ACME_CA_BUNDLE" --acme-accept-tos --acme-challenge "$challenge"
				--dns-check-interval 0)
			[ "$verbose" = 1 ] && cmd+=(-v) ;;
		esac
		t0=${EPOCHREALTIME/./}
		"${cmd[@]}" >"$dir/server.log" 2>&1 &
		pid=$!
		secs=fail
		while kill -0 "$pid" 2>/dev/null; do
			if valid; then us=$((${EPOCHREALTIME/./} - t0)); secs=$(printf '%d.%03d' $((us / 1000000)) $((us / 1000 % 1000))); break; fi
			[ $((${EPOCHREALTIME/./} - t0)) -gt $((limit_s * 1000000)) ] && break
			sleep "$poll"
		done
		# CPU the server used up to then (user + system, all its threads): steadier than wall time on a busy machine
		cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$pid/stat" 2>/dev/null || echo nan)
		echo "spawned $t0, first valid answer after $secs s" >"$dir/times"
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		echo "$kase $secs $cpu"
		[ "$kase" = mta-sts-http-01 ] && [ "$secs" != fail ] && [ ! -d "$work/account" ] &&
			mkdir -p "$work/account" && cp -a "$dir/certs/accounts" "$work/account/"
	done
	exit 0
fi

# ---- outside: build, lab up, the cases, the table
runs=5 caddy=1 verbose=0 keep=0 build=1
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--no-caddy) caddy=0; shift ;;
	--no-build) build=0; shift ;;
	--verbose) verbose=1; shift ;;
	--keep) keep=1; shift ;;
	*) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
	esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "--runs needs a positive number" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (the lab needs a network namespace and ports 80/443)" >&2; exit 2; }
if [ $caddy = 1 ] && ! command -v caddy >/dev/null; then apt-get install -y -q caddy >/dev/null || caddy=0; fi
[ $build = 0 ] || (cd "$root" && mvn -o -B -q package -DskipTests)
"$root/bin/mta-sts" --version >/dev/null # creates the class-data archive once, outside the measurements
work=$(mktemp -d /tmp/mtasts-bench-acme.XXXXXX)
cleanup() {
	timeout 120 "$lab_sh" down $([ $keep = 1 ] || echo --purge) >/dev/null 2>&1 || true
	if [ $keep = 1 ]; then echo "kept: $work (server logs)" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
timeout 120 "$lab_sh" restart >/dev/null 2>&1 || { echo "the lab did not come up (see $lab_sh help)" >&2; exit 1; }
load_before=$(cut -d' ' -f1 /proc/loadavg)
cases=(mta-sts-http-01 mta-sts-tls-alpn-01 mta-sts-http-01-account)
[ $caddy = 1 ] && cases+=(caddy)
for kase in "${cases[@]}"; do
	timeout $((runs * 40 + 30)) "$lab_sh" exec bash "$root/bench/acme.sh" --inner "$kase" "$runs" "$work" "$verbose" | tee -a "$work/results"
done
echo
echo "load average $load_before at the start, $(cut -d' ' -f1 /proc/loadavg) at the end ($(nproc) CPUs)"
python3 - "$work/results" <<'EOF'
import math, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    case, secs, cpu = line.split()
    rows.setdefault(case, []).append((None if secs == "fail" else float(secs), float(cpu)))
names = {"mta-sts-http-01": "mta-sts http-01, new account", "mta-sts-tls-alpn-01": "mta-sts tls-alpn-01, new account",
         "mta-sts-http-01-account": "mta-sts, existing account and authz", "caddy": "Caddy 2 (its defaults), new account"}
print(f"{'start to first Pebble-issued certificate':42} {'runs':>4} {'fail':>4} {'median s':>9} {'max s':>7} {'CPU s':>6}")
medians = {}
for case, values in rows.items():
    ok = [v for v, _ in values if v is not None]
    cpu = [c for v, c in values if v is not None and not math.isnan(c)]
    med = statistics.median(ok) if ok else float("nan")
    medians[case] = med
    print(f"{names.get(case, case):42} {len(values):4} {len(values) - len(ok):4} {med:9.3f} "
          f"{max(ok, default=float('nan')):7.3f} {statistics.median(cpu) if cpu else float('nan'):6.2f}")
worst = max((m for c, m in medians.items() if c.startswith("mta-sts") and "account" not in c), default=float("nan"))
verdict = "met" if worst <= 2.0 else "NOT met"
print(f"\ngoal 'ACME: start to first valid certificate <= 2 s' (slowest new-account median {worst:.3f} s): {verdict}")
print("CPU s: median CPU time (user + system, all threads) of the server up to that answer")
if "caddy" in medians and medians["caddy"] > 0:
    for case in ("mta-sts-http-01", "mta-sts-tls-alpn-01"):
        if case in medians:
            print(f"{names[case]} / Caddy (same run): {medians[case] / medians['caddy']:.2f}x")
EOF
