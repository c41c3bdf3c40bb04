#!/usr/bin/env bash
# On-demand certificates gated by DNS, against the lab's real BIND and Pebble: `serve --on-demand` starts with no
# domain and a template for the provider's MX (*.provider.test). Two customers point their DNS at the provider
# (good1.test: mta-sts CNAME to the target name; good2.test: mta-sts A equal to a target address; both MX at the
# provider) and are served with a Pebble certificate on their first fetch; badmx.test (an MX elsewhere) and
# notxt.test (no _mta-sts TXT) are refused, and so are 1,000 handshakes for random unknown names. Exactly two
# orders reach Pebble (counted in Pebble's log: "POST /order-plz"), and the server's decisions metric agrees.
# Usage: src/test/lab/ondemand-lab.sh [path/to/mta-sts.jar]   (as root; about 1 minute)
# Own lab: LAB_NS/LAB_DIR default to mtasts-ondemand and /tmp/mtasts-lab-ondemand. Last line: "N passed, M failed".
set -uo pipefail

JAR=$(realpath "${1:-target/mta-sts.jar}")
export LAB_NS=${LAB_NS:-mtasts-ondemand} LAB_DIR=${LAB_DIR:-/tmp/mtasts-lab-ondemand}
export LAB_ZONES="provider.test good1.test good2.test badmx.test notxt.test" LAB_DNS_RECURSION=yes
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
LAB_SH=${LAB_SH:-$ROOT/../shared/lab/lab.sh} # the shared lab tools sit next to the repository
[ -x "$LAB_SH" ] || { echo "no lab at $LAB_SH (expected ../shared next to the repository, or set LAB_SH)"; echo "0 passed, 1 failed"; exit 1; }
LIMIT=${ONDEMAND_LAB_TIMEOUT:-170}
passed=0 failed=0

check() { # NAME COMMAND...
  local name=$1; shift
  if "$@" >"$WORK/check.out" 2>&1; then
    passed=$((passed + 1)); echo "ok   $name"; grep '^measured:' "$WORK/check.out"
  else
    failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$WORK/check.out" | tail -20
  fi
}

lab() { timeout "$LIMIT" "$LAB_SH" "$@"; }

[ -f "$JAR" ] || { echo "no jar at $JAR (mvn -o package -DskipTests)"; echo "0 passed, 1 failed"; exit 1; }
lab restart >/dev/null 2>&1 || { echo "lab did not come up"; echo "0 passed, 1 failed"; exit 1; }
set -a; . "$LAB_DIR/lab.env"; set +a
WORK=$(mktemp -d /tmp/ondemand-lab.XXXXXX)
LOG=$WORK/serve.log
PEBBLE_LOG=$LAB_DIR/logs/pebble.log
trap 'cp "$LOG" "$LAB_DIR/logs/serve.log" 2>/dev/null; lab down >/dev/null 2>&1; rm -rf "$WORK"' EXIT

# --- DNS: the provider, two customers, one with its MX elsewhere, one without the TXT record
dns() { lab dns-set "$@" >/dev/null || { echo "dns-set $* failed"; exit 1; }; }
dns provider.test mx1 A 127.0.0.1
for d in good1.test good2.test badmx.test notxt.test; do dns "$d" @ MX "10 mx1.provider.test."; done
dns good1.test mta-sts CNAME mta-sts.provider.test.
dns badmx.test mta-sts CNAME mta-sts.provider.test.
dns badmx.test @ MX "10 mx1.provider.test." "20 mail.elsewhere.test."
dns notxt.test mta-sts CNAME mta-sts.provider.test.
lab dns-del notxt.test _mta-sts TXT >/dev/null

cat >"$WORK/mta-sts.toml" <<TOML
[server]
https_port = 443
http_port = 80
admin_port = 9180
certs_dir = "$WORK/certs"

[defaults]
mode = "enforce"
mx = ["*.provider.test"]
max_age = "1d"

[acme]
directory = "$LAB_ACME_DIRECTORY"
ca_bundle = "$LAB_ACME_CA_BUNDLE"
accept_tos = true
email = "admin@provider.test"
challenges = ["tls-alpn-01"]

