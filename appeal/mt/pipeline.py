"""One long-lived, null-flushing Apertium pipeline per mode, and the stream format it speaks.

Starting a pipeline costs about a tenth of a second (every program loads its
transducers), so a pipeline is started once and fed many segments. Each segment
travels alone between NUL bytes: every program is started with ``-z`` and
flushes at each NUL, which makes the boundaries a property of the protocol
rather than of the text. The ``apertium -z`` wrapper cannot be used for this:
its deformatter drops the NULs, so the programs are started from the ``.mode``
file directly.

Boundaries are exact: no text moves between segments. Apertium's tagger does keep
some context from earlier input across NULs (as it does across the paragraphs
of one document), so an ambiguous word may occasionally be tagged differently
than in a fresh process.
"""

from __future__ import annotations

import contextlib
import os
import re
import selectors
import shlex
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from appeal.errors import EngineError

_SPECIAL = re.compile(r"([\\\[\]$/<>{}])")
_MARKS = "*#@~^"
_SHIELDS = "".join(chr(0x10FF00 + ord(c)) for c in _MARKS)
_HIDE = str.maketrans(_MARKS, _SHIELDS)
_SHOW = str.maketrans(_SHIELDS, _MARKS)
_UNKNOWN_MARK = re.compile(r"[*#@](?=\w)")
_MARKED_WORD = re.compile(r"[*@](\w+)")
_SENTENCE_END = re.compile(r"\s*\.?\s*\[\]\s*\Z")
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_NEWLINES = re.compile(r"[ \t]*\n[\s]*")
_STREAM_TOKEN = re.compile(r"\\(.)|\[((?:\\.|[^\]\\])*)\]", re.DOTALL)


def escape(text: str) -> str:
    r"""Plain text to Apertium stream format, as ``apertium-destxt`` would write it.

    Line breaks become superblanks so that they pass every stage as formatting.
    The characters Apertium uses as marks (``*#@`` before unknown words, ``~``
    for post-generation) travel as private-use stand-ins, so any mark in the
    output is Apertium's own and can be deleted. So does ``^``: an escaped
    ``\^`` closing a segment stalls ``lrx-proc`` in null-flush mode.

    >>> escape("a [b] $c\nd")
    'a \\[b\\] \\$c[\n]d'
    """
    text = text.replace("\0", "\ufffd").translate(_HIDE)
    escaped = _SPECIAL.sub(r"\\\1", text)
    return _NEWLINES.sub(lambda m: f"[{m.group(0)}]", escaped)


def unescape(stream: str) -> str:
    r"""Stream format back to plain text: escapes resolved, superblanks opened.

    >>> unescape('a \\[b\\] \\$c[\n]d *blorf')
    'a [b] $c\nd blorf'
    >>> unescape(escape("*bold* #tag @user ~5"))
    '*bold* #tag @user ~5'
    """
    unmarked = _UNKNOWN_MARK.sub("", stream)
    plain = _STREAM_TOKEN.sub(lambda m: m.group(1) if m.group(1) is not None
                              else _ESCAPED.sub(r"\1", m.group(2)), unmarked)
    return plain.translate(_SHOW)


def marked_words(stream: str) -> list[str]:
    """The words Apertium did not know: ``*`` unknown to the analyser, ``@`` missing from
    the bilingual dictionary; both stay in the source language. (A ``#`` word is a target
    word the generator could not inflect, not an unknown one.) Text marks never reach the
    output as marks (:func:`escape` hides them), so every mark found is Apertium's.

    >>> marked_words("la *leftist organización @unjust y #bueno X1X")
    ['leftist', 'unjust']
    """
    return _MARKED_WORD.findall(stream)


def unmarked(stream: str) -> str:
    """*stream* without Apertium's marks, as the next hop of a route should read it.

    >>> unmarked("la *leftist organización")
    'la leftist organización'
    """
    return _UNKNOWN_MARK.sub("", stream)


