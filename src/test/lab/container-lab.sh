#!/usr/bin/env bash
# container-lab.sh - the Dockerfile, built with buildah and run with podman the way docs/operations.md says
# (`docker run ... -e MTA_STS_DOMAIN=... -v mta-sts-state:/var/lib/mta-sts mta-sts`, with a read-only root
# file system): the policy is served over HTTPS with the certificate of the right name (an unknown SNI gets
# none), the process runs as uid 10001 and maps the class-data archive made at build time, the root file
# system is read-only, the health check passes, SIGHUP reloads, SIGTERM stops it within 5 s, and the
# certificate survives a new container through the state volume. Prints the image size and the times.
#
# The image: the Debian base is made once per machine (debian-base.sh). The jar stage is built from source
# (Debian's Maven inside the build; its repository is a build cache mount that buildah keeps) when the
# Dockerfile, .dockerignore or pom.xml changed since the last from-source build that passed on this machine,
# or with CONTAINER_LAB_FROM_SOURCE=1; otherwise it takes the jar given (--target prebuilt), which saves the
# Maven run. The container uses a network namespace of its own (loopback only; no port mapping, no bridge).
# Usage: src/test/lab/container-lab.sh [path/to/mta-sts.jar]   (as root; warm ~1 minute, cold ~5)
# Last line: "N passed, M failed".
set -uo pipefail

JAR=$(realpath "${1:-target/mta-sts.jar}")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
NS=${LAB_NS:-mtasts-container}
NAME=mtasts-container-lab
VOLUME=mtasts-container-lab-state
IMAGE=localhost/mta-sts-ci/mta-sts:lab
passed=0 failed=0
WORK=$(mktemp -d /tmp/container-lab.XXXXXX)

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
leftovers() { # the container, volume and namespace of this script (also those of a run that was killed)
	podman rm -f -i -v -t 0 "$NAME" >/dev/null 2>&1
	podman volume rm -f "$VOLUME" >/dev/null 2>&1
	ip netns del "$NS" 2>/dev/null
}
trap 'leftovers; rm -rf "$WORK"' EXIT

[ -f "$JAR" ] || { echo "no jar at $JAR (mvn -o package -DskipTests)"; failed=1; finish; }
[ "$JAR" = "$ROOT/target/mta-sts.jar" ] || { echo "the jar must be $ROOT/target/mta-sts.jar (the build context's)"; failed=1; finish; }
check "podman, buildah and runc are installed" pkg_setup curl=curl openssl=openssl
[ "$failed" = 0 ] || finish
leftovers

# ---- the base and the image
base_made() { local s=$SECONDS; debian_base && echo "measured: base image ready in $((SECONDS - s)) s"; }
check "Debian base image (bookworm-slim made with debootstrap, cached per machine)" base_made
[ "$failed" = 0 ] || finish

source_key=$({ cat "$ROOT/Dockerfile" "$ROOT/.dockerignore" "$ROOT/pom.xml"; debian_base_key; } | sha256sum | cut -c1-16)
source_ok=$PKG_CACHE/from-source.$source_key.ok
build() { # [BUILD ARGS...]: `docker build .` in the repository (.dockerignore keeps the context small)
	local s=$SECONDS old
	old=$(podman image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null)
	buildah bud --isolation chroot --network host --format docker --layers "$@" -t "$IMAGE" "$ROOT" \
		>"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; return 1; }
	echo "measured: image built in $((SECONDS - s)) s"
	# The previous run's image, now untagged (its layers shared with this one stay, as the cache of the next run).
	[ -z "$old" ] || [ "$old" = "$(podman image inspect -f '{{.Id}}' "$IMAGE")" ] || podman rmi "$old" >/dev/null 2>&1 || true
}
if [ "${CONTAINER_LAB_FROM_SOURCE:-0}" = 1 ] || [ ! -f "$source_ok" ]; then
	# Maven inside the build trusts what Maven on this machine trusts (HTTPS here may pass a proxy with its own CA).
	check "the image builds from source (docker build . as anywhere: Maven inside the build)" build \
		-v /etc/ssl/certs/java/cacerts:/run/host-cacerts:ro --build-arg MAVEN_OPTS=-Djavax.net.ssl.trustStore=/run/host-cacerts
	[ "$failed" = 0 ] && touch "$source_ok"
else
	check "the image builds with the jar under test (--target prebuilt; from source proven for this Dockerfile and pom)" \
		build --target prebuilt
fi
[ "$failed" = 0 ] || finish
image_size() {
	local bytes
	bytes=$(podman image inspect -f '{{.Size}}' "$IMAGE") || return 1
	echo "measured: image size $((bytes / 1000000)) MB"
	[ "$bytes" -lt 450000000 ] || { echo "larger than 450 MB"; return 1; }
}
check "the image is lean (under 450 MB)" image_size
check "the image has a HEALTHCHECK on /healthz (Docker format)" bash -c "podman image inspect '$IMAGE' | grep -q '/healthz'"
check "the image runs as uid 10001, stops with SIGTERM, exposes 8443 and 8080" \
	bash -c "[ \"\$(podman image inspect -f '{{.Config.User}} {{.Config.StopSignal}}' '$IMAGE')\" = 'mta-sts SIGTERM' ] &&
		podman image inspect -f '{{.Config.ExposedPorts}}' '$IMAGE' | grep 8443 | grep -q 8080"

