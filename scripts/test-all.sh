#!/usr/bin/env bash
# Runs every test: unit and loopback integration tests (Maven), then the end-to-end tests against
# real peers in the lab (../shared/lab/lab.sh next to the repository: BIND, Pebble,
# postfix-mta-sts-resolver, mailauth). Prints one summary line at the end: "lab: N passed, M failed".
#
# Set-up included: on Debian, as root, it installs whatever is missing of what the tests need (a JDK,
# Maven, curl, openssl, iproute2, procps, nginx-light, python3, testssl.sh); the lab installs its own
# peers on its first start. The lab needs root (network namespaces, ports 53/80/443 inside them).
#
# Usage: scripts/test-all.sh
# Environment: TEST_ALL_JOBS (default 1): lab scripts run at the same time. Every lab script has its
#   own network namespace or loopback ports, so they can overlap, but they share the CPU and several
#   assert latencies and timers: use more than 1 only with cores to spare (see docs/security.md).
#   TEST_ALL_ALONE (default "robust"): with TEST_ALL_JOBS > 1, these lab scripts still run alone, first
#   (robust-lab asserts response times under load).
#   TEST_ALL_BESIDE (default "container deb monitoring check-diff"): with TEST_ALL_JOBS=1, these lab
#   scripts run one after another in a second lane, at a lower CPU priority (nice 10), beside the main
#   sequence once the TEST_ALL_ALONE ones are done: they build images and packages or compare verdicts and
#   assert no latency of ours, so the timed scripts keep the CPU first. "" runs everything in one lane.
#   TEST_ALL_LABS: names of the lab scripts to run (e.g. "serve acme" for serve-lab.sh and
#   acme-lab.sh; default all of src/test/lab/*-lab.sh).
set -Eeuo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# ---- set-up: tools the tests need, by command, and the Debian package that has it
declare -A package_of=(
	[javac]=default-jdk-headless [jcmd]=default-jdk-headless [mvn]=maven [curl]=curl [openssl]=openssl
	[ip]=iproute2 [ss]=iproute2 [pgrep]=procps [nginx]=nginx-light [python3]=python3 [testssl]=testssl.sh
	[podman]=podman [buildah]=buildah [runc]=runc [debootstrap]=debootstrap [promtool]=prometheus [flock]=util-linux
)
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
missing=()
for tool in "${!package_of[@]}"; do
	command -v "$tool" >/dev/null 2>&1 || missing+=("${package_of[$tool]}")
done
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u | sed '/^$/d')
is_debian() { [ -r /etc/debian_version ] && command -v apt-get >/dev/null; }
if [ "$(id -u)" != 0 ]; then
	echo "test-all: needs root: the lab tests create network namespaces${missing[*]:+, and these packages are missing: ${missing[*]}}" >&2
	echo "test-all: run it as root on Debian 12 (it installs what is missing), or the unit tests alone: mvn -B package" >&2
	exit 2
