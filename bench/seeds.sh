#!/usr/bin/env bash
# seeds.sh SEEDS_DIR - builds the seed servers of the shared bench tools (seed-go: Go net/http; seed-rust:
# hyper + tokio-rustls; SEEDS_DIR/README.md says more) once per machine and prints the directory that
# holds the two binaries. bench.sh calls it; it is not meant to be run by hand, but can be.
#
# Cache: $BENCH_CACHE (default /var/cache/mta-sts-bench)/seeds-HASH, HASH = the first 16 hex digits of a
# sha256 over the names and contents of the seeds' files (not their build outputs), so a change to a seed
# gives a new directory and a new build. The build runs SEEDS_DIR/build.sh on a copy of SEEDS_DIR (the
# shared tools may be read-only, and cargo writes Cargo.lock next to Cargo.toml), under an flock on
# $BENCH_CACHE/seeds.lock: a second run waits for the first build and then uses it. The finished
# directory appears by one rename, so a directory that exists is complete. build.sh apt-installs Go and
# Debian's Rust crates when missing (root); the build itself is offline.
set -Eeuo pipefail
seeds=$(cd "${1:?usage: seeds.sh SEEDS_DIR}" && pwd)
cache=${BENCH_CACHE:-/var/cache/mta-sts-bench}
hash=$(cd "$seeds" && find . -type f ! -path './rust/target/*' ! -path './rust/Cargo.lock' -print0 |
	LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
dir=$cache/seeds-$hash
complete() { [ -x "$1/seed-go" ] && [ -x "$1/seed-rust" ]; }

if ! complete "$dir"; then
	mkdir -p "$cache"
	exec 9>"$cache/seeds.lock"
	if ! flock -n 9; then
		echo "seeds.sh: another run is building the seeds; waiting for it" >&2
		flock 9
	fi
	if ! complete "$dir"; then
		rm -rf "$cache"/seeds-*.build.* # left by a build that was killed (we hold the lock: none is running)
		build=$(mktemp -d "$cache/seeds-$hash.build.XXXXXX")
		trap 'rm -rf "$build"' EXIT
		echo "seeds.sh: building the seeds of $seeds into $dir (once per change of the seeds)" >&2
		cp -r "$seeds" "$build/src"
		chmod -R u+w "$build/src"
		rm -rf "$build/src/rust/target" "$build/src/rust/Cargo.lock"
		bash "$build/src/build.sh" "$build/out" >&2
		mkdir "$build/bin"
		cp "$build/out/seed-go" "$build/out/seed-rust" "$build/bin/"
		printf 'seeds %s\nsha256 prefix %s\nbuilt %s\n' "$seeds" "$hash" "$(date -u +%Y-%m-%dT%H:%MZ)" >"$build/bin/SOURCE"
		rm -rf "$dir" # an incomplete one, made by hand
		mv -T "$build/bin" "$dir"
	fi
fi
echo "seeds.sh: seed-go and seed-rust from $dir" >&2
echo "$dir"
