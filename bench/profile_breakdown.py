#!/usr/bin/env python3
"""Sorts the perf samples of bench/profile.sh into categories and prints CPU microseconds per operation.

Usage: profile_breakdown.py DIR [--top N]
DIR holds NAME-KIND.data (perf record), NAME-KIND.ops ("operations ticks clk_tck wall_ms") and, for the JVM,
mta-sts.perf.map with NAME-KIND.pid (the JIT's symbols). KIND is ka (keep-alive requests) or hs (full handshakes).
The samples give each category's share; the process's own CPU ticks over the same load give the total, so a
category's us/op = share x server CPU / operations (the same us/op as anchors.sh).
"""
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict

# (category, dso pattern, symbol pattern); the first match wins, so the specific rows come first.
RULES = [
    # crypto inside BoringSSL (netty-tcnative) or ring (statically linked into seed-rust)
    ("crypto: X25519 / random", r"tcnative|seed-rust", r"(?i)x25519|25519|^fe4?_|^ge_|rand|getrandom|ctr_drbg"),
    ("crypto: P-256 / bignum", r"tcnative|seed-rust", r"(?i)p256|nistz|ecp_|ec_|bn_|ecdsa|scalar|fiat|felem|mont|limbs|point"),
    ("crypto: AES-GCM / ChaCha", r"tcnative|seed-rust", r"(?i)aes|gcm|ghash|gmult|chacha|poly1305|aead"),
    ("crypto: SHA / HKDF / HMAC", r"tcnative|seed-rust", r"(?i)sha|hkdf|hmac|digest|md_"),
    ("TLS state machine (BoringSSL / rustls)", r"tcnative|seed-rust", r"(?i)ssl|tls|rustls|handshake|record|hello|bssl|^CB[BS]_|^ERR_|^OPENSSL_|^CRYPTO_|_sk_|^sk_|^EVP_|^X509|^ASN1"),
    ("JNI glue (tcnative)", r"tcnative", r"(?i)netty|jni|Java_"),
    ("BoringSSL other", r"tcnative", r""),
    ("HTTP (hyper)", r"seed-rust", r"hyper"),
    ("runtime (tokio / mio)", r"seed-rust", r"tokio|mio"),
    ("allocator / memcpy", r"seed-rust", r"(?i)alloc|memcpy|memmove|bytes::"),
    ("seed-rust other", r"seed-rust", r""),
    ("kernel", r"kernel|vmlinux|\[k\]", r""),
    ("allocator / memcpy", r"libc", r"(?i)malloc|free|memcpy|memmove|memset|calloc|realloc|_int_|tcache|arena"),
    ("libc other", r"libc|ld-linux|libpthread", r""),
    ("JVM: GC", r"libjvm", r"(?i)gc|defnew|tenured|serial|oopclosure|copy|scavenge|mark|card|heap|promot|young|oldgen|space|generation"),
    ("JVM: JIT compiler", r"libjvm", r"(?i)compile|c2|c1|phase|node|parse|matcher|regalloc|pha|ciobject|ciMethod|graph|chaitin|lir|ir_|block|loop|type|split"),
    ("JVM: runtime (safepoints, JNI, locks)", r"libjvm", r""),
    ("epoll JNI", r"epoll|netty_transport", r""),
    # Java code compiled by the JIT (names from the perf map) or interpreted
    ("Java: interpreter / stubs", r"perf-|JIT|\[unknown\]", r"(?i)^interpreter|stub|adapter|^\[unknown\]|^0x"),
    ("Java: SslHandler + tcnative engine", r"perf-|JIT", r"io\.netty\.handler\.ssl|io/netty/handler/ssl|internal\.tcnative|internal/tcnative"),
    ("Java: HTTP codec", r"perf-|JIT", r"io\.netty\.handler\.codec|io/netty/handler/codec"),
    ("Java: buffers / allocator", r"perf-|JIT", r"io\.netty\.buffer|io/netty/buffer|io\.netty\.util\.Recycler|io/netty/util/Recycler"),
    ("Java: channel pipeline / event loop", r"perf-|JIT", r"io\.netty\.channel|io/netty/channel|io\.netty\.util|io/netty/util"),
    ("Java: mta-sts handlers", r"perf-|JIT", r"dev\.mtasts|dev/mtasts"),
    ("Java: metrics", r"perf-|JIT", r"prometheus"),
    ("Java: JDK", r"perf-|JIT", r"java\.|java/|jdk\.|jdk/|sun\.|sun/"),
    ("Java: other", r"perf-|JIT", r""),
]
COMPILED = [(c, re.compile(d), re.compile(s)) for c, d, s in RULES]
LINE = re.compile(r"^\s*([\d.]+)%\s*\|(.*?)\|(.*)$")


