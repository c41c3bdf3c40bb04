#!/usr/bin/env bash
# TLS-RPT intake end to end in the lab: `mta-sts serve --tlsrpt` serves example.test, expired.test (a stored
# certificate that expired 8 days ago) and, later, later.test (added with `domains add` after a client asked
# for mta-sts.later.test and was refused). Reports go over real HTTPS with the policy host's SNI (curl):
# gzip and JSON are stored once per report-id; a wrong media type, an oversized body, a gzip bomb, a
# truncated gzip, invalid JSON and an unknown domain get 415/413/413/400/400/404 and store nothing, while a
# client fetching the policy at the same time keeps getting 200. A real RFC 5322 message (multipart/report,
# application/tlsrpt+gzip, built with Python's email package) piped into `mta-sts reports import` is counted
# by the running server; /metrics shows the mtasts_tlsrpt_* totals; after the server stops, `mta-sts reports
# --json` explains later.test's fetch errors with the refused handshakes (unknown name) and expired.test's
# with its expired certificate. Usage: src/test/lab/tlsrpt-lab.sh [path/to/mta-sts.jar]  (as root; ~30 s)
# Own lab: LAB_NS/LAB_DIR default to mtasts-tlsrpt and /tmp/mtasts-lab-tlsrpt. Last line: "N passed, M failed".
set -uo pipefail

JAR=$(realpath "${1:-target/mta-sts.jar}")
export LAB_NS=${LAB_NS:-mtasts-tlsrpt} LAB_DIR=${LAB_DIR:-/tmp/mtasts-lab-tlsrpt}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
LAB_SH=${LAB_SH:-$ROOT/../shared/lab/lab.sh} # the shared lab tools sit next to the repository
[ -x "$LAB_SH" ] || { echo "no lab at $LAB_SH (expected ../shared next to the repository, or set LAB_SH)"; echo "0 passed, 1 failed"; exit 1; }
LIMIT=${TLSRPT_LAB_TIMEOUT:-90}
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

[ -f "$JAR" ] || { echo "no jar at $JAR (mvn -o package -DskipTests)"; echo "0 passed, 1 failed"; exit 1; }
lab restart >/dev/null 2>&1 || { echo "lab did not come up"; echo "0 passed, 1 failed"; exit 1; }
WORK=$(mktemp -d /tmp/tlsrpt-lab.XXXXXX)
CERTS=$WORK/certs
SERVE_PID=
FETCH_PID=
trap '[ -n "$FETCH_PID" ] && kill "$FETCH_PID" 2>/dev/null; [ -n "$SERVE_PID" ] && stop_java_below "$SERVE_PID"; lab down >/dev/null 2>&1; rm -rf "$WORK"' EXIT

children() { sed -nE "s/^([0-9]+) \(.*\) [A-Za-z] $1 .*/\1/p" /proc/[0-9]*/stat 2>/dev/null; }
descendants() { local p; for p in $(children "$1"); do echo "$p"; descendants "$p"; done; }
stop_java_below() { # PID: SIGTERM the java server started under PID, wait for it
  local p
  for p in $(descendants "$1"); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ] && kill -TERM "$p" 2>/dev/null
  done
  wait "$1" 2>/dev/null
}
cli() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" "$@"; } # a CLI starts in about a second

cat >"$WORK/mta-sts.toml" <<EOF
[server]
certs_dir = "$CERTS"

[defaults]
mode = "testing"
mx = ["mail.later.test"]

[tlsrpt]
enabled = true
max_body = "64KiB"
max_report = "1MiB"

[domains."example.test"]
mx = ["mail.example.test"]

[domains."expired.test"]
mx = ["mail.expired.test"]
EOF

expired_certificate() { # mta-sts.expired.test: valid from 10 days ago for 2 days (keytool can date a certificate back)
  local d=$CERTS/mta-sts.expired.test
  mkdir -p "$d"
  keytool -genkeypair -alias e -keyalg EC -groupname secp256r1 -startdate -10d -validity 2 \
    -dname CN=mta-sts.expired.test -ext SAN=dns:mta-sts.expired.test -keystore "$WORK/expired.p12" \
    -storetype PKCS12 -storepass lab-pass >/dev/null 2>&1 &&
  openssl pkcs12 -in "$WORK/expired.p12" -passin pass:lab-pass -nokeys -out "$d/fullchain.pem" 2>/dev/null &&
  openssl pkcs12 -in "$WORK/expired.p12" -passin pass:lab-pass -nocerts -nodes -out "$d/privkey.pem" 2>/dev/null
}

