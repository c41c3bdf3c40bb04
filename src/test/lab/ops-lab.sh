#!/usr/bin/env bash
# ops-lab.sh - operations and security checks of `mta-sts serve`:
#   - TLS configuration audit with testssl.sh against a certificate from a local test CA
#     (protocols, cipher categories, forward secrecy, server defaults, vulnerabilities), and no
#     certificate for an unknown or a missing SNI;
#   - configuration faults at start (clear error naming the file, non-zero exit) and on reload by
#     SIGHUP and by file-watch (refused, logged, counted; the old policy keeps being served);
#   - secrets: keys 0600 in 0700 directories, never logged, never served on any port; the admin
#     listener on loopback by default; the server runs as `nobody` with only CAP_NET_BIND_SERVICE on
#     ports 443/80, and without it fails with a clear error.
# Everything runs in a private network namespace (only `lo`), so ports 443/80/9180 are free.
# Usage: ops-lab.sh [JAR]   (as root: netns, setpriv; installs testssl.sh when missing)
# CI budget: under 3 minutes on an idle 2-core machine (testssl is most of it, run in parallel with the
# fault cases); with load average 14 on 2 cores it took 6.5 minutes. Every step has a timeout (testssl 480 s).
set -Eeuo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
jar=$(realpath "${1:-$root/target/mta-sts.jar}")
ns=${LAB_NS:-mtasts-ops}
work=$(mktemp -d /tmp/ops-lab.XXXXXX)
pass=0 fail=0 server_pid=
run_as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
with_cap=(--inh-caps=-all,+net_bind_service --ambient-caps=-all,+net_bind_service --bounding-set=-all,+net_bind_service)

