#!/usr/bin/env python3
"""Full TLS handshakes + one GET each, with a random SNI among N policy hosts (or always the first),
from several processes for a fixed time. Prints "handshakes errors seconds" on the last line.

Usage: sni_load.py PORT N DURATION_S PROCS random|single
Hosts are mta-sts.d0.example ... mta-sts.d{N-1}.example (bench/scale.sh makes them).
"""
import multiprocessing
import random
import socket
import ssl
import sys
import time


def worker(port, n, until, mode, seed, out):
    rnd = random.Random(seed)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # self-signed benchmark certificates; the check is the 200 below
    done = errors = 0
    while time.monotonic() < until:
        host = f"mta-sts.d{rnd.randrange(n) if mode == 'random' else 0}.example"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
                raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # else Nagle holds the request ~40 ms
                with ctx.wrap_socket(raw, server_hostname=host) as s:
                    s.sendall(f"GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
                    data = b""
                    while True:
                        chunk = s.recv(4096)
                        if not chunk:
                            break
                        data += chunk
            if data.startswith(b"HTTP/1.1 200"):
                done += 1
            else:
                errors += 1
        except OSError:
            errors += 1
    out.put((done, errors))


def main():
    port, n, duration, procs, mode = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    until = time.monotonic() + duration
    out = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=worker, args=(port, n, until, mode, 7919 * i + 1, out)) for i in range(procs)]
    start = time.monotonic()
    for w in workers:
        w.start()
    results = [out.get() for _ in workers]
    for w in workers:
        w.join()
    print(sum(r[0] for r in results), sum(r[1] for r in results), round(time.monotonic() - start, 2))


if __name__ == "__main__":
    main()
