#!/usr/bin/env bash
# Several CAs, end to end in the lab: two Pebbles (the second requires External Account Binding, LAB_SECOND_CA=1),
# 45-second certificates, two domains, `mta-sts serve` with two [[acme.issuers]]: ca1 (the first Pebble, reached
# through fault-proxy.py, which logs every connection to it) and ca2 (the second, with EAB). Scenarios:
#  1. both CAs up: every certificate comes from ca1 (`mta-sts certs` names the issuer); then a CAA record on
#     example2.test that allows only ca2 (ca1 and ca2 are known in CAA as ca1.test and ca2.test): its next
#     renewal skips ca1 without an order and comes from ca2;
#  2. ca1 stopped before the start (lab.sh ca-stop 1): every domain has a certificate from ca2 within 10 s of
#     the start, and while ca1's breaker is open at most one connection per probe interval reaches ca1's port;
#  3. ca1 back (lab.sh ca-start 1): the next renewals come from ca1 again;
#  4. a validation failure that is the domain's fault (its policy host's A/AAAA point nowhere): no order for it
#     on ca2, the failure is counted against ca1's validation budget;
#  5. a fetch loop over both domains saw zero failures once the first certificates were in.
# The rate-limit scenario (a CA answering 429 with Retry-After) cannot be made with Pebble: IssuerFailoverTest
# covers it against the in-process ACME stub.
# Usage: src/test/lab/issuers-lab.sh [path/to/mta-sts.jar]   (as root; about 2 minutes)
# Own lab: LAB_NS/LAB_DIR default to mtasts-issuers and /tmp/mtasts-lab-issuers. Last line: "N passed, M failed".
set -uo pipefail

JAR=$(realpath "${1:-target/mta-sts.jar}")
export LAB_NS=${LAB_NS:-mtasts-issuers} LAB_DIR=${LAB_DIR:-/tmp/mtasts-lab-issuers}
export LAB_SECOND_CA=1 LAB_CERT_VALIDITY=45
export PEBBLE_AUTHZREUSE=0 # every order validates (Pebble reuses half of the valid authorizations by default)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
LAB_SH=${LAB_SH:-$ROOT/../shared/lab/lab.sh}
[ -x "$LAB_SH" ] || { echo "no lab at $LAB_SH (expected ../shared next to the repository, or set LAB_SH)"; echo "0 passed, 1 failed"; exit 1; }
LIMIT=${ISSUERS_LAB_TIMEOUT:-300}
PROBE=5          # [acme] probe_interval, seconds
PROXY_PORT=14010 # ca1's address as the server knows it: fault-proxy.py -> Pebble 1 on 14000
passed=0 failed=0

check() { # NAME COMMAND...
  local name=$1; shift
  if "$@" >"$WORK/check.out" 2>&1; then
    passed=$((passed + 1)); echo "ok   $name"; grep '^measured:' "$WORK/check.out"
  else
    failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$WORK/check.out" | tail -25
  fi
}
lab() { timeout "$LIMIT" "$LAB_SH" "$@"; }
in_ns() { ip netns exec "$LAB_NS" "$@"; }

[ -f "$JAR" ] || { echo "no jar at $JAR (mvn -o package -DskipTests)"; echo "0 passed, 1 failed"; exit 1; }
lab restart >/dev/null 2>&1 || { echo "lab did not come up"; echo "0 passed, 1 failed"; exit 1; }
set -a; . "$LAB_DIR/lab.env"; set +a
WORK=$(mktemp -d /tmp/issuers-lab.XXXXXX)
SERVE_PID= PROXY_PID= FETCH_PID=
trap 'touch "$WORK/stop-fetch"; [ -n "$SERVE_PID" ] && stop_java_below "$SERVE_PID"; [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null;
      lab down >/dev/null 2>&1; rm -rf "$WORK"' EXIT