# ---- running it: the documented `docker run`, in a network namespace of its own instead of -p
ip netns add "$NS" && ip -n "$NS" link set lo up
in_ns() { ip netns exec "$NS" "$@"; }
policy() { in_ns curl -fsS --max-time 3 -k --resolve "mta-sts.$1:8443:127.0.0.1" "https://mta-sts.$1:8443/.well-known/mta-sts.txt"; }
run() {
	# docs/operations.md's `docker run`, less -p and ACME: Docker's --read-only mounts no tmpfs of its own.
	podman run -d --name "$NAME" --network "ns:/run/netns/$NS" --read-only --read-only-tmpfs=false --tmpfs /tmp:exec \
		-v "$VOLUME:/var/lib/mta-sts" \
		-e MTA_STS_DOMAIN=example.com -e MTA_STS_MX=mail.example.com "$IMAGE" >/dev/null 2>"$WORK/run.err" ||
		{ cat "$WORK/run.err"; return 1; }
	local i s=$(date +%s%N)
	for i in $(seq 100); do
		policy example.com 2>/dev/null | grep -q '^mx: mail.example.com$' &&
			{ echo "measured: policy served $((($(date +%s%N) - s) / 1000000)) ms after podman run"; return 0; }
		sleep 0.2
	done
	podman logs "$NAME" 2>&1 | tail -20
	return 1
}
fingerprint() { # the SHA-256 fingerprint of the certificate served for SNI $1
	in_ns openssl s_client -connect 127.0.0.1:8443 -servername "$1" </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256
}
check "podman run (read-only root, state volume, MTA_STS_DOMAIN/MTA_STS_MX) serves the policy over HTTPS" run
[ "$failed" = 0 ] || finish
check "the certificate served for SNI mta-sts.example.com is for that name" \
	bash -c "ip netns exec '$NS' openssl s_client -connect 127.0.0.1:8443 -servername mta-sts.example.com </dev/null 2>/dev/null |
		openssl x509 -noout -ext subjectAltName | grep -q 'DNS:mta-sts.example.com'"
check "an unknown SNI gets no certificate (unrecognized_name)" \
	bash -c "! ip netns exec '$NS' openssl s_client -connect 127.0.0.1:8443 -servername mta-sts.other.test </dev/null 2>&1 | grep -q 'BEGIN CERTIFICATE'"
pid=$(podman inspect -f '{{.State.Pid}}' "$NAME")
check "the server process is not root (uid 10001)" bash -c "grep -Eq '^Uid:\s+10001\s+10001' /proc/$pid/status"
check "the server maps the class-data archive made at build time" grep -q /opt/mta-sts/mta-sts.jsa "/proc/$pid/maps"
check "BoringSSL and epoll load with the read-only root (natives unpacked to the --tmpfs /tmp:exec)" \
	bash -c "podman logs '$NAME' 2>&1 | grep -q 'TLS engine: BoringSSL' && podman logs '$NAME' 2>&1 | grep -q 'transport: native epoll'"
check "the root file system is read-only" bash -c "! podman exec '$NAME' touch /opt/mta-sts/x 2>&1 && podman exec '$NAME' touch /opt/mta-sts/x 2>&1 | grep -q 'Read-only'"
check "the certificate is written to the state volume, owner-only" \
	bash -c "[ \"\$(podman exec '$NAME' stat -c '%u %a' /var/lib/mta-sts/certs/mta-sts.example.com/privkey.pem)\" = '10001 600' ]"
check "the health check passes" podman healthcheck run "$NAME"
reloaded() {
	podman kill -s HUP "$NAME" >/dev/null || return 1
	local i
	for i in $(seq 50); do podman logs "$NAME" 2>&1 | grep -q 'reloaded (SIGHUP)' && return 0; sleep 0.1; done
	return 1
}
check "SIGHUP (docker kill -s HUP) reloads the configuration" reloaded
# ---- stop and a new container on the same volume
before=$(fingerprint mta-sts.example.com)
stopped() {
	local s=$(date +%s%N) ms code
	podman stop -t 10 "$NAME" >/dev/null 2>&1 || return 1
	ms=$((($(date +%s%N) - s) / 1000000))
	echo "measured: SIGTERM to exit in $ms ms"
	code=$(podman inspect -f '{{.State.ExitCode}}' "$NAME")
	podman logs "$NAME" 2>&1 | tail -3
	[ "$ms" -lt 5000 ] && podman logs "$NAME" 2>&1 | grep -q 'RunningServer - stopped' && { [ "$code" = 143 ] || [ "$code" = 0 ]; }
}
check "SIGTERM stops it cleanly within 5 s (podman stop)" stopped
podman rm -v "$NAME" >/dev/null 2>&1
check "a new container on the same volume serves again" run
check "  with the same certificate (kept in the volume, not made anew)" \
	bash -c "[ -n '$before' ] && [ \"\$(ip netns exec '$NS' openssl s_client -connect 127.0.0.1:8443 -servername mta-sts.example.com </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256)\" = '$before' ]"
finish
