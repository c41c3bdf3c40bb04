#!/usr/bin/env python3
"""Hostile clients for `mta-sts serve` on loopback: a seeded generator of malformed input, slow and
idle connections, and a well-formed client that must see zero errors meanwhile.

    hostile.py bad  --https-port P --http-port P [--seed S] [--count N | --seconds S] ...
    hostile.py slow --https-port P --http-port P --idle N --loris N --tls-loris N ...
    hostile.py good --https-port P --seconds S
    hostile.py hold --https-port P --source ADDR --count N

Every run prints its seed and counts and ends with one line `RESULT ok` or `RESULT failed: ...`
(exit status 0 or 1). The inputs of `bad` are a pure function of the seed, except the random fields
TLS itself puts in each ClientHello. Only the Python 3 standard library is used.
"""
import argparse
import asyncio
import collections
import functools
import json
import multiprocessing
import random
import resource
import selectors
import socket
import ssl
import sys
import time

POLICY_PATH = "/.well-known/mta-sts.txt"
H2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
H2_SETTINGS = b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


@functools.lru_cache(maxsize=None)
def client_tls(alpn=True):
    """One client context per process: creating one loads the system CAs (tens of milliseconds)."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if alpn:
        ctx.set_alpn_protocols(["http/1.1"])
    return ctx


def client_hello(server_name):
    """The bytes of a real ClientHello, as Python's TLS stack would send it."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = client_tls().wrap_bio(incoming, outgoing, server_hostname=server_name)
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


# ---------------------------------------------------------------- input generator