children() { sed -nE "s/^([0-9]+) \(.*\) [A-Za-z] $1 .*/\1/p" /proc/[0-9]*/stat 2>/dev/null; }
descendants() { local p; for p in $(children "$1"); do echo "$p"; descendants "$p"; done; }
stop_java_below() {
  local p
  for p in $(descendants "$1"); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ] && kill -TERM "$p" 2>/dev/null
  done
  wait "$1" 2>/dev/null
}
now_ms() { date +%s%3N; }
within() { # MS COMMAND...
  local limit=$1 start; shift
  start=$(now_ms)
  until "$@"; do
    [ $(($(now_ms) - start)) -gt "$limit" ] && return 1
    sleep 0.3
  done
}

echo up >"$WORK/proxy.mode"
in_ns timeout "$LIMIT" python3 "$HERE/fault-proxy.py" "$PROXY_PORT" 14000 "$WORK/proxy.mode" "$WORK/proxy.log" \
  >"$WORK/proxy.out" 2>&1 &
PROXY_PID=$!

cat >"$WORK/mta-sts.toml" <<TOML
[defaults]
mode = "enforce"
mx = ["mail.example.test", "mail.example2.test"]
max_age = 86400

[domains."example.test"]
[domains."example2.test"]

[dns]
resolver = "127.0.0.1:53"

[acme]
accept_tos = true
ca_bundle = "$LAB_ACME_CA_BUNDLE"
challenges = ["tls-alpn-01", "http-01"]
probe_interval = "${PROBE}s"

[[acme.issuers]]
name = "ca1"
directory = "https://127.0.0.1:$PROXY_PORT/dir"
caa_identities = ["ca1.test"]

[[acme.issuers]]
name = "ca2"
directory = "$LAB_ACME2_DIRECTORY"
caa_identities = ["ca2.test"]
eab_kid = "$LAB_ACME2_EAB_KID"
eab_hmac_key_file = "$LAB_ACME2_EAB_HMAC_FILE"
TOML

