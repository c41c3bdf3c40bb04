#!/usr/bin/env bash
# check-lab.sh [JAR] - integration tests of `mta-sts check` against real peers in the lab:
# BIND (lab.sh), nginx policy hosts with deliberately broken setups, small STARTTLS servers.
# Brings its own lab up (netns mtasts-check), builds nothing: JAR defaults to target/mta-sts.jar.
# Prints one line per case and "N passed, M failed"; exits 1 on any failure. Needs root.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
JAR=$(readlink -f "${1:-$ROOT/target/mta-sts.jar}")
LAB_SH=${LAB_SH:-$ROOT/../shared/lab/lab.sh} # the shared lab tools sit next to the repository
export LAB_NS=mtasts-check LAB_DIR=/tmp/mtasts-lab-check
# BIND recurses over the lab zones, like the recursive resolver a real sender uses (CNAMEs across zones).
export LAB_DNS_RECURSION=yes
ZONES=(ok testing none ctype charset redirect notfound expired expiring wrongname chain chainfull big empty
	invalid badmode uncovered uncovtest stale wildcard wcdeep mxcase notxt twotxt badtxt otherstxt splittxt
	cnametxt notlsrpt badtlsrpt nohost partial cnamehost shortage dupkey blank smtpok smtpnotls smtpname)
export LAB_ZONES="${ZONES[*]/%/.test}"
CASE_TIMEOUT=60
JAVA_FAST=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