[dns]
resolver = "127.0.0.1:53"

[drift]
interval = 0

[on_demand]
enabled = true
targets = ["mta-sts.provider.test", "127.0.0.1"]
TOML

# One TLS handshake per name (SNI), timed: prints "NAME RESULT MILLISECONDS" (ok, unrecognized_name, or the error).
cat >"$WORK/handshake.py" <<'PY'
import socket, ssl, sys, time
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
for name in sys.stdin.read().split():
    start = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", 443), timeout=20) as raw:
            with ctx.wrap_socket(raw, server_hostname=name):
                result = "ok"
    except ssl.SSLError as e:
        result = "unrecognized_name" if "UNRECOGNIZED_NAME" in str(e).upper() else "ssl:" + str(e).replace(" ", "_")
    except OSError as e:
        result = "error:" + str(e).replace(" ", "_")
    print(name, result, "%.1f" % ((time.monotonic() - start) * 1000), flush=True)
PY

# Both senders start once before the server does (Node's and Python's first start take seconds on a cold
# machine; the 10 s below measure the server, not them). Nothing is served yet: both fail.
lab query provider.test >/dev/null 2>&1; lab query-strict provider.test >/dev/null 2>&1
orders_before=$(grep -c 'POST /order-plz' "$PEBBLE_LOG" 2>/dev/null)
lab exec timeout "$LIMIT" java -jar "$JAR" serve --config "$WORK/mta-sts.toml" >"$LOG" 2>&1 &
SERVE=$!
ready() {
  local i
  for i in $(seq 100); do
    lab exec curl -fsS --max-time 1 http://127.0.0.1:9180/healthz >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  cat "$LOG"; return 1
}
metric() { lab exec curl -fsS --max-time 2 http://127.0.0.1:9180/metrics | grep -F "$1" | awk '{print $2}'; }
now_ms() { date +%s%3N; }

valid_within_10s() { # DOMAIN: the first fetch starts the decision; VALID for both senders within 10 s of it
  local d=$1 start end ok=no fetches=0
  start=$(now_ms)
  while [ $(($(now_ms) - start)) -lt 10000 ]; do
    fetches=$((fetches + 1))
    if lab query "$d" >"$WORK/query.$d" 2>&1; then ok=yes; break; fi
    sleep 0.2
  done
  end=$(now_ms)
  cat "$WORK/query.$d"
  echo "$fetches" >"$WORK/fetches.$d"
  [ $ok = yes ] || return 1
  echo "measured: $d VALID for mta-sts-query $((end - start)) ms after its first fetch (fetch $fetches)"
  lab query-strict "$d" || return 1
  echo "measured: $d VALID for query-strict $(($(now_ms) - start)) ms after its first fetch"
  [ $(($(now_ms) - start)) -le 10000 ]
}
pebble_certificate() { # DOMAIN: the first fetch was VALID already, and the served certificate chains to Pebble's root
  echo "VALID at fetch $(cat "$WORK/fetches.$1")"
  [ "$(cat "$WORK/fetches.$1")" = 1 ] || return 1
  lab exec sh -c "openssl s_client -connect 127.0.0.1:443 -servername mta-sts.$1 </dev/null 2>/dev/null \
    | openssl x509 > '$WORK/served.$1.pem'" &&
    openssl verify -CAfile "$LAB_PEBBLE_ROOT" -untrusted "$LAB_PEBBLE_INTERMEDIATE" -verify_hostname "mta-sts.$1" \
      "$WORK/served.$1.pem"
}
refused_fast() { # DOMAIN: unrecognized_name at the first handshake, and within 50 ms at the second
  local out
  out=$(printf 'mta-sts.%s\nmta-sts.%s\n' "$1" "$1" | lab exec python3 "$WORK/handshake.py") || return 1
  echo "$out"
  [ "$(awk '$2 == "unrecognized_name"' <<<"$out" | wc -l)" = 2 ] || return 1
  echo "measured: mta-sts.$1 refused again in $(awk 'NR == 2 {print $3}' <<<"$out") ms"
  awk 'NR == 2 && $3 >= 50 {exit 1}' <<<"$out"
}
thousand_random() { # 1,000 random unknown names, then each again: all unrecognized_name, repeats under 50 ms
  local names=$WORK/names out=$WORK/random.out again=$WORK/again.out
  for i in $(seq 1000); do
    case $((i % 3)) in
      0) echo "mta-sts.r$RANDOM$i.provider.test" ;;
      1) echo "mta-sts.r$RANDOM$i.example" ;;
      2) echo "www$RANDOM$i.good1.test" ;;
    esac
  done >"$names"
  local start; start=$(now_ms)
  lab exec python3 "$WORK/handshake.py" <"$names" >"$out" || return 1
  lab exec python3 "$WORK/handshake.py" <"$names" >"$again" || return 1
  echo "measured: 2 x 1000 handshakes for random unknown names in $(($(now_ms) - start)) ms"
  echo "measured: first pass: $(awk '{print $2}' "$out" | sort | uniq -c | tr '\n' ' ')"
  echo "measured: second pass: $(awk '{print $2}' "$again" | sort | uniq -c | tr '\n' ' ')"
  echo "measured: repeated refusal p50 $(sort -n -k3 "$again" | awk 'NR == 500 {print $3}') ms," \
    "max $(sort -n -k3 "$again" | tail -1 | awk '{print $3}') ms"
  [ "$(awk '$2 == "unrecognized_name"' "$out" "$again" | wc -l)" = 2000 ] || return 1
  awk '$3 >= 50 {print "slow:", $0; bad = 1} END {exit bad}' "$again"
}
exactly_two_orders() {
  local orders approved
  orders=$(($(grep -c 'POST /order-plz' "$PEBBLE_LOG") - orders_before))
  approved=$(metric 'mtasts_ondemand_decisions_total{result="approved"}')
  echo "measured: Pebble received $orders new orders; the server approved ${approved:-0} domains"
  lab exec curl -fsS http://127.0.0.1:9180/metrics | grep '^mtasts_ondemand_decisions_total' | sed 's/^/measured: /'
  grep 'renewing now' "$LOG"
  [ "$orders" = 2 ] && [ "${approved%.0}" = 2 ] && [ "$(grep -c 'renewing now' "$LOG")" = 2 ] &&
    grep -q 'good1.test: renewing now' "$LOG" && grep -q 'good2.test: renewing now' "$LOG"
}
refusal_reasons() {
  grep 'on demand:' "$LOG" | grep -E 'badmx|notxt' | head -4
  grep -q 'mta-sts.badmx.test refused (refused_mx)' "$LOG" && grep -q 'mta-sts.notxt.test refused (refused_txt)' "$LOG"
}
stored_as_runtime_domains() { ls "$WORK/certs/domains"; test -f "$WORK/certs/domains/good1.test" && test -f "$WORK/certs/domains/good2.test"; }

check "serve --on-demand starts without any domain" ready
check "good1.test (mta-sts CNAME to the target name): VALID within 10 s of its first fetch" valid_within_10s good1.test
check "good1.test: its first fetch already got Pebble's certificate (the handshake waited for it)" pebble_certificate good1.test
check "good2.test (mta-sts A = a target address): VALID within 10 s of its first fetch" valid_within_10s good2.test
check "good2.test: its first fetch already got Pebble's certificate" pebble_certificate good2.test
check "badmx.test (an MX elsewhere): unrecognized_name, the repeat within 50 ms" refused_fast badmx.test
check "notxt.test (no _mta-sts TXT): unrecognized_name, the repeat within 50 ms" refused_fast notxt.test
check "the refusals name their reason in the log" refusal_reasons
check "1,000 random unknown names: every handshake unrecognized_name, repeats within 50 ms" thousand_random
check "exactly two orders at Pebble (its log) and two approvals (metrics); none for any other name" exactly_two_orders
check "the approved customers are stored as runtime domains" stored_as_runtime_domains

lab down >/dev/null 2>&1 # stops the server with everything else in the netns
wait "$SERVE" 2>/dev/null
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