def read_mode(path: Path) -> tuple[tuple[str, ...], ...]:
    """The programs of a ``.mode`` file, each with ``-z`` and marked generation.

    ``$1`` is the generator's marking option: ``-g`` marks unknown words with
    ``*``, ``@`` and ``#`` (what ``apertium`` does without ``-u``), so that the
    reviewer can be told which words the engine did not know; the marks are
    taken out of the text (:func:`unescape`). ``$2`` (the tagger's option) is
    left empty.
    """
    try:
        text = path.read_text(encoding="utf-8", errors="strict")
    except (OSError, UnicodeDecodeError) as error:
        raise EngineError(f"cannot read Apertium mode: {error}", path=path) from None
    stages = []
    for command in text.strip().split("|"):
        try:
            words = shlex.split(command.replace("$1", "-g").replace("$2", ""))
        except ValueError as error:
            raise EngineError(f"malformed Apertium mode: {error}", path=path) from None
        if not words:
            raise EngineError("malformed Apertium mode: empty program", path=path)
        stages.append((words[0], "-z", *words[1:]))
    return tuple(stages)


class Pipeline:
    """The programs of one mode, connected by pipes and kept running between batches."""

    def __init__(self, mode: Path, *, timeout: float) -> None:
        self.mode = mode
        self.timeout = timeout
        self._procs: list[subprocess.Popen[bytes]] = []
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 — lives as long as the pipeline
        self._lock = threading.Lock()

    def translate(self, streams: Sequence[str]) -> list[str]:
        """Send stream-format segments through the mode; one output per input.

        Every segment is closed by a sentence end (``.[]``, the mark
        ``apertium-destxt`` puts after a paragraph), a blank and a NUL. The
        sentence end resets the tagger's context, so a segment translates the
        same whatever came before it; without the blank the analyser waits for
        the rest of a word that never comes.
        """
        with self._lock:
            if not self._alive():
                self._start()
            payload = b"".join(s.encode("utf-8") + b" .[] \0" for s in streams)
            try:
                return [_SENTENCE_END.sub("", a) for a in self._exchange(payload, len(streams))]
            except EngineError:
                self.close()
                raise

    def close(self) -> None:
        """Stop the programs; the next batch starts them again."""
        for proc in self._procs:
            with contextlib.suppress(OSError):
                if proc.stdin:
                    proc.stdin.close()
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            if proc.stdout:
                proc.stdout.close()
        self._procs = []

    def _alive(self) -> bool:
        return bool(self._procs) and all(p.poll() is None for p in self._procs)

    def _start(self) -> None:
        self.close()
        previous = None
        for argv in read_mode(self.mode):
            try:
                proc = subprocess.Popen(argv, stdin=previous or subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self._errors)
            except OSError as error:
                self.close()
                raise EngineError(f"cannot start {argv[0]!r}: {error.strerror}",
                                  path=self.mode) from None
            if previous is not None:
                previous.close()
            self._procs.append(proc)
            previous = proc.stdout

    def _exchange(self, payload: bytes, count: int) -> list[str]:
        writer = threading.Thread(target=self._write, args=(payload,), daemon=True)
        writer.start()
        try:
            raw = self._read(count)
        finally:
            writer.join(timeout=1)
        try:
            return [chunk.decode("utf-8") for chunk in raw]
        except UnicodeDecodeError:
            raise EngineError("Apertium wrote malformed UTF-8", path=self.mode) from None

    def _write(self, payload: bytes) -> None:
        stdin = self._procs[0].stdin
        assert stdin is not None
        with contextlib.suppress(OSError, ValueError):  # a dead pipeline shows up as EOF
            stdin.write(payload)
            stdin.flush()

    def _read(self, count: int) -> list[bytes]:
        stdout = self._procs[-1].stdout
        assert stdout is not None
        fd = stdout.fileno()
        deadline = time.monotonic() + self.timeout
        chunks: list[bytes] = []
        pending = b""
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while len(chunks) < count:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise EngineError(f"Apertium gave no answer within {self.timeout:g} s",
                                      path=self.mode)
                data = os.read(fd, 1 << 16)
                if not data:
                    raise EngineError(f"Apertium stopped: {self._stderr()}", path=self.mode)
                *done, pending = (pending + data).split(b"\0")
                chunks.extend(done)
        if pending or len(chunks) != count:
            raise EngineError("Apertium answered more segments than it was sent",
                              path=self.mode)
        return chunks

    def _stderr(self) -> str:
        for proc in self._procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=1)
        self._errors.seek(0)
        text = self._errors.read().decode("utf-8", "replace").strip()
        return text.splitlines()[-1] if text else "no error output"