serve() {
  expired_certificate || { echo "no expired certificate made"; return 1; }
  lab exec timeout "$LIMIT" java -jar "$JAR" serve --config "$WORK/mta-sts.toml" --https-port 443 --http-port 0 \
    --admin-port 9180 --dns-check-interval 0 >>"$WORK/serve.log" 2>&1 &
  SERVE_PID=$!
  local i
  for i in $(seq 60); do
    lab exec curl -fsS -o /dev/null --max-time 1 http://127.0.0.1:9180/healthz 2>/dev/null && return 0
    sleep 0.5
  done
  echo "serve did not answer /healthz"; tail -20 "$WORK/serve.log"; return 1
}

https() { # HOST ARGS...: curl to https://HOST/... with HOST's SNI, trusting the certificate stored for it
  local host=$1; shift
  local ca=$CERTS/$host/fullchain.pem
  [ -f "$ca" ] || ca=$CERTS/mta-sts.example.test/fullchain.pem
  lab exec curl -sS --max-time 5 --cacert "$ca" --resolve "$host:443:127.0.0.1" "$@"
}
post() { # HOST TYPE FILE: prints the status code
  https "$1" -o "$WORK/post.out" -w '%{http_code}' -H "Content-Type: $2" --data-binary @"$3" "https://$1/tlsrpt"
}

# Reports about today (UTC), shaped like the large senders' (quirks included where marked).
python3 - "$WORK" <<'EOF'
import datetime, gzip, json, sys
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
work = sys.argv[1]
day = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
def report(rid, org, domain, ok, details, mx_as_string=False):
    mx = "mail." + domain
    policy = {"policy-type": "sts", "policy-string": ["version: STSv1", "mode: testing", "mx: " + mx, "max_age: 604800"],
              "policy-domain": domain, "mx-host": mx if mx_as_string else [mx]}
    return {"organization-name": org, "date-range": {"start-datetime": day + "T00:00:00Z", "end-datetime": day + "T23:59:59Z"},
            "contact-info": "tlsrpt@" + org.split()[0].lower() + ".example", "report-id": rid,
            "policies": [{"policy": policy, "summary": {"total-successful-session-count": ok,
                          "total-failure-session-count": sum(d["failed-session-count"] for d in details)},
                          "failure-details": details}]}
def fail(kind, n, ip="192.0.2.25", mx=None):
    d = {"result-type": kind, "sending-mta-ip": ip, "failed-session-count": n}
    if mx: d["receiving-mx-hostname"] = mx
    return d
def write(name, data):
    open(f"{work}/{name}", "wb").write(data)
example = report("lab-example-1", "Big Sender Inc.", "example.test", 900,
                 [fail("starttls-not-supported", 5, mx="mail.example.test")], mx_as_string=True)
write("example.json.gz", gzip.compress(json.dumps(example).encode()))
write("example.json", json.dumps(example).encode())
write("later.json", json.dumps(report("lab-later-1", "Big Sender Inc.", "later.test", 10,
                                      [fail("sts-policy-fetch-error", 12)])).encode())
write("expired.json", json.dumps(report("lab-expired-1", "Big Sender Inc.", "expired.test", 0,
                                        [fail("sts-webpki-invalid", 8)])).encode())
