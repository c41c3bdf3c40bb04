#!/usr/bin/env python3
"""Watches and measures a cluster of mta-sts replicas for cluster-lab.sh (runs inside the lab's netns).

  probe EVENTS --trust PEM --addrs A,B --domains D1,D2 --stop FILE [--interval S] [--psql-url URL]
      Fetches https://mta-sts.D/.well-known/mta-sts.txt from every address in a loop, each time over a new
      TLS connection verified against PEM for the name mta-sts.D, and appends one line per fetch with the
      serial of the certificate served. With --psql-url (password from PGPASSFILE) it also appends every
      change of the tables certificates and leases, polled with psql every 0.25 s. Runs until FILE exists.
  fetches EVENTS FROM TO [ADDR...]
      Fetches between FROM and TO (epoch seconds) from ADDR (default: all): exit 1 on any failure or none ok.
  propagation EVENTS FROM TO LIMIT ADDR...
      Every certificate stored between FROM and TO-LIMIT-1 is served by every ADDR within LIMIT seconds of
      its stored_at, and no ADDR goes back to an older one afterwards.
  served EVENTS FROM TO [ADDR...]
      Every serial served between FROM and TO is one the database stored (none of a writer it refused).
  orders PEBBLE_LOG FIRST_LINE EVENTS MIN_GAP MIN_PER_DOMAIN MAX_UNISSUED
      The orders Pebble logged after line FIRST_LINE: at most MAX_UNISSUED not issued (failed validations),
      each certificate issued was stored by the cluster, per domain at least MIN_PER_DOMAIN and no two stored
      within MIN_GAP seconds of each other.
  fencing EVENTS
      Per domain, the fencing tokens of the stored certificates and of the leases never decrease.
  takeover EVENTS AFTER DOMAIN NODE
      Seconds from AFTER until the lease of DOMAIN is held by another node than NODE with a larger token,
      and until a certificate of DOMAIN is stored by another node (prints both; exit 1 if not).
  in-time EVENTS AFTER DOMAIN
      The first certificate of DOMAIN stored after AFTER was stored before the previous one expired.
  current EVENTS ADDR...
      The last fetch from every ADDR got, for each domain, the certificate the database holds now.
  first-served EVENTS ADDR DOMAIN SERIAL
      The first answer of ADDR for DOMAIN (refused connections before it aside) carried SERIAL.
  stored-after EVENTS AFTER LIMIT DOMAIN...
      A certificate of each DOMAIN was stored within LIMIT seconds after AFTER.
  stored-count EVENTS
      How many certificates the database was seen to store.

EVENTS lines: "F t addr domain ok SERIAL" or "F t addr domain fail REASON"; "C t domain serial token node
stored_at not_after"; "L t domain holder token expires_at db_now"; "D t up|down". Serials are lower-case hex.
"""
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time

WATCH_SQL = (
    "SELECT 'C', domain, serial, fencing_token::text, stored_by, extract(epoch FROM stored_at)::text,"
    " extract(epoch FROM not_after)::text FROM certificates"
    " UNION ALL SELECT 'L', domain, holder, token::text, '', extract(epoch FROM expires_at)::text,"
    " extract(epoch FROM now())::text FROM leases \\watch 0.25\n")


def hex_serial(text):
    """A serial as lower-case hex without leading zeros; the database's may be hex (with colons) or decimal."""
    t = text.strip().lower().replace(':', '')
    if t.startswith('0x'):
        t = t[2:]
    return format(int(t, 16), 'x')


class Events:
    def __init__(self, path):
        self.out = open(path, 'a', buffering=1)
        self.lock = threading.Lock()

    def write(self, *fields):
        line = ' '.join(str(f) for f in fields)
        with self.lock:
            self.out.write(line + '\n')


def fetch_once(ctx, addr, domain):
    host = 'mta-sts.' + domain
    with socket.create_connection((addr, 443), timeout=3) as raw:
        with ctx.wrap_socket(raw, server_hostname=host) as tls:
            serial = hex_serial(tls.getpeercert()['serialNumber'])
            tls.sendall(('GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n'
                         % host).encode())
            data = b''
            while len(data) < 65536:
                chunk = tls.recv(4096)
                if not chunk:
                    break
                data += chunk
    head, _, body = data.partition(b'\r\n\r\n')
    status = head.split(b'\r\n', 1)[0]
    if b' 200 ' not in status + b' ':
        raise ValueError('status ' + status.decode(errors='replace'))
    if b'version: STSv1' not in body:
        raise ValueError('no policy in the body')
    return serial


