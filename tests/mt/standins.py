"""Local HTTP servers on 127.0.0.1 speaking each online provider's wire format.

Paid and rate-limited APIs cannot run here, so each stand-in answers exactly as
the provider documents: DeepL ``/v2/translate`` (JSON ``text`` list, key in the
``Authorization`` header), Microsoft ``/translate?api-version=3.0`` (JSON array,
``Ocp-Apim-Subscription-Key``), LibreTranslate ``/translate`` and ``/languages``,
MyMemory ``/get?q=&langpair=``, Google's mobile page that deep-translator
scrapes, and apertium-apy's ``/listPairs`` and ``/translateRaw``. A
"translation" is the text prefixed with the target code, so tests can tell what
was asked. Knobs make a stand-in slow, busy, or picky about one text.

Google's page is served over TLS, as deep-translator reaches it: through
appeal's relay, which connects its tunnel here, with a certificate for
translate.google.com (and 127.0.0.1) from a throwaway authority that the tests
trust through ``REQUESTS_CA_BUNDLE`` (see :func:`trust_file`).
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import re
import ssl
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import trustme

LIBRE_LANGUAGES = ("en", "es", "de", "uk", "ru")
APY_PAIRS = (("eng", "spa"), ("spa", "por"))
TLS = frozenset({"google"})
"""Providers deep-translator reaches over https, so their stand-ins speak TLS."""


@functools.cache
def authority() -> trustme.CA:
    """The certificate authority of this test process; nothing else trusts it."""
    return trustme.CA()


def trust_file(directory: Path) -> Path:
    """Write the authority's certificate into ``directory``, for ``REQUESTS_CA_BUNDLE``."""
    path = directory / "standins-ca.pem"
    authority().cert_pem.write_to_path(str(path))
    return path


@functools.cache
def _tls_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority().issue_cert("translate.google.com", "127.0.0.1").configure_cert(context)
    return context


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Standin:
    """A running stand-in and the knobs tests turn."""

    provider: str
    url: str = ""
    key: str | None = None
    """The key the server accepts; None accepts requests without one."""
    latency: float = 0.0
    """Seconds every request takes before the answer."""
    busy: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    """Statuses (and headers) for the next requests, before normal service resumes."""
    poison: str | None = None
    """A request carrying a text with this substring is refused with 400 (apy: fails, 500)."""
    languages: tuple[str, ...] = LIBRE_LANGUAGES
    result: bool = True
    """False: Google's page comes without a result, as its consent page does."""
    gather: int = 0
    """Hold each request until this many are in flight (at most 10 s), then answer."""
    gather_timed_out: bool = False
    """A held request gave up waiting for the others."""
    gathered: bool = False
    """*gather* requests were in flight at once; later ones are answered at once."""
    redirect_to: str | None = None
    """Answer every POST with ``307`` to this server (same path), as a hijacked or
    misconfigured endpoint would."""
    trickle: float = 0.0
    """Seconds between the bytes of each answer (its body, and its headers too with
    *trickle_headers*): a server that never goes silent long enough to time out."""
    trickle_headers: bool = False
    huge: int = 0
    """Bytes of the body of every POST's answer, sent in chunks without a length."""
    huge_declared: int = 0
    """A Content-Length this large on every POST's answer (the body never comes)."""
    languages_body: tuple[str, str] | None = None
    """(content type, text) answered to a language-list request instead of the list."""
    fail_after: int | None = None
    """Answer this many POST requests, then fail every later one with 503, as a
    provider going down in the middle of a run."""
    seen: list[Seen] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    arrived: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self.arrived = threading.Condition(self.lock)

    @property
    def endpoint(self) -> str:
        """The URL an engine is configured with."""
        return self.url + {"google": "/m", "mymemory": "/get"}.get(self.provider, "")


def translated(text: str, target: str) -> str:
    return f"{target}:{text}"


