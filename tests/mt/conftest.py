"""A real apertium-apy on 127.0.0.1 and a local Apertium engine, fresh for every test.

Apertium's tagger keeps some context from earlier input in a long-lived
pipeline (see :mod:`appeal.mt.pipeline`), so an engine or server shared by
tests would make a word choice depend on which tests ran before. Both start
in well under a second.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from appeal.mt.apertium import MODES_DIR, ApertiumEngine
from appeal.mt.apy import loopback_command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_ready(url: str, proc: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"apertium-apy exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/listPairs", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"apertium-apy not ready at {url} after {seconds} s")


@pytest.fixture
def apy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of an apertium-apy serving the installed pairs, listening on loopback only."""
    port = free_port()
    log = tmp_path_factory.mktemp("apy") / "apy.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(loopback_command(MODES_DIR, port), stdout=sink, stderr=sink)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def apertium() -> Iterator[ApertiumEngine]:
    """An engine of its own for each test; it starts a pipeline per mode when first used."""
    engine = ApertiumEngine(Path(MODES_DIR))
    yield engine
    engine.close()
