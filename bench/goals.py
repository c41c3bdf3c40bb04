#!/usr/bin/env python3
"""Reads the table anchors.sh printed and prints each performance goal as a ratio from that same run.

Round one: mta-sts / nginx (and two absolute limits). Round two: mta-sts / seed-rust and mta-sts / nginx,
with tighter absolute limits (ECDSA runs only: the round-two goals were set on P-256). Then, with no goal,
mta-sts's server CPU per keep-alive request and per full handshake against nginx and each seed in the table
(rows named seed-*, from bench.sh unless --no-seeds).

Usage: goals.py TABLE_FILE KEY_TYPE(ec|rsa)
"""
import sys

REFERENCES = ("nginx", "caddy", "mta-sts", "bare-netty")


def rows(path):
    lines = [l.split() for l in open(path) if l.strip()]
    header = next(l for l in lines if l and l[0] == "target")
    return {l[0]: dict(zip(header, l)) for l in lines
            if l and (l[0] in REFERENCES or l[0].startswith("seed-"))}


def num(row, key):
    try:
        return float(row[key])
    except (KeyError, TypeError, ValueError):
        return None


class Round:
    """One round of goals: prints each goal's line and counts the goals missed (a goal with no figure is n/a)."""

    def __init__(self, title, ours):
        self.ours, self.missed, self.unknown = ours, 0, 0
        print()
        print(title)

    def _verdict(self, label, shown, ok, detail):
        self.missed += not ok
        print(f"  {label:<54} {shown}  {'met' if ok else 'MISSED'}   [{detail}]")

    def _na(self, label, why):
        self.unknown += 1
        print(f"  {label:<54} {'n/a':>6}  ({why})")

    def ratio(self, label, key, op, target, ref, ref_name):
        a, b = num(self.ours, key), num(ref, key)
        if a is None or b is None or b == 0:
            return self._na(label, f"no {ref_name} figure" if ref is not None else f"no {ref_name} row")
        x = a / b
        ok = x >= target if op == ">=" else x <= target
        self._verdict(label, f"{x:5.2f}x  (goal {op} {target})", ok, f"{a:g} vs {b:g}")

    def absolute(self, label, key, limit, unit, nginx):
        a = num(self.ours, key)
        if a is None:
            return self._na(label, "no mta-sts figure")
        self._verdict(label, f"{a:g} {unit}  (goal <= {limit:g})", a <= limit,
                      f"nginx {(nginx or {}).get(key, '-')}")

    def close(self, name):
        unknown = f", {self.unknown} n/a" if self.unknown else ""
        print(f"  {name}: {self.missed} goal(s) missed{unknown}")


# Each round: ratios (label, column, goal operator, goal, reference row) and absolute limits (label, column,
# limit, unit) for mta-sts's row.
ROUND_ONE_RSA = ((("full handshakes, RSA-2048: rate", "HS_rps", ">=", 1.05, "nginx"),), ())
ROUND_ONE_EC = ((
    ("keep-alive: rate", "KA_rps", ">=", 1.5, "nginx"),
    ("keep-alive: server CPU per request", "KA_us", "<=", 0.6, "nginx"),
    ("keep-alive: p99", "KA_p99", "<=", 1.0, "nginx"),
    ("full handshakes: rate", "HS_rps", ">=", 1.25, "nginx"),
    ("full handshakes: server CPU per handshake", "HS_us", "<=", 0.65, "nginx"),
    ("full handshakes: p99", "HS_p99", "<=", 0.8, "nginx"),
    ("one fetch at a time, idle server: p99", "H1_p99", "<=", 0.8, "nginx"),
), (
    ("peak RSS under load (launcher settings)", "HWM_MB", 100, "MB"),
    ("start to first HTTPS response", "start_ms", 1000, "ms"),
))
ROUND_TWO = ((
    ("keep-alive: server CPU per request / seed-rust", "KA_us", "<=", 1.0, "seed-rust"),
    ("keep-alive: server CPU per request / nginx", "KA_us", "<=", 0.6, "nginx"),
    ("full handshakes: server CPU per handshake / seed-rust", "HS_us", "<=", 1.0, "seed-rust"),
    ("full handshakes: server CPU per handshake / nginx", "HS_us", "<=", 0.65, "nginx"),
    ("keep-alive: p99 / seed-rust", "KA_p99", "<=", 1.0, "seed-rust"),
), (
    ("peak RSS under load (launcher settings)", "HWM_MB", 64, "MB"),
    ("start to first HTTPS response", "start_ms", 500, "ms"),
))


def measure(name, title, goals, r):
    ratios, limits = goals
    g = Round(title, r["mta-sts"])
    for label, key, op, target, ref in ratios:
        g.ratio(label, key, op, target, r.get(ref), ref)
    for label, key, limit, unit in limits:
        g.absolute(label, key, limit, unit, r.get("nginx"))
    g.close(name)


def per_reference(ours, r):
    """mta-sts's CPU per operation over each reference's, no goal: where we stand against each server."""
    names = ["nginx"] + sorted(n for n in r if n.startswith("seed-"))
    shown = [n for n in names if n in r]
    if shown:
        print()
        print("Server CPU per operation, mta-sts / each reference in this run (no goal; < 1 = mta-sts cheaper):")
    for name in shown:
        parts = []
        for label, key in (("us/request (keep-alive)", "KA_us"), ("us/handshake (full)", "HS_us")):
            a, b = num(ours, key), num(r[name], key)
            parts.append(f"{label} {a / b:.2f}x [{a:g} vs {b:g}]" if a and b else f"{label} n/a")
        print(f"  mta-sts / {name:<10} {', '.join(parts)}")


def main():
    table, key_type = sys.argv[1], sys.argv[2]
    r = rows(table)
    if "mta-sts" not in r:
        print("goals: the table has no mta-sts row")
        return 1
    ours, nginx = r["mta-sts"], r.get("nginx")
    measure("round one", f"Round one goals, mta-sts / nginx in this run, {key_type.upper()} certificate:",
            ROUND_ONE_RSA if key_type == "rsa" else ROUND_ONE_EC, r)
    if key_type != "rsa":
        measure("round two", "Round two goals, mta-sts / seed-rust and mta-sts / nginx in this run:", ROUND_TWO, r)
    per_reference(ours, r)
    rs, rs_nginx = num(ours, "RS_rps"), num(nginx, "RS_rps")
    if rs and rs_nginx:  # anchors.sh --resumed: reconnects that resume the TLS session (not a goal)
        print(f"  resumed reconnects / nginx (no goal): rate {rs / rs_nginx:.2f}x [{rs:g} vs {rs_nginx:g}], server CPU "
              f"{num(ours, 'RS_us') / num(nginx, 'RS_us'):.2f}x [{num(ours, 'RS_us'):g} vs {num(nginx, 'RS_us'):g} us]")
    bare = r.get("bare-netty")
    if bare and nginx:  # bench.sh --probe: the same load on Netty + BoringSSL with nothing else (not a goal)
        for label, key in (("keep-alive CPU per request", "KA_us"), ("CPU per full handshake", "HS_us")):
            a, b, n = num(ours, key), num(bare, key), num(nginx, key)
            if a and b and n:
                print(f"  bare Netty probe (no goal): {label}: bare/nginx {b / n:.2f}x, mta-sts/bare {a / b:.2f}x")
    cli = num(ours, "KA_cli")
    if cli is not None and cli >= 0.9:
        print(f"  note: wrk used {cli:g} cores during keep-alive (its cap is 1.0): the rate there is client-bound")
    return 0


if __name__ == "__main__":
    sys.exit(main())