class Handler(BaseHTTPRequestHandler):
    server: Any
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    """Headers and body leave in separate writes; real servers do not wait between them."""

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""

    def setup(self) -> None:
        """Finish the TLS handshake here, in the connection's thread, not the server's."""
        if isinstance(self.request, ssl.SSLSocket):
            self.request.do_handshake()
        super().setup()

    def do_GET(self) -> None:
        self.handle_any("GET")

    def do_POST(self) -> None:
        self.handle_any("POST")

    def handle_any(self, method: str) -> None:
        standin: Standin = self.server.standin
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        seen = Seen(method, parts.path, parse_qs(parts.query), dict(self.headers.items()),
                    self.rfile.read(length))
        with standin.lock:
            standin.seen.append(seen)
            standin.in_flight += 1
            standin.most_in_flight = max(standin.most_in_flight, standin.in_flight)
            busy = standin.busy.pop(0) if standin.busy else None
            posts = sum(1 for item in standin.seen if item.method == "POST")
            if busy is None and method == "POST" and standin.fail_after is not None \
                    and posts > standin.fail_after:
                busy = (503, {})
            standin.arrived.notify_all()
            if standin.gather and not standin.arrived.wait_for(
                    lambda: standin.in_flight >= standin.gather or standin.gathered, timeout=10):
                standin.gather_timed_out = True
            standin.gathered = standin.gathered or standin.in_flight >= standin.gather
        try:
            time.sleep(standin.latency)
            if self._hostile(standin, method, parts.path):
                return
            if busy is not None:
                self.reply(busy[0], BUSY.get(standin.provider, _busy)(busy[0]), busy[1])
                return
            status, body, content_type = ANSWER[standin.provider](standin, seen)
            self.reply(status, body, content_type=content_type)
        finally:
            with standin.lock:
                standin.in_flight -= 1

    def _hostile(self, standin: Standin, method: str, path: str) -> bool:
        """Misbehave as the knobs say; True when the request is answered so."""
        if standin.languages_body and method == "GET" and "languages" in path.lower():
            kind, text = standin.languages_body
            self.reply(200, text, content_type=kind)
            return True
        if method != "POST":
            return False
        if standin.redirect_to:
            self.send_response(307)
            self.send_header("Location", standin.redirect_to + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return True
        if standin.huge_declared:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(standin.huge_declared))
            self.end_headers()
            self.wfile.write(b"[")
            return True
        if standin.huge:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            block = b"[" + b" " * (1 << 20)
            sent = 0
            with contextlib.suppress(OSError):
                while sent < standin.huge:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
                    sent += len(block)
                self.wfile.write(b"0\r\n\r\n")
            return True
        if standin.trickle:
            head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 400\r\n\r\n")
            body = b"[" + b" " * 398 + b"]"
            if not standin.trickle_headers:
                self.wfile.write(head)
                self.wfile.flush()
                head = b""
            with contextlib.suppress(OSError):
                for byte in head + body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(standin.trickle)
            self.close_connection = True
            return True
        return False

    def reply(self, status: int, body: Any, headers: dict[str, str] | None = None,
              content_type: str = "application/json") -> None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64
    """Room for a full pool of parallel clients."""
    tls: ssl.SSLContext | None = None

    def get_request(self) -> tuple[Any, Any]:
        connection, address = super().get_request()
        if self.tls is not None:
            connection = self.tls.wrap_socket(connection, server_side=True,
                                              do_handshake_on_connect=False)
        return connection, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (a timed-out request, a closed tunnel) is no news."""
        if not isinstance(sys.exc_info()[1], OSError):  # ssl.SSLError is one too
            super().handle_error(request, client_address)


Answer = tuple[int, Any, str]
JSON = "application/json"


def _busy(status: int) -> Any:
    return {"message": "busy"}


def _apy_error(status: int, explanation: str = "") -> Any:
    """apertium-apy's error body (``write_error`` in its handlers/base.py)."""
    names = {400: "Bad Request", 500: "Internal Server Error", 502: "Bad Gateway",
             503: "Service Unavailable"}
    return {"status": "error", "code": status, "message": names.get(status, "Unknown"),
            "explanation": explanation}


BUSY = {"apy": _apy_error}


def _poisoned(standin: Standin, texts: list[str]) -> bool:
    return standin.poison is not None and any(standin.poison in t for t in texts)


def deepl(standin: Standin, seen: Seen) -> Answer:
    if "auth_key" in seen.query:
        return 403, {"message": "Authentication via query parameter is not supported"}, JSON
    if standin.key and seen.headers.get("Authorization") != f"DeepL-Auth-Key {standin.key}":
        return 403, {"message": "Wrong authentication key"}, JSON
    if seen.path == "/v2/usage":
        return 200, {"character_count": 180118, "character_limit": 1250000}, JSON
    if seen.path == "/v2/languages":
        source = ["EN", "DE", "ES", "PT", "UK", "ZH"]
        target = ["EN-GB", "EN-US", "DE", "ES", "ES-419", "PT-BR", "PT-PT", "UK", "ZH-HANS",
                  "ZH-HANT"]
        codes = source if seen.query.get("type", ["source"]) == ["source"] else target
        return 200, [{"language": c, "name": c} for c in codes], JSON
    body = seen.json()
    if _poisoned(standin, body["text"]):
        return 400, {"message": "Bad request"}, JSON
    return 200, {"translations": [
        {"detected_source_language": body.get("source_lang", "EN"),
         "text": translated(t, body["target_lang"])} for t in body["text"]]}, JSON


def microsoft(standin: Standin, seen: Seen) -> Answer:
    if seen.path == "/languages":
        # Spelled as Microsoft's list spells them: "pt" is Brazilian, "pt-pt" European.
        codes = ["en", "de", "es", "pt", "pt-pt", "sr-Cyrl", "sr-Latn", "uk", "zh-Hans",
                 "zh-Hant"]
        return 200, {"translation": {c: {"name": c, "nativeName": c, "dir": "ltr"}
                                     for c in codes}}, JSON
    if standin.key and seen.headers.get("Ocp-Apim-Subscription-Key") != standin.key:
        return 401, {"error": {"code": 401000, "message": "The request is not authorized"}}, JSON
    items = seen.json()
    if _poisoned(standin, [i["Text"] for i in items]):
        invalid = {"code": 400000, "message": "One of the request inputs is not valid."}
        return 400, {"error": invalid}, JSON
    to = seen.query["to"][0]
    return 200, [{"translations": [{"text": translated(i["Text"], to), "to": to}]}
                 for i in items], JSON


