#!/usr/bin/env bash
# Builds the Debian package of mta-sts from a built jar: target/mta-sts_VERSION_all.deb.
#   packaging/deb/build-deb.sh [path/to/mta-sts.jar]      (after `mvn package`; needs dpkg-deb, no root)
# Installs: /opt/mta-sts/mta-sts.jar and bin/mta-sts (the launcher; /usr/bin/mta-sts links to it), the
# systemd unit /lib/systemd/system/mta-sts.service, /etc/mta-sts/mta-sts.toml (a conffile: the annotated
# example with certs_dir in the state directory), and on configure the system user mta-sts and the state
# directory /var/lib/mta-sts (and certs/ in it, mode 0700, owned by mta-sts). The service is not started:
# edit the config first, then `systemctl enable --now mta-sts` (docs/operations.md#debian-package).
set -Eeuo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
jar=$(realpath "${1:-$root/target/mta-sts.jar}")
[ -f "$jar" ] || { echo "build-deb: no jar at $jar (mvn package first)" >&2; exit 2; }
# The version from the jar itself ("mta-sts 0.2.0-SNAPSHOT (commit ...)"); Debian sorts ~ before a release.
release=$(java -XX:TieredStopAtLevel=1 -Xshare:auto -jar "$jar" --version | awk '{print $2}')
[[ $release =~ ^[0-9][0-9A-Za-z.+-]*$ ]] || { echo "build-deb: cannot read the version from $jar" >&2; exit 1; }
version=${release//-/\~}
out=$(dirname "$jar")/mta-sts_${version}_all.deb
tree=$(mktemp -d /tmp/mta-sts-deb.XXXXXX)
trap 'rm -rf "$tree"' EXIT
chmod 0755 "$tree"

install -D -m 0644 "$jar" "$tree/opt/mta-sts/mta-sts.jar"
install -D -m 0755 "$root/bin/mta-sts" "$tree/opt/mta-sts/bin/mta-sts"
mkdir -p "$tree/usr/bin" && ln -s ../../opt/mta-sts/bin/mta-sts "$tree/usr/bin/mta-sts"
install -D -m 0644 "$root/packaging/mta-sts.service" "$tree/lib/systemd/system/mta-sts.service"
install -d -m 0755 "$tree/etc/mta-sts"
sed 's|^certs_dir = "../certs" .*|certs_dir = "/var/lib/mta-sts/certs"   # (restart) the state directory of the package|' \
	"$root/conf/mta-sts.toml" >"$tree/etc/mta-sts/mta-sts.toml"
grep -q '^certs_dir = "/var/lib/mta-sts/certs"' "$tree/etc/mta-sts/mta-sts.toml" ||
	{ echo "build-deb: conf/mta-sts.toml has no certs_dir line to point at /var/lib/mta-sts/certs" >&2; exit 1; }
chmod 0644 "$tree/etc/mta-sts/mta-sts.toml"
install -D -m 0644 "$root/LICENSE" "$tree/usr/share/doc/mta-sts/copyright"

mkdir -p "$tree/DEBIAN"
cat >"$tree/DEBIAN/control" <<CONTROL
Package: mta-sts
Version: $version
Architecture: all
Section: mail
Priority: optional
Maintainer: mta-sts developers <postmaster@localhost>
Depends: openjdk-17-jre-headless | java17-runtime-headless, bash, adduser, procps
Installed-Size: $(du -sk --exclude=DEBIAN "$tree" | cut -f1)
Description: MTA-STS policy server with ACME certificates
 Serves the MTA-STS policies (RFC 8461) of mail domains over HTTPS at
 mta-sts.DOMAIN, with certificates from an ACME CA (Let's Encrypt), DNS
 drift checks and Prometheus metrics. Runs as the system user mta-sts
 under systemd (mta-sts.service); configuration in /etc/mta-sts.
CONTROL
echo /etc/mta-sts/mta-sts.toml >"$tree/DEBIAN/conffiles"
cat >"$tree/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
	if ! getent passwd mta-sts >/dev/null; then
		adduser --system --group --quiet --home /var/lib/mta-sts --no-create-home --shell /usr/sbin/nologin mta-sts
	fi
	install -d -o mta-sts -g mta-sts -m 0700 /var/lib/mta-sts /var/lib/mta-sts/certs
	if [ -d /run/systemd/system ]; then
		systemctl daemon-reload >/dev/null || true
		# An upgrade restarts a running server on the new jar; a first install starts nothing.
		if systemctl is-active --quiet mta-sts; then systemctl restart mta-sts || true; fi
	fi
fi
SCRIPT
cat >"$tree/DEBIAN/prerm" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = remove ] && [ -d /run/systemd/system ]; then
	systemctl disable --now mta-sts >/dev/null 2>&1 || true
fi
SCRIPT
cat >"$tree/DEBIAN/postrm" <<'SCRIPT'
#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then systemctl daemon-reload >/dev/null || true; fi
# Purge removes the state: certificates, private keys, the ACME account. The user stays (Debian's practice).
if [ "$1" = purge ]; then rm -rf /var/lib/mta-sts; fi
SCRIPT
chmod 0755 "$tree/DEBIAN/postinst" "$tree/DEBIAN/prerm" "$tree/DEBIAN/postrm"
dpkg-deb --root-owner-group -Zgzip --build "$tree" "$out" >/dev/null
echo "$out"
