#!/usr/bin/env bash
# check-diff-lab.sh [--seed N] [--count N] [JAR] - differential test of `mta-sts check` against the lab's two
# real senders (postfix-mta-sts-resolver as `lab.sh query` runs it, mailauth strict as `lab.sh query-strict`).
# check-diff.py builds COUNT seeded variants of TXT records, policy bodies, HTTP responses and certificates
# below diff.test, serves them all at once from one policy host, then `check --json` (one run over every
# variant) and both senders (batched, 16 in flight each) look at every variant; each verdict must be what
# the senders imply: CRITICAL when one rejects the policy, WARNING when both accept but the variant breaks
# the RFC or they read it differently, else OK. CI: the fixed seed, 300 variants (CHECK_DIFF_COUNT);
# the long run: --count 3000. CHECK_DIFF_KEEP=1 keeps the work directory (variants, every run's output). Own lab (netns mtasts-diff); root; last line "N passed, M failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
SEED=${CHECK_DIFF_SEED:-16} COUNT=${CHECK_DIFF_COUNT:-300} JAR=
while [ $# -gt 0 ]; do
	case $1 in
	--seed) SEED=$2; shift 2 ;;
	--count) COUNT=$2; shift 2 ;;
	*) JAR=$1; shift ;;
	esac
done
JAR=$(readlink -f "${JAR:-$ROOT/target/mta-sts.jar}")
LAB_SH=${LAB_SH:-$ROOT/../shared/lab/lab.sh} # the shared lab tools sit next to the repository
export LAB_NS=mtasts-diff LAB_DIR=/tmp/mtasts-lab-diff LAB_ZONES=diff.test
GEN=$HERE/check-diff.py
PY=/usr/bin/python3 # the interpreter postfix-mta-sts-resolver is installed for (with cryptography)
PASSED=0 FAILED=0

fail_setup() { echo "check-diff-lab: $*" >&2; echo "0 passed, 1 failed"; exit 1; }
[ -r "$LAB_SH" ] || fail_setup "no lab at $LAB_SH (expected ../shared next to the repository, or set LAB_SH)"
[ -r "$JAR" ] || fail_setup "no jar at $JAR (run mvn package first)"
[ "$(id -u)" = 0 ] || fail_setup "must run as root (lab netns)"

