#!/usr/bin/python3
"""A pass-through HTTP proxy for litmus that changes exactly one request.

litmus starts every suite with `MKCOL <url>/litmus/` and stops the suite when that fails. Calroom
creates no plain collections (403 DAV:valid-resourcetype in a calendar home: RFC 4918 section
9.3.1 lets a server refuse MKCOL where it does not allow collections), so litmus could never
reach its tests. This proxy turns that one MKCOL of the litmus root into MKCALENDAR (RFC 4791
section 5.3.1), so the suites run inside a real calendar collection; every other request and
every response passes through byte for byte (method, raw path, headers, body, status).

Usage: litmus_shim.py LISTEN_PORT UPSTREAM_URL LITMUS_ROOT_PATH
  e.g. litmus_shim.py 18301 http://127.0.0.1:18200 /calendars/users/demo/litmus/
Each request is logged to stderr as: METHOD PATH -> STATUS (with "[as MKCALENDAR]" when changed).
"""
import http.client
import socketserver
import sys
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

LISTEN_PORT = int(sys.argv[1])
UPSTREAM = urlsplit(sys.argv[2])
ROOT = sys.argv[3]

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te",
              "trailer", "upgrade"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream = None

    def log_message(self, fmt, *args):  # the request log below replaces the default one
        pass

    def _conn(self):
        if self.upstream is None:
            self.upstream = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port or 80,
                                                       timeout=120)
        return self.upstream

    def _body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _forward(self):
        body = self._body()
        method = self.command
        note = ""
        if method == "MKCOL" and self.path.split("?")[0] == ROOT and not body:
            method, note = "MKCALENDAR", " [as MKCALENDAR]"
        headers = [(k, v) for k, v in self.headers.items()
                   if k.lower() not in HOP_BY_HOP and k.lower() not in ("content-length", "host",
                                                                        "expect")]
        for attempt in (1, 2):
            conn = self._conn()
            try:
                conn.putrequest(method, self.path, skip_host=True, skip_accept_encoding=True)
                conn.putheader("Host", self.headers.get("Host") or UPSTREAM.netloc)
                for k, v in headers:
                    conn.putheader(k, v)
                if body or method in ("PUT", "POST", "PROPFIND", "PROPPATCH", "REPORT", "MKCOL",
                                      "LOCK"):
                    conn.putheader("Content-Length", str(len(body)))
                conn.endheaders(body if body else None)
                resp = conn.getresponse()
                data = resp.read()
                break
            except (http.client.HTTPException, OSError):
                conn.close()
                self.upstream = None
                if attempt == 2:
                    self.send_error(502)
                    return
        sys.stderr.write("%s %s -> %d%s\n" % (self.command, self.path, resp.status, note))
        sys.stderr.flush()
        self.send_response_only(resp.status, resp.reason)
        for k, v in resp.getheaders():
            if k.lower() not in HOP_BY_HOP and k.lower() != "content-length":
                self.send_header(k, v)
        if self.command != "HEAD" and resp.status not in (204, 304) and not (100 <= resp.status < 200):
            self.send_header("Content-Length", str(len(data)))
        elif self.command == "HEAD" and resp.getheader("Content-Length"):
            self.send_header("Content-Length", resp.getheader("Content-Length"))
        if resp.will_close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.wfile.flush()

    def __getattr__(self, name):
        if name.startswith("do_"):
            return self._forward
        raise AttributeError(name)


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True


if __name__ == "__main__":
    with Server(("127.0.0.1", LISTEN_PORT), Handler) as srv:
        sys.stderr.write("litmus shim on 127.0.0.1:%d -> %s (MKCOL %s becomes MKCALENDAR)\n"
                         % (LISTEN_PORT, sys.argv[2], ROOT))
        sys.stderr.flush()
        srv.serve_forever()