class Generator:
    """Malformed and hostile inputs, as (category, transport, payload bytes, expectation).

    transport: "tls" (inside a TLS session with a valid SNI on the HTTPS port), "raw-https" (raw
    bytes on the HTTPS port), "plain" (the plain HTTP port), "sni" (a TLS handshake with the payload
    as SNI name, or None). expectation: "4xx" (a 4xx answer or a close), "any" (any answer below 500
    or a close: a mutation may still be a valid request), "refused" (no TLS session, no certificate).
    """

    HTTP_CATEGORIES = ["random_bytes", "broken_request_line", "huge_uri", "huge_headers", "many_headers",
                       "invalid_method", "body_on_get", "bad_framing", "bad_host", "pipeline_flood",
                       "h2_preface", "mutated_request", "truncated_request", "control_bytes"]
    RAW_HTTPS_CATEGORIES = ["plain_http_on_tls", "tls_garbage", "truncated_handshake", "mutated_client_hello",
                            "random_bytes_raw", "sslv2_hello", "h2_preface_raw"]
    SNI_CATEGORIES = ["unknown_sni", "no_sni"]
    PLAIN_EXTRA = ["tls_on_plain"]

    def __init__(self, seed, host, https_port, only=None):
        self.rnd = random.Random(seed)
        self.host = host
        self.https_port = https_port
        self.hello = client_hello(host)
        self.kinds = ([(c, "tls") for c in self.HTTP_CATEGORIES] + [(c, "plain") for c in self.HTTP_CATEGORIES]
                      + [(c, "raw-https") for c in self.RAW_HTTPS_CATEGORIES] + [(c, "sni") for c in self.SNI_CATEGORIES]
                      + [(c, "plain") for c in self.PLAIN_EXTRA])
        if only:
            self.kinds = [k for k in self.kinds if k[0] in only.split(",") or f"{k[0]}@{k[1]}" in only.split(",")]

    def next(self):
        category, transport = self.rnd.choice(self.kinds)
        payload, expect = getattr(self, "_" + category)(transport)
        return category, transport, payload, expect

    # helpers
    def _bytes(self, lo, hi):
        return self.rnd.randbytes(self.rnd.randint(lo, hi))

    def _valid(self, method="GET", path=POLICY_PATH, extra=b""):
        port = f":{self.https_port}" if self.rnd.random() < 0.3 else ""
        return (f"{method} {path} HTTP/1.1\r\nHost: {self.host}{port}\r\nUser-Agent: hostile\r\n".encode()
                + extra + b"\r\n")

    def _token(self, lo, hi, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
        return "".join(self.rnd.choice(alphabet) for _ in range(self.rnd.randint(lo, hi)))

    # HTTP-level inputs (inside TLS and on the plain port)
    def _random_bytes(self, _t):
        return self._bytes(1, 4096), "4xx"

    def _random_bytes_raw(self, _t):
        return self._bytes(1, 4096), "4xx"

    def _broken_request_line(self, _t):
        variants = [
            b"GET\r\n\r\n", b"GET /\r\n\r\n", b"GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET / HTTP/9.9\r\nHost: " + self.host.encode() + b"\r\n\r\n",
            b"GET / HTTP/1.1 extra\r\n\r\n", b"GET / FOO/1.1\r\n\r\n", b" / HTTP/1.1\r\n\r\n",
            b"GET " + POLICY_PATH.encode() + b" HTTP/1.1\nHost: " + self.host.encode() + b"\n\n",
            b"GET " + POLICY_PATH.encode() + b" HTTP/1.1\rHost: x\r\r",
            b"\r\n\r\n\r\n", b"HTTP/1.1 200 OK\r\n\r\n", b"GET http://[::1/ HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\n: novalue\r\n\r\n", b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
            b"GET %zz%00 HTTP/1.1\r\nHost: x\r\n\r\n", b"GET / HTTP/1.\r\n\r\n", b"GET / HTTP/01.01\r\n\r\n",
        ]
        return self.rnd.choice(variants), "any"

    def _huge_uri(self, _t):
        n = self.rnd.choice([4097, 5000, 8192, 16384, 65536, 262144])
        return b"GET /" + b"a" * n + b" HTTP/1.1\r\nHost: " + self.host.encode() + b"\r\n\r\n", "4xx"

    def _huge_headers(self, _t):
        n = self.rnd.choice([8193, 10000, 32768, 131072, 1048576])
        return self._valid(extra=b"X-Big: " + b"b" * n + b"\r\n"), "4xx"

    def _many_headers(self, _t):
        n = self.rnd.choice([1100, 2000, 5000, 20000])  # 8 KiB of headers at most
        return self._valid(extra=b"".join(b"X-%d: v\r\n" % i for i in range(n))), "4xx"

    def _invalid_method(self, _t):
        method = self.rnd.choice([self._token(1, 20), "CONNECT", "TRACE", "PUT", "DELETE", "OPTIONS", "PATCH",
                                  "get", "G\x01T", "GET\x7f", self._token(200, 3000)])
        return self._valid(method=method), "4xx"

    def _body_on_get(self, _t):
        body = self._bytes(0, 2048)
        variants = [
            self._valid(extra=b"Content-Length: %d\r\n" % len(body)) + body,
            self._valid(extra=b"Transfer-Encoding: chunked\r\n") + b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n",
            self._valid(extra=b"Content-Length: %d\r\n" % (len(body) + 100000)) + body,
            self._valid(extra=b"Content-Length: 99999999999999999999\r\n") + body,
        ]
        return self.rnd.choice(variants), "any"

    def _bad_framing(self, _t):
        variants = [
            b"Content-Length: -1\r\n", b"Content-Length: 12abc\r\n", b"Content-Length: 5\r\nContent-Length: 6\r\n",
            b"Transfer-Encoding: chunked\r\nContent-Length: 10\r\n", b"Transfer-Encoding: gzip, chunked\r\n",
            b"Transfer-Encoding: xchunked\r\n", b"Transfer-Encoding : chunked\r\n",
        ]
        tail = self.rnd.choice([b"", b"zz\r\nbad chunk\r\n", b"fffffffffffffffff\r\n", b"0\r\n\r\n", self._bytes(1, 64)])
        return self._valid(extra=self.rnd.choice(variants)) + tail, "any"

    def _bad_host(self, _t):
        hosts = [b"", b" ", b"[", b"[::1", b"a" * 5000, b"\xff\xfe", b"mta-sts.example.com\x00.evil",
                 b"MTA-STS.EXAMPLE.COM.", self.host.encode() + b":99999", b"..", b"%00"]
        variants = [
            b"GET " + POLICY_PATH.encode() + b" HTTP/1.1\r\nHost: " + self.rnd.choice(hosts) + b"\r\n\r\n",
            b"GET " + POLICY_PATH.encode() + b" HTTP/1.1\r\nHost: a\r\nHost: " + self.host.encode() + b"\r\n\r\n",
            b"GET " + POLICY_PATH.encode() + b" HTTP/1.1\r\n\r\n",
            b"GET " + POLICY_PATH.encode() + b" HTTP/1.0\r\n\r\n",
            b"GET " + POLICY_PATH.encode() + b" HTTP/1.1\r\nHost:\r\n " + self.host.encode() + b"\r\n\r\n",
            b"GET https://other.example/" + POLICY_PATH.encode() + b" HTTP/1.1\r\nHost: " + self.host.encode() + b"\r\n\r\n",
        ]
        return self.rnd.choice(variants), "any"

    def _pipeline_flood(self, _t):
        n = self.rnd.choice([50, 200, 1000])
        reqs = [self._valid(path=self.rnd.choice([POLICY_PATH, "/", "/x"])) for _ in range(n)]
        if self.rnd.random() < 0.5:
            reqs.insert(self.rnd.randrange(len(reqs)), self._bytes(1, 100) + b"\r\n\r\n")
        return b"".join(reqs), "any"

    def _h2_preface(self, _t):
        return H2_PREFACE + H2_SETTINGS + self._bytes(0, 64), "4xx"

    def _h2_preface_raw(self, _t):
        return H2_PREFACE + H2_SETTINGS, "4xx"

    def _mutated_request(self, _t):
        data = bytearray(self._valid(path=self.rnd.choice([POLICY_PATH, "/", "/a?b#c"])))
        for _ in range(self.rnd.randint(1, 8)):
            op, pos = self.rnd.randrange(6), self.rnd.randrange(len(data))
            if op == 0:
                data[pos] = self.rnd.getrandbits(8)
            elif op == 1:
                data.insert(pos, self.rnd.choice(b"\x00\r\n :%\xff\t/"))
            elif op == 2 and len(data) > 4:
                del data[pos]
            elif op == 3:
                end = min(len(data), pos + self.rnd.randint(1, 16))
                data[pos:pos] = data[pos:end] * self.rnd.randint(2, 300)
            elif op == 4:
                data[pos] = data[pos] ^ (1 << self.rnd.randrange(8))
            else:
                data[pos:pos] = b"\r\n"
        return bytes(data), "any"

    def _truncated_request(self, _t):
        full = self._valid()
        return full[:self.rnd.randint(1, len(full) - 3)], "4xx"

    def _control_bytes(self, _t):
        bad = bytes([self.rnd.choice([0, 1, 8, 0x0b, 0x0c, 0x1b, 0x7f, 0x80, 0xff])])
        full = bytearray(self._valid())
        pos = self.rnd.randrange(len(full))
        return bytes(full[:pos] + bad + full[pos:]), "any"

    # TLS port, raw bytes
    def _plain_http_on_tls(self, _t):
        return self._valid(), "4xx"

    def _tls_garbage(self, _t):
        content_type = self.rnd.choice([0x14, 0x15, 0x16, 0x17, 0x18, 0xff])
        body = self._bytes(0, 2000)
        length = self.rnd.choice([len(body), 0, 0xffff, self.rnd.randrange(0x10000)])
        return bytes([content_type, 3, self.rnd.randrange(5)]) + length.to_bytes(2, "big") + body, "4xx"

    def _truncated_handshake(self, _t):
        return self.hello[:self.rnd.randint(1, len(self.hello) - 1)], "4xx"

    def _mutated_client_hello(self, _t):
        data = bytearray(self.hello)
        for _ in range(self.rnd.randint(1, 10)):
            data[self.rnd.randrange(len(data))] = self.rnd.getrandbits(8)
        return bytes(data), "4xx"

    def _sslv2_hello(self, _t):
        return bytes([0x80, 0x2e, 0x01, 0x00, 0x02, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10]) + self._bytes(37, 37), "4xx"

    def _tls_on_plain(self, _t):
        return self.hello, "4xx"

    # handshakes with a bad server name
    def _unknown_sni(self, _t):
        return self.rnd.choice(["www." + self.host, "unknown.example", "mta-sts.example.org", "localhost",
                                self._token(1, 60, "abcdefghijklmnopqrstuvwxyz0123456789") + ".example"]), "refused"

    def _no_sni(self, _t):
        return None, "refused"


# ---------------------------------------------------------------- sending one input

class Outcome:
    def __init__(self, kind, status=None, detail=""):
        self.kind, self.status, self.detail = kind, status, detail  # kind: answer, close, reset, refused, hang, tls

    def label(self):
        return f"{self.status}" if self.kind == "answer" else self.kind


def parse_statuses(data):
    """Status codes of the HTTP/1.x responses in data; None when data is not HTTP at all."""
    if not data.startswith(b"HTTP/1."):
        return None
    codes = []
    for line in data.split(b"\r\n"):
        if line.startswith(b"HTTP/1.") and len(line) >= 12 and line[9:12].isdigit():
            codes.append(int(line[9:12]))
    return codes or None


def response_complete(data):
    head_end = data.find(b"\r\n\r\n")
    if head_end < 0:
        return False
    length = 0
    for line in data[:head_end].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip() or b"0")
    return len(data) >= head_end + 4 + length


