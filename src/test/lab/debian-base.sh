#!/usr/bin/env bash
# debian-base.sh - sourced by container-lab.sh and deb-lab.sh: podman and buildah set up the way they work on
# these hosts, and a local docker.io/library/debian:bookworm-slim made without any image registry.
#
# The base is `debootstrap --variant=minbase bookworm`, then made like Docker Hub's slim image: the same apt
# sources (deb822, with bookworm-security), the same apt and dpkg settings (no caches, no translations,
# gzip indexes, unsafe-io, no services started) and the same "slim" exclusions (documentation, man pages,
# info, locales, lintian overrides) both as dpkg path-excludes and removed from the tree. So an install that
# breaks on the real slim image breaks here too (e.g. openjdk-17-jre-headless needs /usr/share/man/man1).
#
# It is made once per machine and version of debian_base_make: tagged localhost/mta-sts-ci/debian-base:<hash
# of that function> in podman's storage (the cache), then tagged with the name a Dockerfile's FROM uses. A
# lock makes scripts running at the same time wait for one build instead of making two.
#
# Needs root. Defines: pkg_setup (installs podman, buildah, runc, debootstrap if missing; writes
# containers.conf), debian_base (prints nothing; makes/tags the base), and exports CONTAINERS_CONF.

PKG_CACHE=${PKG_CACHE:-/var/cache/mta-sts-ci}
PKG_BASE_TAG=docker.io/library/debian:bookworm-slim

pkg_setup() { # [EXTRA DEBIAN PACKAGES for commands: CMD=PACKAGE ...]
	local -A need=([podman]=podman [buildah]=buildah [runc]=runc [debootstrap]=debootstrap)
	local pair missing=() tool
	for pair in "$@"; do need[${pair%%=*}]=${pair#*=}; done
	for tool in "${!need[@]}"; do command -v "$tool" >/dev/null 2>&1 || missing+=("${need[$tool]}"); done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "installing ${missing[*]}"
		mkdir -p "$PKG_CACHE"
		# Two lab scripts may get here at once: they take turns (the lock), and apt waits for any other apt.
		flock "$PKG_CACHE/apt.lock" bash -c 'export DEBIAN_FRONTEND=noninteractive; apt-get update -qq -o DPkg::Lock::Timeout=300 &&
			apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "$@"' apt "${missing[@]}" >"$PKG_CACHE/apt.log" 2>&1 ||
			{ tail -20 "$PKG_CACHE/apt.log"; return 1; }
	fi
	mkdir -p "$PKG_CACHE"
	# crun fails on these hosts' cgroups, and a ulimit default that the host cannot grant fails every start.
	cat >"$PKG_CACHE/containers.conf.new" <<-'EOF'
		[containers]
		default_ulimits = []
		[engine]
		runtime = "runc"
		cgroup_manager = "cgroupfs"
	EOF
	mv -f "$PKG_CACHE/containers.conf.new" "$PKG_CACHE/containers.conf"
	export CONTAINERS_CONF=$PKG_CACHE/containers.conf
}

debian_base_key() { # a hash of how the base is made (this file's debian_base_make)
	declare -f debian_base_make | sha256sum | cut -c1-12
}

debian_base() {
	local tag=localhost/mta-sts-ci/debian-base:$(debian_base_key)
	(
		flock 9
		if ! podman image exists "$tag"; then
			debian_base_make "$tag" || exit 1
			# bases made by an older version of this file
			podman images --format '{{.Repository}}:{{.Tag}}' | grep '^localhost/mta-sts-ci/debian-base:' | grep -vx "$tag" |
				xargs -r podman rmi >/dev/null 2>&1
		fi
		podman tag "$tag" "$PKG_BASE_TAG"
	) 9>"$PKG_CACHE/base.lock"
}

debian_base_make() { # TAG
	local dir
	dir=$(mktemp -d /var/tmp/mta-sts-base.XXXXXX)
	echo "making the Debian base image (debootstrap; about 2 minutes)"
	if ! debootstrap --variant=minbase bookworm "$dir" http://deb.debian.org/debian >"$PKG_CACHE/debootstrap.log" 2>&1; then
		tail -20 "$PKG_CACHE/debootstrap.log"
		rm -rf "$dir"
		return 1
	fi
	rm -f "$dir/etc/apt/sources.list"
	cat >"$dir/etc/apt/sources.list.d/debian.sources" <<-'EOF'
		Types: deb
		URIs: http://deb.debian.org/debian
		Suites: bookworm bookworm-updates
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

		Types: deb
		URIs: http://deb.debian.org/debian-security
		Suites: bookworm-security
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	printf '#!/bin/sh\n# no service starts during image builds (as in the Docker Hub images)\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
	chmod 0755 "$dir/usr/sbin/policy-rc.d"
	echo force-unsafe-io >"$dir/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
	local clean='"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true";'
	printf 'DPkg::Post-Invoke { %s };\nAPT::Update::Post-Invoke { %s };\nDir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n' \
		"$clean" "$clean" >"$dir/etc/apt/apt.conf.d/docker-clean"
	echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$dir/etc/apt/apt.conf.d/docker-autoremove-suggests"
	echo 'Acquire::GzipIndexes "true";' >"$dir/etc/apt/apt.conf.d/docker-gzip-indexes"
	echo 'Acquire::Languages "none";' >"$dir/etc/apt/apt.conf.d/docker-no-languages"
	# The slim variant: these paths are excluded from every later install, and removed now.
	local slim=(/usr/share/doc/'*' /usr/share/groff/'*' /usr/share/info/'*' /usr/share/linda/'*'
		/usr/share/lintian/overrides/'*' /usr/share/locale/'*' /usr/share/man/'*')
	{
		printf 'path-exclude %s\n' "${slim[@]}"
		printf 'path-include %s\n' '/usr/share/doc/*/copyright' /usr/share/locale/locale.alias
	} >"$dir/etc/dpkg/dpkg.cfg.d/docker"
	(
		cd "$dir" || exit 1
		shopt -s nullglob dotglob
		for pattern in "${slim[@]}"; do
			for f in .$pattern; do
				case $f in ./usr/share/doc/*) [ -d "$f" ] && find "$f" -mindepth 1 ! -name copyright -delete 2>/dev/null ;; \
					./usr/share/locale/locale.alias) ;; *) rm -rf "$f" ;; esac
			done
		done
	)
	rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb "$dir"/var/log/*.log \
		"$dir"/var/log/apt/* "$dir"/tmp/* "$dir"/var/tmp/*
	tar --numeric-owner --xattrs -C "$dir" -c . | podman import --quiet --change 'CMD ["bash"]' - "$1" >/dev/null
	local rc=$?
	rm -rf "$dir"
	return $rc
}
