#!/usr/bin/env python3
"""Reads the table anchors.sh printed and prints each performance goal as mta-sts / nginx (same run).

Usage: goals.py TABLE_FILE KEY_TYPE(ec|rsa)
"""
import sys


def rows(path):
    lines = [l.split() for l in open(path) if l.strip()]
    header = next(l for l in lines if l and l[0] == "target")
    return {l[0]: dict(zip(header, l)) for l in lines if l and l[0] in ("nginx", "caddy", "mta-sts", "bare-netty")}


def num(row, key):
    try:
        return float(row[key])
    except (KeyError, ValueError):
        return None


def main():
    table, key_type = sys.argv[1], sys.argv[2]
    r = rows(table)
    if "mta-sts" not in r or "nginx" not in r:
        print("goals: the table has no mta-sts or nginx row")
        return 1
    ours, nginx = r["mta-sts"], r["nginx"]
    print()
    print(f"Goals, mta-sts / nginx in this run, {key_type.upper()} certificate:")
    missed = 0

    def ratio(label, key, op, target):
        nonlocal missed
        a, b = num(ours, key), num(nginx, key)
        if a is None or b is None or b == 0:
            print(f"  {label:<44} n/a")
            return
        x = a / b
        ok = x >= target if op == ">=" else x <= target
        missed += not ok
        print(f"  {label:<44} {x:5.2f}x  (goal {op} {target})  {'met' if ok else 'MISSED'}   [{a:g} vs {b:g}]")

    def absolute(label, key, limit, unit):
        nonlocal missed
        a = num(ours, key)
        if a is None:
            print(f"  {label:<44} n/a")
            return
        ok = a <= limit
        missed += not ok
        print(f"  {label:<44} {a:g} {unit}  (goal <= {limit:g})  {'met' if ok else 'MISSED'}   [nginx {nginx.get(key, '-')}]")

    if key_type == "rsa":
        ratio("full handshakes, RSA-2048: rate", "HS_rps", ">=", 1.05)
    else:
        ratio("keep-alive: rate", "KA_rps", ">=", 1.5)
        ratio("keep-alive: server CPU per request", "KA_us", "<=", 0.6)
        ratio("keep-alive: p99", "KA_p99", "<=", 1.0)
        ratio("full handshakes: rate", "HS_rps", ">=", 1.25)
        ratio("full handshakes: server CPU per handshake", "HS_us", "<=", 0.65)
        ratio("full handshakes: p99", "HS_p99", "<=", 0.8)
        ratio("one fetch at a time, idle server: p99", "H1_p99", "<=", 0.8)
        absolute("peak RSS under load (launcher settings)", "HWM_MB", 100, "MB")
        absolute("start to first HTTPS response", "start_ms", 1000, "ms")
    rs, rs_nginx = num(ours, "RS_rps"), num(nginx, "RS_rps")
    if rs and rs_nginx:  # anchors.sh --resumed: reconnects that resume the TLS session (not a goal)
        print(f"  resumed reconnects (no goal): rate {rs / rs_nginx:.2f}x [{rs:g} vs {rs_nginx:g}], server CPU "
              f"{num(ours, 'RS_us') / num(nginx, 'RS_us'):.2f}x [{num(ours, 'RS_us'):g} vs {num(nginx, 'RS_us'):g} us]")
    bare = r.get("bare-netty")
    if bare:  # bench.sh --probe: the same load on Netty + BoringSSL with nothing else (not a goal)
        for label, key in (("keep-alive CPU per request", "KA_us"), ("CPU per full handshake", "HS_us")):
            a, b, n = num(ours, key), num(bare, key), num(nginx, key)
            if a and b and n:
                print(f"  bare Netty probe (no goal): {label}: bare/nginx {b / n:.2f}x, mta-sts/bare {a / b:.2f}x")
    cli = num(ours, "KA_cli")
    if cli is not None and cli >= 0.9:
        print(f"  note: wrk used {cli:g} cores during keep-alive (its cap is 1.0): the rate there is client-bound")
    print(f"  {missed} goal(s) missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