async def read_answer(reader, deadline):
    """Reads until the server closes or, after a complete response, falls silent for 0.3 s."""
    data = b""
    loop = asyncio.get_running_loop()
    while True:
        left = deadline - loop.time()
        if left <= 0:
            return data, "hang"
        wait = min(left, 0.3) if response_complete(data) else left
        try:
            chunk = await asyncio.wait_for(reader.read(65536), wait)
        except asyncio.TimeoutError:
            if response_complete(data):
                return data, "done"
            continue
        except (ConnectionResetError, BrokenPipeError):
            return data, "reset"
        except (ssl.SSLError, OSError) as e:
            return data, "reset" if data else f"tls:{type(e).__name__}"
        if not chunk:
            return data, "eof"
        if len(data) < 4 << 20:
            data += chunk


async def send_one(args, category, transport, payload, expect):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + args.hang_after
    port = args.http_port if transport == "plain" else args.https_port
    if transport == "sni":
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(
                args.host, port, ssl=client_tls(), server_hostname=payload or None), args.hang_after)
        except asyncio.TimeoutError:
            return Outcome("hang", detail="handshake did not end")
        except (ssl.SSLError, ConnectionError, OSError) as e:
            return Outcome("refused", detail=type(e).__name__)
        cert = writer.get_extra_info("ssl_object").getpeercert(binary_form=True)
        writer.close()
        return Outcome("tls", detail=f"handshake succeeded for SNI {payload!r}, certificate {len(cert or b'')} bytes")
    try:
        ssl_ctx = client_tls() if transport == "tls" else None
        reader, writer = await asyncio.wait_for(asyncio.open_connection(
            args.host, port, ssl=ssl_ctx, server_hostname=args.sni if ssl_ctx else None), args.hang_after)
    except asyncio.TimeoutError:
        return Outcome("hang", detail="connect/handshake timed out")
    except (ssl.SSLError, OSError) as e:
        took = args.hang_after - (deadline - loop.time())
        if args.idle_timeout and took >= args.idle_timeout - 0.1:
            # we stalled mid-handshake for the whole idle timeout (an overloaded client): the server
            # rightly closed the silent connection
            return Outcome("timeout_close", detail=f"{e!r} after {took:.1f} s")
        return Outcome("connect_error", detail=f"{e!r} after {took:.1f} s")
    try:
        try:
            writer.write(payload)
            await asyncio.wait_for(writer.drain(), max(0.1, deadline - loop.time()))
        except asyncio.TimeoutError:
            return Outcome("hang", detail="server stopped reading but kept the connection")
        except (ConnectionResetError, BrokenPipeError, ssl.SSLError, OSError):
            pass  # closed while we were still sending: read what it answered before that
        data, end = await read_answer(reader, deadline)
    finally:
        writer.transport.abort()
    if end == "hang" and not data:
        return Outcome("hang", detail="no answer and no close")
    if not data:
        return Outcome("reset" if end == "reset" else "close")
    if transport == "raw-https" and data[:1] in (b"\x15", b"\x16"):
        return Outcome("tls", detail="alert" if data[:1] == b"\x15" else "handshake (the mutation left a valid hello)")
    codes = parse_statuses(data)
    if codes is None:
        return Outcome("garbage", detail=repr(data[:60]))
    return Outcome("answer", status=codes[0], detail=f"{len(codes)} responses")


