#!/usr/bin/env python3
"""Resident memory of a process by mapping, from /proc/PID/smaps: usage memory_map.py PID [--top N].

Mappings of the same file add up; Netty's unpacked native libraries (random temporary names) are named by what
they are; anonymous mappings are one line. 'dirty' is the part that is the process's own (written: anonymous,
or a private file page it changed, such as a relocated CDS archive); the rest can be shared with other processes.
"""
import re
import sys
from collections import Counter

NAMES = [(re.compile(r"libnetty_tcnative"), "BoringSSL (netty-tcnative, unpacked)"),
         (re.compile(r"libnetty_transport_native_epoll"), "Netty epoll (unpacked)"),
         (re.compile(r"\.jsa$"), None)]


def label(path):
    for pattern, name in NAMES:
        if pattern.search(path):
            return name or path
    return path


def main():
    pid = sys.argv[1]
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 12
    rss, dirty, name = Counter(), Counter(), None
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                fields = line.split(maxsplit=5)
                name = label(fields[5].strip()) if len(fields) > 5 and fields[5].strip() else "[anonymous]"
            elif line.startswith("Rss:"):
                rss[name] += int(line.split()[1])
            elif line.startswith("Private_Dirty:"):
                dirty[name] += int(line.split()[1])
    print(f"  {'total':60} {sum(rss.values()) / 1024:7.1f} MB")
    shown = 0
    for n, kb in rss.most_common():
        if shown == top:
            rest = sum(rss.values()) - sum(v for m, v in rss.most_common(top))
            print(f"  {'(everything else)':60} {rest / 1024:7.1f} MB")
            break
        print(f"  {n[-60:]:60} {kb / 1024:7.1f} MB  (dirty {dirty[n] / 1024:.1f})")
        shown += 1


if __name__ == "__main__":
    main()
