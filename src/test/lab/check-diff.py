#!/usr/bin/env python3
"""check-diff.py - differential testing of `mta-sts check` against two real senders (run by check-diff-lab.sh).

  gen DIR SEED COUNT      build COUNT seeded variants below diff.test: DIR/variants.json, DIR/diff.test.zone,
                          DIR/certs/*.pem (signed by the lab CA at $LAB_DIR/ca), DIR/domains.txt
  serve DIR ADDR          the variant policy host: HTTPS on ADDR:443, the certificate chosen by SNI and the raw
                          HTTP response chosen by the Host header, both as the variant says
  postfix DIR OUT         postfix-mta-sts-resolver's STSResolver (what `lab.sh query` runs) on every variant,
                          16 at a time; MX coverage as Postfix applies 'secure match=' (run with /usr/bin/python3)
  fleet DIR WORK FLEET_RC BATCH_RC DOMAIN...
                          `check --domains-file --json` (WORK/fleet.jsonl, fleet.err) against WORK/check.json and
                          the single-domain runs WORK/one-DOMAIN.json
  compare DIR CHECK POSTFIX MAILAUTH
                          expected verdict from the senders (CRITICAL when one rejects, WARNING when both accept
                          but the variant breaks the RFC or the senders read it differently, else OK) against
                          `check --json`; prints each disagreement, exits 1 if there is any

A variant is the canonical setup (one TXT record, a valid enforce policy served with 200 text/plain by a
certificate from the lab CA, MX covered) with one to three mutations from MUTATIONS. A mutation carries `warn`:
whether a policy both senders accept still deserves a WARNING (RFC violated, senders known to differ, risk).
"""
import base64
import datetime
import gzip
import json
import os
import random
import socket
import ssl
import sys
import threading

ZONE = "diff.test"
DAY = datetime.timedelta(days=1)


# ---------------------------------------------------------------- variants
class Variant:
    def __init__(self, name):
        self.name = name
        self.domain = f"{name}.{ZONE}"
        self.id = "id" + name.lstrip("v")
        self.txt = [[f"v=STSv1; id={self.id}"]]  # records, each a list of strings
        self.txt_cname = False
        self.lines = ["version: STSv1", "mode: enforce", f"mx: mail.{self.domain}", "max_age: 604800"]
        self.eol = "\n"
        self.final_eol = True
        self.prefix = b""
        self.pad_to = 0
        self.mx = [f"mail.{self.domain}"]
        self.status = "200 OK"
        self.http = "HTTP/1.1"
        self.headers = [("Content-Type", "text/plain")]
        self.framing = "length"  # length | chunked | close | short (Content-Length 10 more than sent)
        self.head_eol = "\r\n"
        self.gzip = False
        self.cert = "good"
        self.mutations = []
        self.warn = False

    def body(self):
        text = self.eol.join(self.lines) + (self.eol if self.final_eol else "")
        data = self.prefix + text.encode("utf-8")
        if self.pad_to:
            eol = self.eol.encode()
            if not data.endswith(eol):
                data += eol
            data += b"x-pad: " + b"y" * (self.pad_to - len(data) - len(b"x-pad: ") - len(eol)) + eol
        return data

    def response(self):
        body = self.body()
        headers = list(self.headers)
        if self.gzip:
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
        if self.framing in ("length", "short"):
            headers.append(("Content-Length", str(len(body) + (10 if self.framing == "short" else 0))))
            payload = body
        elif self.framing == "chunked":
            headers.append(("Transfer-Encoding", "chunked"))
            payload = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (body[:10], body[10:]) if c) + b"0\r\n\r\n"
        else:
            payload = body
        headers.append(("Connection", "close"))
        e = self.head_eol
        head = f"{self.http} {self.status}{e}" + "".join(f"{k}: {v}{e}" for k, v in headers) + e
        return head.encode("latin-1") + payload

    def spec(self):
        return {"name": self.name, "domain": self.domain, "mutations": self.mutations, "warn": self.warn,
                "cert": self.cert, "response": base64.b64encode(self.response()).decode()}


def setter(attr, value):
    return lambda v: setattr(v, attr, value(v) if callable(value) else value)