def judge(outcome, expect):
    """None when the outcome is acceptable for the expectation, else why it is not."""
    if outcome.kind in ("hang", "garbage", "connect_error"):
        return f"{outcome.kind}: {outcome.detail}"
    if expect == "refused":
        return None if outcome.kind == "refused" else f"expected no TLS session: {outcome.detail}"
    if outcome.kind == "tls":
        return None if expect == "4xx" else f"unexpected TLS alert"
    if outcome.kind == "answer":
        if outcome.status >= 500:
            return f"server error {outcome.status}"
        if expect == "4xx" and not 400 <= outcome.status < 500:
            return f"expected 4xx, got {outcome.status}"
    return None


# ---------------------------------------------------------------- well-formed client

class IdleClosed(ConnectionError):
    """A reused connection closed before any byte of the answer: the server's idle timeout won the
    race with our request. Every HTTP client retries that once on a new connection (RFC 9112 §9.3.1)."""


class GoodClient:
    """Fetches the policy in a loop, alternately on a kept-alive connection and with a new handshake
    each time; every answer must be 200 with the policy. Runs in its own process, so that the load
    generated here never delays it (one interpreter lock)."""

    def __init__(self, args, pause=0.02):
        self.args, self.pause = args, pause
        self.stop_flag = multiprocessing.Event()
        self.results = multiprocessing.Queue()
        self.process = multiprocessing.Process(target=self._run, daemon=True)
        self.ok = 0
        self.reconnects = 0
        self.errors = []
        self.latencies = []

    def start(self):
        self.process.start()

    def _run(self):
        asyncio.run(self._loop())
        self.results.put((self.ok, self.reconnects, self.errors, self.latencies))

    def stop(self):
        self.stop_flag.set()
        try:
            self.ok, self.reconnects, self.errors, self.latencies = self.results.get(timeout=30)
        except Exception as e:
            self.errors.append(f"the well-formed client did not report: {e!r}")
        self.process.join(5)

    async def _fetch(self, conn):
        request = (f"GET {POLICY_PATH} HTTP/1.1\r\nHost: {self.args.sni}\r\n\r\n").encode()
        reader, writer = conn
        writer.write(request)
        data = b""
        while not response_complete(data):
            chunk = await asyncio.wait_for(reader.read(65536), 5)
            if not chunk:
                raise (IdleClosed() if not data else ConnectionError("closed before a full response"))
            data += chunk
        if not data.startswith(b"HTTP/1.1 200 ") or b"version: STSv1" not in data:
            raise ValueError(f"bad answer {data[:80]!r}")

    async def _connect(self):
        return await asyncio.wait_for(asyncio.open_connection(
            self.args.host, self.args.https_port, ssl=client_tls(), server_hostname=self.args.sni), 5)

    async def _loop(self):
        kept = None
        i = 0
        while not self.stop_flag.is_set():
            i += 1
            start = time.monotonic()
            try:
                if i % 2 == 0:
                    conn = await self._connect()
                    await self._fetch(conn)
                    conn[1].close()
                else:
                    if kept is None:
                        kept = await self._connect()
                    try:
                        await self._fetch(kept)
                    except IdleClosed:
                        self.reconnects += 1
                        kept[1].close()
                        kept = await self._connect()
                        await self._fetch(kept)
                self.ok += 1
                self.latencies.append(time.monotonic() - start)
            except Exception as e:  # every failure of a well-formed request counts
                self.errors.append(f"{time.strftime('%H:%M:%S')} {'new' if i % 2 == 0 else 'kept'}: {e!r}")
                if kept is not None:
                    kept[1].close()
                kept = None
            await asyncio.sleep(self.pause)
        if kept is not None:
            kept[1].close()

    def report(self, p99_limit_ms=None, max_limit_ms=None):
        """Prints the figures; returns the problems (no success, any error, fetches over the limits)."""
        s = self.summary()
        print("good client: " + json.dumps(s))
        for e in self.errors[:10]:
            print("  " + e)
        problems = []
        if s["errors"] or s["ok"] == 0:
            problems.append(f"well-formed client: {s['errors']} errors, {s['ok']} ok")
        if p99_limit_ms is not None and s["p99_ms"] > p99_limit_ms:
            problems.append(f"well-formed client: p99 {s['p99_ms']} ms (limit {p99_limit_ms})")
        if max_limit_ms is not None and s["max_ms"] > max_limit_ms:
            problems.append(f"well-formed client: slowest fetch {s['max_ms']} ms (limit {max_limit_ms})")
        return problems

    def summary(self):
        lat = sorted(self.latencies) or [0.0]
        return {"ok": self.ok, "errors": len(self.errors), "idle_reconnects": self.reconnects, "p50_ms": round(lat[len(lat) // 2] * 1000, 1),
                "p99_ms": round(lat[int(len(lat) * 0.99)] * 1000, 1), "max_ms": round(lat[-1] * 1000, 1)}


# ---------------------------------------------------------------- commands

async def run_bad(args):
    gen = Generator(args.seed, args.sni, args.https_port, args.only)
    sem = asyncio.Semaphore(args.concurrency)
    by_category = collections.Counter()
    answers = collections.Counter()
    failures = []
    loop = asyncio.get_running_loop()
    end_at = loop.time() + args.seconds if args.seconds else None

    async def one(index, category, transport, payload, expect):
        async with sem:
            try:
                outcome = await send_one(args, category, transport, payload, expect)
            except Exception as e:  # a bug of ours or an unexpected server behaviour: count it
                outcome = Outcome("garbage", detail=f"client exception {e!r}")
            by_category[f"{category}@{transport}"] += 1
            answers[outcome.label()] += 1
            why = judge(outcome, expect)
            if why:
                failures.append(f"#{index} {category}@{transport}: {why}")

    tasks = set()
    index = 0
    while (index < args.count) if end_at is None else (loop.time() < end_at):
        category, transport, payload, expect = gen.next()
        while len(tasks) >= args.concurrency * 2:
            _, tasks = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        tasks.add(asyncio.create_task(one(index, category, transport, payload, expect)))
        index += 1
        if args.rate:
            await asyncio.sleep(1.0 / args.rate)
    if tasks:
        await asyncio.wait(tasks)
    return index, by_category, answers, failures


def cmd_bad(args):
    print(f"hostile bad: seed {args.seed}, "
          + (f"count {args.count}" if not args.seconds else f"for {args.seconds} s"), flush=True)
    good = GoodClient(args) if args.with_good else None
    if good:
        good.start()
    started = time.monotonic()
    tried, by_category, answers, failures = asyncio.run(run_bad(args))
    took = time.monotonic() - started
    if good:
        good.stop()
    print(f"inputs tried: {tried} in {took:.1f} s (seed {args.seed})")
    print("by category: " + ", ".join(f"{k}={v}" for k, v in sorted(by_category.items())))
    print("answers: " + ", ".join(f"{k}={v}" for k, v in sorted(answers.items())))
    print(f"failures: {len(failures)}")
    for f in failures[:30]:
        print("  " + f)
    problems = []
    if failures:
        problems.append(f"{len(failures)} inputs got a bad answer")
    if good:
        problems += good.report()
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"seed": args.seed, "tried": tried, "by_category": by_category, "answers": answers,
                       "failures": len(failures), "good": good.summary() if good else None}, f)
    print("RESULT " + ("ok" if not problems else "failed: " + "; ".join(problems)))
    return 0 if not problems else 1