serve() { # CERTS_DIR: starts `mta-sts serve` in the background with the two issuers
  START_MS=$(now_ms)
  lab exec timeout "$LIMIT" java -jar "$JAR" serve --config "$WORK/mta-sts.toml" --certs-dir "$1" \
    --https-port 443 --http-port 80 --admin-port 9180 --dns-check-interval 0 >"$WORK/serve.log" 2>&1 &
  SERVE_PID=$!
}
stop_serve() { [ -n "$SERVE_PID" ] && stop_java_below "$SERVE_PID"; SERVE_PID=; }
certs() { lab exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" certs --certs-dir "$1" 2>&1; }
issuer_of() { # CERTS_DIR DOMAIN: the issuer `mta-sts certs` names for DOMAIN
  certs "$1" | awk -v d="$2" '$1 == d { on = 1; next } /^[a-z0-9.-]+ \(mta-sts\./ { on = 0 } on && $1 == "issued" && $2 == "by:" { print $3 }'
}
fetch() { # DOMAIN: the policy over HTTPS from the server (not through DNS), verified against the lab's trust bundle
  lab exec curl -fsS -o /dev/null --max-time 3 --cacert "$LAB_TRUST_BUNDLE" --resolve "mta-sts.$1:443:127.0.0.1" \
    "https://mta-sts.$1/.well-known/mta-sts.txt"
}
both_trusted() { fetch example.test 2>/dev/null && fetch example2.test 2>/dev/null; }
metric() { lab exec curl -fsS --max-time 2 http://127.0.0.1:9180/metrics | awk -v m="$1" '$1 == m { print $2 }'; }
fetch_loop() { # counts fetches and failures of both domains until $WORK/stop-fetch exists
  local ok=0 bad=0 d
  while [ ! -e "$WORK/stop-fetch" ]; do
    for d in example.test example2.test; do
      if fetch "$d" 2>"$WORK/fetch.last"; then ok=$((ok + 1)); else
        bad=$((bad + 1)); echo "$(date -u +%T.%3N) $d $(cat "$WORK/fetch.last")" >>"$WORK/fetch.err"; fi
    done
    echo "$ok $bad" >"$WORK/fetch.count"
    sleep 0.5
  done
}

# ---- 1
both_from_ca1() {
  serve "$WORK/certs1"
  within 30000 both_trusted || { echo "no trusted certificates within 30 s"; tail -20 "$WORK/serve.log"; return 1; }
  echo "measured: both domains trusted $(($(now_ms) - START_MS)) ms after the start"
  certs "$WORK/certs1" | grep -E '^[a-z]|issued by:'
  [ "$(issuer_of "$WORK/certs1" example.test)" = ca1 ] && [ "$(issuer_of "$WORK/certs1" example2.test)" = ca1 ] || return 1
  local ca2
  ca2=$(metric 'mtasts_acme_issuer_orders_total{issuer="ca2",result="issued"}')
  echo "measured: ca1 issued $(metric 'mtasts_acme_issuer_orders_total{issuer="ca1",result="issued"}'), ca2 issued ${ca2:-0}"
  [ "${ca2:-0}" = 0 ] || [ "${ca2%.*}" = 0 ]
}

caa_allows_only_ca2() {
  local start=$(now_ms)
  lab dns-set example2.test @ CAA '0 issue "ca2.test"' >/dev/null || return 1
  example2_from_ca2() { [ "$(issuer_of "$WORK/certs1" example2.test)" = ca2 ]; }
  within 60000 example2_from_ca2 || { certs "$WORK/certs1"; return 1; }
  echo "measured: example2.test renewed by ca2 $(($(now_ms) - start)) ms after its CAA record changed"
  certs "$WORK/certs1" | grep 'issued by:'
  lab dns-reset example2.test >/dev/null
  [ "$(issuer_of "$WORK/certs1" example.test)" = ca1 ] && certs "$WORK/certs1" | grep -q 'ca1 skipped: the CAA records of example2.test allow only ca2.test'
}

# ---- 2
ca1_down_at_start() {
  stop_serve
  lab ca-stop 1 >/dev/null || return 1
  : >"$WORK/proxy.log.mark"; cp "$WORK/proxy.log" "$WORK/proxy.before"
  serve "$WORK/certs2"
  local ok=0
  within 10000 both_trusted && ok=1
  echo "measured: both domains trusted $(($(now_ms) - START_MS)) ms after the start, ca1 stopped"
  echo "serve started at $(date -u -d @"${START_MS%???}.${START_MS: -3}" +%T.%3N)"
  grep -E 'listening|renewing now|unavailable|new certificate stored|account|issued' "$WORK/serve.log" | cut -c12-23,40-170
  if [ "$ok" = 0 ]; then
    echo "not both trusted within 10 s of the start"
    within 30000 both_trusted # the next scenarios start from trusted certificates all the same
    return 1
  fi
  [ "$(issuer_of "$WORK/certs2" example.test)" = ca2 ] && [ "$(issuer_of "$WORK/certs2" example2.test)" = ca2 ] || {
    certs "$WORK/certs2"; return 1; }
  certs "$WORK/certs2" | grep -E 'issued by:' | head -2
}
few_probes_while_open() { # ~40 s of renewals of 45-second certificates with ca1 down
  touch "$WORK/fetch-start"; rm -f "$WORK/stop-fetch"
  fetch_loop & FETCH_PID=$!
  local from to opened conns allowed
  sleep 40
  opened=$(grep -m1 'breaker open' "$WORK/serve.log" | cut -c1-24)
  [ -n "$opened" ] || { echo "the breaker never opened"; return 1; }
  from=$(date -d "$opened" +%s.%N); to=$(date +%s.%N)
  # connections the proxy accepted after the breaker opened (each one reached ca1's port)
  conns=$(awk -v f="$from" '$2 == "connection" && $1 > f + 0.5' "$WORK/proxy.log" | wc -l)
  allowed=$(awk -v f="$from" -v t="$to" -v p="$PROBE" 'BEGIN { printf "%d", (t - f) / p + 1 }')
  echo "measured: $conns connection(s) reached ca1 in $(awk -v f="$from" -v t="$to" 'BEGIN { printf "%.0f", t - f }') s with its breaker open (probe interval ${PROBE} s: at most $allowed)"
  echo "measured: skips $(metric 'mtasts_acme_issuer_skips_total{issuer="ca1",reason="unavailable"}'), ca2 issued $(metric 'mtasts_acme_issuer_orders_total{issuer="ca2",result="issued"}'), breaker $(metric 'mtasts_acme_issuer_breaker_open{issuer="ca1"}')"
  [ "$(metric 'mtasts_acme_issuer_breaker_open{issuer="ca1"}')" = 1.0 ] || return 1
  [ "$conns" -le "$allowed" ]
}

# ---- 3
back_to_ca1() {
  lab ca-start 1 >/dev/null || return 1
  local start=$(now_ms)
  both_ca1() { [ "$(issuer_of "$WORK/certs2" example.test)" = ca1 ] && [ "$(issuer_of "$WORK/certs2" example2.test)" = ca1 ]; }
  within 70000 both_ca1 || { certs "$WORK/certs2"; grep -E 'WARN' "$WORK/serve.log" | tail -5; return 1; }
  echo "measured: both domains renewed by ca1 $(($(now_ms) - start)) ms after it came back"
  [ "$(metric 'mtasts_acme_issuer_breaker_open{issuer="ca1"}')" = 0.0 ]
}

# ---- 4
domain_fault_stays() {
  local before after start
  before=$(metric 'mtasts_acme_issuer_orders_total{issuer="ca2",result="issued"}'); before=${before:-0}
  local mark; mark=$(wc -l <"$WORK/serve.log")
  lab dns-set example2.test mta-sts A 192.0.2.1 >/dev/null && lab dns-set example2.test mta-sts AAAA 2001:db8::1 >/dev/null || return 1
  start=$(now_ms)
  failed_once() { grep -q "example2.test: renewal failed.*the domain's fault" "$WORK/serve.log"; }
  within 70000 failed_once || { echo "no domain-fault failure within 70 s"; grep 'example2.test' "$WORK/serve.log" | tail -5; return 1; }
  sleep 3
  after=$(metric 'mtasts_acme_issuer_orders_total{issuer="ca2",result="issued"}'); after=${after:-0}
  grep "example2.test: renewal failed" "$WORK/serve.log" | tail -1 | cut -c1-260
  echo "measured: failure $(($(now_ms) - start)) ms after the DNS change; ca2 orders issued before $before, after $after"
  lab dns-reset example2.test >/dev/null
  [ "${after%.*}" = "${before%.*}" ] && ! tail -n +"$mark" "$WORK/serve.log" | grep -q 'example2.test: issued by ca2'
}

# ---- 5 (before 4: a domain whose renewal fails keeps its 45-second certificate only until it expires)
no_failed_fetch() {
  touch "$WORK/stop-fetch"; wait "$FETCH_PID" 2>/dev/null
  local ok bad
  read -r ok bad <"$WORK/fetch.count"
  echo "measured: $ok fetches, $bad failed"
  [ -s "$WORK/fetch.err" ] && head -5 "$WORK/fetch.err"
  [ "$ok" -gt 0 ] && [ "$bad" = 0 ]
}

check "both CAs up: every certificate comes from ca1 (mta-sts certs names it)" both_from_ca1
check "a CAA record that allows only ca2: the next renewal skips ca1 (no order) and comes from ca2" caa_allows_only_ca2
check "ca1 stopped before the start: both domains get a ca2 certificate within 10 s" ca1_down_at_start
check "breaker open: at most one connection per probe interval reaches ca1's port" few_probes_while_open
check "ca1 back: the next renewals come from ca1 again" back_to_ca1
check "zero failed policy fetches from the first ca2 certificates on, through the switch back to ca1" no_failed_fetch
check "the domain's fault (policy host points nowhere): no order for it on ca2" domain_fault_stays
stop_serve
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
