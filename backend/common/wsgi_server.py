"""Serve a WSGI app over real HTTP on 127.0.0.1 in a thread (the fakes of outside systems)."""

from __future__ import annotations

import io
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import unquote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _KeepAliveServer(ThreadingMixIn, HTTPServer):
    daemon_threads = True
    app: Any
    accepted = 0
    lock = threading.Lock()


class _KeepAliveHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 with persistent connections, as the real services answer. wsgiref's handler speaks HTTP/1.0 and
    closes the connection after every answer, so each call through a kept-alive client session paid a new TCP
    connection (and the server a new thread): a cost the real Zalo does not impose, which a benchmark then measured."""

    protocol_version = "HTTP/1.1"
    # The head and the body are two writes: with Nagle's algorithm the body waits for the client's delayed ACK
    # of the head (40 ms on Linux) on a kept-alive connection.
    disable_nagle_algorithm = True
    server: _KeepAliveServer

    def setup(self) -> None:
        super().setup()
        with self.server.lock:
            self.server.accepted += 1

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def handle_one_request(self) -> None:
        self.raw_requestline = self.rfile.readline(65537)
        if not self.raw_requestline:
            self.close_connection = True
            return
        if not self.parse_request():
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": self.command,
            "PATH_INFO": unquote(path),
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(length),
            "SERVER_NAME": self.server.server_name,
            "SERVER_PORT": str(self.server.server_port),
            "SERVER_PROTOCOL": self.request_version,
            "REMOTE_ADDR": self.client_address[0],
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in self.headers.items():
            key = name.upper().replace("-", "_")
            if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                environ[f"HTTP_{key}"] = value
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> Any:
            answer.update(status=status, headers=headers)
            return lambda data: None  # the fakes return their body; none writes through this

        chunks = self.server.app(environ, start_response)
        try:
            payload = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        code, _, reason = answer["status"].partition(" ")
        self.send_response(int(code), reason)
        for name, value in answer["headers"]:
            if name.lower() not in ("content-length", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
        self.wfile.flush()


class ThreadedServer:
    """`keep_alive`: HTTP/1.1 persistent connections (the fake Zalo); otherwise wsgiref's one answer per connection."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0, *, keep_alive: bool = False):
        self.app = app
        self.httpd: Any
        if keep_alive:
            self.httpd = _KeepAliveServer((host, port), _KeepAliveHandler)
            self.httpd.app = app
        else:
            self.httpd = make_server(host, port, app, server_class=_ThreadingServer, handler_class=_QuietHandler)
        self.url = f"http://{host}:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def connections(self) -> int:
        """TCP connections accepted so far (keep-alive servers only): a kept-alive client opens few."""
        return int(getattr(self.httpd, "accepted", -1))

    def start(self) -> ThreadedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def serve_forever(self) -> None:
        self.httpd.serve_forever()