[ -r "$LAB_SH" ] || { echo "check-lab: no lab at $LAB_SH (expected ../shared next to the repository, or set LAB_SH)" >&2; exit 2; }
[ -r "$JAR" ] || { echo "check-lab: no jar at $JAR (run mvn package first)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "check-lab: must run as root (lab netns)" >&2; exit 2; }
command -v nginx >/dev/null || { echo "check-lab: nginx is missing (apt-get install nginx-light)" >&2; exit 2; }

W=$(mktemp -d /tmp/check-lab.XXXXXX)
chmod 755 "$W"
PIDS=()
cleanup() {
	local p
	[ -s "$W/nginx.pid" ] && kill "$(cat "$W/nginx.pid")" 2>/dev/null
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	# The lab goes down too: its daemons would otherwise keep every inherited descriptor open (e.g. the
	# lock of `flock LOCK check-lab.sh`, which then stays taken).
	bash "$LAB_SH" down >/dev/null 2>&1
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

lab() { bash "$LAB_SH" "$@"; }
quiet() { "$@" >>"$W/setup.log" 2>&1 || { echo "check-lab: setup failed: $*" >&2; tail -5 "$W/setup.log" >&2; exit 2; }; }

# ---------------------------------------------------------------- certificates
CA=$LAB_DIR/ca/lab-ca.pem CAKEY=$LAB_DIR/ca/lab-ca.key
sign() { # NAME OUT DAYS [CA CAKEY [EXT]]: leaf for DNS:NAME signed by the lab CA (or another CA)
	local name=$1 out=$2 days=$3 ca=${4:-$CA} cakey=${5:-$CAKEY} ext=${6:-}
	[ -n "$ext" ] || { ext=$W/ext-$name.cnf; printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\nbasicConstraints=critical,CA:FALSE\n' "$name" >"$ext"; }
	quiet openssl req -new -key "$W/key.pem" -subj "/CN=$name" -out "$W/$name.csr"
	quiet openssl x509 -req -in "$W/$name.csr" -CA "$ca" -CAkey "$cakey" -CAserial "$W/ca.srl" -CAcreateserial \
		-days "$days" -extfile "$ext" -out "$out"
}
expired_cert() { # NAME OUT: valid in January 2024 only, signed by the lab CA
	local name=$1 out=$2 d=$W/expired-ca
	mkdir -p "$d/new"; : >"$d/index.txt"; echo 1000 >"$d/serial"
	printf '[ca]\ndefault_ca=c\n[c]\ndatabase=%s/index.txt\nnew_certs_dir=%s/new\nserial=%s/serial\ndefault_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\n' "$d" "$d" "$d" >"$d/ca.cnf"
	printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\n' "$name" >"$d/ext.cnf"
	quiet openssl req -new -key "$W/key.pem" -subj "/CN=$name" -out "$d/req.csr"
	quiet openssl ca -batch -notext -config "$d/ca.cnf" -cert "$CA" -keyfile "$CAKEY" -in "$d/req.csr" -out "$out" \
		-startdate 20240101000000Z -enddate 20240201000000Z -extfile "$d/ext.cnf"
}
make_certs() {
	local z
	quiet openssl ecparam -genkey -name prime256v1 -noout -out "$W/key.pem"
	mkdir -p "$W/certs"
	for z in "${ZONES[@]}"; do sign "mta-sts.$z.test" "$W/certs/$z.pem" 30; done
	sign "www.wrongname.test" "$W/certs/wrongname.pem" 30
	sign "mta-sts.expiring.test" "$W/certs/expiring.pem" 5
	expired_cert "mta-sts.expired.test" "$W/certs/expired.pem"
	# An intermediate CA: chain.test serves the leaf alone, chainfull.test the leaf and the intermediate.
	printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' >"$W/ext-ica.cnf"
	sign "lab intermediate" "$W/ica.pem" 30 "$CA" "$CAKEY" "$W/ext-ica.cnf"
	sign "mta-sts.chain.test" "$W/certs/chain.pem" 30 "$W/ica.pem" "$W/key.pem"
	sign "mta-sts.chainfull.test" "$W/leaf-chainfull.pem" 30 "$W/ica.pem" "$W/key.pem"
	cat "$W/leaf-chainfull.pem" "$W/ica.pem" >"$W/certs/chainfull.pem"
	for z in smtpok smtpnotls; do sign "mail.$z.test" "$W/certs/mail-$z.pem" 30; done
	sign "mx.elsewhere.test" "$W/certs/mail-smtpname.pem" 30
}

# ---------------------------------------------------------------- policies
policy() { # MODE MAX_AGE MX...: a canonical policy body
	local mode=$1 age=$2 mx
	shift 2
	printf 'version: STSv1\nmode: %s\n' "$mode"
	for mx in "$@"; do printf 'mx: %s\n' "$mx"; done
	printf 'max_age: %s\n' "$age"
}
policy_id() { sha256sum "$1" | cut -c1-20; } # the id `mta-sts` derives: SHA-256 of the canonical body

declare -A LOC # extra nginx directives inside the policy location, per zone
write_policies() {
	local z f
	for z in "${ZONES[@]}"; do
		mkdir -p "$W/www/$z/.well-known"
		f=$W/www/$z/.well-known/mta-sts.txt
		case $z in
		testing | uncovtest) policy testing 604800 "mail.$z.test" >"$f" ;;
		none) policy none 604800 >"$f" ;;
		empty) : >"$f" ;;
		invalid) printf 'mode: enforce\nmx: mail.invalid.test\nmax_age: 604800\n' >"$f" ;;
		badmode) printf 'version: STSv1\nmode: Enforce\nmx: mail.badmode.test\nmax_age: 604800\n' >"$f" ;;
		big) { policy enforce 604800 mail.big.test; head -c 70000 /dev/zero | tr '\0' 'x'; } >"$f" ;;
		stale) policy enforce 604800 mail.stale.test old.stale.test >"$f" ;;
		wildcard | wcdeep) policy enforce 604800 "*.$z.test" >"$f" ;;
		uncovered) policy enforce 604800 mail.uncovered.test >"$f" ;;
		shortage) policy enforce 3600 mail.shortage.test >"$f" ;;
		dupkey) printf 'version: STSv1\nmode: enforce\nmode: testing\nmx: mail.dupkey.test\nmax_age: 604800\n' >"$f" ;;
		blank) printf 'version: STSv1\nmode: enforce\n\nmx: mail.blank.test\nmax_age: 604800\n' >"$f" ;;
		*) policy enforce 604800 "mail.$z.test" >"$f" ;;
		esac
	done
	LOC[ctype]='default_type text/html;'
	LOC[charset]='charset iso-8859-1;'
	LOC[redirect]='return 301 https://www.redirect.test/mta-sts.txt;'
	LOC[notfound]='return 404;'
	chmod -R a+rX "$W/www"
}