write("unknown.json", json.dumps(report("lab-unknown-1", "Big Sender Inc.", "nowhere.test", 1, [])).encode())
whole = gzip.compress(json.dumps(example).encode())
write("truncated.json.gz", whole[: len(whole) // 2])
write("invalid.json", b'{"report-id": ')
write("big.json", b" " * (70 * 1024))
with open(f"{work}/bomb.json.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as gz:
    gz.write(b'{"report-id": "')
    for _ in range(64):
        gz.write(b" " * (1 << 20))
    gz.write(b'"}')
# The mail: RFC 8460 section 5.3, as a sender's MTA hands it to the alias.
mailed = report("lab-mail-1", "Mail Sender Lab", "example.test", 300, [fail("certificate-expired", 2, mx="mail.example.test")])
msg = MIMEMultipart("report", report_type="tlsrpt")
msg["From"] = "tlsrpt-noreply@sender.example"
msg["To"] = "tlsrpt@example.test"
msg["Subject"] = "Report Domain: example.test Submitter: sender.example Report-ID: <lab-mail-1>"
msg["TLS-Report-Domain"] = "example.test"
msg["TLS-Report-Submitter"] = "sender.example"
msg["Message-ID"] = "<lab-mail-1@sender.example>"
msg.attach(MIMEText("This is an aggregate TLS report from sender.example"))
part = MIMEApplication(gzip.compress(json.dumps(mailed).encode()), "tlsrpt+gzip")
part.add_header("Content-Disposition", "attachment", filename="sender.example!example.test!1!2.json.gz")
msg.attach(part)
write("report.eml", msg.as_bytes())
EOF

refused_handshakes() { # before later.test is served: its name is refused; expired.test's certificate is refused
  local out
  out=$(https mta-sts.later.test -o /dev/null https://mta-sts.later.test/.well-known/mta-sts.txt 2>&1)
  echo "$out"; grep -qi 'unrecognized.name' <<<"$out" || return 1
  out=$(https mta-sts.expired.test --tls-max 1.2 -o /dev/null https://mta-sts.expired.test/.well-known/mta-sts.txt 2>&1)
  echo "$out"; grep -qi 'expired' <<<"$out" || return 1
  out=$(https mta-sts.expired.test -o /dev/null https://mta-sts.expired.test/.well-known/mta-sts.txt 2>&1)
  echo "$out"; grep -qi 'expired' <<<"$out"
}
add_later() { lab exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" domains add later.test --mx mail.later.test; }

fetch_loop() { # a sender fetching example.test's policy all along; one line per answer
  while :; do
    https mta-sts.example.test -o /dev/null -w '%{http_code}\n' https://mta-sts.example.test/.well-known/mta-sts.txt 2>/dev/null
    sleep 0.1
  done >>"$WORK/fetches"
}
stored_count() { find "$CERTS/tlsrpt/reports" -name '*.json' 2>/dev/null | wc -l; }

good_reports_stored_once() {
  local code
  code=$(post mta-sts.example.test application/tlsrpt+gzip "$WORK/example.json.gz"); cat "$WORK/post.out"
  [ "$code" = 200 ] && grep -q 'stored' "$WORK/post.out" || { echo "gzip: $code"; return 1; }
  code=$(post mta-sts.example.test application/tlsrpt+json "$WORK/example.json"); cat "$WORK/post.out"
  [ "$code" = 200 ] && grep -q 'received before' "$WORK/post.out" || { echo "duplicate: $code"; return 1; }
  code=$(post mta-sts.later.test application/tlsrpt+json "$WORK/later.json"); [ "$code" = 200 ] || { echo "later: $code"; cat "$WORK/post.out"; return 1; }
  code=$(https mta-sts.expired.test -k -o "$WORK/post.out" -w '%{http_code}' -H 'Content-Type: application/tlsrpt+json' \
    --data-binary @"$WORK/expired.json" https://mta-sts.expired.test/tlsrpt) # -k: the certificate is expired
  [ "$code" = 200 ] || { echo "expired: $code $(cat "$WORK/post.out")"; return 1; }
  [ "$(stored_count)" = 3 ] || { echo "stored: $(stored_count)"; return 1; }
}
expect() { # CODE HOST TYPE FILE
  local code
  code=$(post "$2" "$3" "$4"); echo "$4 ($3): $code $(head -c 200 "$WORK/post.out")"
  [ "$code" = "$1" ]
}
bad_reports_refused() {
  local ok=0
  expect 415 mta-sts.example.test application/json "$WORK/example.json" || ok=1
  expect 413 mta-sts.example.test application/tlsrpt+json "$WORK/big.json" || ok=1
  expect 413 mta-sts.example.test application/tlsrpt+gzip "$WORK/bomb.json.gz" || ok=1
  expect 400 mta-sts.example.test application/tlsrpt+gzip "$WORK/truncated.json.gz" || ok=1
  expect 400 mta-sts.example.test application/tlsrpt+json "$WORK/invalid.json" || ok=1
  expect 404 mta-sts.example.test application/tlsrpt+json "$WORK/unknown.json" || ok=1
  echo "measured: bomb $(stat -c %s "$WORK/bomb.json.gz") bytes gzip for 64 MiB of JSON"
  [ "$(stored_count)" = 3 ] || { echo "stored: $(stored_count)"; ok=1; }
  return $ok
}
policy_served_meanwhile() {
  kill "$FETCH_PID" 2>/dev/null; wait "$FETCH_PID" 2>/dev/null; FETCH_PID=
  local total ok
  total=$(wc -l <"$WORK/fetches"); ok=$(grep -c '^200$' "$WORK/fetches")
  echo "measured: $ok of $total policy fetches answered 200 while reports were posted"
  [ "$total" -gt 0 ] && [ "$ok" = "$total" ]
}
metric() { lab exec curl -sS --max-time 2 http://127.0.0.1:9180/metrics | grep -F "$1"; }
mail_import_counted() {
  cli reports import --config "$WORK/mta-sts.toml" <"$WORK/report.eml" || return 1
  local i
  for i in $(seq 40); do
    metric 'mtasts_tlsrpt_reports_total{domain="example.test",organization="Mail Sender Lab"} 1.0' && return 0
    sleep 0.25
  done
  echo "the imported report is not counted"; metric mtasts_tlsrpt_; return 1
}
metrics_agree() {
  metric 'mtasts_tlsrpt_sessions_total{domain="example.test",result="success"} 1200.0' &&
  metric 'mtasts_tlsrpt_sessions_total{domain="example.test",result="failure"} 7.0' &&
  metric 'mtasts_tlsrpt_failures_total{domain="example.test",result_type="starttls-not-supported"} 5.0' &&
  metric 'mtasts_tlsrpt_reports_total{domain="example.test",organization="Big Sender Inc."} 1.0' &&
  metric 'mtasts_tlsrpt_failures_total{domain="later.test",result_type="sts-policy-fetch-error"} 12.0' &&
  metric 'mtasts_tlsrpt_last_report_timestamp_seconds{domain="expired.test"}' &&
  lab exec curl -sS --max-time 2 http://127.0.0.1:9180/status | grep -F 'example.test: 2 report(s), 1200 session(s) ok, 7 failed (certificate-expired 2, starttls-not-supported 5)'
}
reports_explain() {
  stop_java_below "$SERVE_PID"; SERVE_PID= # a stopping server writes what it served and the handshake counts
  cli reports --json --config "$WORK/mta-sts.toml" >"$WORK/reports.json" || return 1
  cli reports --config "$WORK/mta-sts.toml" later.test expired.test
  python3 - "$WORK/reports.json" <<'EOF'
import json, sys
doc = {d["domain"]: d for d in json.load(open(sys.argv[1]))["domains"]}
example, later, expired = doc["example.test"], doc["later.test"], doc["expired.test"]
assert example["reports"] == 2 and example["sessions"] == {"success": 1200, "failure": 7}, example
assert example["failures"] == {"certificate-expired": 2, "starttls-not-supported": 5}, example["failures"]
assert any("mx-host is a string" in n for n in example["notes"]), example["notes"]
cause = later["failure_details"][0]["cause"]
assert "handshake(s) for mta-sts.later.test failed here: unknown name" in cause, cause
assert "did not serve mta-sts.later.test for part of the report's range" in cause, cause
cause = expired["failure_details"][0]["cause"]
assert "the certificate it served for mta-sts.expired.test expired at" in cause, cause
assert "the client rejected the certificate as expired" in cause, cause
assert example["failure_details"][0]["seen_here"] is False
print("explanations match what the server saw")
EOF
}

START=$(date +%s)
check "serve --tlsrpt starts (example.test, expired.test with an expired certificate)" serve
check "a client is refused for mta-sts.later.test (unknown name) and rejects expired.test's certificate" refused_handshakes
check "domains add later.test serves it from now on" add_later
fetch_loop & FETCH_PID=$!
check "gzip and JSON reports over HTTPS with SNI: 200, stored once per report-id" good_reports_stored_once
check "wrong type 415, oversized 413, gzip bomb 413, truncated gzip 400, invalid JSON 400, unknown domain 404; nothing stored" bad_reports_refused
check "a client fetching the policy meanwhile got 200 every time" policy_served_meanwhile
check "an RFC 5322 message piped into reports import is counted by the running server" mail_import_counted
check "mtasts_tlsrpt_* metrics and /status agree with the reports" metrics_agree
check "reports --json: totals, quirks, and the causes the server saw (unknown name, expired certificate)" reports_explain
echo "measured: tlsrpt lab $(($(date +%s) - START)) s"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