def line(key, text):
    """Replaces the first canonical line of key (no-op once another mutation removed it)."""
    def apply(v):
        for i, ln in enumerate(v.lines):
            if ln.startswith(key + ": "):
                v.lines[i] = text(v) if callable(text) else text
                return
    return apply


def add_line(text, at=None):
    def apply(v):
        t = text(v) if callable(text) else text
        v.lines.insert(len(v.lines) if at is None else at, t)
    return apply


def drop_line(key):
    return lambda v: setattr(v, "lines", [ln for ln in v.lines if not ln.startswith(key + ":")])


def header(value):
    return setter("headers", [("Content-Type", value)] if value is not None else [])


def txt(*records):
    return setter("txt", lambda v: [[r.format(id=v.id) for r in rec] for rec in records])


# name -> (dimension, apply, warn): warn = a policy both senders accept still gets a WARNING
MUTATIONS = {
    # TXT record (RFC 8461 §3.1)
    "txt-nospace": ("txt", txt(["v=STSv1;id={id}"]), False),
    "txt-trailing-semicolon": ("txt", txt(["v=STSv1; id={id};"]), False),
    "txt-extension": ("txt", txt(["v=STSv1; id={id}; ext=value"]), False),
    "txt-split": ("txt", txt(["v=STSv1; ", "id={id}"]), False),
    "txt-other-record": ("txt", txt(["v=spf1 -all"], ["v=STSv1; id={id}"]), False),
    "txt-space-before-semicolon": ("txt", txt(["v=STSv1 ; id={id}"]), True),
    "txt-id-dash": ("txt", txt(["v=STSv1; id=a-{id}"]), True),
    "txt-id-long": ("txt", txt(["v=STSv1; id={id}" + "0" * 32]), True),
    "txt-no-id": ("txt", txt(["v=STSv1; ext=1"]), True),
    "txt-upper": ("txt", txt(["V=STSV1; id={id}"]), True),
    "txt-two": ("txt", txt(["v=STSv1; id={id}"], ["v=STSv1; id=other1"]), True),
    "txt-v10-too": ("txt", txt(["v=STSv1; id={id}"], ["v=STSv10; id=other1"]), True),
    "txt-trailing-space": ("txt", txt(["v=STSv1; id={id} "]), True),
    "txt-bare-field": ("txt", txt(["v=STSv1; id={id}; junk"]), True),
    "txt-dup-id": ("txt", txt(["v=STSv1; id={id}; id=other1"]), True),
    "txt-none": ("txt", txt(), True),
    "txt-version-only": ("txt", txt(["v=STSv1"]), True),
    "txt-id-empty": ("txt", txt(["v=STSv1; id="]), True),
    "txt-no-semicolon": ("txt", txt(["v=STSv1 id={id}"]), True),
    "txt-cname": ("txt", setter("txt_cname", True), False),
    "txt-empty-field": ("txt", txt(["v=STSv1; id={id};; ext=1"]), True),
    "txt-tab": ("txt", txt(["v=STSv1;\tid={id}"]), False),
    "txt-v1x-too": ("txt", txt(["v=STSv1; id={id}"], ["v=STSv1x; id=other1"]), True),
    # policy body (RFC 8461 §3.2)
    "body-crlf": ("eol", setter("eol", "\r\n"), False),
    "body-cr": ("eol", setter("eol", "\r"), True),
    "body-no-final-eol": ("final", setter("final_eol", False), False),
    "body-blank-line": ("extra", add_line("", 2), True),
    "body-comment": ("extra", add_line("# managed by hand", 0), True),
    "body-comment-colon": ("extra", add_line("# note: managed by hand", 1), True),
    "body-no-colon-line": ("extra", add_line("garbage", 3), True),
    "body-extension": ("extra", add_line("note: hello"), False),
    "body-extension-control": ("extra", add_line("note: a\x01b"), True),
    "body-bare-mode": ("extra", add_line("mode"), True),
    "body-bare-mode-first": ("extra", add_line("mode", 0), True),
    "body-bare-mx": ("extra", add_line("mx"), True),
    "body-extension-utf8": ("extra", add_line("note: caf\u00e9"), True),
    "body-mode-upper-key-extra": ("extra", add_line("Mode: testing", 1), True),
    "body-bom": ("prefix", setter("prefix", b"\xef\xbb\xbf"), True),
    "body-trailing-ws": ("version", line("version", "version: STSv1  "), False),
    "body-no-space": ("version", line("version", "version:STSv1"), False),
    "body-tab": ("version", line("version", "version:\tSTSv1"), False),
    "body-version-missing": ("version", drop_line("version"), True),
    "body-version-2": ("version", line("version", "version: STSv2"), True),
    "body-space-before-colon": ("version", line("version", "version : STSv1"), True),
    "body-leading-space": ("version", line("version", " version: STSv1"), True),
    "mode-testing": ("mode", line("mode", "mode: testing"), False),
    "mode-none": ("mode", line("mode", "mode: none"), False),
    "mode-upper": ("mode", line("mode", "mode: Enforce"), True),
    "mode-missing": ("mode", drop_line("mode"), True),
    "mode-dup": ("mode", add_line("mode: testing", 2), True),
    "mode-key-upper": ("mode", line("mode", "Mode: enforce"), True),
    "maxage-0": ("maxage", line("max_age", "max_age: 0"), True),
    "maxage-day": ("maxage", line("max_age", "max_age: 86400"), False),
    "maxage-leading-zeros": ("maxage", line("max_age", "max_age: 0000604800"), False),
    "maxage-limit": ("maxage", line("max_age", "max_age: 31557600"), False),
    "maxage-over": ("maxage", line("max_age", "max_age: 31557601"), True),
    "maxage-huge": ("maxage", line("max_age", "max_age: 9999999999"), True),
    "maxage-plus": ("maxage", line("max_age", "max_age: +604800"), True),
    "maxage-11-digits": ("maxage", line("max_age", "max_age: 00000604800"), True),
    "maxage-missing": ("maxage", drop_line("max_age"), True),
    "maxage-text": ("maxage", line("max_age", "max_age: 1w"), True),
    "mx-wildcard": ("mx", line("mx", lambda v: f"mx: *.{v.domain}"), False),
    "mx-upper": ("mx", line("mx", lambda v: f"mx: MAIL.{v.domain}"), False),
    "mx-trailing-dot": ("mx", line("mx", lambda v: f"mx: mail.{v.domain}."), True),
    "mx-stale-extra": ("mx", add_line(lambda v: f"mx: old.{v.domain}", 3), True),
    "mx-uncovered": ("mx", line("mx", lambda v: f"mx: other.{v.domain}"), True),
    "mx-missing": ("mx", drop_line("mx"), True),
    "mx-underscore": ("mx", line("mx", lambda v: f"mx: mail_1.{v.domain}"), True),
    "mx-deep-wildcard": ("mx", lambda v: (line("mx", f"mx: *.{v.domain}")(v), setattr(v, "mx", [f"a.b.{v.domain}"])), True),
    "mx-repeated": ("mx", add_line(lambda v: f"mx: mail.{v.domain}", 3), False),
    "size-limit": ("size", setter("pad_to", 65536), False),
    "size-over": ("size", setter("pad_to", 65537), True),
    # HTTP response (RFC 8461 §3.3)
    "http-404": ("status", setter("status", "404 Not Found"), True),
    "http-500": ("status", setter("status", "500 Internal Server Error"), True),
    "http-301": ("status", lambda v: (setattr(v, "status", "301 Moved Permanently"),
                                      v.headers.append(("Location", f"https://www.{v.domain}/x"))), True),
    "http-203": ("status", setter("status", "203 Non-Authoritative Information"), True),
    "http-1.0": ("version", setter("http", "HTTP/1.0"), False),
    "http-no-reason": ("status", setter("status", "200"), False),
    "http-lf-head": ("head", setter("head_eol", "\n"), True),
    "http-short-body": ("framing", setter("framing", "short"), True),
    "ctype-dup": ("ctype", lambda v: v.headers.insert(0, ("Content-Type", "text/html")), True),
    "body-version-last": ("order", lambda v: v.lines.append(v.lines.pop(0)), False),
    "ctype-missing": ("ctype", header(None), True),
    "ctype-html": ("ctype", header("text/html"), True),
    "ctype-upper": ("ctype", header("TEXT/PLAIN"), False),
    "ctype-utf8": ("ctype", header("text/plain; charset=utf-8"), False),
    "ctype-latin1": ("ctype", header("text/plain; charset=iso-8859-1"), True),
    "ctype-utf16": ("ctype", header("text/plain; charset=utf-16"), True),
    "ctype-bogus-charset": ("ctype", header("text/plain; charset=x-unknown"), True),
    "ctype-octet": ("ctype", header("application/octet-stream"), True),
    "ctype-params": ("ctype", header("text/plain; format=flowed"), False),
    "framing-chunked": ("framing", setter("framing", "chunked"), False),
    "framing-close": ("framing", setter("framing", "close"), False),
    "encoding-gzip": ("encoding", setter("gzip", True), True),
    # certificates
    "cert-expired": ("cert", setter("cert", "expired"), True),
    "cert-future": ("cert", setter("cert", "future"), True),
    "cert-expiring": ("cert", setter("cert", "expiring"), True),
    "cert-wrongname": ("cert", setter("cert", "wrongname"), True),
    "cert-untrusted": ("cert", setter("cert", "untrusted"), True),
    "cert-no-intermediate": ("cert", setter("cert", "nointermediate"), True),
    "cert-chain": ("cert", setter("cert", "chain"), False),
    "cert-wildcard": ("cert", setter("cert", "wildcard"), False),
    "cert-cn-only": ("cert", setter("cert", "cnonly"), True),
}


