#!/usr/bin/env bash
# End-to-end ACME test against the lab's real Pebble and BIND: `mta-sts renew` obtains certificates for
# example.test and example2.test with DNS-01 (RFC 2136 + TSIG) from an empty store, and they chain to
# Pebble's root; then `mta-sts serve` itself gets certificates with HTTP-01 and TLS-ALPN-01 on its own
# listeners, falls back from a failing challenge type, and renews short-lived certificates under load. Usage: src/test/lab/acme-lab.sh [path/to/mta-sts.jar]   (as root; ~1 minute)
# Own lab: LAB_NS/LAB_DIR default to mtasts-acme and /tmp/mtasts-lab-acme. Last line: "N passed, M failed".
set -uo pipefail

JAR=$(realpath "${1:-target/mta-sts.jar}")
export LAB_NS=${LAB_NS:-mtasts-acme} LAB_DIR=${LAB_DIR:-/tmp/mtasts-lab-acme}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
LAB_SH=${LAB_SH:-$ROOT/../shared/lab/lab.sh} # the shared lab tools sit next to the repository
[ -x "$LAB_SH" ] || { echo "no lab at $LAB_SH (expected ../shared next to the repository, or set LAB_SH)"; echo "0 passed, 1 failed"; exit 1; }
LIMIT=${ACME_LAB_TIMEOUT:-300}
passed=0 failed=0

check() { # NAME COMMAND...
  local name=$1; shift
  if "$@" >"$WORK/check.out" 2>&1; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$WORK/check.out" | tail -20
  fi
}

lab() { timeout "$LIMIT" "$LAB_SH" "$@"; }

[ -f "$JAR" ] || { echo "no jar at $JAR (mvn -o package -DskipTests)"; echo "0 passed, 1 failed"; exit 1; }
lab restart >/dev/null 2>&1 || { echo "lab did not come up"; echo "0 passed, 1 failed"; exit 1; }
set -a; . "$LAB_DIR/lab.env"; set +a
WORK=$(mktemp -d /tmp/acme-lab.XXXXXX)
CERTS=$WORK/certs
# The lab goes down at the end: its daemons would otherwise keep every inherited descriptor open (e.g. the
# lock of `flock LOCK acme-lab.sh`, which then stays taken).
trap 'lab down >/dev/null 2>&1; rm -rf "$WORK"' EXIT

