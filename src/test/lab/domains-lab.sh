#!/usr/bin/env bash
# Domains at runtime, end to end in the lab (Pebble, BIND, two real senders): `mta-sts serve` starts with ACME,
# no configured domain and an admin token file; `mta-sts domains add example.test` makes the policy fetchable
# with a Pebble certificate within 5 s of the command's start, without a reload (the certificate is ordered at
# once), and `lab.sh query` and `query-strict`, started at that moment, both say VALID (their own run time,
# seconds of Python and Node start-up, is printed apart: it is no part of the server's latency); `list`
# shows it; `remove` makes mta-sts.example.test answer unrecognized_name within 5 s; a domain added again
# survives a restart; bad input (invalid policy, bad name, missing token, oversized body) gets a 4xx and
# changes nothing. Usage: src/test/lab/domains-lab.sh [path/to/mta-sts.jar]   (as root; about 1 minute)
# Own lab: LAB_NS/LAB_DIR default to mtasts-domains and /tmp/mtasts-lab-domains. Last line: "N passed, M failed".
set -uo pipefail

JAR=$(realpath "${1:-target/mta-sts.jar}")
export LAB_NS=${LAB_NS:-mtasts-domains} LAB_DIR=${LAB_DIR:-/tmp/mtasts-lab-domains}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
LAB_SH=${LAB_SH:-$ROOT/../shared/lab/lab.sh} # the shared lab tools sit next to the repository
[ -x "$LAB_SH" ] || { echo "no lab at $LAB_SH (expected ../shared next to the repository, or set LAB_SH)"; echo "0 passed, 1 failed"; exit 1; }
LIMIT=${DOMAINS_LAB_TIMEOUT:-150}
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
WORK=$(mktemp -d /tmp/domains-lab.XXXXXX)
CERTS=$WORK/certs
TOKEN=$WORK/admin.token
head -c 24 /dev/urandom | base64 >"$TOKEN"
chmod 600 "$TOKEN"
printf '[defaults]\nmode = "enforce"\nmax_age = 86400\n' >"$WORK/mta-sts.toml" # the template; no domain
SERVE_PID=
# The lab goes down at the end: its daemons would otherwise keep every inherited descriptor open.
trap '[ -n "$SERVE_PID" ] && stop_java_below "$SERVE_PID"; lab down >/dev/null 2>&1; rm -rf "$WORK"' EXIT

children() { # PID: its child processes, from /proc (no procps needed)
  sed -nE "s/^([0-9]+) \(.*\) [A-Za-z] $1 .*/\1/p" /proc/[0-9]*/stat 2>/dev/null
}
descendants() { local p; for p in $(children "$1"); do echo "$p"; descendants "$p"; done; }
stop_java_below() { # PID: SIGTERM the java server started under PID (a shell function in the background), wait for it
  local p
  for p in $(descendants "$1"); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ] && kill -TERM "$p" 2>/dev/null
  done
  wait "$1" 2>/dev/null
}
now_ms() { date +%s%3N; }

