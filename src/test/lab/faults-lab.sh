#!/usr/bin/env bash
# Crash safety and ACME faults against the lab's real Pebble and BIND.
# Usage: src/test/lab/faults-lab.sh [path/to/mta-sts.jar]   (as root; needs python3 and openssl)
# CI budget: 4 minutes. Measured 6 to 6.5 minutes on a shared 2-core machine at load average 10 to 14; the
# two parts run at the same time in two labs, the ACME part takes about 2.5 minutes of timers, the crash
# part is bound by JVM starts (20 + 2 of them). FAULTS_PART=crash|acme runs one part alone.
#  1. Crash safety: FAULTS_TRIALS (20) `serve` runs, each killed with kill -9 a random 0-0.5 s (drawn from
#     FAULTS_SEED, printed; the same seed gives the same moments) after it began ordering a certificate:
#     "issuance" (the domain has none) or "renewal" (it holds a self-signed one that is replaced at once: the
#     save path of every renewal, previous/ kept and pending/ written). After each kill: every PEM file in the
#     store parses, every key matches its certificate (or the save stopped between its two renames and
#     pending/ holds the complete pair, which the next start installs), and the ACME account (URL and key) is
#     the same. Each run is also the restart after the previous kill: it serves every stored certificate with
#     Pebble's chain and orders none of them; Pebble's count of orders matches our logs.
#  2. ACME faults: `serve` with 80-second certificates and the backoff table scaled by 0.05 (hidden flag
#     --acme-backoff-scale) talks to Pebble through a fault-injecting proxy (fault-proxy.py). Its renewal
#     meets orders failing validation (DNS points elsewhere, authorization reuse off), then the CA stopped
#     (connections refused), then a slow CA; a fetch loop sees zero failures throughout, every retry is
#     scheduled as the Backoff table says and comes on time (no storm), /metrics counts each failure by
#     reason, and a new certificate is stored once the CA answers. Then Pebble rejecting every nonce: a new
#     domain's order is retried along the table (3 attempts in 20 s) while a stored certificate keeps serving.
# Own labs: LAB_NS/LAB_DIR default to mtasts-faults and /tmp/mtasts-lab-faults (the ACME part adds "-acme").
# Last line: "N passed, M failed".
set -uo pipefail

JAR=$(realpath "${1:-target/mta-sts.jar}")
export LAB_NS=${LAB_NS:-mtasts-faults} LAB_DIR=${LAB_DIR:-/tmp/mtasts-lab-faults}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
LAB_SH=${LAB_SH:-$ROOT/../shared/lab/lab.sh} # the shared lab tools sit next to the repository
[ -x "$LAB_SH" ] || { echo "no lab at $LAB_SH (expected ../shared next to the repository, or set LAB_SH)"; echo "0 passed, 1 failed"; exit 1; }
LIMIT=${FAULTS_LAB_TIMEOUT:-120}
SEED=${FAULTS_SEED:-$(($(date +%s%N) / 1000 % 1000000))}
TRIALS=${FAULTS_TRIALS:-20}
SCALE=0.05        # --acme-backoff-scale: the table 1, 2, 5 min... becomes 3, 6, 15 s...
VALIDITY=80       # seconds: renewal at half the lifetime, retries capped at a tenth (8 s)
passed=0 failed=0

check() { # NAME COMMAND...
  local name=$1; shift
  if "$@" >"$WORK/check.out" 2>&1; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name"
  fi
  sed 's/^/     /' "$WORK/check.out" | tail -25
}

lab() { timeout "$LIMIT" "$LAB_SH" "$@"; }
in_ns() { ip netns exec "$LAB_NS" "$@"; }   # cheaper than lab exec (no lab.env needed: every path is given)
JAVA=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR")   # faster start; the code under test is the same
lab_env() { set -a; . "$LAB_DIR/lab.env"; set +a; }

