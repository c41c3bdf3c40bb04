# starttls-mx.py HOST CERT KEY [yes|no] - a lab MX on HOST:25 speaking just enough SMTP for a STARTTLS
# probe: greeting, EHLO (STARTTLS listed unless the last argument is "no"), STARTTLS with CERT/KEY, QUIT.
# Used by check-lab.sh and outside-lab.sh.
import socket, ssl, sys, threading
host, cert, key = sys.argv[1], sys.argv[2], sys.argv[3]
starttls = len(sys.argv) < 5 or sys.argv[4] == "yes"
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
srv = socket.create_server((host, 25))

def session(c):
    try:
        c.settimeout(10)
        f = c.makefile("rb")
        c.sendall(b"220 lab ESMTP\r\n")
        for line in f:
            cmd = line.strip().upper()
            if cmd.startswith(b"EHLO"):
                c.sendall(b"250-lab\r\n250-PIPELINING\r\n" + (b"250 STARTTLS\r\n" if starttls else b"250 8BITMIME\r\n"))
            elif cmd == b"STARTTLS" and starttls:
                c.sendall(b"220 go ahead\r\n")
                t = ctx.wrap_socket(c, server_side=True)
                t.recv(1024)
                t.sendall(b"221 bye\r\n")
                return
            elif cmd == b"QUIT":
                c.sendall(b"221 bye\r\n")
                return
            else:
                c.sendall(b"502 not here\r\n")
    except Exception:
        pass
    finally:
        c.close()

while True:
    conn, _ = srv.accept()
    threading.Thread(target=session, args=(conn,), daemon=True).start()
