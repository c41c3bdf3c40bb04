#!/usr/bin/env python3
"""Fault-injecting TCP proxy for faults-lab.sh: listens on 127.0.0.1:LISTEN and forwards to 127.0.0.1:UPSTREAM.

The first word of CONTROL_FILE, read for every connection and every chunk, sets the mode:
  up          forward everything
  down        close the listening socket and every open connection (clients get "connection refused",
              as when the CA's process is stopped)
  slow SECS   forward, but hold every chunk a client sends for SECS seconds (a slow CA)
Every accepted connection and mode change is logged to LOG_FILE as "<unix time> <event>".
Usage: fault-proxy.py LISTEN UPSTREAM CONTROL_FILE LOG_FILE   (stop it with SIGTERM; run it under timeout)
"""
import socket
import sys
import threading
import time

LISTEN, UPSTREAM, CONTROL, LOG = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
open_sockets = set()
guard = threading.Lock()


def mode():
    try:
        with open(CONTROL) as f:
            words = f.read().split()
    except OSError:
        words = []
    return words or ["up"]


def note(event):
    with open(LOG, "a") as f:
        f.write(f"{time.time():.3f} {event}\n")


def close_quietly(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


def pump(src, dst, from_client):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            words = mode()
            if from_client and words[0] == "slow":
                time.sleep(float(words[1]))
            dst.sendall(data)
    except OSError:
        pass
    finally:
        close_quietly(src)
        close_quietly(dst)


def relay(client):
    try:
        upstream = socket.create_connection(("127.0.0.1", UPSTREAM), timeout=5)
        upstream.settimeout(None)
    except OSError:
        close_quietly(client)
        return
    with guard:
        open_sockets.update((client, upstream))
    back = threading.Thread(target=pump, args=(upstream, client, False), daemon=True)
    back.start()
    pump(client, upstream, True)
    back.join()
    with guard:
        open_sockets.difference_update((client, upstream))


def main():
    listener = None
    while True:
        if mode()[0] == "down":
            if listener is not None:
                listener.close()
                listener = None
                with guard:
                    for s in list(open_sockets):
                        close_quietly(s)
                note("down")
            time.sleep(0.05)
            continue
        if listener is None:
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", LISTEN))
            listener.listen(64)
            listener.settimeout(0.05)
            note("up")
        try:
            client, _ = listener.accept()
        except socket.timeout:
            continue
        client.settimeout(None)
        note("connection")
        threading.Thread(target=relay, args=(client,), daemon=True).start()


if __name__ == "__main__":
    main()