serve() { # starts `mta-sts serve` in the background: ACME, no configured domain, the admin token file
  lab exec timeout "$LIMIT" java -jar "$JAR" serve --config "$WORK/mta-sts.toml" --certs-dir "$CERTS" \
    --https-port 443 --http-port 80 --admin-port 9180 --admin-token-file "$TOKEN" \
    --acme-directory "$LAB_ACME_DIRECTORY" --acme-ca-bundle "$LAB_ACME_CA_BUNDLE" --acme-accept-tos \
    --acme-challenge tls-alpn-01,http-01 --dns-check-interval 0 >>"$WORK/serve.log" 2>&1 &
  SERVE_PID=$!
  local i
  for i in $(seq 60); do
    lab exec curl -fsS -o /dev/null --max-time 1 http://127.0.0.1:9180/healthz 2>/dev/null && return 0
    sleep 0.5
  done
  echo "serve did not answer /healthz"; tail -20 "$WORK/serve.log"; return 1
}
restart_serve() { stop_java_below "$SERVE_PID"; SERVE_PID=; serve; }
domains() { lab exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" domains "$@"; } # a CLI starts in about a second
domains_t() { domains "$@" --admin-token-file "$TOKEN"; }
valid_both() { # both senders, side by side, see VALID for example.test
  local q1 q2
  lab query example.test >"$WORK/query.out" 2>&1 & q1=$!
  lab query-strict example.test >"$WORK/query-strict.out" 2>&1 & q2=$!
  wait "$q1" && wait "$q2"
}
trusted_fetch() { # the policy over HTTPS with a certificate that chains to Pebble's root (curl: fast to poll)
  lab exec curl -fsS -o /dev/null --max-time 2 https://mta-sts.example.test/.well-known/mta-sts.txt 2>/dev/null
}
unrecognized() { # the policy host's TLS handshake ends with the unrecognized_name alert
  local out
  out=$(lab exec curl -sS -o /dev/null --max-time 2 https://mta-sts.example.test/.well-known/mta-sts.txt 2>&1)
  grep -qi 'unrecognized.name' <<<"$out"
}
within() { # MS COMMAND...: runs COMMAND until it succeeds, at most MS milliseconds after the start
  local limit=$1 start; shift
  start=$(now_ms)
  until "$@"; do
    [ $(($(now_ms) - start)) -gt "$limit" ] && return 1
    sleep 0.2
  done
}

add_valid_in_5s() { # from the start of `domains add` until a sender's fetch succeeds; then both senders, at once
  local start valid end
  start=$(now_ms)
  domains_t add example.test --mx mail.example.test || return 1
  echo "measured: add command $(($(now_ms) - start)) ms"
  within 15000 trusted_fetch || { echo "no trusted certificate within 15 s"; grep -E 'WARN|ERROR' "$WORK/serve.log" | tail -5; return 1; }
  valid=$(now_ms)
  valid_both || { echo "not VALID:"; cat "$WORK/query.out" "$WORK/query-strict.out"; return 1; }
  end=$(now_ms)
  echo "measured: add-to-valid $((valid - start)) ms (then query and query-strict, started at once, ran $((end - valid)) ms: both VALID)"
  cat "$WORK/query.out" "$WORK/query-strict.out"
  grep -E 'added \(api\)|renewing|validated|certificate swapped' "$WORK/serve.log" | cut -c12-160
  grep -q 'domain example.test added (api)' "$WORK/serve.log" || return 1
  ! grep -q 'reloaded' "$WORK/serve.log" || { echo "a reload happened"; return 1; }
  [ $((valid - start)) -le 5000 ]
}
list_shows_it() {
  local out
  out=$(domains_t list) || return 1
  echo "$out"
  grep -Eq '^example\.test +api +enforce +mail\.example\.test +until ' <<<"$out" && ! grep -q 'self-signed' <<<"$out"
}
remove_unrecognized_in_5s() {
  local start end
  start=$(now_ms)
  domains_t remove example.test || return 1
  within 5000 unrecognized || { echo "still served 5 s after remove"; return 1; }
  end=$(now_ms)
  echo "measured: remove-to-unrecognized_name $((end - start)) ms"
  ! lab query example.test >/dev/null 2>&1
}
survives_restart() {
  domains_t add example.test --mx mail.example.test --max-age 604800 || return 1
  within 15000 valid_both || { echo "not VALID after the second add"; return 1; }
  restart_serve || return 1
  within 5000 valid_both || { echo "not VALID after the restart"; return 1; }
  grep -q '1 domain(s) added at runtime' "$WORK/serve.log" && domains_t list | grep -Eq '^example\.test +api'
}
listing() { domains_t list --json; }
refused() { # EXPECTED_TEXT COMMAND...: fails with EXPECTED_TEXT in its error output
  local want=$1 out; shift
  if out=$("$@" 2>&1); then echo "accepted: $out"; return 1; fi
  echo "$out"; grep -q -- "$want" <<<"$out"
}
bad_input_changes_nothing() {
  local before after code
  before=$(listing) || return 1
  printf 'version: STSv1\nmode: enforce\nmax_age: 86400\n' >"$WORK/bad-policy.txt"
  refused "needs at least one 'mx:' line" domains_t add example.test --policy-file "$WORK/bad-policy.txt" || return 1
  refused "mode enforce needs at least one mx pattern" domains_t add example2.test --mode enforce || return 1
  refused "bad domain name" domains_t add bad_name.example --mx mail.example.test || return 1
  refused "a valid bearer token is required" domains add example2.test --mx mail.example2.test || return 1
  refused "a valid bearer token is required" domains remove example.test || return 1
  head -c 70000 /dev/zero | tr '\0' x >"$WORK/big.json"
  code=$(lab exec curl -sS -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $(cat "$TOKEN")" \
    -H 'Content-Type: application/json' --data-binary @"$WORK/big.json" http://127.0.0.1:9180/api/domains/example2.test)
  [ "$code" = 413 ] || { echo "oversized body: $code"; return 1; }
  after=$(listing) || return 1
  [ "$before" = "$after" ] || { echo "changed: $before -> $after"; return 1; }
  valid_both
}

check "serve starts with ACME, no domain and an admin token file" serve
check "domains add example.test: a CA certificate and the policy within 5 s, no reload; query and query-strict VALID" add_valid_in_5s
check "domains list shows example.test (origin api, a CA certificate)" list_shows_it
check "domains remove: mta-sts.example.test answers unrecognized_name within 5 s" remove_unrecognized_in_5s
check "a domain added again is still VALID after a restart" survives_restart
check "invalid policy, bad name, missing token, oversized body: 4xx and nothing changed" bad_input_changes_nothing

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