COVERAGE = {"mx-deep-wildcard", "mx-uncovered", "mx-stale-extra"}  # mutations that only matter outside mode none


def generate(seed, count):
    rnd = random.Random(seed)
    names = sorted(MUTATIONS)
    variants = []
    for n in range(count):
        v = Variant(f"v{n:04d}")
        # the first len(names) variants carry each mutation alone once, the rest combine one to three
        picks = [names[n]] if n < len(names) else rnd.sample(names, rnd.choice((1, 2, 2, 3)))
        used = set()
        for m in picks:
            dim, apply, warn = MUTATIONS[m]
            if dim in used:
                continue
            used.add(dim)
            apply(v)
            v.mutations.append(m)
            v.warn = v.warn or warn
        if "mode: none" in v.lines:  # coverage does not matter in mode none
            v.warn = any(MUTATIONS[m][2] for m in v.mutations if m not in COVERAGE)
        variants.append(v)
    return variants


def txt_string(s):
    """A zone file character-string: quotes and backslashes escaped, other non-printables as \\DDD."""
    return '"' + "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else (
        "\\" + c if c in '"\\' else "\\%03d" % ord(c)) for c in s) + '"'


def zone(variants):
    out = ["target IN TXT \"v=STSv1; id=cnamed1\""]  # lab.sh adds $TTL, SOA and NS
    for v in variants:
        d = v.name
        for mx in v.mx:
            out.append(f"{d} IN MX 10 {mx}.")
            out.append(f"{mx}. IN A 127.0.0.1")
        out.append(f"mta-sts.{d} IN A 127.0.0.1")
        out.append(f"_smtp._tls.{d} IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@{v.domain}\"")
        if v.txt_cname:
            out.append(f"_mta-sts.{d} IN CNAME target.{ZONE}.")
            continue
        for rec in v.txt:
            out.append(f"_mta-sts.{d} IN TXT " + " ".join(txt_string(s) for s in rec))
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- certificates
def certificates(variants, out_dir, ca_cert_file, ca_key_file):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID

    now = datetime.datetime.utcnow()
    with open(ca_cert_file, "rb") as f:
        lab_ca = x509.load_pem_x509_certificate(f.read())
    with open(ca_key_file, "rb") as f:
        lab_key = serialization.load_pem_private_key(f.read(), None)
    key = ec.generate_private_key(ec.SECP256R1())

    def build(subject_cn, issuer, issuer_key, sans=(), ca=False, before=now - DAY, after=now + 30 * DAY):
        b = (x509.CertificateBuilder()
             .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject_cn)]))
             .issuer_name(issuer.subject if issuer is not None else
                          x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject_cn)]))
             .public_key(key.public_key()).serial_number(x509.random_serial_number())
             .not_valid_before(before).not_valid_after(after)
             .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if ca:
            b = b.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), True)
        else:
            b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        if sans:
            b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(s) for s in sans]), critical=False)
        return b.sign(issuer_key if issuer is not None else key, hashes.SHA256())

    inter = build("diff intermediate", lab_ca, lab_key, ca=True)
    rogue = build("diff untrusted root", None, None, ca=True)
    pem = lambda *cs: b"".join(c.public_bytes(serialization.Encoding.PEM) for c in cs)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "key.pem"), "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    for v in variants:
        host = f"mta-sts.{v.domain}"
        kind = v.cert
        if kind == "expired":
            chain = [build(host, lab_ca, lab_key, [host], before=datetime.datetime(2024, 1, 1),
                           after=datetime.datetime(2024, 2, 1))]
        elif kind == "future":
            chain = [build(host, lab_ca, lab_key, [host], before=now + 10 * DAY, after=now + 40 * DAY)]
        elif kind == "expiring":
            chain = [build(host, lab_ca, lab_key, [host], after=now + 5 * DAY)]
        elif kind == "wrongname":
            chain = [build(host, lab_ca, lab_key, [f"www.{v.domain}"])]
        elif kind == "untrusted":
            chain = [build(host, rogue, key, [host]), rogue]
        elif kind == "nointermediate":
            chain = [build(host, inter, key, [host])]
        elif kind == "chain":
            chain = [build(host, inter, key, [host]), inter]
        elif kind == "wildcard":
            chain = [build(host, lab_ca, lab_key, [f"*.{v.domain}"])]
        elif kind == "cnonly":
            chain = [build(host, lab_ca, lab_key)]
        else:
            chain = [build(host, lab_ca, lab_key, [host])]
        with open(os.path.join(out_dir, v.name + ".pem"), "wb") as f:
            f.write(pem(*chain))