def fetch_loop(events, ctx, addr, domain, interval, stop):
    while not os.path.exists(stop):
        t = time.time()
        try:
            serial = fetch_once(ctx, addr, domain)
            events.write('F', '%.3f' % t, addr, domain, 'ok', serial)
        except Exception as e:  # every failure counts, whatever it is
            reason = re.sub(r'\s+', '_', '%s:%s' % (type(e).__name__, e))[:160]
            events.write('F', '%.3f' % t, addr, domain, 'fail', reason)
        time.sleep(interval)


def watch_loop(events, url, stop):
    seen = {}
    up = None
    env = dict(os.environ, PGCONNECT_TIMEOUT='2')
    while not os.path.exists(stop):
        proc = subprocess.Popen(['psql', '-XAtq', '-F', ' ', url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, env=env, text=True)
        proc.stdin.write(WATCH_SQL)
        proc.stdin.close()
        for line in proc.stdout:
            if os.path.exists(stop):
                break
            f = line.split(' ')
            if len(f) != 7:
                continue
            if up is not True:
                up = True
                events.write('D', '%.3f' % time.time(), 'up')
            kind, domain = f[0], f[1]
            if kind == 'C':
                value, extra = (hex_serial(f[2]), f[3], f[4], f[5], f[6].strip()), ()
            else:
                value, extra = (f[2], f[3], f[5]), (f[6].strip(),)
            if seen.get((kind, domain)) != value:
                seen[(kind, domain)] = value
                events.write(kind, '%.3f' % time.time(), domain, *value, *extra)
        proc.kill()
        proc.wait()
        if up is not False:
            up = False
            events.write('D', '%.3f' % time.time(), 'down')
        time.sleep(0.5)


def probe(args):
    events_path = args[0]
    opts = dict(zip(args[1::2], args[2::2]))
    events = Events(events_path)
    ctx = ssl.create_default_context(cafile=opts['--trust'])
    interval = float(opts.get('--interval', '0.2'))
    stop = opts['--stop']
    threads = [threading.Thread(target=fetch_loop, args=(events, ctx, a, d, interval, stop), daemon=True)
               for a in opts['--addrs'].split(',') for d in opts['--domains'].split(',')]
    if '--psql-url' in opts:
        threads.append(threading.Thread(target=watch_loop, args=(events, opts['--psql-url'], stop), daemon=True))
    for t in threads:
        t.start()
    while not os.path.exists(stop):
        time.sleep(0.2)
    time.sleep(0.5)
    return 0


def read_events(path):
    out = []
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) >= 3:
                p[1] = float(p[1])
                out.append(p)
    return out


def stored(events):
    """(domain, serial) -> first C event, in the order the watcher saw them."""
    firsts = {}
    for e in events:
        if e[0] == 'C' and (e[2], e[3]) not in firsts:
            firsts[(e[2], e[3])] = e
    return firsts


def fetches(args):
    events, start, end, addrs = read_events(args[0]), float(args[1]), float(args[2]), set(args[3:])
    ok = bad = 0
    failures = []
    for e in events:
        if e[0] == 'F' and start <= e[1] <= end and (not addrs or e[2] in addrs):
            if e[4] == 'ok':
                ok += 1
            else:
                bad += 1
                failures.append(e)
    print('%d fetches ok, %d failed' % (ok, bad))
    for e in failures[:8]:
        print('  failed at %.3f: %s %s %s' % (e[1], e[2], e[3], e[5]))
    return 0 if bad == 0 and ok > 0 else 1