write_nginx() {
	local z
	mkdir -p "$W/tmp"
	{
		printf 'user root;\nworker_processes 1;\npid %s/nginx.pid;\nerror_log %s/nginx-error.log;\n' "$W" "$W"
		printf 'events { worker_connections 256; }\nhttp {\n  access_log off;\n'
		for t in client_body proxy fastcgi uwsgi scgi; do printf '  %s_temp_path %s/tmp/%s;\n' "$t" "$W" "$t"; done
		printf '  ssl_protocols TLSv1.2 TLSv1.3;\n  ssl_certificate_key %s/key.pem;\n' "$W"
		for z in "${ZONES[@]}"; do
			printf '  server {\n    listen 127.0.0.1:443 ssl;\n    listen [::1]:443 ssl;\n'
			printf '    server_name mta-sts.%s.test;\n    ssl_certificate %s/certs/%s.pem;\n' "$z" "$W" "$z"
			printf '    root %s/www/%s;\n    default_type text/plain;\n' "$W" "$z"
			printf '    location = /.well-known/mta-sts.txt { %s }\n  }\n' "${LOC[$z]:-}"
		done
		printf '}\n'
	} >"$W/nginx.conf"
}

# ---------------------------------------------------------------- SMTP servers (starttls-mx.py)
# Policy hosts below ok.test that fail before HTTP: TLS 1.1 only (openssl s_server), and a server
# that accepts connections but never answers (for --timeout).
start_bad_tls() {
	bash "$LAB_SH" exec openssl s_server -accept 127.0.0.3:443 -cert "$W/certs/ok.pem" -key "$W/key.pem" \
		-tls1_1 -cipher 'DEFAULT:@SECLEVEL=0' -www -quiet </dev/null >>"$W/s_server.log" 2>&1 &
	PIDS+=($!)
	printf 'import socket\ns = socket.create_server(("127.0.0.4", 443))\nheld = []\nwhile True:\n    held.append(s.accept()[0])\n' >"$W/silent.py"
	bash "$LAB_SH" exec python3 "$W/silent.py" </dev/null >>"$W/silent.log" 2>&1 &
	PIDS+=($!)
	quiet lab dns-set ok.test mta-sts.tls11 A 127.0.0.3
	quiet lab dns-set ok.test mta-sts.silent A 127.0.0.4
}
start_smtpd() { # ZONE IP STARTTLS(yes|no); lab.sh exec execs, so $! is the server itself
	bash "$LAB_SH" exec python3 "$HERE/starttls-mx.py" "$2" "$W/certs/mail-$1.pem" "$W/key.pem" "$3" >>"$W/smtpd.log" 2>&1 &
	PIDS+=($!)
	quiet lab dns-set "$1.test" mail A "$2"
}