mta_sts() { # runs the jar inside the lab's netns
  lab exec timeout "$LIMIT" java -jar "$JAR" "$@"
}
renew() {
  mta_sts renew --certs-dir "$CERTS" --acme-directory "$LAB_ACME_DIRECTORY" --acme-ca-bundle "$LAB_ACME_CA_BUNDLE" \
    --acme-accept-tos --acme-email admin@example.test --acme-challenge dns-01 \
    --dns-update-server "$LAB_DNS_SERVER:$LAB_DNS_PORT" --tsig-key-file "$LAB_TSIG_KEYFILE" "$@"
}
chains_to_pebble() { # DOMAIN [CERTS_DIR]
  local f=${2:-$CERTS}/mta-sts.$1/fullchain.pem
  openssl verify -CAfile "$LAB_PEBBLE_ROOT" -untrusted "$LAB_PEBBLE_INTERMEDIATE" -verify_hostname "mta-sts.$1" "$f"
}
key_matches() { # DOMAIN
  local d=$CERTS/mta-sts.$1
  [ "$(openssl x509 -in "$d/fullchain.pem" -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum)" = \
    "$(openssl pkey -in "$d/privkey.pem" -pubout -outform DER | sha256sum)" ]
}
serial() { openssl x509 -in "$CERTS/mta-sts.$1/fullchain.pem" -noout -serial; }
no_challenge_left() { # DOMAIN
  local out; out=$(lab exec dig +short +norecurse @"$LAB_DNS_SERVER" -p "$LAB_DNS_PORT" TXT "_acme-challenge.mta-sts.$1")
  [ -z "$out" ] || { echo "left over: $out"; return 1; }
}
force_renew() {
  renew --force example.test && test -s "$CERTS/mta-sts.example.test/previous/fullchain.pem"
}
forced_is_new() { [ "$before" != "$(serial example.test)" ] && chains_to_pebble example.test; }
certs_lists_both() {
  local out; out=$(java -jar "$JAR" certs --certs-dir "$CERTS") || return 1
  echo "$out"; [ "$(grep -c 'issuer: *CN=Pebble Intermediate' <<<"$out")" = 2 ]
}
certs_explains_next() { java -jar "$JAR" certs --certs-dir "$CERTS" | grep 'next renewal: .*one third of the lifetime left'; }
refuses_without_dns01() {
  local out
  if out=$(java -jar "$JAR" renew --certs-dir "$CERTS" --acme-directory "$LAB_ACME_DIRECTORY" example.test 2>&1); then
    return 1
  fi
  echo "$out"; grep -q 'can only answer dns-01' <<<"$out"
}
serve_acme() { # CERTS_DIR CHALLENGES SECONDS [ARGS...]: `mta-sts serve` with ACME on the lab's 80/443 for SECONDS
  lab exec timeout "$3" java -jar "$JAR" serve --certs-dir "$1" --https-port 443 --http-port 80 --admin-port 0 \
    -d example.test -d example2.test --mx mail.example.test --mx mail.example2.test \
    --acme-directory "$LAB_ACME_DIRECTORY" --acme-ca-bundle "$LAB_ACME_CA_BUNDLE" --acme-accept-tos \
    --acme-challenge "$2" --dns-check-interval 0 "${@:4}"
}
both_chain() { chains_to_pebble example.test "$1" >/dev/null 2>&1 && chains_to_pebble example2.test "$1" >/dev/null 2>&1; }
wait_both() { # CERTS_DIR: until both certificates chain to Pebble's root (60 s at most)
  local i
  for i in $(seq 120); do both_chain "$1" && return 0; sleep 0.5; done
  return 1
}
issue_with() { # CHALLENGE [NAME]: serve gets both certificates from an empty store, chained to Pebble's root, and serves them
  local dir=$WORK/${2:-$1} log=$WORK/${2:-$1}.log pid rc=0
  serve_acme "$dir" "$1" 90 >"$log" 2>&1 &
  pid=$!
  wait_both "$dir" || rc=1
  sleep 1   # the swap follows the store
  [ $rc = 0 ] && lab query example.test && lab query example2.test || rc=1
  stop_java_below "$pid"
  grep -E 'validated|new certificate stored|certificate swapped|WARN|ERROR' "$log" | head -12
  return $rc
}
wrong_names_replaced() { # stored certificates for other names: serve starts anyway and ACME replaces them
  local dir=$WORK/wrong-names d
  for d in example.test example2.test; do
    mkdir -p "$dir/mta-sts.$d"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=mta-sts.other.test" \
      -addext "subjectAltName=DNS:mta-sts.other.test" -keyout "$dir/mta-sts.$d/privkey.pem" \
      -out "$dir/mta-sts.$d/fullchain.pem" 2>/dev/null || return 1
  done
  issue_with http-01 wrong-names && grep -q 'is for \[mta-sts.other.test\], not mta-sts.example.test' "$WORK/wrong-names.log"
}
issue_with_dns01() {
  local dir=$WORK/serve-dns01 log=$WORK/serve-dns01.log pid rc=0
  serve_acme "$dir" dns-01 90 --dns-update-server "$LAB_DNS_SERVER:$LAB_DNS_PORT" \
    --tsig-key-file "$LAB_TSIG_KEYFILE" >"$log" 2>&1 &
  pid=$!
  wait_both "$dir" || rc=1
  sleep 1
  [ $rc = 0 ] && lab query example.test && lab query example2.test || rc=1
  stop_java_below "$pid"
  grep -E 'validated|new certificate stored|WARN|ERROR' "$log" | head -8
  return $rc
}
fallback_and_query() { # dns-01 with a wrong TSIG key fails, http-01 takes over; a sender then sees VALID
  local dir=$WORK/fallback log=$WORK/fallback.log pid rc=0
  printf 'key "%s" {\n\talgorithm hmac-sha256;\n\tsecret "%s";\n};\n' "$LAB_TSIG_NAME" \
    "$(head -c 32 /dev/urandom | base64)" >"$WORK/wrong.key"
  serve_acme "$dir" dns-01,http-01 90 --dns-update-server "$LAB_DNS_SERVER:$LAB_DNS_PORT" \
    --tsig-key-file "$WORK/wrong.key" >"$log" 2>&1 &
  pid=$!
  wait_both "$dir" || rc=1
  sleep 1
  [ $rc = 0 ] && lab query example.test && lab query example2.test || rc=1
  stop_java_below "$pid"
  grep -E 'dns-01 failed|validated|new certificate stored' "$log"
  [ $rc -eq 0 ] && grep -q 'example.test: dns-01 failed' "$log" && grep -q 'mta-sts.example.test: http-01 validated' "$log"
}
children() { # PID: its child processes, from /proc (no procps needed)
  sed -nE "s/^([0-9]+) \(.*\) [A-Za-z] $1 .*/\1/p" /proc/[0-9]*/stat 2>/dev/null
}
descendants() { local p; for p in $(children "$1"); do echo "$p"; descendants "$p"; done; }
kill_java_below() { # PID: kill -9 the java process this script started under PID (by its id); 0 if one was killed
  local p killed=1
  for p in $(descendants "$1"); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ] && kill -9 "$p" 2>/dev/null && killed=0
  done
  return $killed
}
stop_java_below() { # PID: SIGTERM the java server started under PID (a shell function in the background), wait for it
  local p
  for p in $(descendants "$1"); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ] && kill -TERM "$p" 2>/dev/null
  done
  wait "$1" 2>/dev/null
}
survives_kill9() { # kill -9 renew --force at several moments; the store must always serve a matching pair
  local delay pid killed=0
  for delay in 0.5 0.7 0.9 1.1 1.3 1.6 2.0; do
    renew --force example.test >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill_java_below "$pid" && killed=$((killed + 1)); wait "$pid" 2>/dev/null
    sleep 0.3
    java -jar "$JAR" certs --certs-dir "$CERTS" example.test >"$WORK/certs.out" 2>&1 \
      || { echo "after kill -9 at ${delay}s:"; cat "$WORK/certs.out"; return 1; }
  done
  echo "killed $killed of 7 runs mid-way"
  [ "$killed" -gt 0 ] && renew example.test && chains_to_pebble example.test && key_matches example.test
}
short_lived_under_load() { # 60 s certificates renewed by the daemon while a sender fetches the policy in a loop
  local dir=$WORK/short log=$WORK/short.log ok=0 bad=0 end renewals pid i
  LAB_CERT_VALIDITY=45 lab restart >/dev/null 2>&1 || return 1
  set -a; . "$LAB_DIR/lab.env"; set +a
  serve_acme "$dir" tls-alpn-01,http-01 100 >"$log" 2>&1 &
  pid=$!
  for i in $(seq 60); do grep -q 'new certificate stored' "$log" && break; sleep 1; done
  sleep 3
  end=$((SECONDS + 75))
  while [ $SECONDS -lt $end ]; do
    if lab query example.test >/dev/null 2>&1; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
  done
  wait "$pid"
  renewals=$(grep -c 'new certificate stored' "$log")
  echo "$ok policy fetches ok, $bad failed; $renewals certificates stored"
  grep -E 'WARN (RenewalRunner|Acme4jIssuer)|ERROR' "$log" | head -5
  [ "$bad" -eq 0 ] && [ "$ok" -gt 0 ] && [ "$renewals" -ge 4 ]
}
kill9_serve() { # kill -9 serve at several moments of its first issuance, then restart it
  local dir=$WORK/k9 log=$WORK/k9.log pid delay killed=0
  for delay in 1.0 1.5 2.0 2.5 3.0 3.5; do
    serve_acme "$dir" http-01 60 >"$log.$delay" 2>&1 &
    pid=$!
    sleep "$delay"
    kill_java_below "$pid" && killed=$((killed + 1)); wait "$pid" 2>/dev/null
    if [ -d "$dir" ]; then   # whatever is stored loads as a matching pair: "none" is fine, "unusable" is not
      java -jar "$JAR" certs --certs-dir "$dir" >"$WORK/k9.certs" 2>&1
      if grep -q 'unusable\|status:' "$WORK/k9.certs"; then echo "after kill -9 at ${delay}s:"; cat "$WORK/k9.certs"; return 1; fi
    fi
  done
  echo "killed $killed of 6 serve runs"
  local stored=no
  both_chain "$dir" && stored=yes
  serve_acme "$dir" http-01 60 >"$log" 2>&1 &
  pid=$!
  wait_both "$dir" || { stop_java_below "$pid"; echo "no certificates after restart"; return 1; }
  local rc=0 i
  # the first answer after the restart already presents a trusted (Pebble) certificate
  for i in $(seq 60); do
    lab exec curl -fsS -o /dev/null --max-time 2 https://mta-sts.example.test/.well-known/mta-sts.txt 2>/dev/null && break
    sleep 0.5
  done
  lab query example.test && lab query example2.test || rc=1
  stop_java_below "$pid"
  # when earlier runs had stored both, the restart serves them at once and orders nothing
  if [ "$stored" = yes ] && grep -q 'renewing now' "$log"; then echo "restart placed a new order:"; grep 'renewing now' "$log"; rc=1; fi
  echo "both stored before the restart: $stored"
  [ "$killed" -ge 4 ] && return $rc
}
nonce_rejection() { # Pebble rejects 50% of nonces (badNonce); acme4j retries and issuance still succeeds
  local rc=0
  PEBBLE_WFE_NONCEREJECT=50 lab restart >/dev/null 2>&1 || return 1
  set -a; . "$LAB_DIR/lab.env"; set +a
  issue_with http-01 nonce-reject || rc=1
  lab restart >/dev/null 2>&1
  set -a; . "$LAB_DIR/lab.env"; set +a
  return $rc
}
private_key_mode() { [ "$(stat -c %a "$CERTS/mta-sts.$1/privkey.pem")" = 600 ]; }

