"""Fixtures of the fault tests: a TCP proxy to cut the database off, free loopback ports."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from onrecord.app import create_app
from onrecord.models import metadata
from onrecord.pipeline.match.index import ensure_search_index

#: Loopback ports the fault and multi-process tests may listen on.
PORTS = range(8400, 8500)


def free_port() -> int:
    """A free loopback port in :data:`PORTS`."""
    for port in PORTS:
        with contextlib.closing(socket.socket()) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


class TcpProxy:
    """A loopback TCP proxy to ``upstream`` that a test can cut and restore.

    ``cut()`` closes every open connection (the server "went away" mid-request)
    and makes new connections close at once (it "stays away") until
    ``restore()``. The database itself is never touched: other people share it.
    """

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = free_port()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.2)
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._up = True
        self._closed = False
        self._thread = threading.Thread(target=self._accept_loop, name="tcp-proxy", daemon=True)
        self._thread.start()

    def _accept_loop(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self._up:
                client.close()
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            client.settimeout(None)
            with self._lock:
                self._open.update((client, server))
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            self._close(src)
            self._close(dst)

    def _close(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def cut(self) -> None:
        """Drop every connection and refuse new ones."""
        self._up = False
        with self._lock:
            sockets = list(self._open)
        for sock in sockets:
            self._close(sock)

    def restore(self) -> None:
        """Let connections through again."""
        self._up = True

    def close(self) -> None:
        """Stop listening and drop everything."""
        self.cut()
        self._closed = True
        self._listener.close()
        self._thread.join(timeout=5)


@pytest.fixture
def pg_proxy(postgres_url: str) -> Iterator[tuple[TcpProxy, str]]:
    """A proxy in front of the test PostgreSQL server and the database URL through it."""
    url = sa.engine.make_url(postgres_url)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        yield proxy, proxied
    finally:
        proxy.close()


def make_sqlite_app(tmp_path: Path, path: Path) -> Flask:
    """An app on an SQLite file even on a ``--db=postgres`` run (these tests are about SQLite)."""
    app = create_app(
        {
            "database_url": f"sqlite:///{path}",
            "secret_key": "test-secret-key",
            "instance_path": str(tmp_path / "instance"),
            "testing": True,
            "wtf_csrf_enabled": False,
        }
    )
    engine = app.extensions["onrecord.db"].engine
    metadata.create_all(engine)
    ensure_search_index(engine)
    return app