def cmd_gen(out, seed, count):
    variants = generate(int(seed), int(count))
    os.makedirs(out, exist_ok=True)
    lab = os.environ["LAB_DIR"]
    certificates(variants, os.path.join(out, "certs"), f"{lab}/ca/lab-ca.pem", f"{lab}/ca/lab-ca.key")
    with open(os.path.join(out, "variants.json"), "w") as f:
        json.dump([v.spec() for v in variants], f)
    with open(os.path.join(out, f"{ZONE}.zone"), "w") as f:
        f.write(zone(variants))
    with open(os.path.join(out, "domains.txt"), "w") as f:
        f.write("".join(v.domain + "\n" for v in variants))


# ---------------------------------------------------------------- policy host
def cmd_serve(out, addr):
    variants = json.load(open(os.path.join(out, "variants.json")))
    responses = {f"mta-sts.{v['domain']}": base64.b64decode(v["response"]) for v in variants}
    key = os.path.join(out, "certs", "key.pem")
    contexts = {}
    for v in variants:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(os.path.join(out, "certs", v["name"] + ".pem"), key)
        contexts[f"mta-sts.{v['domain']}"] = ctx
    default = next(iter(contexts.values()))

    def pick(sock, name, _ctx):
        if name in contexts:
            sock.context = contexts[name]

    default.sni_callback = pick
    srv = socket.create_server((addr, 443), backlog=128)

    def session(conn):
        try:
            conn.settimeout(15)
            tls = default.wrap_socket(conn, server_side=True)
            data = b""
            while b"\r\n\r\n" not in data and len(data) < 16384:
                chunk = tls.recv(4096)
                if not chunk:
                    return
                data += chunk
            host = ""
            for h in data.split(b"\r\n")[1:]:
                if h.lower().startswith(b"host:"):
                    host = h[5:].strip().decode("latin-1").split(":")[0].lower()
            tls.sendall(responses.get(host, b"HTTP/1.1 421 Misdirected\r\nContent-Length: 0\r\n\r\n"))
            tls.close()
        except Exception:
            pass
        finally:
            conn.close()

    print("ready", flush=True)
    while True:
        c, _ = srv.accept()
        threading.Thread(target=session, args=(c,), daemon=True).start()


