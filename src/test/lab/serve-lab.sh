#!/usr/bin/env bash
# serve-lab.sh - end-to-end test of `mta-sts serve` against real MTA-STS senders in the lab
# (../shared/lab/lab.sh): BIND serves the zones, the server runs inside the lab namespace on ports
# 443/80 with certificates issued by the lab CA, and two independent senders fetch the policies:
# postfix-mta-sts-resolver (`lab.sh query`) and mailauth in RFC-strict mode (`lab.sh query-strict`).
# Usage: serve-lab.sh [JAR]   (as root; bounded: every step has a timeout)
set -Eeuo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
jar=${1:-$root/target/mta-sts.jar}
lab=${LAB_SH:-$root/../shared/lab/lab.sh}
export LAB_NS=${LAB_NS:-mtasts-serve} LAB_DIR=${LAB_DIR:-/tmp/mtasts-lab-serve}
work=$(mktemp -d /tmp/serve-lab.XXXXXX)
pass=0 fail=0 server_pid=

say() { printf 'serve-lab: %s\n' "$*" >&2; }
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf 'FAIL %s\n' "$1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/     /'; }
check() { # NAME CMD... : passes when CMD exits 0
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$name"; else ko "$name" "$out"; fi
}
stop_server() {
	[ -n "$server_pid" ] || return 0
	kill "$server_pid" 2>/dev/null || true
	for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$server_pid" 2>/dev/null || true
	server_pid=
}
cleanup() { stop_server; bash "$lab" down >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

[ -f "$jar" ] || { echo "no jar at $jar (run mvn -B package first)" >&2; exit 2; }
bash "$lab" up >/dev/null
set -a; . "$LAB_DIR/lab.env"; set +a

# Certificates for both policy hosts, issued by the lab CA (trusted by the senders).
issue() { # DOMAIN
	local d=$work/certs/mta-sts.$1
	mkdir -p "$d"
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=mta-sts.$1" \
		-keyout "$d/privkey.pem" -out "$d/req.csr" 2>/dev/null
	printf 'subjectAltName=DNS:mta-sts.%s\nextendedKeyUsage=serverAuth\n' "$1" >"$d/ext.cnf"
	openssl x509 -req -in "$d/req.csr" -CA "$LAB_DIR/ca/lab-ca.pem" -CAkey "$LAB_DIR/ca/lab-ca.key" \
		-CAcreateserial -days 30 -extfile "$d/ext.cnf" -out "$d/fullchain.pem" 2>/dev/null
	rm -f "$d/req.csr" "$d/ext.cnf"
}
issue example.test
issue example2.test

cat >"$work/mta-sts.toml" <<CONF
[server]
https_port = 443
http_port = 80
certs_dir = "certs"
admin_port = 9180

[domains."example.test"]
mode = "enforce"
mx = ["mail.example.test"]
max_age = 86400

[domains."example2.test"]
mode = "testing"
mx = ["*.example2.test"]
max_age = 604800
CONF

# Publish the ids that `mta-sts dns` prints for the served policies.
java -jar "$jar" dns --config "$work/mta-sts.toml" >"$work/records.txt"
for z in example.test example2.test; do
	id=$(sed -n "s/^_mta-sts\.$z\. .*id=\([A-Za-z0-9]*\).*/\1/p" "$work/records.txt")
	bash "$lab" dns-set "$z" _mta-sts TXT "v=STSv1; id=$id" >/dev/null
done

say "starting the server in the lab"
timeout 600 ip netns exec "$LAB_NS" java -jar "$jar" serve --config "$work/mta-sts.toml" \
	--resolver 127.0.0.1 --dns-check-interval 1s \
	--publish-id --dns-update-server 127.0.0.1:53 --tsig-key-file "$LAB_TSIG_KEYFILE" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 150); do
	ip netns exec "$LAB_NS" curl -fsS -o /dev/null http://127.0.0.1:9180/healthz 2>/dev/null && break
	kill -0 "$server_pid" 2>/dev/null || break
	sleep 0.2
done

check "server is healthy" ip netns exec "$LAB_NS" curl -fsS http://127.0.0.1:9180/healthz
if [ "$fail" != 0 ]; then # say why, from the server's own log
	kill -0 "$server_pid" 2>/dev/null && echo "     (the server is still running)" || echo "     (the server exited)"
	tail -n 30 "$work/server.log" | sed 's/^/     log: /'
fi
for z in example.test example2.test; do
	check "postfix-mta-sts-resolver: $z is VALID" bash "$lab" query "$z"
	check "mailauth (RFC-strict): $z policy found, MX covered" bash "$lab" query-strict "$z"
