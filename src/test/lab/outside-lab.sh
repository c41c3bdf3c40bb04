#!/usr/bin/env bash
# outside-lab.sh [JAR] - the outside view of `mta-sts serve` against real peers in the lab: BIND serves
# out.test, the server runs in the lab namespace on 443 with a lab-CA certificate, and what senders see
# differs from what it serves in two ways: mta-sts.out.test has a second A record (127.0.0.2) where a Python
# HTTPS server (lab-CA certificate too) answers another policy, and the MX mail.out.test is a small STARTTLS
# responder (starttls-mx.py, shared with check-lab.sh) whose certificate expires in 10 days. The metrics, /status and the log must say so (with the
# fixes), the expiry warning must be logged once, and the finding must go once DNS drops the other address.
# Own netns (mtasts-outside) and LAB_DIR; about 20 s. Needs root. Last line: "N passed, M failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
JAR=$(readlink -f "${1:-$ROOT/target/mta-sts.jar}")
LAB_SH=${LAB_SH:-$ROOT/../shared/lab/lab.sh}
export LAB_NS=mtasts-outside LAB_DIR=/tmp/mtasts-lab-outside LAB_ZONES="out.test" LAB_TTL=1 # TTL 1: the DNS change below is seen at once
ADMIN=http://127.0.0.1:9180

