#!/usr/bin/env bash
# deb-lab.sh - the Debian package (packaging/deb/build-deb.sh) installed into a clean Debian 12 container
# (the bookworm-slim base of debian-base.sh) with `apt-get install ./mta-sts_VERSION_all.deb`, as the docs
# say: every dependency comes from the package's Depends (Java, adduser, procps for the unit's /bin/kill);
# the files, the conffile, the system user and the state directory with its owner and modes are there;
# `systemd-analyze verify` accepts the unit; then the unit's own ExecStart, Environment, User, UMask,
# WorkingDirectory and ambient capability (read from the installed unit) serve the example config's policy
# on port 443 as the system user, with its certificate and class-data archive in /var/lib/mta-sts; and
# purge removes the state. The install runs with the host's network (for apt); the server in a
# container of its own on a network namespace of this script (loopback only).
# Usage: src/test/lab/deb-lab.sh [path/to/mta-sts.jar]   (as root; about 1-2 minutes: apt downloads Java)
# Last line: "N passed, M failed".
set -uo pipefail

JAR=$(realpath "${1:-target/mta-sts.jar}")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
NS=${LAB_NS:-mtasts-deb}
NAME=mtasts-deb-lab
INSTALLED=localhost/mta-sts-ci/deb-installed:lab
passed=0 failed=0
WORK=$(mktemp -d /tmp/deb-lab.XXXXXX)
check() { # NAME COMMAND...
	local name=$1; shift
	if "$@" >"$WORK/check.out" 2>&1; then
		passed=$((passed + 1)); echo "ok   $name"; grep '^measured:' "$WORK/check.out"
	else
		failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$WORK/check.out" | tail -20
	fi
}
finish() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit; }

. "$HERE/debian-base.sh"
leftovers() {
	podman rm -f -i -t 0 "$NAME" >/dev/null 2>&1; podman rm -f -i -t 0 "$NAME-run" >/dev/null 2>&1
	podman rmi -f -i "$INSTALLED" >/dev/null 2>&1
	ip netns del "$NS" 2>/dev/null
}
trap 'leftovers; rm -rf "$WORK"' EXIT

[ -f "$JAR" ] || { echo "no jar at $JAR (mvn -o package -DskipTests)"; failed=1; finish; }
check "podman, runc, debootstrap and dpkg-deb are installed" pkg_setup dpkg-deb=dpkg curl=curl openssl=openssl
[ "$failed" = 0 ] || finish
leftovers
check "Debian base image (bookworm-slim made with debootstrap, cached per machine)" debian_base
built() { bash "$ROOT/packaging/deb/build-deb.sh" "$JAR" >"$WORK/deb.path" && cp "$(cat "$WORK/deb.path")" "$WORK/"; }
check "packaging/deb/build-deb.sh builds the package" built
[ "$failed" = 0 ] || finish
deb=$(basename "$(cat "$WORK/deb.path")")
check "the package declares its dependencies and its conffile" bash -c "
	dpkg-deb -f '$WORK/$deb' Depends | grep -q 'openjdk-17-jre-headless' &&
	dpkg-deb -f '$WORK/$deb' Depends | grep -q procps && dpkg-deb -f '$WORK/$deb' Depends | grep -q adduser &&
	dpkg-deb --ctrl-tarfile '$WORK/$deb' | tar -xO ./conffiles | grep -qx /etc/mta-sts/mta-sts.toml"

# ---- install into a clean container, as the docs say
in_box() { podman exec "$NAME" bash -c "$1"; }
installed() {
	local s=$SECONDS
	podman run -d --name "$NAME" --network host -v "$WORK:/deb:ro" "$PKG_BASE_TAG" sleep 600 >/dev/null || return 1
	# A slim image has no man pages, and Debian's JRE fails to install without /usr/share/man/man1 (a full
	# Debian system has it): the one step the docs add for slim containers.
	in_box 'export DEBIAN_FRONTEND=noninteractive; mkdir -p /usr/share/man/man1 && cp /deb/*.deb /root/ && cd /root &&
		apt-get update -qq && apt-get install -y -qq ./mta-sts_*_all.deb' >"$WORK/install.log" 2>&1 ||
		{ tail -20 "$WORK/install.log"; return 1; }
	echo "measured: apt-get install ./$deb in $((SECONDS - s)) s"
}
check "apt-get install ./$deb in a clean Debian 12 container pulls in all it needs" installed
[ "$failed" = 0 ] || finish
check "files: jar, launcher (also /usr/bin/mta-sts), unit, conffile" in_box '
	test -f /opt/mta-sts/mta-sts.jar && test -x /opt/mta-sts/bin/mta-sts && test -f /lib/systemd/system/mta-sts.service &&
	grep -q "^certs_dir = \"/var/lib/mta-sts/certs\"" /etc/mta-sts/mta-sts.toml && mta-sts --version | grep -q "^mta-sts "'