def category(dso, sym):
    for name, d, s in COMPILED:
        if d.search(dso) and s.search(sym):
            return name
    return "other: " + os.path.basename(dso)


def report(directory, name, kind):
    data = os.path.join(directory, f"{name}-{kind}.data")
    pid_file = os.path.join(directory, f"{name}-{kind}.pid")
    if os.path.exists(pid_file):  # perf reads JIT symbols from /tmp/perf-PID.map
        pid = open(pid_file).read().strip()
        target = f"/tmp/perf-{pid}.map"
        if not os.path.exists(target):
            shutil.copy(os.path.join(directory, "mta-sts.perf.map"), target)
    out = subprocess.run(["perf", "report", "-i", data, "--stdio", "-q", "--no-children", "--sort", "dso,sym",
                          "-t", "|", "--percent-limit", "0"], capture_output=True, text=True, check=True).stdout
    shares, symbols = defaultdict(float), []
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        pct, dso, sym = float(m.group(1)), m.group(2).strip(), m.group(3).strip()
        if sym.startswith("[k]"):
            dso = "[kernel]" if "kernel" not in dso else dso
        sym = re.sub(r"^\[[.kgu]\]\s*", "", sym)
        shares[category(dso, sym)] += pct
        symbols.append((pct, dso, sym))
    ops, ticks, hz, wall_ms = open(os.path.join(directory, f"{name}-{kind}.ops")).read().split()
    cpu_us = int(ticks) / int(hz) * 1e6
    per_op = cpu_us / max(int(ops), 1)
    return shares, symbols, per_op, int(ops), int(wall_ms)


def main():
    directory = sys.argv[1]
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 12
    names = [n for n in ("mta-sts", "seed-rust") if os.path.exists(os.path.join(directory, f"{n}-ka.data"))]
    for kind, title in (("ka", "keep-alive request"), ("hs", "new connection + full TLS handshake")):
        results = {n: report(directory, n, kind) for n in names}
        print(f"\n== server CPU per {title} (us), by category ==")
        cats = sorted({c for r in results.values() for c in r[0]},
                      key=lambda c: -max(r[0].get(c, 0) * r[2] for r in results.values()))
        print(f"{'category':44}" + "".join(f"{n:>12}" for n in names))
        for c in cats:
            row = [results[n][0].get(c, 0) / 100 * results[n][2] for n in names]
            if max(row) >= 0.05:
                print(f"{c:44}" + "".join(f"{v:12.2f}" for v in row))
        print(f"{'total (process CPU / operations)':44}" + "".join(f"{results[n][2]:12.2f}" for n in names))
        print(f"{'operations in the profiled load':44}" + "".join(f"{results[n][3]:12d}" for n in names))
        for n in names:
            print(f"\n-- {n}, {title}: top {top} symbols (% of its samples)")
            for pct, dso, sym in sorted(results[n][1], reverse=True)[:top]:
                print(f"  {pct:6.2f}%  {category(dso, sym)[:34]:34}  {sym[:90]}")


if __name__ == "__main__":
    main()