class SlowConnections:
    """Idle and slowloris connections driven by one selector loop (cheap enough for thousands):
    idle ones send nothing; slowloris ones send a request line and then one byte of a header line
    that never ends every --trickle seconds. Records when the server closes each one."""

    def __init__(self, args):
        self.args = args
        self.sel = selectors.DefaultSelector()
        self.opened = {}  # socket -> (kind, opened at)
        self.closed = collections.defaultdict(list)  # kind -> seconds until the server closed it
        self.errors = collections.Counter()
        self.head = f"GET {POLICY_PATH} HTTP/1.1\r\nHost: {args.sni}\r\n".encode()
        self.next_trickle = time.monotonic()

    def open(self, kind, source):
        port = self.args.http_port if kind == "loris" else self.args.https_port
        started = time.monotonic()
        try:
            sock = socket.create_connection((self.args.host, port), timeout=5, source_address=(source, 0))
            if kind == "tls-loris":
                sock = client_tls().wrap_socket(sock, server_hostname=self.args.sni)
            if kind != "idle":
                sock.sendall(self.head)
            sock.setblocking(False)
        except OSError as e:
            self.errors[f"{kind}: {type(e).__name__}"] += 1
            return
        self.opened[sock] = (kind, started)
        self.sel.register(sock, selectors.EVENT_READ)

    def _close(self, sock):
        kind, started = self.opened.pop(sock)
        self.closed[kind].append(time.monotonic() - started)
        self.sel.unregister(sock)
        sock.close()

    def tick(self, wait=0.0):
        """Notices the connections the server closed; trickles a byte when it is time."""
        for key, _ in self.sel.select(wait):
            sock = key.fileobj
            try:
                data = sock.recv(4096)
                if data:
                    continue  # an answer before the close (e.g. 431) is fine: wait for the close
            except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
                continue
            except OSError:
                pass
            self._close(sock)
        if time.monotonic() >= self.next_trickle:
            self.next_trickle = time.monotonic() + self.args.trickle
            for sock, (kind, _) in list(self.opened.items()):
                if kind == "idle":
                    continue
                try:
                    sock.send(b"X")
                except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
                    pass
                except OSError:
                    self._close(sock)

    def still_open(self):
        counts = collections.Counter(kind for kind, _ in self.opened.values())
        for sock in list(self.opened):
            sock.close()
        return counts


