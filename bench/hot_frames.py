#!/usr/bin/env python3
"""Reads `jfr print --events jdk.ExecutionSample` from stdin; prints the hottest top frames and the
project's own methods by inclusive samples."""
import collections
import re
import sys

top, inclusive, total = collections.Counter(), collections.Counter(), 0
for event in sys.stdin.read().split("jdk.ExecutionSample")[1:]:
    frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)
    if not frames:
        continue
    total += 1
    top[frames[0]] += 1
    for f in set(frames):
        inclusive[f] += 1
print(f"  {total} samples; top frames:")
for name, n in top.most_common(15):
    print(f"  {100.0 * n / total:5.1f}%  {name}")
print("  project methods (inclusive):")
for name, n in [(k, v) for k, v in inclusive.most_common() if k.startswith("dev.mtasts")][:15]:
    print(f"  {100.0 * n / total:5.1f}%  {name}")