fi
if [ ${#missing[@]} -gt 0 ]; then
	is_debian || {
		echo "test-all: not a Debian system (no apt-get): install these by hand (Debian names): ${missing[*]}" >&2
		exit 2
	}
	echo "test-all: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	log=$(mktemp /tmp/test-all-apt.XXXXXX)
	if ! { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; } >"$log" 2>&1; then
		tail -n 20 "$log" >&2
		echo "test-all: apt-get failed (full log: $log)" >&2
		exit 2
	fi
	rm -f "$log"
fi
lab_sh=${LAB_SH:-$root/../shared/lab/lab.sh}
[ -r "$lab_sh" ] || { echo "test-all: no lab at $lab_sh (the shared lab tools belong next to the repository, in ../shared)" >&2; exit 2; }

# ---- which lab scripts, how many at a time
jobs=${TEST_ALL_JOBS:-1}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "test-all: TEST_ALL_JOBS must be a positive number" >&2; exit 2; }
if [ -n "${TEST_ALL_LABS:-}" ]; then
	tests=()
	for name in $TEST_ALL_LABS; do
		[ -f "src/test/lab/$name-lab.sh" ] || { echo "test-all: no src/test/lab/$name-lab.sh" >&2; exit 2; }
		tests+=("src/test/lab/$name-lab.sh")
	done
else
	tests=(src/test/lab/*-lab.sh)
fi

# ---- unit and loopback integration tests, and the jar the lab tests drive
mvn -B package
echo # Maven may leave a colour reset without a newline

# ---- lab tests: each prints "N passed, M failed" last; its output is kept and printed whole
out_dir=$(mktemp -d /tmp/test-all.XXXXXX)
trap 'rm -rf "$out_dir"' EXIT

run_one() { # INDEX [nice]: runs one lab script (at a lower CPU priority with "nice"), output and exit status into $out_dir
	local t=${tests[$1]} start=$SECONDS rc=0 priority=()
	[ "${2:-}" = nice ] && priority=(nice -n 10)
	"${priority[@]}" timeout 1200 bash "$t" target/mta-sts.jar >"$out_dir/$1.out" 2>&1 || rc=$?
	echo "$rc $((SECONDS - start))" >"$out_dir/$1.rc.new" && mv "$out_dir/$1.rc.new" "$out_dir/$1.rc"
}

report() { # INDEX: prints one script's output and adds its counts to the totals
	local t=${tests[$1]} rc secs line p f
	read -r rc secs <"$out_dir/$1.rc"
	echo "== $t (${secs} s)"
	cat "$out_dir/$1.out"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out_dir/$1.out" | tail -n 1 || true)
	if [ -z "$line" ]; then
		echo "FAIL $t: no summary line (exit $rc)"
		total_fail=$((total_fail + 1))
		return
	fi
	p=${line%% passed*} f=${line#*, } f=${f%% failed*}
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f))
	[ "$rc" = 0 ] || [ "$f" != 0 ] || { echo "FAIL $t exited $rc"; total_fail=$((total_fail + 1)); }
}

total_pass=0 total_fail=0
alone=" ${TEST_ALL_ALONE-robust} " beside=" ${TEST_ALL_BESIDE-container deb monitoring check-diff} "
lab_name() { local n=${tests[$1]##*/}; echo "${n%-lab.sh}"; }
is_alone() { [[ $alone == *" $(lab_name "$1") "* ]]; }
is_beside() { [[ $beside == *" $(lab_name "$1") "* ]]; }
prepare_lab() {
	# The lab installs its Debian packages (and npm, for the strict sender) when it first needs them:
	# do that once here, so that scripts running at the same time never run apt-get at once.
	prep() { LAB_PGBOUNCER=1 LAB_NS=mtasts-test-all LAB_DIR=$out_dir/lab bash "$lab_sh" "$@" >>"$out_dir/lab-prep.log" 2>&1; }
	{ prep up && prep query-strict example.test; } || true
	prep down --purge || true
}
report_all() { # outputs in the scripts' order, each as soon as it and those before it are done
	for i in "${!tests[@]}"; do
		while [ ! -s "$out_dir/$i.rc" ]; do sleep 1; done
		report "$i"
	done
}
has_beside=0
for i in "${!tests[@]}"; do is_beside "$i" && has_beside=1; done
if [ "$jobs" = 1 ] && [ "$has_beside" = 0 ]; then
	for i in "${!tests[@]}"; do run_one "$i"; report "$i"; done
elif [ "$jobs" = 1 ]; then
	prepare_lab
	for i in "${!tests[@]}"; do is_alone "$i" && run_one "$i"; done
	( for i in "${!tests[@]}"; do is_beside "$i" && ! is_alone "$i" && run_one "$i" nice; done ) &
	for i in "${!tests[@]}"; do is_alone "$i" || is_beside "$i" || run_one "$i"; done
	report_all
	wait
else
	prepare_lab
	for i in "${!tests[@]}"; do is_alone "$i" && run_one "$i"; done
	for i in "${!tests[@]}"; do
		is_alone "$i" && continue
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
		run_one "$i" &
	done
	report_all
	wait
fi
echo "lab: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