[ -r "$LAB_SH" ] || { echo "outside-lab: no lab at $LAB_SH" >&2; exit 2; }
[ -r "$JAR" ] || { echo "outside-lab: no jar at $JAR (run mvn package first)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "outside-lab: must run as root (lab netns)" >&2; exit 2; }

W=$(mktemp -d /tmp/outside-lab.XXXXXX)
chmod 755 "$W"
PIDS=() server_pid=
cleanup() {
	local p
	[ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	bash "$LAB_SH" down >/dev/null 2>&1
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0 failed=0
check() { # NAME COMMAND...: passes when COMMAND exits 0; on failure shows its output
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		passed=$((passed + 1)); echo "ok   $name"
	else
		failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     | /' <<<"$out" | tail -20
	fi
}
eventually() { # TRIES COMMAND...: retries every 0.5 s
	local n=$1 i
	shift
	for ((i = 0; i < n; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
	"$@"
}
quiet() { "$@" >>"$W/setup.log" 2>&1 || { echo "outside-lab: setup failed: $*" >&2; tail -5 "$W/setup.log" >&2; exit 2; }; }
lab() { bash "$LAB_SH" "$@"; }
in_lab() { ip netns exec "$LAB_NS" "$@"; }

# ---------------------------------------------------------------- set-up
t0=$SECONDS
lab down >/dev/null 2>&1
quiet lab up
set -a; . "$LAB_DIR/lab.env"; set +a
CA=$LAB_DIR/ca/lab-ca.pem CAKEY=$LAB_DIR/ca/lab-ca.key

sign() { # NAME DIR DAYS: DIR/fullchain.pem and DIR/privkey.pem for DNS:NAME, signed by the lab CA
	mkdir -p "$2"
	quiet openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
		-keyout "$2/privkey.pem" -out "$2/req.csr"
	printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\n' "$1" >"$2/ext.cnf"
	quiet openssl x509 -req -in "$2/req.csr" -CA "$CA" -CAkey "$CAKEY" -CAserial "$W/ca.srl" -CAcreateserial \
		-days "$3" -extfile "$2/ext.cnf" -out "$2/fullchain.pem"
}
sign mta-sts.out.test "$W/certs/mta-sts.out.test" 30
sign mta-sts.out.test "$W/other" 30
sign mail.out.test "$W/mx" 10

# What a misconfigured proxy in front might serve: another policy, over HTTPS with a trusted certificate.
cat >"$W/other.py" <<'EOF'
import http.server, ssl, sys
BODY = b"version: STSv1\nmode: testing\nmx: mail.out.test\nmax_age: 86400\n"
class Policy(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/.well-known/mta-sts.txt" else 404)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)
    def log_message(self, *args):
        pass
srv = http.server.ThreadingHTTPServer((sys.argv[1], 443), Policy)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[2], sys.argv[3])
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
srv.serve_forever()
EOF
lab exec python3 "$HERE/starttls-mx.py" 127.0.0.21 "$W/mx/fullchain.pem" "$W/mx/privkey.pem" >>"$W/smtpd.log" 2>&1 &
PIDS+=($!)
lab exec python3 "$W/other.py" 127.0.0.2 "$W/other/fullchain.pem" "$W/other/privkey.pem" >>"$W/other.log" 2>&1 &
PIDS+=($!)

cat >"$W/mta-sts.toml" <<CONF
[server]
https_port = 443
http_port = 80
bind = ["127.0.0.1", "::1"] # 127.0.0.2:443 is the other server
certs_dir = "certs"
admin_port = 9180

[domains."out.test"]
mode = "enforce"
mx = ["mail.out.test"]
max_age = 604800
CONF
id=$(java -jar "$JAR" dns --config "$W/mta-sts.toml" | sed -n 's/^_mta-sts\.out\.test\. .*id=\([A-Za-z0-9]*\).*/\1/p')
quiet lab dns-set out.test _mta-sts TXT "v=STSv1; id=$id"
quiet lab dns-set out.test mta-sts A 127.0.0.1 127.0.0.2
quiet lab dns-set out.test mail A 127.0.0.21

# The server trusts what senders trust: the JVM's trust store, here the lab's (LAB_JAVA_OPTS).
(cd "$W" && exec timeout 300 ip netns exec "$LAB_NS" java $LAB_JAVA_OPTS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
	-jar "$JAR" serve --config "$W/mta-sts.toml" --resolver 127.0.0.1 --dns-check-interval 1s >"$W/server.log" 2>&1) &
server_pid=$!
echo "outside-lab: lab ready in $((SECONDS - t0)) s, jar $JAR"

# ---------------------------------------------------------------- cases
healthy() { in_lab curl -fsS --max-time 2 "$ADMIN/healthz"; }
check "the server is healthy" eventually 60 healthy
[ "$failed" = 0 ] || { tail -n 20 "$W/server.log"; echo "0 passed, 1 failed"; exit 1; }
metrics() { in_lab curl -fsS --max-time 5 "$ADMIN/metrics"; }
status() { in_lab curl -fsS --max-time 5 "$ADMIN/status"; }

mx_expiry() { # the MX certificate's expiry in the metric: 9 to 10 days from now (openssl -days 10)
	local v now
	v=$(metrics | sed -n 's/^mtasts_mx_certificate_not_after_seconds{domain="out.test",mx="mail.out.test"} //p')
	[ -n "$v" ] || { echo "no mtasts_mx_certificate_not_after_seconds for out.test/mail.out.test"; metrics | grep -i outside; return 1; }
	now=$(date +%s)
	echo "not after: $v, now $now"
	python3 -c "import sys; v=float(sys.argv[1]); n=int(sys.argv[2]); sys.exit(0 if n + 9*86400 < v <= n + 10*86400 + 60 else 1)" "$v" "$now"
}
check "metrics: mtasts_mx_certificate_not_after_seconds{domain,mx} is the MX certificate's expiry (10 days)" eventually 40 mx_expiry
findings() { # SEVERITY MIN MAX
	local v
	v=$(metrics | sed -n "s/^mtasts_outside_findings{domain=\"out.test\",severity=\"$1\"} //p")
	echo "mtasts_outside_findings $1: ${v:-absent}"
	[ -n "$v" ] && python3 -c "import sys; sys.exit(0 if $2 <= float(sys.argv[1]) <= $3 else 1)" "$v"
}
check "metrics: warnings for the other policy at 127.0.0.2 and the MX certificate, no critical" \
	eventually 20 eval 'findings warning 2 9 && findings critical 0 0'
other_policy() {
	status | grep -F "at 127.0.0.2 serves another policy (mode testing, id" | grep -F "than this server (mode enforce, id $id)" |
		grep -qF "fix: make what answers at 127.0.0.2 (a proxy or load balancer in front?) pass requests for mta-sts.out.test to this server" ||
		{ status; return 1; }
}
check "/status: 127.0.0.2 serves another policy, with both ids and the fix" eventually 20 other_policy
own_addresses() { status >"$W/status.txt" && ! grep -E "at (127\.0\.0\.1|::1) (serves|answers)|cannot fetch" "$W/status.txt"; }
check "/status: the server's own addresses (127.0.0.1, ::1) serve its policy" own_addresses
mx_line() { status | grep -F "the certificate of mail.out.test (127.0.0.21, port 25)" | grep -F "expires within 14 days" | grep -qF "fix: renew the certificate for mail.out.test now"; }
check "/status: the MX certificate expires soon, with the fix" mx_line
sleep 3 # three more rounds (interval 1 s): the expiry warning must not repeat
expiry_logged_once() {
	local n
	n=$(grep -c "the STARTTLS certificate of MX mail.out.test (used by out.test) expires within 13 days" "$W/server.log")
	echo "logged $n time(s)"
	[ "$n" = 1 ]
}
check "log: the MX certificate crossing 13 days left is warned once, not every round" expiry_logged_once
logged_view() { grep -q "WARN.*outside view of out.test: .*at 127.0.0.2 serves another policy" "$W/server.log"; }
check "log: the outside view's problems, once" eval 'logged_view && [ "$(grep -c "outside view of out.test:" "$W/server.log")" = 1 ]'

quiet lab dns-set out.test mta-sts A 127.0.0.1
gone() { status >"$W/status.txt" && ! grep -F "at 127.0.0.2 " "$W/status.txt" && findings warning 1 1; }
check "DNS without 127.0.0.2: the finding goes from /status and the metrics (the MX one stays)" eventually 20 gone
check "senders still get the served policy from the server (curl, lab CA)" \
	in_lab curl -fsS --max-time 5 --cacert "$CA" https://mta-sts.out.test/.well-known/mta-sts.txt

if [ "$failed" != 0 ]; then
	echo "server log (tail):"; tail -n 25 "$W/server.log" | sed 's/^/     log: /'
fi
echo "outside-lab: $((SECONDS - t0)) s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