def cmd_slow(args):
    limit = raise_fd_limit()
    print(f"hostile slow: {args.idle} idle, {args.loris} slowloris (plain port), {args.tls_loris} slowloris in TLS; "
          f"held up to {args.hold} s from {args.sources} addresses; fd limit {limit}", flush=True)
    good = GoodClient(args, pause=0.05)
    good.start()
    slow = SlowConnections(args)
    sources = [f"{args.source_prefix}.{i}" for i in range(1, args.sources + 1)]
    plan = ["tls-loris"] * args.tls_loris + ["loris"] * args.loris + ["idle"] * args.idle
    started = time.monotonic()
    for i, kind in enumerate(plan):
        slow.open(kind, sources[i % len(sources)])
        slow.tick()
        if i + 1 == len(plan) or plan[i + 1] != kind:
            print(f"opened {kind} connections by {time.monotonic() - started:.1f} s", flush=True)
    opened = time.monotonic()
    while slow.opened and time.monotonic() - opened < args.hold:
        slow.tick(0.05)
    still = slow.still_open()
    good.stop()
    problems = []
    for kind in ("idle", "loris", "tls-loris"):
        times = slow.closed.get(kind, [])
        line = f"{kind}: {len(times) + still[kind]} opened, {len(times)} closed by the server, {still[kind]} still open"
        if times:
            line += f"; closed after min {min(times):.1f} s, max {max(times):.1f} s"
            print(f"CLOSE {kind} {min(times):.2f} {max(times):.2f} {still[kind]}")
        print(line)
        if still[kind]:
            problems.append(f"{still[kind]} {kind} connections never closed by the server")
    if slow.errors:
        print("errors opening: " + ", ".join(f"{k}={v}" for k, v in slow.errors.items()))
        problems.append(f"{sum(slow.errors.values())} slow connections could not be opened")
    problems += good.report(args.p99_latency_ms, args.max_latency_ms)
    print("RESULT " + ("ok" if not problems else "failed: " + "; ".join(problems)))
    return 0 if not problems else 1