[ -f "$JAR" ] || { echo "no jar at $JAR (mvn -o package -DskipTests)"; echo "0 passed, 1 failed"; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed for the fault proxy"; echo "0 passed, 1 failed"; exit 1; }
WORK=$(mktemp -d /tmp/faults-lab.XXXXXX)
# The two parts run at the same time, each in its own lab (the ACME part mostly waits for renewal times);
# FAULTS_PART=crash or acme runs one of them alone.
PART=${FAULTS_PART:-all}
if [ "$PART" = all ]; then
  FAULTS_PART=acme LAB_NS=$LAB_NS-acme LAB_DIR=$LAB_DIR-acme FAULTS_SEED=$SEED bash "$0" "$JAR" >"$WORK/acme-part.out" 2>&1 &
  ACME_PART=$!
fi
BG=()   # background shell jobs this script started
cleanup() {
  local p
  for p in "${BG[@]}" ${TRIAL_PID:+"$TRIAL_PID"}; do stop_below "$p" TERM; done
  [ -z "${ACME_PART:-}" ] || { kill -TERM "$ACME_PART" 2>/dev/null; wait "$ACME_PART" 2>/dev/null; }
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

# --- processes (by id, from /proc; no procps needed) ---
children() { sed -nE "s/^([0-9]+) \(.*\) [A-Za-z] $1 .*/\1/p" /proc/[0-9]*/stat 2>/dev/null; }
descendants() { local p; for p in $(children "$1"); do echo "$p"; descendants "$p"; done; }
signal_below() { # PID SIGNAL COMM: signal the COMM processes started under PID; 0 if one was signalled
  local p hit=1
  for p in $(descendants "$1"); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$3" ] && kill "-$2" "$p" 2>/dev/null && hit=0
  done
  return $hit
}
stop_below() { # PID [SIGNAL]: stop the java or python process under the background job PID, wait for the job
  signal_below "$1" "${2:-TERM}" java; signal_below "$1" "${2:-TERM}" python3
  wait "$1" 2>/dev/null
}

# --- the jar in the lab ---
acme_flags() { # DIRECTORY_URL
  echo --acme-directory "$1" --acme-ca-bundle "$LAB_ACME_CA_BUNDLE" --acme-accept-tos --acme-email admin@example.test
}
renew() { # CERTS_DIR ARGS...: `mta-sts renew` with dns-01
  local dir=$1; shift
  in_ns timeout "$LIMIT" "${JAVA[@]}" renew --certs-dir "$dir" $(acme_flags "$LAB_ACME_DIRECTORY") \
    --acme-challenge dns-01 --dns-update-server "$LAB_DNS_SERVER:$LAB_DNS_PORT" --tsig-key-file "$LAB_TSIG_KEYFILE" "$@"
}
serve() { # CERTS_DIR SECONDS DIRECTORY_URL ARGS...: `mta-sts serve` with http-01 on the lab's 80/443
  in_ns timeout "$2" "${JAVA[@]}" serve --certs-dir "$1" --https-port 443 --http-port 80 --admin-port 9180 \
    --mx mail.example.test $(acme_flags "$3") --acme-challenge http-01 --dns-check-interval 0 "${@:4}"
}
fetch() { # DOMAIN [CA]: the policy over HTTPS, certificate checked against CA (Pebble's root by default)
  in_ns curl -fsS -o /dev/null --max-time 3 --cacert "${2:-$LAB_PEBBLE_ROOT}" \
    --resolve "mta-sts.$1:443:127.0.0.1" "https://mta-sts.$1/.well-known/mta-sts.txt"
}
wait_log() { # FILE PATTERN COUNT SECONDS: until PATTERN occurs COUNT times in FILE
  local end=$((SECONDS + $4))
  while [ $SECONDS -lt $end ]; do
    [ "$(grep -c -- "$2" "$1" 2>/dev/null || true)" -ge "$3" ] 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

# --- the store ---
pub_of_key() { openssl pkey -in "$1" -pubout -outform DER 2>/dev/null | sha256sum; }
pub_of_cert() { openssl x509 -in "$1" -noout -pubkey 2>/dev/null | openssl pkey -pubin -outform DER 2>/dev/null | sha256sum; }
pair_ok() { # DIR: both files there, parse, and the key belongs to the leaf
  [ -s "$1/privkey.pem" ] && [ -s "$1/fullchain.pem" ] && openssl pkey -in "$1/privkey.pem" -noout 2>/dev/null &&
    [ "$(pub_of_key "$1/privkey.pem")" = "$(pub_of_cert "$1/fullchain.pem")" ]
}
chain_ok() { # FILE: every certificate in it parses
  openssl storeutl -noout -certs "$1" >/dev/null 2>&1 &&
    [ "$(grep -c 'BEGIN CERTIFICATE' "$1")" = "$(grep -c 'END CERTIFICATE' "$1")" ]
}
store_intact() { # CERTS_DIR: no truncated file, no mismatched pair (but an interrupted save that repair finishes)
  local f d bad=0 note=""
  while IFS= read -r f; do
    case $f in
      */fullchain.pem) chain_ok "$f" || { echo "unparsable chain: $f"; bad=1; } ;;
      */privkey.pem | */account.key) openssl pkey -in "$f" -noout 2>/dev/null || { echo "unparsable key: $f"; bad=1; } ;;
    esac
  done < <(find "$1" -name '*.pem' -o -name account.key)
  for d in "$1"/mta-sts.*; do
    [ -d "$d" ] || continue
    for sub in "$d" "$d/previous"; do
      [ -e "$sub/privkey.pem" ] || [ -e "$sub/fullchain.pem" ] || continue
      pair_ok "$sub" && continue
      # the only other legal state: the new key renamed in place, its chain not yet; pending/ holds both
      if [ "$sub" = "$d" ] && pair_ok "$d/pending" &&
        [ "$(pub_of_key "$d/privkey.pem")" = "$(pub_of_key "$d/pending/privkey.pem")" ]; then
        note="interrupted save in $d (pending pair complete)"; continue
      fi
      echo "mismatched or incomplete pair in $sub"; ls -la "$sub"; bad=1
    done
  done
  [ -z "$note" ] || echo "$note"
  return $bad
}
stored() { # CERTS_DIR DOMAIN: the store holds a pair for DOMAIN chaining to Pebble (current, or pending to install)
  local d=$1/mta-sts.$2 s
  for s in "$d" "$d/pending"; do
    pair_ok "$s" && openssl verify -CAfile "$LAB_PEBBLE_ROOT" -untrusted "$LAB_PEBBLE_INTERMEDIATE" \
      -verify_hostname "mta-sts.$2" "$s/fullchain.pem" >/dev/null 2>&1 && return 0
  done
  return 1
}
account_id() { # CERTS_DIR: URL and key hash of the lab account
  local a=$1/accounts/127.0.0.1_14000_dir
  echo "$(cat "$a/account.url" 2>/dev/null) $(sha256sum <"$a/account.key" 2>/dev/null | cut -c1-16)"
}

# ===== 1. crash safety =====
# example.test and example2.test stay stored throughout; each trial n works on X = example3.test or example4.test
# (alternating): "issuance" deletes X's certificate, "renewal" replaces it with a self-signed certificate,
# which serve must replace at once (the save path of every renewal: previous/ kept, pending/ written, then the
# live pair). The trial's
# `serve` is also the restart after trial n-1's kill: before it is killed it must serve every stored domain
# (including trial n-1's X when that was stored) with Pebble's chain and order none of them.
CRASH=$WORK/crash
SENTINELS=(example.test example2.test)
[ "$PART" = acme ] || echo "seed $SEED (FAULTS_SEED=$SEED reproduces the kill moments), $TRIALS trials"
RANDOM=$SEED

setup_store() {
  LAB_ZONES="example.test example2.test example3.test example4.test" lab restart >/dev/null 2>&1 || return 1
  lab_env
  renew "$CRASH" example.test example2.test example3.test example4.test >"$WORK/setup.log" 2>&1 ||
    { tail -5 "$WORK/setup.log"; return 1; }
  ACCOUNT=$(account_id "$CRASH")
  echo "account: $ACCOUNT"
  local x; for x in example3.test example4.test; do   # the self-signed stand-ins that "renewal" trials replace
    mkdir -p "$WORK/self-signed/$x" && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
      -subj "/CN=mta-sts.$x" -addext "subjectAltName=DNS:mta-sts.$x" -days 30 \
      -keyout "$WORK/self-signed/$x/privkey.pem" -out "$WORK/self-signed/$x/fullchain.pem" 2>/dev/null || return 1
  done
  local d; for d in example.test example2.test example3.test example4.test; do stored "$CRASH" "$d" || return 1; done
  [ -n "${ACCOUNT%% *}" ]
}
fetch_all() { # DOMAIN...: each is served with Pebble's chain (silent when all are)
  local d rc=0
  for d in "$@"; do fetch "$d" || { echo "mta-sts.$d not served with a trusted certificate"; rc=1; }; done
  return $rc
}
not_ordered() { # LOG DOMAIN...: this run placed no order for any DOMAIN
  local d rc=0
  for d in "${@:2}"; do grep -q "$d: renewing now" "$1" && { echo "ordered $d although one was stored"; rc=1; }; done
  return $rc
}
serves_stored() { fetch_all "${@:2}" && not_ordered "$@"; }
crash_trials() {
  local n x prev="" kind ms delay pid log killed=0 problems=0 interrupted=0 restarts=0 s want domains t0
  for n in $(seq "$TRIALS"); do
    t0=$SECONDS
    x=example$((3 + n % 2)).test
    log=$WORK/trial.$n.log
    want=("${SENTINELS[@]}")
    [ -n "$prev" ] && stored "$CRASH" "$prev" && want+=("$prev")
    if [ $((RANDOM % 2)) = 0 ]; then
      kind=issuance; rm -rf "$CRASH/mta-sts.$x"
    else
      kind=renewal; rm -rf "$CRASH/mta-sts.$x/pending"; mkdir -p "$CRASH/mta-sts.$x" &&
        cp "$WORK/self-signed/$x/"{privkey,fullchain}.pem "$CRASH/mta-sts.$x/"
    fi
    ms=$((RANDOM % 500))
    domains=(); for s in "${SENTINELS[@]}" ${prev:+"$prev"} "$x"; do domains+=(-d "$s"); done
    serve "$CRASH" 40 "$LAB_ACME_DIRECTORY" "${domains[@]}" >"$log" 2>&1 &
    pid=$!; TRIAL_PID=$pid
    # as the restart of trial n-1: the stored domains are served while the daemon checks them, in order,
    # before X; then X's order begins and the kill comes a seeded 0-0.5 s later
    wait_log "$log" 'listening: https' 1 30 && fetch_all "${want[@]}" >"$WORK/served.out" 2>&1
    if ! wait_log "$log" "$x: renewing now" 1 30; then
      echo "trial $n: $x was not ordered"; tail -3 "$log"; problems=$((problems + 1)); stop_below "$pid"; prev=$x; continue
    fi
    delay=$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))
    sleep "$delay"
    if signal_below "$pid" KILL java; then killed=$((killed + 1)); fi
    wait "$pid" 2>/dev/null
    if [ -s "$WORK/served.out" ] || ! not_ordered "$log" "${want[@]}" >>"$WORK/served.out" 2>&1; then
      echo "trial $n: restart after trial $((n - 1)):"; cat "$WORK/served.out"; problems=$((problems + 1))
    else restarts=$((restarts + 1)); fi
    echo "trial $n: kill -9 during $kind of $x ${delay}s after its order began;" \
      "$(grep -c "$x: new certificate stored" "$log") stored before the kill ($((SECONDS - t0)) s)"
    if ! store_intact "$CRASH" >"$WORK/intact.out" 2>&1; then
      echo "trial $n: store damaged:"; cat "$WORK/intact.out"; problems=$((problems + 1))
    fi
    grep -q 'interrupted save' "$WORK/intact.out" && { interrupted=$((interrupted + 1)); cat "$WORK/intact.out"; }
    [ "$(account_id "$CRASH")" = "$ACCOUNT" ] || { echo "trial $n: account changed: $(account_id "$CRASH")"; problems=$((problems + 1)); }
    prev=$x
  done
  # the last restart: everything stored is served, nothing re-ordered
  want=("${SENTINELS[@]}"); stored "$CRASH" "$prev" && want+=("$prev")
  domains=(); for s in "${want[@]}"; do domains+=(-d "$s"); done
  serve "$CRASH" 40 "$LAB_ACME_DIRECTORY" "${domains[@]}" >"$WORK/final.log" 2>&1 &
  pid=$!
  for s in "${want[@]}"; do wait_log "$WORK/final.log" "$s: next check at\|$s: renewing now" 1 30; done
  if serves_stored "$WORK/final.log" "${want[@]}"; then restarts=$((restarts + 1)); else problems=$((problems + 1)); fi
  stop_below "$pid"
  echo "$killed of $TRIALS kills hit the running server; $restarts restarts served every stored certificate" \
    "without ordering it; $interrupted kill(s) left an interrupted save that the restart finished; $problems problem(s)"
  local logged pebble
  logged=$(cat "$WORK"/trial.*.log "$WORK/final.log" | grep -c 'renewing now')
  pebble=$(grep -c 'Added order' "$LAB_DIR/logs/pebble.log")
  echo "Pebble saw $pebble orders, our logs announced $logged attempts (4 more orders came from the setup)"
  [ "$problems" = 0 ] && [ "$killed" = "$TRIALS" ] && [ "$restarts" = $((TRIALS + 1)) ] && [ "$pebble" -le $((logged + 4)) ]
}