say() { printf 'ops-lab: %s\n' "$*" >&2; }
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf 'FAIL %s\n' "$1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 20 | sed 's/^/     /'; }
check() { # NAME CMD... : passes when CMD exits 0
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$name"; else ko "$name" "$out"; fi
}
eventually() { # TRIES CMD... : retries CMD every 0.2 s
	local n=$1
	shift
	for _ in $(seq "$n"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
	"$@"
}
in_ns() { ip netns exec "$ns" "$@"; }
java_of() { # the java process under `timeout` (no procps on a minimal Debian: read /proc)
	local f
	f=$(grep -lE "^PPid:[[:space:]]+$1\$" /proc/[0-9]*/status 2>/dev/null | head -n 1)
	[ -n "$f" ] && basename "$(dirname "$f")"
}
stop_server() {
	[ -n "$server_pid" ] || return 0
	kill "$server_pid" 2>/dev/null || true
	for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$server_pid" 2>/dev/null || true
	server_pid=
}
cleanup() {
	stop_server
	[ -z "${testssl_pid:-}" ] || kill "$testssl_pid" 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

[ -f "$jar" ] || { echo "no jar at $jar (run mvn -B package first)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "ops-lab.sh needs root (network namespace, setpriv)" >&2; exit 2; }
if ! command -v testssl >/dev/null; then
	say "installing testssl.sh"
	timeout 300 apt-get install -y -q testssl.sh >/dev/null
fi
ip netns del "$ns" 2>/dev/null || true
ip netns add "$ns"
cp "$jar" "$work/mta-sts.jar" # a rebuild of target/ while this runs must not pull classes from under the server
jar=$work/mta-sts.jar
ip -n "$ns" link set lo up

# --- A local test CA and the files of the server, readable by the unprivileged user -------------
chmod 0755 "$work"
mkdir -p "$work/ca" "$work/srv/certs" "$work/srv/policies"
ca=$work/ca/ca.pem
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=mta-sts ops-lab test CA" \
	-days 400 -keyout "$work/ca/ca.key" -out "$ca" 2>/dev/null
issue() { # HOST DIR : a certificate like a public CA's (EKU serverAuth, leaf only), valid 90 days
	mkdir -p "$2"
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
		-keyout "$2/privkey.pem" -out "$work/ca/req.csr" 2>/dev/null
	printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:false\n' \
		"$1" >"$work/ca/ext.cnf"
	openssl x509 -req -in "$work/ca/req.csr" -CA "$ca" -CAkey "$work/ca/ca.key" -CAcreateserial -days 90 \
		-extfile "$work/ca/ext.cnf" -out "$2/fullchain.pem" 2>/dev/null
}
srv=$work/srv
issue mta-sts.example.test "$srv/certs/mta-sts.example.test"
issue mta-sts.example3.test "$srv/certs/mta-sts.example3.test"
cat >"$srv/policies/example3.txt" <<'POL'
version: STSv1
mode: enforce
mx: mx1.example3.test
max_age: 86400
POL
cat >"$srv/mta-sts.toml" <<'CONF'
[server]
https_port = 443
http_port = 80
certs_dir = "certs"

[domains."example.test"]
mode = "enforce"
mx = ["mail.example.test"]
max_age = 86400

# no certificate: the server creates a self-signed one on disk
[domains."example2.test"]
mode = "testing"
mx = ["mail.example2.test"]

[domains."example3.test"]
policy_file = "policies/example3.txt"
CONF
cp "$srv/mta-sts.toml" "$work/good.toml"
chown -R nobody:nogroup "$srv"
chmod 0700 "$srv/certs"

# --- Item 7: start as nobody with only CAP_NET_BIND_SERVICE on 443/80 ----------------------------
say "starting the server as nobody in netns $ns"
timeout 900 ip netns exec "$ns" "${run_as[@]}" "${with_cap[@]}" java -jar "$jar" serve --verbose --access-log \
	--config "$srv/mta-sts.toml" --dns-check-interval 0 >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 200); do
	in_ns curl -fsS -o /dev/null --max-time 2 http://127.0.0.1:9180/healthz 2>/dev/null && break
	kill -0 "$server_pid" 2>/dev/null || break
	sleep 0.2
done
java_pid=$(java_of "$server_pid" || true)
fetch() { # HOST [CURL ARGS]: the policy as a sender sees it, trusting only the test CA
	local host=$1
	shift
	in_ns curl -fsS --max-time 5 --cacert "$ca" --resolve "$host:443:127.0.0.1" "$@" "https://$host/.well-known/mta-sts.txt"
}
metrics() { in_ns curl -fsS --max-time 5 http://127.0.0.1:9180/metrics; }

check "server healthy, running as nobody" in_ns curl -fsS --max-time 5 http://127.0.0.1:9180/healthz
check "policy served on 443 with the test CA's certificate" fetch mta-sts.example.test
runs_unprivileged() {
	local status
	status=$(cat "/proc/$java_pid/status")
	grep -Eq '^Uid:\s+65534\s+65534\s+65534\s+65534' <<<"$status" &&
		grep -Eq '^Gid:\s+65534\s+65534\s+65534\s+65534' <<<"$status" &&
		grep -Eq '^Groups:\s*$' <<<"$status" &&
		grep -Eq '^CapEff:\s+0000000000000400$' <<<"$status" &&
		grep -Eq '^CapBnd:\s+0000000000000400$' <<<"$status" ||
		{ grep -E '^(Uid|Gid|Groups|Cap)' <<<"$status"; return 1; }
}
check "process is uid/gid nobody with CAP_NET_BIND_SERVICE as its only capability" runs_unprivileged
listeners() { in_ns ss -ltnH; }
admin_loopback() { # admin on 127.0.0.1 only (default); policy ports on every address
	local l
	l=$(listeners)
	grep -Eq '(\[::ffff:)?127\.0\.0\.1\]?:9180 ' <<<"$l" && ! grep -Eq '(\*|0\.0\.0\.0|\[::\]):9180 ' <<<"$l" &&
		grep -Eq '(\*|0\.0\.0\.0|\[::\]):443 ' <<<"$l" && grep -Eq '(\*|0\.0\.0\.0|\[::\]):80 ' <<<"$l" || { echo "$l"; return 1; }
}
check "admin listener binds 127.0.0.1 by default, 443/80 on all addresses" admin_loopback

no_cap_fails() { # same server, no capability, low ports: exits non-zero, says why
	local out rc=0
	out=$(timeout 60 ip netns exec "$ns" "${run_as[@]}" --inh-caps=-all --bounding-set=-all java -jar "$jar" serve \
		--domain example.test --mx mail.example.test --certs-dir "$srv/certs" --https-port 444 --http-port 81 \
		--admin-port 0 --dns-check-interval 0 2>&1) || rc=$?
	echo "exit $rc: $out" | tail -n 5
	[ "$rc" != 0 ] && [ "$rc" != 124 ] && grep -q 'cannot listen on .*444.*Permission denied' <<<"$out" &&
		grep -q 'CAP_NET_BIND_SERVICE' <<<"$out"
}
check "without CAP_NET_BIND_SERVICE: non-zero exit naming the port, the error and the capability" no_cap_fails

# Keys written by the server (self-signed for example2.test; ACME-issued pairs and account keys go
# through the same store code, see CertificateStoreTest/AccountStoreTest).
mode_of() { stat -c %a "$1"; }
key_modes() {
	local d=$srv/certs/mta-sts.example2.test
	[ "$(mode_of "$d/privkey.pem")" = 600 ] && [ "$(mode_of "$d")" = 700 ] &&
		[ "$(stat -c %U "$d/privkey.pem")" = nobody ] || { ls -la "$d"; return 1; }
}
check "self-signed key written by the server: privkey.pem 0600 in a 0700 directory" key_modes

# --- Item 3: SNI and testssl ---------------------------------------------------------------------
no_cert_for() { # ARGS for s_client: the handshake must end with unrecognized_name and no certificate
	local out
	out=$(in_ns timeout 10 openssl s_client -connect 127.0.0.1:443 "$@" </dev/null 2>&1 || true)
	grep -q 'no peer certificate available' <<<"$out" && grep -Eq 'alert (number )?112|unrecognized name' <<<"$out" &&
		! grep -q 'BEGIN CERTIFICATE' <<<"$out" || { echo "$out" | head -n 20; return 1; }
}
check "unknown SNI: alert 112, no certificate" no_cert_for -servername www.example.test
check "unknown SNI over TLS 1.2: alert 112, no certificate" no_cert_for -servername mail.example.test -tls1_2
check "missing SNI: alert 112, no certificate" no_cert_for -noservername
check "missing SNI over TLS 1.2: alert 112, no certificate" no_cert_for -noservername -tls1_2
refused_ciphers() { # OPENSSL-CIPHER-STRING: TLS 1.2 with only these ciphers must fail
	openssl ciphers "$1" | grep -q . || { echo "cipher string $1 selects nothing locally"; return 1; }
	! in_ns timeout 10 openssl s_client -connect 127.0.0.1:443 -servername mta-sts.example.test -tls1_2 \
		-cipher "$1" </dev/null >/dev/null 2>&1
}
check "TLS 1.2 without forward secrecy (static RSA/ECDH, PSK) is refused" refused_ciphers 'ALL:COMPLEMENTOFALL:!kECDHE:!kDHE'
check "TLS 1.2 ciphers other than AES-GCM/ChaCha20 (CBC, 3DES, RC4, NULL, export, ARIA, Camellia) are refused" refused_ciphers 'ALL:COMPLEMENTOFALL:!AESGCM:!CHACHA20:!AESCCM'
check "TLS 1.2 with an ECDHE AEAD cipher works (the refusals above are not a broken client)" \
	in_ns timeout 10 openssl s_client -connect 127.0.0.1:443 -servername mta-sts.example.test -tls1_2 \
	-cipher 'ECDHE+AESGCM' -verify_return_error -CAfile "$ca" </dev/null

# One testssl process (its start-up alone costs 10-30 s of CPU), in the background while the fault
# tests below run: protocols, cipher categories, forward secrecy, server defaults, vulnerabilities.
say "testssl.sh in the background"
started=$(date +%s)
ip netns exec "$ns" timeout 480 testssl --quiet --warnings off --color 0 --nodns none --openssl-timeout 10 --add-ca "$ca" \
	--ip 127.0.0.1 --jsonfile "$work/testssl.json" -p -s -f -S -U mta-sts.example.test:443 >"$work/testssl.txt" 2>&1 &
testssl_pid=$!

# --- Item 7: keys never served on any port ------------------------------------------------------
secret_paths=(/privkey.pem /fullchain.pem /certs/mta-sts.example.test/privkey.pem /../certs/mta-sts.example.test/privkey.pem
	/.well-known/../privkey.pem /.well-known/mta-sts.txt/../../certs/mta-sts.example.test/privkey.pem
	/%2e%2e/certs/mta-sts.example.test/privkey.pem /..%2fcerts%2fmta-sts.example.test%2fprivkey.pem
	/.well-known/acme-challenge/../../certs/mta-sts.example.test/privkey.pem
	/.well-known/acme-challenge/..%2f..%2fcerts%2fmta-sts.example.test%2fprivkey.pem /mta-sts.toml /certs/
	/certs/mta-sts.example2.test/privkey.pem /accounts/ //etc/passwd /./privkey.pem)
never_served() { # URL-PREFIX CURL-ARGS... : no path answers 200 or shows key material
	local base=$1 p code body bad=0
	shift
	for p in "${secret_paths[@]}"; do
		body=$(in_ns curl -sS --path-as-is --max-time 5 -o - -w '\n%{http_code}' "$@" "$base$p" 2>/dev/null || true)
		code=${body##*$'\n'}
		if [ "$code" = 200 ] || grep -q 'PRIVATE KEY\|BEGIN CERTIFICATE\|root:' <<<"$body"; then
			echo "$base$p -> $code"
			bad=1
		fi
	done
	[ "$bad" = 0 ] && [ -n "$code" ]
}
check "key paths never served on 443 (${#secret_paths[@]} paths, traversal included)" \
	never_served https://mta-sts.example.test --cacert "$ca" --resolve mta-sts.example.test:443:127.0.0.1
check "key paths never served on 80" never_served http://127.0.0.1 -H 'Host: mta-sts.example.test'
check "key paths never served on the admin port" never_served http://127.0.0.1:9180

# --- Item 6: configuration faults at start ------------------------------------------------------
# Each case starts from a copy of the good files, breaks one thing, and runs `serve` as nobody on
# unprivileged ports: it must exit non-zero at once with an error naming the file (and line).
start_fault() { # NAME EXPECTED-EXIT ERE-OF-THE-ERROR BREAK-CMD...
	local name=$1 want=$2 pattern=$3 d=$work/start out rc=0
	shift 3
	rm -rf "$d" && cp -a "$srv" "$d" && cp "$work/good.toml" "$d/mta-sts.toml"
	(cd "$d" && "$@")
	chown -R nobody:nogroup "$d"
	out=$(timeout 60 ip netns exec "$ns" "${run_as[@]}" java -jar "$jar" serve --config "$d/mta-sts.toml" \
		--https-port 8443 --http-port 8080 --admin-port 0 --dns-check-interval 0 2>&1) || rc=$?
	printf '%s\n' "$out" >>"$work/start-faults.log"
	if [ "$rc" = "$want" ] && grep -Eq "^error: .*$pattern" <<<"$out"; then
		ok "start with $name: exit $rc, error names it"
	else
		ko "start with $name: wanted exit $want and /$pattern/, got exit $rc" "$(grep -v ' INFO ' <<<"$out" | tail -n 5)"
	fi
}
append() { printf '%s\n' "$2" >>"$1"; }
line_after() { echo $(($(wc -l <"$1") + 1)); } # the line number an appended line gets
replace_key() { # HOSTDIR: a key that does not belong to the certificate
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1/privkey.pem" 2>/dev/null
}
t=$(line_after "$work/good.toml")
start_fault "a TOML syntax error" 2 "mta-sts\.toml:$t: " append mta-sts.toml '[domains."example4.test"'
start_fault "an unknown key" 2 "mta-sts\.toml:$t: unknown key 'colour'" append mta-sts.toml 'colour = "blue"'
m=$(grep -n '^mode = "enforce"' "$work/good.toml" | cut -d: -f1)
start_fault "a bad value" 2 "mta-sts\.toml:$m: mode must be" sed -i "${m}s/enforce/enforcing/" mta-sts.toml
start_fault "a policy file that fails validation" 2 "policies/example3\.txt:2: mode is 'enforcing'" \
	sed -i 's/^mode: enforce$/mode: enforcing/' policies/example3.txt
start_fault "an unreadable private key (mode 000)" 1 "certs/mta-sts\.example3\.test/privkey\.pem: permission denied" \
	chmod 000 certs/mta-sts.example3.test/privkey.pem
start_fault "a garbage PEM certificate" 1 "certs/mta-sts\.example3\.test/fullchain\.pem contains no PEM certificate" \
	sh -c 'head -c 600 /dev/urandom | base64 >certs/mta-sts.example3.test/fullchain.pem'
start_fault "a key that does not match its certificate" 1 "certs/mta-sts\.example3\.test/privkey\.pem does not belong to the certificate in .*fullchain\.pem" \
	replace_key certs/mta-sts.example3.test

# --- Item 6: configuration faults on reload (SIGHUP and file-watch) -----------------------------
reloads() { # RESULT: the value of mtasts_config_reloads_total{result=RESULT}, 0 when absent
	local v
	v=$(metrics | sed -n "s/^mtasts_config_reloads_total{result=\"$1\"} \([0-9.]*\)$/\1/p")
	echo "${v%.*}" | sed 's/^$/0/'
}
grew() { [ "$(reloads "$1")" -gt "$2" ]; }
policy_of() { fetch "$1" 2>&1; }
base1=$(policy_of mta-sts.example.test)
base3=$(policy_of mta-sts.example3.test)
old_state_serves() {
	[ "$(policy_of mta-sts.example.test)" = "$base1" ] && [ "$(policy_of mta-sts.example3.test)" = "$base3" ]
}
cp -a "$srv" "$work/srv.good"
reload_fault() { # NAME TRIGGER(hup|watch) ERE-OF-THE-LOGGED-ERROR BREAK-CMD... (run in the server's directory)
	local name=$1 trigger=$2 pattern=$3 failed ok_before from log
	shift 3
	failed=$(reloads failed)
	from=$(($(wc -l <"$work/server.log") + 1))
	(cd "$srv" && "$@")
	[ "$trigger" = watch ] || kill -HUP "$java_pid"
	if eventually 75 grew failed "$failed"; then
		log=$(tail -n "+$from" "$work/server.log")
		if grep -q 'REFUSED, still serving the previous configuration' <<<"$log" && grep -Eq "$pattern" <<<"$log"; then
			ok "reload ($trigger) with $name: refused, logged with the file, counted in reloads_total{failed}"
		else
			ko "reload ($trigger) with $name: log lacks /$pattern/" "$(grep -v ' INFO \| DEBUG ' <<<"$log" | tail -n 6)"
		fi
	else
		ko "reload ($trigger) with $name: no failed reload counted" "$(tail -n "+$from" "$work/server.log" | grep -v DEBUG | tail -n 6)"
	fi
	check "reload ($trigger) with $name: the old policies are still served" old_state_serves
	# Put the good files back; the next reload must succeed again.
	ok_before=$(reloads ok)
	cp "$work/good.toml" "$srv/mta-sts.toml"
	cp "$work/srv.good/policies/example3.txt" "$srv/policies/"
	cp "$work/srv.good/certs/mta-sts.example3.test/"*.pem "$srv/certs/mta-sts.example3.test/"
	chmod 0600 "$srv/certs/mta-sts.example3.test/privkey.pem"
	chown -R nobody:nogroup "$srv"
	kill -HUP "$java_pid"
	eventually 75 grew ok "$ok_before" || ko "reload after repairing $name did not succeed" "$(tail -n 5 "$work/server.log")"
}
reload_fault "a TOML syntax error" watch "mta-sts\.toml:$t: " append mta-sts.toml '[domains."example4.test"'
reload_fault "an unknown key" hup "mta-sts\.toml:$t: unknown key 'colour'" append mta-sts.toml 'colour = "blue"'
reload_fault "a bad value" watch "mta-sts\.toml:$m: mode must be" sed -i "${m}s/enforce/enforcing/" mta-sts.toml
reload_fault "a policy file that fails validation" watch "policies/example3\.txt:2: mode is 'enforcing'" \
	sed -i 's/^mode: enforce$/mode: enforcing/' policies/example3.txt
reload_fault "an unreadable private key (mode 000)" hup "privkey\.pem: permission denied" \
	chmod 000 certs/mta-sts.example3.test/privkey.pem
reload_fault "a garbage PEM certificate" watch "fullchain\.pem contains no PEM certificate" \
	sh -c 'head -c 600 /dev/urandom | base64 >certs/mta-sts.example3.test/fullchain.pem'
reload_fault "a key that does not match its certificate" watch "privkey\.pem does not belong to the certificate" \
	replace_key certs/mta-sts.example3.test
after_faults() {
	in_ns curl -fsS --max-time 5 http://127.0.0.1:9180/healthz && fetch mta-sts.example.test && fetch mta-sts.example3.test &&
		fetch mta-sts.example2.test -k && [ "$(reloads failed)" -ge 7 ]
}
# A key readable by other users (copied in with 0644) is served, with a warning naming it.
ok_before=$(reloads ok)
from=$(($(wc -l <"$work/server.log") + 1))
chmod 0644 "$srv/certs/mta-sts.example3.test/privkey.pem"
kill -HUP "$java_pid"
warned() { grew ok "$ok_before" && tail -n "+$from" "$work/server.log" | grep -q 'mta-sts.example3.test/privkey.pem can be read by other users'; }
check "a private key readable by others (0644) is reported in the log on reload" eventually 75 warned
chmod 0600 "$srv/certs/mta-sts.example3.test/privkey.pem"
check "after 7 faults and repairs: healthy, all 3 domains served, >= 7 failed reloads counted" after_faults

# --- Item 7: keys never logged (debug logging and the access log were on all along) --------------
never_logged() {
	local key line bad=0
	for key in "$srv"/certs/*/privkey.pem "$work"/srv.good/certs/*/privkey.pem; do
		line=$(sed -n 2p "$key") # a line of base64 key material
		[ -n "$line" ] || continue
		if grep -qF -- "$line" "$work/server.log" "$work/start-faults.log"; then echo "material of $key logged"; bad=1; fi
	done
	if grep -q 'PRIVATE KEY' "$work/server.log" "$work/start-faults.log"; then echo "a PEM key header was logged"; bad=1; fi
	[ "$bad" = 0 ] && [ -s "$work/server.log" ]
}
check "no private key material in the logs ($(wc -l <"$work/server.log") debug lines, every fault case)" never_logged

say "waiting for testssl.sh"
rc=0
wait "$testssl_pid" || rc=$?
say "testssl took $(($(date +%s) - started)) s"
check "testssl run completed (exit $rc)" test "$rc" = 0 -a -s "$work/testssl.json"
# Findings rated at least MEDIUM, VULNERABLE, NOT ok, or a scan error (WARN) fail, except these,
# each accepted for a stated reason (they are properties of the test certificate or of testssl):
#   cert_revocation  the local test CA puts no CRL/OCSP URI in its certificates (public CAs do);
#                    nothing the server can change.
#   secure_renego    testssl 3.0 runs this probe without SNI, which this server refuses by design
#                    (alert 112, checked above); RFC 5746 support is asserted separately from
#                    TLS_extensions below.
cat >"$work/audit.py" <<'PY'
import json, sys
accepted = {"cert_revocation", "secure_renego"}
findings = {}
for path in sys.argv[1:]:
    for f in json.load(open(path)):
        findings.setdefault(f["id"], []).append(f)
bad = []
for fid, fs in findings.items():
    for f in fs:
        text = f["finding"]
        # testssl writes "VULNERABLE" and "NOT ok" in these cases ("not vulnerable" is the good one)
        if (f["severity"] in ("MEDIUM", "HIGH", "CRITICAL", "WARN", "FATAL") or "VULNERABLE" in text
                or "NOT ok" in text) and fid not in accepted:
            bad.append(f"{f['severity']} {fid}: {text}")
def first(fid):
    return findings[fid][0]["finding"] if fid in findings else "(missing)"
def expect(fid, pred, what):
    if not pred(first(fid)):
        bad.append(f"{fid}: expected {what}, got {first(fid)!r}")
for p in ("SSLv2", "SSLv3", "TLS1", "TLS1_1"):
    expect(p, lambda t: t.startswith("not offered"), "not offered")
expect("TLS1_2", lambda t: t.startswith("offered"), "offered")
expect("TLS1_3", lambda t: t.startswith("offered"), "offered")
for c in ("cipherlist_NULL", "cipherlist_aNULL", "cipherlist_EXPORT", "cipherlist_LOW", "cipherlist_3DES_IDEA",
          "cipherlist_AVERAGE"):
    expect(c, lambda t: t.startswith("not offered"), "not offered")
expect("PFS", lambda t: t == "offered", "offered")
expect("cert_chain_of_trust", lambda t: t.startswith("passed"), "passed (test CA given with --add-ca)")
expect("TLS_extensions", lambda t: "renegotiation info" in t, "renegotiation info (RFC 5746)")
expect("ALPN", lambda t: t.split() == ["http/1.1"], "http/1.1 only")
# the forward-secret ciphers offered are all AEAD (TLS 1.3 suites, ECDHE with GCM or ChaCha20)
fs = first("PFS_ciphers").split()
if not fs or any(not (c.startswith("TLS_") or c.startswith("ECDHE-")) or not ("GCM" in c or "CHACHA20" in c) for c in fs):
    bad.append(f"PFS_ciphers: expected AEAD ciphers only, got {fs}")
print(f"{sum(len(v) for v in findings.values())} findings checked; {len(bad)} problem(s)")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
check "testssl: TLS 1.2+1.3 only, forward-secret AEAD only, no weak cipher, no finding >= MEDIUM / VULNERABLE / NOT ok" \
	python3 "$work/audit.py" "$work/testssl.json"

stop_server
if [ "$fail" -gt 0 ]; then
	say "server log:"
	tail -n 30 "$work/server.log" >&2
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