def libretranslate(standin: Standin, seen: Seen) -> Answer:
    if seen.path == "/languages":
        return 200, [{"code": c, "name": c, "targets": [t for t in standin.languages if t != c]}
                     for c in standin.languages], JSON
    if seen.headers.get("Content-Type", "").startswith("application/json"):
        body = seen.json()
    else:  # form fields or the query string, as Flask's request.values reads them
        form = {**seen.query, **parse_qs(seen.body.decode())}
        body = {k: v[0] for k, v in form.items()}
    if standin.key and body.get("api_key") != standin.key:
        return 403, {"error": "Invalid API key"}, JSON
    if body["target"] not in standin.languages:
        return 400, {"error": f"{body['target']} is not supported"}, JSON
    texts = body["q"] if isinstance(body["q"], list) else [body["q"]]
    if _poisoned(standin, texts):
        return 400, {"error": "Invalid request"}, JSON
    out = [translated(t, body["target"]) for t in texts]
    return 200, {"translatedText": out if isinstance(body["q"], list) else out[0]}, JSON


def mymemory(standin: Standin, seen: Seen) -> Answer:
    if "q" not in seen.query:
        return 200, {"responseData": {"translatedText": "NO QUERY SPECIFIED"},
                     "responseStatus": 403, "responseDetails": "NO QUERY SPECIFIED"}, JSON
    text = seen.query["q"][0]
    source, target = seen.query["langpair"][0].split("|")
    if _poisoned(standin, [text]):
        return 200, {"responseData": {"translatedText": "INVALID LANGUAGE PAIR SPECIFIED"},
                     "responseStatus": "403", "responseDetails": "INVALID LANGUAGE PAIR"}, JSON
    answer = translated(text, target)
    return 200, {"responseData": {"translatedText": answer, "match": 1},
                 "quotaFinished": False, "responseDetails": "", "responseStatus": 200,
                 "matches": [{"segment": text, "translation": answer, "source": source,
                              "target": target, "quality": 74, "match": 1}]}, JSON


def apy(standin: Standin, seen: Seen) -> Answer:
    """``/translateRaw`` answers the raw stream (as ``application/json``, as apy does)."""
    form = {k: v[0] for k, v in parse_qs(seen.body.decode()).items()}
    if seen.path == "/listPairs":
        pairs = [{"sourceLanguage": a, "targetLanguage": b} for a, b in APY_PAIRS]
        return 200, {"responseData": pairs, "responseDetails": None, "responseStatus": 200}, JSON
    source, _, target = form.get("langpair", "").partition("|")
    if (source, target) not in APY_PAIRS:
        return 400, _apy_error(400, "That pair is not installed"), JSON
    if _poisoned(standin, [form["q"]]):
        return 500, _apy_error(500), JSON
    # Each segment ends in " .[] [<appeal:N>] "; prefix the text before every one.
    pieces = re.split(r"(\s*\.?\s*\[\]\s*\[<appeal:\d+>\]\s*)", form["q"])
    return 200, "".join(p if n % 2 or not p.strip() else translated(p.strip(), target)
                        for n, p in enumerate(pieces)), JSON


def google(standin: Standin, seen: Seen) -> Answer:
    page = ('<!DOCTYPE html><html><head><title>Google Translate</title></head><body>'
            '<div class="root-container"><div class="header">Google Translate</div>{}'
            '</div></body></html>')
    if "q" not in seen.query or seen.path != "/m" or not standin.result:  # as a consent page
        return 200, page.format(""), "text/html"
    text = seen.query["q"][0]
    if _poisoned(standin, [text]):
        return 400, page.format("<p>Error 400 (Bad Request)</p>"), "text/html"
    result = html.escape(translated(text, seen.query["tl"][0]))
    return 200, page.format(f'<div class="result-container">{result}</div>'), "text/html"


ANSWER = {"deepl": deepl, "microsoft": microsoft, "libretranslate": libretranslate,
          "mymemory": mymemory, "google": google, "apy": apy}


@contextmanager
def serve(provider: str, **knobs: Any) -> Iterator[Standin]:
    """A stand-in for ``provider`` on a free port of 127.0.0.1 for the ``with`` block."""
    standin = Standin(provider, **knobs)
    server = Server(("127.0.0.1", 0), Handler)
    server.standin = standin  # type: ignore[attr-defined]
    server.tls = _tls_context() if provider in TLS else None
    scheme = "https" if server.tls else "http"
    standin.url = f"{scheme}://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield standin
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