check "renew obtains certificates for two domains from an empty store (dns-01)" \
  renew example.test example2.test
for d in example.test example2.test; do
  check "$d: certificate chains to Pebble's root and names mta-sts.$d" chains_to_pebble "$d"
  check "$d: private key matches the certificate" key_matches "$d"
  check "$d: private key is 0600" private_key_mode "$d"
  check "$d: _acme-challenge TXT deleted afterwards" no_challenge_left "$d"
done
check "account key and URL persisted" test -s "$CERTS/accounts/127.0.0.1_14000_dir/account.url"

before=$(serial example.test)
check "second renew is a no-op (not due)" renew example.test
check "certificate unchanged after the no-op renew" test "$before" = "$(serial example.test)"
check "renew --force replaces the certificate and keeps the previous one" force_renew
check "forced certificate is new and chains to Pebble's root" forced_is_new
check "certs explains both domains (issuer Pebble)" certs_lists_both
check "certs shows the next renewal and why" certs_explains_next
check "renew without dns-01 refuses with an actionable error" refuses_without_dns01
check "kill -9 during renewals at 7 moments: certs still usable, next renew fine" survives_kill9
check "serve: http-01 on its port-80 listener, two domains from an empty store, senders see VALID" issue_with http-01
check "serve: tls-alpn-01 on its 443 listener, two domains from an empty store, senders see VALID" issue_with tls-alpn-01
check "serve: dns-01 via RFC 2136, two domains from an empty store, senders see VALID" issue_with_dns01
check "serve: stored certificates for other names are replaced by ACME (a stand-in answers meanwhile)" wrong_names_replaced
check "falls back from a failing dns-01 to http-01; lab.sh query sees VALID" fallback_and_query
check "serve survives kill -9 during issuance; a restart serves the stored certificates without a new order" kill9_serve
check "Pebble rejecting half of the nonces: serve still gets both certificates" nonce_rejection
check "serve renews 45-second certificates under a fetch loop: zero failed fetches" short_lived_under_load

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