# ---------------------------------------------------------------- DNS changes
configure_dns() {
	quiet lab dns-set uncovered.test @ MX "10 mx1.uncovered.test."
	quiet lab dns-set uncovtest.test @ MX "10 mx1.uncovtest.test."
	quiet lab dns-set wcdeep.test @ MX "10 a.b.wcdeep.test."
	quiet lab dns-set mxcase.test @ MX "10 MAIL.MxCase.test."
	quiet lab dns-del notxt.test _mta-sts TXT
	quiet lab dns-set twotxt.test _mta-sts TXT "v=STSv1; id=one" "v=STSv1; id=two"
	quiet lab dns-set badtxt.test _mta-sts TXT "v=STSv1; id=has-dash"
	quiet lab dns-set otherstxt.test _mta-sts TXT "v=spf1 -all"
	quiet lab dns-set splittxt.test _mta-sts TXT '"v=STSv1; " "id=split1"'
	quiet lab dns-set cnametxt.test _mta-sts CNAME "_mta-sts.ok.test."
	quiet lab dns-del notlsrpt.test _smtp._tls TXT
	quiet lab dns-set badtlsrpt.test _smtp._tls TXT "v=TLSRPTv1; rua=ftp://reports.badtlsrpt.test"
	quiet lab dns-del nohost.test mta-sts
	quiet lab dns-set partial.test mta-sts A 127.0.0.1 127.0.0.2
	quiet lab dns-set cnamehost.test mta-sts CNAME "web.cnamehost.test."
	quiet lab dns-set cnamehost.test web A 127.0.0.1
	# A delegation to a name server that does not exist: lookups below broken.ok.test answer SERVFAIL.
	# lab.sh reports the NS as not kept (it checks a referral), so the zone transfer below verifies it.
	lab dns-set ok.test broken NS "ns.nowhere.test." >>"$W/setup.log" 2>&1
	bash "$LAB_SH" exec dig +norec @127.0.0.1 ok.test AXFR | grep -q '^broken\.ok\.test\..*NS' ||
		{ echo "check-lab: setup failed: delegation of broken.ok.test" >&2; exit 2; }
	quiet lab dns-set smtpok.test _25._tcp.mail TLSA "3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
}

# ---------------------------------------------------------------- cases
PASSED=0 FAILED=0
# expect NAME EXIT NEEDLE -- ARGS...: `mta-sts check ARGS` must exit EXIT and print NEEDLE.
expect() {
	local name=$1 want=$2 needle=$3 out rc
	shift 4
	out=$(timeout "$CASE_TIMEOUT" bash "$LAB_SH" exec java "${JAVA_FAST[@]}" -jar "$JAR" check --no-color "$@" 2>&1)
	rc=$?
	LAST_RC=$rc
	if [ "$rc" = "$want" ] && grep -qF -- "$needle" <<<"$out"; then
		PASSED=$((PASSED + 1))
		printf 'ok    %-14s exit %s, "%s"\n' "$name" "$rc" "${needle:0:70}"
	else
		FAILED=$((FAILED + 1))
		printf 'FAIL  %-14s exit %s (want %s), want "%s"\n' "$name" "$rc" "$want" "$needle"
		sed 's/^/        | /' <<<"$out" | head -40
	fi
}
TRUST=(--trust "$LAB_DIR/ca/lab-ca.pem" --timeout 5)
declare -A RC # exit code of `check` per zone, for the sender-agreement case
chk() {
	local n=$1 w=$2 s=$3 d=$4
	shift 4
	expect "$n" "$w" "$s" -- "${TRUST[@]}" "$@" "$d.test"
	RC[$d]=$LAST_RC
}

# Real senders must agree: wherever mta-sts-query (postfix-mta-sts-resolver) or mailauth in strict
# mode finds no usable policy, `check` must have said CRITICAL for that zone; wherever mailauth
# reports another error (e.g. an MX not covered in testing mode), `check` must not have said OK.
sender_agreement() {
	local z q s bad="" n=0
	for z in "${!RC[@]}"; do
		[[ $z == *.* ]] && continue
		timeout 30 bash "$LAB_SH" query "$z.test" >/dev/null 2>&1; q=$?
		timeout 30 bash "$LAB_SH" query-strict "$z.test" >/dev/null 2>&1; s=$?
		n=$((n + 1))
		if { [ "$q" = 1 ] || [ "$q" = 2 ] || [ "$s" = 1 ]; } && [ "${RC[$z]}" != 2 ] ||
			{ [ "$s" != 0 ] && [ "${RC[$z]}" = 0 ]; }; then
			bad+=" $z(query $q, strict $s, check ${RC[$z]})"
		fi
	done
	if [ -z "$bad" ]; then
		PASSED=$((PASSED + 1)); printf 'ok    %-14s %s zones: never OK where mta-sts-query or mailauth fails, CRITICAL where they find no policy\n' senders "$n"
	else
		FAILED=$((FAILED + 1)); printf 'FAIL  %-14s said less than CRITICAL where a sender fails:%s\n' senders "$bad"
	fi
}