if [ "$PART" != acme ]; then
  check "setup: renew stores certificates for four domains and an ACME account (dns-01)" setup_store
  check "kill -9 at $TRIALS seeded moments of issuance and renewal: store intact, account kept, every restart serves without ordering" crash_trials
  lab down >/dev/null 2>&1
fi

# ===== 2. ACME faults =====
FAULTS=$WORK/faults
PROXY_PORT=14001
PROXY_DIR="https://127.0.0.1:$PROXY_PORT/dir"
STEPS=()   # the Backoff table scaled, in ms: 60 s, 120 s, 300 s... times SCALE
for s in 60 120 300 600 1800 3600 7200 14400 21600; do STEPS+=("$(awk -v s="$s" -v f="$SCALE" 'BEGIN { printf "%d", s * f * 1000 }')"); done

proxy_mode() { echo "$*" >"$WORK/proxy.mode"; }
start_proxy() {
  proxy_mode up
  in_ns timeout 300 python3 "$HERE/fault-proxy.py" "$PROXY_PORT" 14000 "$WORK/proxy.mode" "$WORK/proxy.log" \
    >"$WORK/proxy.out" 2>&1 &
  PROXY=$!; BG+=("$PROXY")
  wait_log "$WORK/proxy.log" ' up' 1 10
}
fetch_loop() { # until $WORK/stop-fetch exists: fetch the policy, count ok and failed
  local ok=0 bad=0
  while [ ! -e "$WORK/stop-fetch" ]; do
    if fetch example.test "$1" >/dev/null 2>"$WORK/fetch.last"; then ok=$((ok + 1)); else
      bad=$((bad + 1)); echo "$(date -u +%FT%T.%3NZ) $(cat "$WORK/fetch.last")" >>"$WORK/fetch.err"; fi
    echo "$ok $bad" >"$WORK/fetch.count"
    sleep 0.2
  done
}
epoch_ms() { # ISO-8601 UTC time from our log
  date -d "$1" +%s%3N
}
FLOOR_MS=$(awk -v f="$SCALE" 'BEGIN { printf "%d", 10 * f * 1000 }')   # Backoff.FLOOR, scaled
step_for() { # FAILURES LIFETIME_MS: the wait Backoff prescribes after the FAILURES-th failure (no jitter)
  local i=$(($1 > ${#STEPS[@]} ? ${#STEPS[@]} : $1)) cap step
  step=${STEPS[$((i - 1))]}
  if [ "$2" -gt 0 ]; then
    cap=$(($2 / 10)); [ "$cap" -lt "$FLOOR_MS" ] && cap=$FLOOR_MS
    [ "$step" -gt "$cap" ] && step=$cap
  fi
  echo "$step"
}
retry_gaps() { # LOG DOMAIN: "N FAILED_AT RETRY_AT NEXT_ATTEMPT_AT" per failure (N: consecutive failures)
  awk -v d="$2: " '
    index($0, d "renewal failed") { n++; failed = $1; retry = $0; sub(/.*retrying at /, "", retry); sub(/;.*/, "", retry) }
    index($0, d "renewing now") && failed != "" { print n, failed, retry, $1; failed = "" }
    index($0, d "new certificate stored") { n = 0; failed = "" }
    END { if (failed != "") print n, failed, retry, "-" }' "$1"
}
follows_table() { # LOG DOMAIN LIFETIME_MS: Backoff's retry time is step..step*1.1 after a failure, and no attempt comes earlier
  local n failed retry next wait late step rc=0 seen=0
  while read -r n failed retry next; do
    wait=$(($(epoch_ms "$retry") - $(epoch_ms "$failed")))
    step=$(step_for "$n" "$3")
    seen=$((seen + 1))
    if [ "$next" = - ]; then late="(not yet retried)"; else
      late=$(($(epoch_ms "$next") - $(epoch_ms "$retry")))
      [ "$late" -ge 0 ] && [ "$late" -le 2500 ] || { echo "  attempt ${late} ms off its scheduled time"; rc=1; }
      late="attempt ${late} ms after it"
    fi
    echo "failure $n: retry scheduled ${wait} ms later (table: $step ms + up to 10%); $late"
    # (the log line is written a few ms after Backoff read the clock, hence 50 ms of slack below)
    if [ "$wait" -lt $((step - 50)) ] || [ "$wait" -gt $((step * 11 / 10 + 100)) ]; then echo "  ^ off the table"; rc=1; fi
  done < <(retry_gaps "$1" "$2")
  [ "$seen" -ge 2 ] || { echo "only $seen failures seen"; rc=1; }
  return $rc
}
metric() { # NAME_AND_LABELS: value from /metrics
  in_ns curl -fsS --max-time 2 http://127.0.0.1:9180/metrics | awk -v m="$1" 'index($0, m) == 1 { print $2 }'
}
failures_with() { grep "example.test: renewal failed ($1)" "$FLOG" | wc -l; }

faults_setup() {
  PEBBLE_AUTHZREUSE=0 LAB_CERT_VALIDITY=$VALIDITY lab restart >/dev/null 2>&1 || return 1
  lab_env
  start_proxy || { echo "proxy did not start"; cat "$WORK/proxy.out"; return 1; }
  FLOG=$WORK/faults.log
  serve "$FAULTS" 200 "$PROXY_DIR" -d example.test --acme-backoff-scale "$SCALE" >"$FLOG" 2>&1 &
  FPID=$!; BG+=("$FPID")
  wait_log "$FLOG" 'new certificate stored' 1 30 || { tail -5 "$FLOG"; return 1; }
  sleep 1
  fetch_loop "$LAB_PEBBLE_ROOT" &
  FETCH=$!; BG+=("$FETCH")
  local f=$FAULTS/mta-sts.example.test/fullchain.pem
  # Backoff caps a step at a tenth of this lifetime (Pebble's notAfter is a second short of the period)
  LIFETIME_MS=$((($(date -d "$(openssl x509 -in "$f" -noout -enddate | cut -d= -f2)" +%s) -
    $(date -d "$(openssl x509 -in "$f" -noout -startdate | cut -d= -f2)" +%s)) * 1000))
  echo "certificate lifetime: $LIFETIME_MS ms"
  grep 'new certificate stored\|next check' "$FLOG"
}
validation_fails() { # http-01 points elsewhere: Pebble cannot reach the server; two failed orders
  lab dns-set example.test mta-sts A 192.0.2.1 && lab dns-del example.test mta-sts AAAA || return 1
  wait_log "$FLOG" 'renewal failed' 2 $((VALIDITY / 2 + 20)) || { echo "no two failures"; return 1; }
  grep 'renewing now\|renewal failed' "$FLOG" | cut -c1-220
  [ "$(failures_with challenge_failed)" -ge 2 ]
}
ca_stopped() { # the CA refuses connections: two more failures, both network errors
  proxy_mode down
  lab dns-reset example.test >/dev/null || return 1
  wait_log "$FLOG" 'renewal failed' 4 40 || { echo "no two more failures"; return 1; }
  grep 'renewal failed' "$FLOG" | tail -2 | cut -c1-220
  [ "$(failures_with network)" -ge 2 ]
}
ca_slow_recovers() { # the CA is back but slow: the next attempt stores a new certificate
  local before stored; before=$(openssl x509 -in "$FAULTS/mta-sts.example.test/fullchain.pem" -noout -serial)
  stored=$(grep -c 'new certificate stored' "$FLOG")
  proxy_mode slow 0.2
  wait_log "$FLOG" 'new certificate stored' $((stored + 1)) 40 || { echo "no new certificate"; tail -5 "$FLOG"; return 1; }
  proxy_mode up
  sleep 1
  local now; now=$(openssl x509 -in "$FAULTS/mta-sts.example.test/fullchain.pem" -noout -serial)
  echo "certificate $before replaced by $now after $(grep -c 'renewal failed' "$FLOG") failures"
  grep 'renewing now\|new certificate stored' "$FLOG" | tail -2 | cut -c1-160
  [ "$now" != "$before" ] && fetch example.test
}
no_storm() {
  follows_table "$FLOG" example.test "$LIFETIME_MS" || return 1
  echo "proxy connections: $(grep -c connection "$WORK/proxy.log"); Pebble orders: $(grep -c 'Added order' "$LAB_DIR/logs/pebble.log")"
  local failures ok next
  failures=$(grep -c 'renewal failed' "$FLOG")
  ok=$(metric 'mtasts_acme_renewals_total{domain="example.test",result="ok"}')
  next=$(metric 'mtasts_acme_next_renewal_seconds{domain="example.test"}')
  echo "metrics: ok=$ok challenge_failed=$(metric 'mtasts_acme_renewals_total{domain="example.test",result="challenge_failed"}')" \
    "network=$(metric 'mtasts_acme_renewals_total{domain="example.test",result="network"}') next=$next"
  [ "$(metric 'mtasts_acme_renewals_total{domain="example.test",result="challenge_failed"}' | cut -d. -f1)" = \
    "$(failures_with challenge_failed)" ] && [ "${ok%%.*}" = 2 ] &&
    awk -v n="$next" -v t="$(date +%s)" 'BEGIN { exit !(n > t) }'
}
kept_serving() {
  touch "$WORK/stop-fetch"; wait "$FETCH" 2>/dev/null
  local ok bad; read -r ok bad <"$WORK/fetch.count"
  echo "$ok fetches ok, $bad failed"; head -5 "$WORK/fetch.err" 2>/dev/null
  stop_below "$FPID"
  [ "$bad" = 0 ] && [ "$ok" -gt 30 ]
}
own_certificate() { # CA_DIR HOST_DIR: a CA of our own and a certificate for mta-sts.example.test from it
  mkdir -p "$1" "$2" || return 1
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=faults-lab-ca -days 2 \
    -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign \
    -keyout "$1/ca.key" -out "$1/ca.pem" 2>/dev/null &&
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=mta-sts.example.test \
    -keyout "$2/privkey.pem" -out "$1/leaf.csr" 2>/dev/null &&
  printf 'subjectAltName=DNS:mta-sts.example.test\nextendedKeyUsage=serverAuth\n' >"$1/ext.cnf" &&
  openssl x509 -req -in "$1/leaf.csr" -CA "$1/ca.pem" -CAkey "$1/ca.key" -CAcreateserial -days 30 \
    -extfile "$1/ext.cnf" -out "$1/leaf.pem" 2>/dev/null &&
  cat "$1/leaf.pem" "$1/ca.pem" >"$2/fullchain.pem" && chmod 600 "$2/privkey.pem"
}
nonces_rejected() { # every nonce rejected: a new domain's order retried along the table, the stored one served
  local log=$WORK/nonce.log dir=$WORK/nonce pid attempts ca=$WORK/own-ca
  stop_below "$PROXY"
  own_certificate "$ca" "$dir/mta-sts.example.test" || return 1   # a 30-day certificate from a CA of our own
  PEBBLE_AUTHZREUSE=0 PEBBLE_WFE_NONCEREJECT=100 lab restart >/dev/null 2>&1 || return 1
  lab_env
  serve "$dir" 60 "$LAB_ACME_DIRECTORY" -d example.test -d example2.test --acme-backoff-scale "$SCALE" >"$log" 2>&1 &
  pid=$!; BG+=("$pid")
  wait_log "$log" 'example2.test: renewing now' 1 60 || { tail -5 "$log"; return 1; }
  local t0=$SECONDS ok=0 bad=0
  while [ $((SECONDS - t0)) -lt 20 ]; do
    if fetch example.test "$ca/ca.pem" >/dev/null 2>&1; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
    sleep 0.3
  done
  attempts=$(grep -c 'example2.test: renewing now' "$log")
  grep 'example2.test: renewal failed' "$log" | head -1 | cut -c1-200
  echo "example.test fetched $ok times ok, $bad failed; example2.test: $attempts attempts in 20 s" \
    "(table: 3 s, 6 s, 15 s -> 3); Pebble answered $(grep -c 'calling handler' "$LAB_DIR/logs/pebble.log") requests"
  follows_table "$log" example2.test 0 || { stop_below "$pid"; return 1; }
  stop_below "$pid"
  [ "$bad" = 0 ] && [ "$ok" -gt 20 ] && [ "$attempts" = 3 ]
}

if [ "$PART" = acme ] && check "faults: serve gets a $VALIDITY-second certificate through the fault proxy" faults_setup; then
  check "orders failing validation (DNS points elsewhere): renewal fails twice, old certificate stays" validation_fails
  check "CA stopped (connections refused): two more failures, no crash" ca_stopped
  check "CA back but slow: the next retry stores a new certificate" ca_slow_recovers
  check "retries follow the Backoff table (scaled $SCALE, capped at a tenth of the lifetime); metrics agree" no_storm
  check "a fetch loop saw zero failures during all faults" kept_serving
fi
[ "$PART" = acme ] && check "Pebble rejecting every nonce: new domain retried along the table, stored one keeps serving" nonces_rejected
[ "$PART" = acme ] && lab down >/dev/null 2>&1
if [ "$PART" = all ]; then
  wait "$ACME_PART"; ACME_PART=
  grep -Ev '^[0-9]+ passed, [0-9]+ failed$' "$WORK/acme-part.out"
  p= f=
  read -r p _ f _ < <(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$WORK/acme-part.out" | tail -1)
  if [[ "$p $f" =~ ^[0-9]+\ [0-9]+$ ]]; then passed=$((passed + p)) failed=$((failed + f)); else
    echo "FAIL the ACME faults part ended without a summary"; failed=$((failed + 1)); fi
fi

if [ "$failed" -gt 0 ]; then KEEP=1; echo "logs kept in $WORK"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