W=$(mktemp -d /tmp/check-diff.XXXXXX)
chmod 755 "$W"
SERVER=
cleanup() {
	[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
	wait 2>/dev/null
	bash "$LAB_SH" down >/dev/null 2>&1 # its daemons would otherwise keep inherited descriptors open
	if [ -n "${CHECK_DIFF_KEEP:-}" ]; then echo "check-diff-lab: kept $W" >&2; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
lab() { timeout 120 bash "$LAB_SH" "$@"; }
quiet() { "$@" >>"$W/setup.log" 2>&1 || { tail -5 "$W/setup.log" >&2; fail_setup "setup failed: $*"; }; }
result() { # NAME OK(0|1) TEXT
	if [ "$2" = 0 ]; then PASSED=$((PASSED + 1)); printf 'ok    %-10s %s\n' "$1" "$3"
	else FAILED=$((FAILED + 1)); printf 'FAIL  %-10s %s\n' "$1" "$3"; fi
}

t0=$SECONDS
lab down >>"$W/setup.log" 2>&1
quiet lab up
quiet env LAB_DIR="$LAB_DIR" "$PY" "$GEN" gen "$W/v" "$SEED" "$COUNT"
# lab.sh reads the new serial back with a 1 s dig right after BIND's restart, which a loaded machine can miss:
# the zone is then loaded all the same, so a second try is enough.
for try in 1 2 3; do lab dns-zone diff.test "$W/v/diff.test.zone" >>"$W/setup.log" 2>&1 && break
	[ "$try" = 3 ] && { tail -3 "$W/setup.log" >&2; fail_setup "lab dns-zone diff.test failed 3 times"; }
done
# The first query-strict installs mailauth under $LAB_DIR/node (kept across runs); the batch uses that install.
lab query-strict v0000.diff.test >>"$W/setup.log" 2>&1
[ -d "$LAB_DIR/node/node_modules/mailauth" ] || fail_setup "mailauth is not installed (see lab.sh query-strict)"
"$PY" "$GEN" mailauth-js >"$W/mailauth.js"
bash "$LAB_SH" exec "$PY" "$GEN" serve "$W/v" 127.0.0.1 >"$W/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q ready "$W/server.log" && break; sleep 0.1; done
grep -q ready "$W/server.log" || fail_setup "the variant server did not start: $(tail -3 "$W/server.log")"
echo "check-diff-lab: $COUNT variants (seed $SEED) served in $((SECONDS - t0)) s"

t1=$SECONDS
# check and both senders at the same time: three processes, each bounding its own connections.
bash "$LAB_SH" exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" check --json --timeout 10 \
	--trust "$LAB_DIR/ca/lab-ca.pem" $(cat "$W/v/domains.txt") >"$W/check.json" 2>"$W/check.err" &
c=$!
bash "$LAB_SH" exec env SSL_CERT_FILE="$LAB_DIR/trust.pem" "$PY" "$GEN" postfix "$W/v" "$W/postfix.jsonl" \
	>"$W/postfix.log" 2>&1 &
p=$!
bash "$LAB_SH" exec env NODE_PATH="$LAB_DIR/node/node_modules" NODE_EXTRA_CA_CERTS="$LAB_DIR/trust.pem" \
	node "$W/mailauth.js" "$W/v/domains.txt" >"$W/mailauth.jsonl" 2>"$W/mailauth.log" &
m=$!
wait "$c"; crc=$?
wait "$p"; prc=$?
wait "$m"; mrc=$?
echo "check-diff-lab: check (exit $crc) and both senders ran in $((SECONDS - t1)) s"
[ "$prc" = 0 ] && [ "$mrc" = 0 ] && [ -s "$W/check.json" ] ||
	{ tail -5 "$W/check.err" "$W/postfix.log" "$W/mailauth.log"; fail_setup "a run failed (check $crc, postfix $prc, mailauth $mrc)"; }

"$PY" "$GEN" compare "$W/v" "$W/check.json" "$W/postfix.jsonl" "$W/mailauth.jsonl" >"$W/compare.out"
rc=$?
grep -v '^compared' "$W/compare.out" | head -150
result verdicts "$rc" "$(tail -1 "$W/compare.out")"
# The comparison must be able to fail: the canonical variant read as a WARNING would be a disagreement.
"$PY" - "$W" <<'EOF' >/dev/null
import json, sys
w = sys.argv[1]
r = json.load(open(f"{w}/check.json"))
for d in r["domains"]:
    d["verdict"] = {"OK": "WARNING", "WARNING": "CRITICAL", "CRITICAL": "OK"}.get(d["verdict"], "OK")
json.dump(r, open(f"{w}/flipped.json", "w"))
EOF
"$PY" "$GEN" compare "$W/v" "$W/flipped.json" "$W/postfix.jsonl" "$W/mailauth.jsonl" >"$W/flipped.out"
frc=$?
bad=$(sed -n 's/.*: \([0-9]*\) disagreement.*/\1/p' "$W/compare.out")
flipped=$(sed -n 's/.*: \([0-9]*\) disagreement.*/\1/p' "$W/flipped.out")
result control "$([ "$frc" = 1 ] && [ "${flipped:-0}" -ge $((COUNT - ${bad:-0})) ]; echo $?)" \
	"with every verdict of check changed, $flipped of $COUNT variants disagree"

# Fleet mode over the same domains, from standard input: one JSON line per domain with the same report as the
# run above and as `check DOMAIN` alone (a sample), the summary on stderr, exit status the worst verdict.
t2=$SECONDS
bash "$LAB_SH" exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" check --json --timeout 10 \
	--trust "$LAB_DIR/ca/lab-ca.pem" --concurrency 8 --domains-file - <"$W/v/domains.txt" >"$W/fleet.jsonl" 2>"$W/fleet.err"
frc=$?
sample=$(shuf -n 8 --random-source=<(yes) "$W/v/domains.txt")
for d in $sample; do
	bash "$LAB_SH" exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" check --json --timeout 10 \
		--trust "$LAB_DIR/ca/lab-ca.pem" "$d" >"$W/one-$d.json" 2>/dev/null &
	while [ "$(jobs -rp | wc -l)" -ge 5 ]; do wait -n; done # the server is a job too
done
for j in $(jobs -rp); do [ "$j" = "$SERVER" ] || wait "$j"; done
out=$("$PY" "$GEN" fleet "$W/v" "$W" "$frc" "$crc" $sample)
result fleet $? "$out ($((SECONDS - t2)) s)"
echo "check-diff-lab: $((SECONDS - t0)) s"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