def propagation(args):
    events, start, end, limit = read_events(args[0]), float(args[1]), float(args[2]), float(args[3])
    addrs = args[4:]
    order = {}  # domain -> serials in the order they were stored
    for (domain, serial), e in sorted(stored(events).items(), key=lambda kv: float(kv[1][6])):
        order.setdefault(domain, []).append((serial, float(e[6])))
    worst, problems, count = 0.0, [], 0
    per_addr = {a: 0.0 for a in addrs}
    for domain, serials in order.items():
        for i, (serial, at) in enumerate(serials):
            if not (start <= at <= end - limit - 1):
                continue
            count += 1
            older = {s for s, _ in serials[:i]}
            for a in addrs:
                first = None
                for e in events:
                    if e[0] == 'F' and e[2] == a and e[3] == domain and e[4] == 'ok' and e[1] >= at - 1:
                        if first is None and e[5] == serial:
                            first = e[1]
                        elif first is not None and e[5] in older:
                            problems.append('%s went back from %s to %s for %s at %.3f' % (a, serial, e[5], domain, e[1]))
                            break
                if first is None:
                    problems.append('%s never served %s (%s, stored at %.3f)' % (a, serial, domain, at))
                    continue
                delay = max(0.0, first - at)
                per_addr[a] = max(per_addr[a], delay)
                worst = max(worst, delay)
                if delay > limit:
                    problems.append('%s served %s (%s) %.2f s after it was stored' % (a, serial, domain, delay))
    print('%d certificates stored; propagation delay max %.2f s (%s)' % (
        count, worst, ', '.join('%s %.2f s' % kv for kv in per_addr.items())))
    for p in problems[:10]:
        print('  ' + p)
    return 0 if count > 0 and not problems else 1


def served(args):
    events, start, end, addrs = read_events(args[0]), float(args[1]), float(args[2]), set(args[3:])
    known = {k for k in stored(events)}
    strangers = {}
    n = 0
    for e in events:
        if e[0] == 'F' and e[4] == 'ok' and start <= e[1] <= end and (not addrs or e[2] in addrs):
            n += 1
            if (e[3], e[5]) not in known:
                strangers.setdefault((e[2], e[3], e[5]), e[1])
    print('%d fetches, %d served serial(s) the database never stored' % (n, len(strangers)))
    for (a, d, s), t in list(strangers.items())[:8]:
        print('  %s served %s for %s at %.3f' % (a, s, d, t))
    return 0 if n > 0 and not strangers else 1


def orders(args):
    """Orders added to the CA's log after line FIRST (and up to line LAST when given: an order begun after the
    window, still under way when this runs, is not one of the window's), each issued and stored once."""
    log, first_line, events = args[0], int(args[1]), read_events(args[2])
    min_gap, min_per_domain, max_unissued = float(args[3]), int(args[4]), int(args[5])
    last_line = int(args[6]) if len(args) > 6 else None
    added, issued = [], {}
    with open(log, errors='replace') as f:
        for number, line in enumerate(f, 1):
            m = re.search(r'Added order "([^"]+)"', line)
            if m and number > first_line and (last_line is None or number <= last_line):
                added.append(m.group(1))
            m = re.search(r'Issued certificate serial ([0-9a-f]+) for order (\S+)', line)
            if m:
                issued[m.group(2)] = hex_serial(m.group(1))
    domain_of = {serial: domain for (domain, serial) in stored(events)}
    per_domain, problems, unissued = {}, [], []
    for order in added:
        serial = issued.get(order)
        if serial is None:
            unissued.append(order)
        elif serial not in domain_of:
            problems.append('certificate %s (order %s) was never stored by the cluster' % (serial, order))
        else:
            per_domain.setdefault(domain_of[serial], []).append(serial)
    firsts = stored(events)
    gaps = {}
    for domain, serials in per_domain.items():
        times = sorted(float(firsts[(domain, s)][6]) for s in serials)
        if len(times) > 1:
            gaps[domain] = min(b - a for a, b in zip(times, times[1:]))
            if gaps[domain] < min_gap:
                problems.append('%s: two certificates stored %.1f s apart' % (domain, gaps[domain]))
        if len(serials) < min_per_domain:
            problems.append('%s: %d orders, expected at least %d' % (domain, len(serials), min_per_domain))
    if len(unissued) > max_unissued:
        problems.append('%d order(s) never issued (at most %d expected): %s' % (
            len(unissued), max_unissued, ' '.join(unissued[:5])))
    domains = sorted({d for d, _ in firsts})
    for d in domains:
        if d not in per_domain and min_per_domain > 0:
            problems.append('%s: no order' % d)
    print('%d orders, %d not issued; issued and stored: %s; shortest time between two renewals of one domain: %s' % (
        len(added), len(unissued), ', '.join('%s %d' % (d, len(per_domain.get(d, []))) for d in domains),
        ', '.join('%s %.1f s' % kv for kv in sorted(gaps.items())) or 'n/a'))
    for p in problems[:10]:
        print('  ' + p)
    return 0 if not problems else 1