# ---------------------------------------------------------------- sender 1: postfix-mta-sts-resolver
def postfix_covers(mx, patterns):
    """Postfix 'secure match=' as the resolver's responder writes it: '*.' loses its '*', '.d' matches any depth."""
    mx = mx.lower().rstrip(".")
    for p in patterns:
        p = p.lstrip("*").lower()
        if (p.startswith(".") and mx.endswith(p)) or mx == p:
            return True
    return False


def cmd_postfix(out, result_file):
    import asyncio
    import aiodns
    from postfix_mta_sts_resolver.resolver import STSResolver, STSFetchResult
    domains = [v["domain"] for v in json.load(open(os.path.join(out, "variants.json")))]

    async def main():
        loop = asyncio.get_running_loop()
        resolver = STSResolver(timeout=10, loop=loop)
        dns = aiodns.DNSResolver(timeout=10, loop=loop)
        gate = asyncio.Semaphore(16)

        async def one(domain):
            async with gate:
                status, found = await resolver.resolve(domain)
                rec = {"domain": domain, "status": status.name}
                if status == STSFetchResult.VALID:
                    pid, pol = found
                    rec.update(id=pid, mode=pol.get("mode"), mx=pol.get("mx"), max_age=pol.get("max_age"))
                    if pol.get("mode") != "none":
                        hosts = [r.host for r in await dns.query(domain, "MX")]
                        rec["uncovered"] = [h for h in hosts if not postfix_covers(h, pol["mx"])]
                return rec

        return await asyncio.gather(*(one(d) for d in domains))

    with open(result_file, "w") as f:
        for rec in asyncio.run(main()):
            f.write(json.dumps(rec) + "\n")


