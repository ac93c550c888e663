"""A loopback proxy that puts deep-translator's requests under appeal's timeouts.

deep-translator 1.11.4 sends each request with ``requests.get(url, params=...,
proxies=self.proxies)``: no timeout, no session, and a URL fixed by its
constants. The one say its public interface gives over how a request travels
is the ``proxies`` constructor parameter, so each call gets a proxy of its own:
this relay, listening on 127.0.0.1, reached with a one-call token as proxy
credentials (without it the relay serves nobody). Then

- a plain ``http://`` request (MyMemory's URL) arrives whole, and the relay
  sends it on with the engine's :class:`~appeal.mt.http.Transport`: the
  engine's URL in place of deep-translator's, its timeout, urllib3's retries
  honouring Retry-After, a kept-alive session, the status checks;
- an ``https://`` request (Google's page) arrives as ``CONNECT``: inside is TLS
  between deep-translator and the server, which the relay cannot read. It opens
  the connection itself (to the engine's host, if one is configured), and closes
  the tunnel when the server leaves a request unanswered longer than the
  engine's timeout, which ends deep-translator's wait.

Either way a failure is recorded on the call's :class:`Ticket` before
deep-translator hears of it, so the engine can report "google did not answer
within 20.0 s" instead of deep-translator's generic error.

A deadline around the call (a thread that is abandoned when it runs late) was
the other way the public interface allows; it was not taken because the
abandoned thread would stay blocked in a read that has no timeout, for as long
as the server keeps the connection open, holding a socket and a thread each time.
"""

from __future__ import annotations

import base64
import secrets
import selectors
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import requests

from appeal.mt.http import AttemptError, Transport, failure

HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authorization", "proxy-connection",
                        "te", "trailer", "transfer-encoding", "upgrade", "host",
                        "content-length", "accept-encoding"})
"""Headers about one connection, not the request; the relay's own client sets its own."""


@dataclass
class Ticket:
    """One deep-translator call's admission to the relay, and what became of it."""

    transport: Transport
    """The engine's client: its name, timeout and retries."""
    fixed: str
    """The URL deep-translator asks for (its constant)."""
    url: str
    """Where the engine sends instead: the configured URL, or ``fixed`` itself."""
    check: Callable[[requests.Response], None] | None = None
    """Reads a forwarded answer; may raise ``AttemptError`` for a refusal inside a 200."""
    proxies: dict[str, str] = field(default_factory=dict)
    """What to hand deep-translator's ``proxies`` parameter."""
    failure: AttemptError | None = None
    """Why the request failed, when the relay saw it fail."""

    def forward_url(self, asked: str) -> str | None:
        """Where a plain request for ``asked`` goes, None when it is not the call's URL."""
        if asked != self.fixed and not asked.startswith((f"{self.fixed}?", f"{self.fixed}/")):
            return None
        return self.url + asked[len(self.fixed):]

    def tunnel_to(self, authority: str) -> tuple[str, int] | None:
        """Host and port for a ``CONNECT authority``, None when it is not the call's server."""
        if authority != _authority(self.fixed):
            return None
        parts = urlsplit(self.url)
        return parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)


def _authority(url: str) -> str:
    """``host:port`` of ``url``, as a ``CONNECT`` names it.

    >>> _authority("https://translate.google.com/m")
    'translate.google.com:443'
    """
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"


class Relay:
    """The process's relay: started on first use, serving only calls holding a ticket."""

    def __init__(self) -> None:
        self._tickets: dict[str, Ticket] = {}
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.relay = self
        threading.Thread(target=self._server.serve_forever, name="appeal-relay",
                         daemon=True).start()

    @contextmanager
    def admit(self, ticket: Ticket) -> Iterator[Ticket]:
        """``ticket`` with its ``proxies`` filled in, valid until the block ends."""
        token = secrets.token_urlsafe(16)
        proxy = f"http://appeal:{token}@127.0.0.1:{self._server.server_address[1]}"
        ticket.proxies = {"http": proxy, "https": proxy}
        with self._lock:
            self._tickets[token] = ticket
        try:
            yield ticket
        finally:
            with self._lock:
                del self._tickets[token]

    def ticket(self, authorization: str | None) -> Ticket | None:
        """The ticket whose token a ``Proxy-Authorization`` header carries."""
        scheme, _, encoded = (authorization or "").partition(" ")
        try:
            token = base64.b64decode(encoded, validate=True).decode().partition(":")[2]
        except (ValueError, UnicodeDecodeError):
            return None
        with self._lock:
            return self._tickets.get(token) if scheme.lower() == "basic" else None


