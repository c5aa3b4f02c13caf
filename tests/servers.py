"""Real servers started by tests on free local ports: PgBouncer in front of the test database, a Redis primary with
a replica and Sentinels, an S3-compatible HTTP server (moto). Each is a child process of the test run, stopped when
the fixture ends; nothing here fakes a protocol."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, process: subprocess.Popen, what: str, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port} within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def pgbouncer(*, host: str, port: int, user: str, pool_mode: str = "transaction") -> Iterator[int]:
    """PgBouncer (Debian's `pgbouncer`) on a free port in front of host:port, every database name passed through.

    Three server connections per pool at least, handed out in turn (server_round_robin): consecutive transactions of
    one client land on different server sessions, as they do under load, so anything that relies on session state
    (a PREPAREd statement, a SET, a server-side cursor) fails here instead of only in production."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        raise RuntimeError("pgbouncer is not installed (apt-get install pgbouncer)")
    listen = free_port()
    folder = Path(tempfile.mkdtemp(prefix="pz-pgbouncer-"))
    folder.chmod(0o777)  # run as root, pgbouncer switches to the `postgres` user (-u) and writes here
    config = folder / "pgbouncer.ini"
    config.write_text(
        f"""[databases]
* = host={host} port={port} user={user} timezone=UTC

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
auth_type = any
pool_mode = {pool_mode}
server_round_robin = 1
min_pool_size = 3
default_pool_size = 10
max_client_conn = 200
ignore_startup_parameters = extra_float_digits,options
logfile = {folder / "pgbouncer.log"}
pidfile = {folder / "pgbouncer.pid"}
""",
        encoding="utf-8",
    )
    config.chmod(0o644)
    command = [binary, str(config)]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "postgres"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_port(listen, process, "pgbouncer")
        yield listen
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def s3_server() -> Iterator[str]:
    """moto's S3-compatible HTTP server (`python -m moto.server`) on a free port; yields its endpoint URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_port(port, process, "moto.server", seconds=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