def fencing(args):
    events = read_events(args[0])
    last, problems = {}, []
    for e in events:
        if e[0] in ('C', 'L'):
            token = int(e[4])
            key = (e[0], e[2])
            if key in last and token < last[key][0]:
                problems.append('%s %s: token %d after %d (%s)' % (e[0], e[2], token, last[key][0], ' '.join(map(str, e))))
            if key not in last or token >= last[key][0]:
                last[key] = (token, e)
    print('largest tokens: ' + ', '.join('%s %s %d' % (k[0], k[1], v[0]) for k, v in sorted(last.items())))
    for p in problems[:10]:
        print('  ' + p)
    return 0 if not problems else 1


def takeover(args):
    events, after, domain, node = read_events(args[0]), float(args[1]), args[2], args[3]
    old_token = max((int(e[4]) for e in events if e[0] == 'L' and e[2] == domain and e[1] <= after), default=-1)
    lease_at = store_at = None
    for e in events:
        if e[1] < after or e[2] != domain:
            continue
        if lease_at is None and e[0] == 'L' and e[3] != node and int(e[4]) > old_token:
            lease_at = e[1]
        if store_at is None and e[0] == 'C' and e[5] != node:
            store_at = e[1]
    print('lease of %s taken over after %s, next certificate stored after %s' % (
        domain, 'never' if lease_at is None else '%.1f s' % (lease_at - after),
        'never' if store_at is None else '%.1f s' % (store_at - after)))
    return 0 if lease_at is not None and store_at is not None else 1


def latest_stored(events):
    latest = {}
    for e in events:
        if e[0] == 'C':
            latest[e[2]] = e
    return latest


def current(args):
    events, addrs = read_events(args[0]), args[1:]
    latest, last_fetch = latest_stored(events), {}
    for e in events:
        if e[0] == 'F':
            last_fetch[(e[2], e[3])] = e
    problems = []
    for a in addrs:
        for domain, c in sorted(latest.items()):
            f = last_fetch.get((a, domain))
            if f is None or f[4] != 'ok' or f[5] != c[3]:
                problems.append('%s %s: last fetch %s, stored %s' % (a, domain, ' '.join(f[4:]) if f else 'none', c[3]))
    for p in problems:
        print(p)
    return 0 if latest and not problems else 1


def stored_count(args):
    print(len(stored(read_events(args[0]))))
    return 0


def in_time(args):
    events, after, domain = read_events(args[0]), float(args[1]), args[2]
    before = [e for e in events if e[0] == 'C' and e[2] == domain and e[1] <= after]
    later = [e for e in events if e[0] == 'C' and e[2] == domain and e[1] > after]
    if not before or not later:
        print('no certificate of %s before and after %.3f' % (domain, after))
        return 1
    margin = float(before[-1][7]) - float(later[0][6])
    print('%s: new certificate stored %.1f s before the previous one expired' % (domain, margin))
    return 0 if margin > 0 else 1


def first_served(args):
    events, addr, domain, serial = read_events(args[0]), args[1], args[2], hex_serial(args[3])
    for e in events:
        if e[0] == 'F' and e[2] == addr and e[3] == domain:
            if e[4] == 'ok':
                print('%s %s: first answer at %.3f with %s (expected %s)' % (addr, domain, e[1], e[5], serial))
                return 0 if e[5] == serial else 1
            if 'ConnectionRefused' not in e[5]:
                print('%s %s: before its first answer with a certificate: %s' % (addr, domain, e[5]))
                return 1
    print('%s %s: never answered' % (addr, domain))
    return 1


def stored_after(args):
    events, after, limit, domains = read_events(args[0]), float(args[1]), float(args[2]), args[3:]
    firsts, ok = {}, True
    for e in events:
        if e[0] == 'C' and float(e[6]) > after and e[2] not in firsts:
            firsts[e[2]] = float(e[6]) - after
    for d in domains:
        if d not in firsts:
            print('%s: no certificate stored after %.3f' % (d, after))
            ok = False
    print('stored after the database returned: ' + ', '.join('%s %.1f s' % kv for kv in sorted(firsts.items())))
    return 0 if ok and all(firsts[d] <= limit for d in domains) else 1


COMMANDS = {'probe': probe, 'fetches': fetches, 'propagation': propagation, 'served': served, 'orders': orders,
            'fencing': fencing, 'takeover': takeover, 'current': current, 'stored-count': stored_count,
            'in-time': in_time, 'first-served': first_served, 'stored-after': stored_after}

if __name__ == '__main__':
    if len(sys.argv) < 3 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        sys.exit(64)
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