_shared: Relay | None = None
_shared_lock = threading.Lock()


def shared_relay() -> Relay:
    """The one relay of this process, started when first needed."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Relay()
        return _shared


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    """Room for every engine's parallel calls connecting at once."""
    relay: Relay


class _Handler(BaseHTTPRequestHandler):
    """Serves one deep-translator connection: a forwarded request or a tunnel."""

    server: _Server
    protocol_version = "HTTP/1.1"
    rbufsize = 0
    """Unbuffered: after ``CONNECT`` every byte read belongs to the tunnel."""
    disable_nagle_algorithm = True
    """A relay holding back small writes would add a round trip's delay to each exchange."""

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: failures reach the engine through the ticket."""

    def do_GET(self) -> None:
        self._forward()

    def do_POST(self) -> None:
        self._forward()

    def do_CONNECT(self) -> None:
        ticket = self._admitted()
        target = ticket.tunnel_to(self.path) if ticket else None
        if ticket is None or target is None:
            return self._refuse(ticket)
        timeout = ticket.transport.policy.timeout
        try:
            upstream = socket.create_connection(target, timeout=timeout)
        except OSError as error:
            failed = failure(ticket.transport.engine, timeout, error)
            # Not retryable: urllib3 does not retry connecting either.
            ticket.failure = AttemptError(failed.message, detail=failed.detail)
            return self._reply(502, failed.message.encode(), "text/plain")
        with upstream:
            upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.send_response(200, "Connection established")
            self.end_headers()
            deadline = ticket.transport.policy.deadline
            stalled = _pump(self.connection, upstream, timeout, time.monotonic() + deadline)
            if stalled is not None:
                detail = (f"did not answer within {timeout} s" if stalled == "silent"
                          else f"did not finish answering within {deadline:g} s")
                ticket.failure = AttemptError(f"{ticket.transport.engine} {detail}",
                                              retryable=True, detail=detail)
        self.close_connection = True

    def _forward(self) -> None:
        ticket = self._admitted()
        url = ticket.forward_url(self.path) if ticket else None
        if ticket is None or url is None:
            return self._refuse(ticket)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        try:
            response = ticket.transport.send(self.command, url, data=body, headers=headers)
            if ticket.check is not None:
                ticket.check(response)
        except AttemptError as failed:
            ticket.failure = failed
            return self._reply(502, failed.message.encode(), "text/plain")
        self._reply(response.status_code, response.content,
                    response.headers.get("Content-Type", "application/octet-stream"))

    def _admitted(self) -> Ticket | None:
        return self.server.relay.ticket(self.headers.get("Proxy-Authorization"))

    def _refuse(self, ticket: Ticket | None) -> None:
        """No token, or a request for another server than the call's: nothing is relayed."""
        if ticket is None:
            return self._reply(407, b"no appeal ticket", "text/plain")
        self._reply(403, f"not the URL of this call: {self.path}".encode(), "text/plain")

    def _reply(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True


def _pump(client: socket.socket, upstream: socket.socket, timeout: float,
          until: float) -> str | None:
    """Copy bytes both ways until a side closes; ``"silent"`` if both fell silent for
    ``timeout`` s, ``"late"`` if the exchange was still going at *until*, else None.

    deep-translator closes its connection as soon as it has the answer, so a
    silent tunnel is a server that has not answered: like a read timeout, the
    server has ``timeout`` seconds for its next bytes. (Which side spoke last
    says nothing: TLS 1.3 servers send session tickets after the request.) A
    server trickling its answer is cut off at the request's deadline.
    """
    client.settimeout(timeout)
    with selectors.DefaultSelector() as selector:
        selector.register(client, selectors.EVENT_READ, upstream)
        selector.register(upstream, selectors.EVENT_READ, client)
        while True:
            left = until - time.monotonic()
            if left <= 0:
                return "late"
            ready = selector.select(min(timeout, left))
            if not ready:
                return "silent" if time.monotonic() < until else "late"
            for key, _ in ready:
                source: socket.socket = key.fileobj  # type: ignore[assignment]
                try:
                    data = source.recv(65536)
                    if not data:
                        return None
                    key.data.sendall(data)
                except OSError:
                    return None


__all__ = ["Relay", "Ticket", "shared_relay"]