# ---------------------------------------------------------------- comparison
MAILAUTH_JS = r"""
// mailauth in strict mode, as `lab.sh query-strict` runs it, on every domain of argv[2], 16 at a time
const fs = require('node:fs');
const dns = require('node:dns').promises;
const { getPolicy, validateMx } = require('mailauth/lib/mta-sts');
const domains = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
async function one(domain) {
  try {
    const res = await getPolicy(domain, null, { strict: true, timeout: 10000 });
    const p = res.policy || {};
    const rec = { domain, status: res.status, id: p.id, mode: p.mode, mx: p.mx, max_age: p.maxAge,
                  error: p.error ? String(p.error.code || p.error.message) : '' };
    if (res.status === 'found' && p.mode !== 'none') {
      const mx = (await dns.resolveMx(domain)).map((r) => r.exchange);
      rec.uncovered = mx.filter((h) => !validateMx(h, p).valid);
    }
    return rec;
  } catch (e) {
    return { domain, status: 'exception', error: String(e.code || e.message) };
  }
}
(async () => {
  const out = new Array(domains.length);
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < domains.length) { const i = next++; out[i] = await one(domains[i]); }
  }));
  for (const r of out) console.log(JSON.stringify(r));
})();
"""


def outcome(rec, accepted_status):
    """reject: no usable policy or an enforce policy that fails an MX; report: testing with an MX uncovered."""
    if rec is None or rec["status"] != accepted_status:
        return "reject"
    if rec.get("uncovered"):
        return "reject" if rec.get("mode") == "enforce" else "report"
    return "accept"


def same_policy(p, m):
    norm = lambda mx: sorted({x.lower().rstrip(".") for x in (mx or [])})
    return (p.get("mode") == m.get("mode") and p.get("id") == m.get("id") and norm(p.get("mx")) == norm(m.get("mx"))
            and int(p.get("max_age") or 0) == int(m.get("max_age") or 0))


def expected(variant, postfix, mailauth):
    p, m = outcome(postfix, "VALID"), outcome(mailauth, "found")
    affected = [n for n, o in (("postfix-mta-sts-resolver", p), ("mailauth", m)) if o != "accept"]
    if "reject" in (p, m):
        return "CRITICAL", affected
    if "report" in (p, m) or variant["warn"] or not same_policy(postfix, mailauth):
        return "WARNING", affected
    return "OK", affected