def cmd_good(args):
    good = GoodClient(args, pause=args.pause)
    good.start()
    time.sleep(args.seconds)
    good.stop()
    problems = good.report()
    print("RESULT " + ("ok" if not problems else "failed: " + "; ".join(problems)))
    return 0 if not problems else 1


def cmd_hold(args):
    """Opens --count plain TCP connections from --source, then one more; prints how many the server
    kept open for --hold seconds. Used to test the connection caps."""
    raise_fd_limit()
    socks, kept = [], 0
    for _ in range(args.count):
        s = socket.create_connection((args.host, args.https_port), timeout=5, source_address=(args.source, 0))
        socks.append(s)
    time.sleep(args.hold)
    for s in socks:
        s.setblocking(False)
        try:
            kept += 0 if s.recv(1) == b"" else 1
        except BlockingIOError:
            kept += 1  # nothing to read and not closed: still open
        except OSError:
            pass
    print(f"kept {kept} of {len(socks)}")
    for s in socks:
        s.close()
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("bad", "slow", "good", "hold"):
        s = sub.add_parser(name)
        s.add_argument("--host", default="127.0.0.1")
        s.add_argument("--https-port", type=int, required=True)
        s.add_argument("--http-port", type=int, default=0)
        s.add_argument("--sni", default="mta-sts.example.com", help="the served policy host")
        if name == "bad":
            s.add_argument("--seed", type=int, default=1)
            s.add_argument("--count", type=int, default=3000)
            s.add_argument("--seconds", type=float, default=0, help="run for this long instead of --count inputs")
            s.add_argument("--rate", type=float, default=0, help="inputs per second at most (0: as fast as possible)")
            s.add_argument("--concurrency", type=int, default=48)
            s.add_argument("--hang-after", type=float, default=8.0,
                           help="seconds after which an input without answer or close is a hang")
            s.add_argument("--with-good", action="store_true", help="run a well-formed client meanwhile")
            s.add_argument("--idle-timeout", type=float, default=0,
                           help="the server's idle timeout: a handshake we stalled for this long may be closed")
            s.add_argument("--json", help="write the figures to this file")
            s.add_argument("--only", help="comma-separated categories (or category@transport) to run")
        if name == "slow":
            s.add_argument("--idle", type=int, default=800)
            s.add_argument("--loris", type=int, default=800)
            s.add_argument("--tls-loris", type=int, default=400)
            s.add_argument("--hold", type=float, default=15.0, help="give up on a connection after this long")
            s.add_argument("--trickle", type=float, default=0.5, help="seconds between the bytes of a slowloris")
            s.add_argument("--sources", type=int, default=24, help="client addresses 127.0.1.1..N")
            s.add_argument("--source-prefix", default="127.0.1")
            s.add_argument("--p99-latency-ms", type=float, default=1000)
            s.add_argument("--max-latency-ms", type=float, default=3000)
        if name == "good":
            s.add_argument("--seconds", type=float, default=10)
            s.add_argument("--pause", type=float, default=0.02)
        if name == "hold":
            s.add_argument("--source", default="127.0.2.1")
            s.add_argument("--count", type=int, required=True)
            s.add_argument("--hold", type=float, default=1.0)
    args = p.parse_args()
    raise_fd_limit()
    return {"bad": cmd_bad, "slow": cmd_slow, "good": cmd_good, "hold": cmd_hold}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