done
check_ok() { # DOMAIN: our own checker must find nothing wrong with our own server
	ip netns exec "$LAB_NS" java -jar "$jar" check --no-color --trust "$LAB_DIR/ca/lab-ca.pem" \
		--resolver 127.0.0.1 "$1"
}
for z in example.test example2.test; do
	check "mta-sts check $z exits 0 against this server" check_ok "$z"
done
check "policy over IPv6 with curl" bash "$lab" exec curl -fsS -6 --max-time 5 \
	https://mta-sts.example.test/.well-known/mta-sts.txt
unknown_sni() {
	! ip netns exec "$LAB_NS" openssl s_client -connect 127.0.0.1:443 -servername www.example.test </dev/null 2>&1 |
		grep -q 'BEGIN CERTIFICATE\|Server certificate'
}
check "unknown SNI gets no certificate" unknown_sni
tls11_refused() { ! ip netns exec "$LAB_NS" openssl s_client -connect 127.0.0.1:443 -servername mta-sts.example.test -tls1_1 </dev/null >/dev/null 2>&1; }
check "TLS 1.1 is refused" tls11_refused

# Drift: DNS announcing another id than the one served is noticed, logged with the fix, and exposed.
metric() { ip netns exec "$LAB_NS" curl -fsS http://127.0.0.1:9180/metrics | grep -F "$1"; }
in_sync() { metric 'mtasts_dns_policy_id{domain="example.test",state="match"} 1.0'; }
for _ in $(seq 50); do in_sync >/dev/null 2>&1 && break; sleep 0.2; done
check "drift check: published id matches the served policy" in_sync
bash "$lab" dns-set example.test _mta-sts TXT "v=STSv1; id=stale2024" >/dev/null
drifted() {
	metric 'mtasts_dns_policy_id{domain="example.test",state="mismatch"} 1.0' &&
		grep -q 'DNS drift for example.test: .*announces id stale2024.*fix: publish _mta-sts.example.test. TXT' "$work/server.log" &&
		ip netns exec "$LAB_NS" curl -fsS http://127.0.0.1:9180/status | grep -q 'announces id stale2024'
}
for _ in $(seq 50); do drifted >/dev/null 2>&1 && break; sleep 0.2; done
check "drift check: a stale id is logged with the record to publish, in metrics and /status" drifted
bash "$lab" dns-set example.test @ MX "10 mail.example.test." "20 backup.example.net." >/dev/null
uncovered() { metric 'mtasts_dns_mx_problems{domain="example.test"} 1.0' && grep -q 'backup.example.net' "$work/server.log"; }
for _ in $(seq 50); do uncovered >/dev/null 2>&1 && break; sleep 0.2; done
check "drift check: an MX outside the policy is reported" uncovered
bash "$lab" dns-reset example.test >/dev/null

# A policy change: the server serves the new body at once (SIGHUP), then the new id is published.
sed -i 's/mode = "testing"/mode = "enforce"/' "$work/mta-sts.toml"
kill -HUP "$server_pid"
new_body() { bash "$lab" exec curl -fsS --max-time 5 https://mta-sts.example2.test/.well-known/mta-sts.txt | grep -q 'mode: enforce'; }
for _ in $(seq 50); do new_body && break; sleep 0.1; done
check "SIGHUP reload serves the changed policy" new_body
new_id=$(java -jar "$jar" dns --config "$work/mta-sts.toml" | sed -n 's/^_mta-sts\.example2\.test\. .*id=\([A-Za-z0-9]*\).*/\1/p')
published() {
	ip netns exec "$LAB_NS" dig +short @127.0.0.1 TXT _mta-sts.example2.test | grep -qx "\"v=STSv1; id=$new_id\"" &&
		grep -q "published _mta-sts.example2.test TXT" "$work/server.log"
}
for _ in $(seq 50); do published && break; sleep 0.1; done
check "--publish-id: after the new body is served, DNS announces its id (RFC 2136)" published
check "postfix-mta-sts-resolver sees the changed policy under the new id" bash "$lab" query example2.test
# A broken config is refused and the old one keeps serving.
sed -i 's/mode = "enforce"/mode = "enforcing"/' "$work/mta-sts.toml"
kill -HUP "$server_pid"
sleep 1
refused() { grep -q 'REFUSED' "$work/server.log" && new_body; }
check "invalid reload refused, old policy still served" refused
check "server still VALID for senders after refused reload" bash "$lab" query example.test

stop_server
if [ "$fail" -gt 0 ]; then
	say "server log:"
	tail -n 30 "$work/server.log" >&2
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