def cmd_compare(out, check_file, postfix_file, mailauth_file):
    variants = json.load(open(os.path.join(out, "variants.json")))
    report = json.load(open(check_file))
    verdicts = {d["domain"]: d for d in report["domains"]}
    load = lambda f: {r["domain"]: r for r in map(json.loads, open(f)) if r}
    postfix, mailauth = load(postfix_file), load(mailauth_file)
    bad = 0
    table = {}
    for v in variants:
        d = v["domain"]
        want, affected = expected(v, postfix.get(d), mailauth.get(d))
        got = verdicts[d]["verdict"] if d in verdicts else "MISSING"
        key = (",".join(v["mutations"]), want)
        table[key] = table.get(key, 0) + 1
        if got != want:
            bad += 1
            worst = [f"{f['severity']}: {f['message']}" for s in verdicts.get(d, {}).get("sections", [])
                     for f in s["findings"] if f["severity"] in ("WARNING", "CRITICAL")]
            print(f"DISAGREE {d} [{' + '.join(v['mutations'])}] check {got}, senders say {want}"
                  f" (postfix-mta-sts-resolver {(postfix.get(d) or {}).get('status')},"
                  f" mailauth {(mailauth.get(d) or {}).get('status')} {(mailauth.get(d) or {}).get('error', '')},"
                  f" affected: {', '.join(affected) or 'none'})")
            for w in worst[:4]:
                print(f"    check: {w}")
    counts = {}
    for v in variants:
        want, _ = expected(v, postfix.get(v["domain"]), mailauth.get(v["domain"]))
        counts[want] = counts.get(want, 0) + 1
    print(f"compared {len(variants)} variants ({', '.join(f'{k} {n}' for k, n in sorted(counts.items()))}):"
          f" {bad} disagreement(s)")
    return 1 if bad else 0


def cmd_fleet(out, work, fleet_rc, batch_rc, *sample):
    """`check --domains-file` (fleet.jsonl, fleet.err) against the run with DOMAIN arguments and single runs."""
    problems = []
    lines = open(f"{work}/fleet.jsonl").read().splitlines()
    domains = [v["domain"] for v in json.load(open(os.path.join(out, "variants.json")))]
    fleet = {}
    for n, text in enumerate(lines, 1):
        r = json.loads(text)
        if r["format"] != "mta-sts-check/1" or len(r["domains"]) != 1 or r["verdict"] != r["domains"][0]["verdict"]:
            problems.append(f"line {n} is not one mta-sts-check/1 report of one domain")
        fleet[r["domains"][0]["domain"]] = r["domains"][0]
    if sorted(fleet) != sorted(domains) or len(lines) != len(domains):
        problems.append(f"{len(lines)} lines for {len(domains)} domains")
    view = lambda d: (d["verdict"], [(f["severity"], f["message"]) for s in d["sections"] for f in s["findings"]])
    batch = {d["domain"]: d for d in json.load(open(f"{work}/check.json"))["domains"]}
    differ = [d for d in domains if d in fleet and view(fleet[d]) != view(batch[d])]
    if differ:
        d = differ[0]
        first = next((a, b) for a, b in zip(view(fleet[d])[1] + [None], view(batch[d])[1] + [None]) if a != b)
        problems.append(f"{len(differ)} domain(s) differ from the run with DOMAIN arguments, e.g. {d}: {first}")
    for d in sample:
        one = json.load(open(f"{work}/one-{d}.json"))["domains"][0]
        if view(one) != view(fleet.get(d, {"verdict": "?", "sections": []})):
            problems.append(f"{d} differs from `check {d}`")
    order = ["OK", "WARNING", "UNKNOWN", "CRITICAL"]
    worst = max((d["verdict"] for d in fleet.values()), key=order.index, default="OK")
    if int(fleet_rc) != {"OK": 0, "WARNING": 1, "CRITICAL": 2, "UNKNOWN": 3}[worst] or fleet_rc != batch_rc:
        problems.append(f"exit {fleet_rc}, worst verdict {worst}")
    err = open(f"{work}/fleet.err").read()
    if "\r" in err or "most common findings" not in err or not err.startswith("verdict    domains"):
        problems.append("standard error is not the summary table alone: " + err[:300])
    counts = {v: sum(d["verdict"] == v for d in fleet.values()) for v in ("OK", "WARNING", "CRITICAL")}
    print("; ".join(problems) if problems else
          f"{len(domains)} JSON lines ({', '.join(f'{k} {n}' for k, n in counts.items())}), the same reports as with"
          f" DOMAIN arguments and as {len(sample)} single-domain runs, exit {fleet_rc}, summary table on stderr")
    return 1 if problems else 0


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "gen":
        return cmd_gen(*args)
    if cmd == "serve":
        return cmd_serve(*args)
    if cmd == "postfix":
        return cmd_postfix(*args)
    if cmd == "mailauth-js":
        sys.stdout.write(MAILAUTH_JS)
        return 0
    if cmd == "compare":
        return cmd_compare(*args)
    if cmd == "fleet":
        return cmd_fleet(*args)
    print(__doc__, file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv) or 0)