check "the system user mta-sts exists, without a login shell" in_box '
	getent passwd mta-sts | grep -q ":/var/lib/mta-sts:/usr/sbin/nologin$" && [ "$(id -u mta-sts)" -lt 1000 ]'
check "/var/lib/mta-sts and certs/ are owned by mta-sts, mode 0700" in_box '
	[ "$(stat -c "%U %G %a" /var/lib/mta-sts)" = "mta-sts mta-sts 700" ] &&
	[ "$(stat -c "%U %G %a" /var/lib/mta-sts/certs)" = "mta-sts mta-sts 700" ]'
check "/bin/kill (the unit's ExecReload) is there" in_box 'test -x /bin/kill'
verified() {
	in_box 'export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq --no-install-recommends systemd' >"$WORK/systemd.log" 2>&1 ||
		{ tail -20 "$WORK/systemd.log"; return 1; }
	in_box 'systemd-analyze verify /lib/systemd/system/mta-sts.service 2>&1 | tee /tmp/verify.out; [ ! -s /tmp/verify.out ]'
}
check "systemd-analyze verify mta-sts.service: no complaint" verified

# ---- the installed server, started as the unit starts it, in a network namespace of its own
podman commit -q "$NAME" "$INSTALLED" >/dev/null && podman rm -f -t 0 "$NAME" >/dev/null
ip netns add "$NS" && ip -n "$NS" link set lo up
unit_value() { sed -n "s/^$1=//p" "$WORK/unit"; }
podman run --rm --entrypoint cat "$INSTALLED" /lib/systemd/system/mta-sts.service >"$WORK/unit"
served() {
	local exec env user umask dir
	exec=$(unit_value ExecStart) env=$(unit_value Environment) user=$(unit_value User) umask=$(unit_value UMask) dir=$(unit_value WorkingDirectory)
	[ -n "$exec" ] && [ -n "$user" ] && unit_value AmbientCapabilities | grep -qx CAP_NET_BIND_SERVICE || { echo "unit lacks ExecStart/User/capability"; return 1; }
	# setpriv does what systemd does with User=, Group=, AmbientCapabilities= and UMask=.
	podman run -d --name "$NAME-run" --network "ns:/run/netns/$NS" "$INSTALLED" bash -c "umask $umask && cd $dir &&
		exec env $env setpriv --reuid=$user --regid=$user --init-groups --inh-caps=+net_bind_service \
		--ambient-caps=+net_bind_service $exec" >/dev/null || return 1
	local i
	for i in $(seq 150); do
		ip netns exec "$NS" curl -fsS -k --max-time 2 --resolve mta-sts.example.com:443:127.0.0.1 \
			https://mta-sts.example.com/.well-known/mta-sts.txt 2>/dev/null | grep -q '^mode: enforce' && return 0
		podman ps -q --filter "name=$NAME-run" | grep -q . || break
		sleep 0.2
	done
	podman logs "$NAME-run" 2>&1 | tail -20
	return 1
}
check "the unit's command as the system user serves the example config's policy on port 443" served
run_box() { podman exec "$NAME-run" bash -c "$1"; }
check "  the server runs as mta-sts" bash -c "pid=\$(podman inspect -f '{{.State.Pid}}' '$NAME-run'); grep -q \"^Uid:.*\$(podman exec '$NAME-run' id -u mta-sts)\" /proc/\$pid/status"
check "  its certificate is in /var/lib/mta-sts/certs, owned by mta-sts, mode 0600" run_box '
	[ "$(stat -c "%U %a" /var/lib/mta-sts/certs/mta-sts.example.com/privkey.pem)" = "mta-sts 600" ]'
check "  its class-data archive is /var/lib/mta-sts/mta-sts.jsa" run_box 'test -s /var/lib/mta-sts/mta-sts.jsa'
podman rm -f -t 5 "$NAME-run" >/dev/null 2>&1
check "purge removes the package and the state" bash -c "podman run --rm '$INSTALLED' bash -c 'dpkg --purge mta-sts >/dev/null &&
	! test -e /var/lib/mta-sts && ! test -e /opt/mta-sts/mta-sts.jar && ! test -e /etc/mta-sts/mta-sts.toml'"
finish