run_cases() {
	local P=https://mta-sts id
	chk ok 0 "valid policy, mode enforce: mx mail.ok.test" ok
	chk ok-ipv6 0 "$P.ok.test/.well-known/mta-sts.txt (::1) answered HTTP 200" ok
	chk testing 0 "valid policy, mode testing" testing
	chk none 0 "valid policy, mode none" none
	chk ctype 2 "sends Content-Type 'text/html'; postfix-mta-sts-resolver and mailauth require text/plain" ctype
	chk charset 1 "declares charset=iso-8859-1" charset
	chk redirect 2 "redirects (HTTP 301) to https://www.redirect.test/mta-sts.txt; postfix-mta-sts-resolver and mailauth never follow" redirect
	chk notfound 2 "answered HTTP 404; only 200 counts" notfound
	chk expired 2 "expired on 2024-02-01" expired
	chk expiring 1 "it expires within 14 days" expiring
	chk wrongname 2 "is not valid for mta-sts.wrongname.test (it names www.wrongname.test)" wrongname
	chk chain 2 "does not lead to a trusted root" chain
	chk chainfull 0 "the certificate of mta-sts.chainfull.test (127.0.0.1, TLSv1.3) is valid" chainfull
	expect notrust 2 "does not lead to a trusted root" -- --timeout 5 ok.test
	expect_jvm_truststore
	chk big 2 "sends a body larger than 65536 bytes" big
	chk empty 2 "the policy body is empty" empty
	chk invalid 2 "required key 'version' is missing" invalid
	chk badmode 2 "mode is 'Enforce'" badmode
	chk uncovered 2 "MX mx1.uncovered.test is not covered by any mx pattern of the policy; in enforce mode" uncovered
	chk uncov-stale 2 "'mx: mail.uncovered.test' matches no MX of the domain (stale pattern)" uncovered
	chk uncovtest 1 "in testing mode postfix-mta-sts-resolver and mailauth (Postfix) deliver but report a failure" uncovtest
	chk stale 1 "'mx: old.stale.test' matches no MX of the domain (stale pattern)" stale
	chk wildcard 0 "MX mail.wildcard.test is covered by 'mx: *.wildcard.test'" wildcard
	chk wcdeep 2 "MX a.b.wcdeep.test is not covered" wcdeep
	chk mxcase 0 "MX mail.mxcase.test is covered by 'mx: mail.mxcase.test'" mxcase
	id=$(policy_id "$W/www/notxt/.well-known/mta-sts.txt")
	chk notxt 2 "publish exactly one record: _mta-sts.notxt.test. TXT \"v=STSv1; id=$id\"" notxt
	chk twotxt 2 "2 TXT records start with 'v=STSv1' at _mta-sts.twotxt.test" twotxt
	chk badtxt 2 "id 'has-dash' at _mta-sts.badtxt.test must be 1 to 32 letters and digits" badtxt
	chk otherstxt 2 "(other TXT records there: \"v=spf1 -all\")" otherstxt
	chk splittxt 0 "(id split1)" splittxt
	chk cnametxt 0 "_mta-sts.cnametxt.test is an alias (CNAME) of _mta-sts.ok.test" cnametxt
	chk notlsrpt 1 "no TLSRPT record at _smtp._tls.notlsrpt.test" notlsrpt
	chk badtlsrpt 1 "rua URI 'ftp://reports.badtlsrpt.test'" badtlsrpt
	chk nohost 2 "mta-sts.nohost.test has no address (A: NXDOMAIN, AAAA: NXDOMAIN)" nohost
	chk partial 2 "$P.partial.test/.well-known/mta-sts.txt (127.0.0.2): cannot connect" partial
	chk cnamehost 0 "mta-sts.cnamehost.test is an alias (CNAME) of web.cnamehost.test" cnamehost
	chk shortage 1 "max_age 3600 is under one day" shortage
	chk dupkey 1 "'mode' repeats line 2" dupkey
	chk blank 1 "blank line(s) at line 3" blank
	chk nxsub 2 "no TXT record starting with 'v=STSv1' at _mta-sts.gone.ok" gone.ok
	chk smtpok 0 "the certificate of mail.smtpok.test (127.0.0.21, port 25) TLSv1.3 is valid" smtpok --smtp
	chk dane 0 "_25._tcp.mail.smtpok.test has DANE TLSA record(s)" smtpok --smtp
	chk smtpnotls 2 "mail.smtpnotls.test (127.0.0.22, port 25) does not offer STARTTLS" smtpnotls --smtp
	chk smtpname 2 "is not valid for mail.smtpname.test (it names mx.elsewhere.test)" smtpname --smtp
	expect multi 2 "ok.test: OK" -- "${TRUST[@]}" ctype.test ok.test
	chk json 0 '"format":"mta-sts-check/1","verdict":"OK","exit_code":0' ok --json
	expect tls11 2 "TLS handshake failed: Received fatal alert: protocol_version (the server offers no TLS 1.2 or newer)" \
		-- "${TRUST[@]}" tls11.ok.test
	expect silent 2 "(127.0.0.4): TLS handshake failed: Read timed out" -- --trust "$CA" --timeout 2 silent.ok.test
	expect servfail 3 "could not look up _mta-sts.broken.ok.test TXT: SERVFAIL" -- "${TRUST[@]}" broken.ok.test
	chk resolver 0 "valid policy, mode enforce" ok --resolver 127.0.0.1:53
	expect unreachable 3 "could not look up _mta-sts.ok.test TXT: TIMEOUT" -- --resolver 127.0.0.9 --timeout 2 ok.test
	expect usage 3 "invalid domain: 'not a domain' has an invalid label" -- "not a domain"
	expect usage-timeout 3 "--timeout must be 1 to 300 seconds" -- --timeout 0 ok.test
	sender_agreement
}
expect_jvm_truststore() { # javax.net.ssl.trustStore (the lab's PKCS#12 store) instead of --trust
	local out rc
	out=$(timeout "$CASE_TIMEOUT" bash "$LAB_SH" exec sh -c 'exec java $LAB_JAVA_OPTS -jar "$1" check --no-color --timeout 5 ok.test' sh "$JAR" 2>&1)
	rc=$?
	if [ "$rc" = 0 ] && grep -qF "valid policy, mode enforce" <<<"$out"; then
		PASSED=$((PASSED + 1)); printf 'ok    %-14s exit 0, trust store from javax.net.ssl.trustStore\n' jvm-truststore
	else
		FAILED=$((FAILED + 1)); printf 'FAIL  %-14s exit %s (want 0)\n' jvm-truststore "$rc"; sed 's/^/        | /' <<<"$out" | head -20
	fi
}

main() {
	local t0=$SECONDS
	lab down >>"$W/setup.log" 2>&1
	quiet lab up
	make_certs
	write_policies
	write_nginx
	quiet lab exec nginx -c "$W/nginx.conf"
	start_smtpd smtpok 127.0.0.21 yes
	start_smtpd smtpnotls 127.0.0.22 no
	start_smtpd smtpname 127.0.0.23 yes
	start_bad_tls
	configure_dns
	echo "check-lab: lab ready in $((SECONDS - t0)) s (zones: ${#ZONES[@]}), jar $JAR"
	run_cases
	echo "check-lab: $((SECONDS - t0)) s"
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" = 0 ]
}
main
