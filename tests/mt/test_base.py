"""The engine protocol, the registry and its lazy factories."""

from __future__ import annotations

import sys

import pytest

from appeal.errors import ConfigError
from appeal.mt import ENGINES, Engine, Route, engine_settings, get_engine
from appeal.mt import base as base_module


def test_route_label_names_every_step() -> None:
    assert Route("apertium", ("eng", "spa", "por")).label == "apertium eng→spa→por"
    assert Route("apy", ("eng", "spa")).hops == (("eng", "spa"),)


def test_registry_is_shared_by_base_and_package() -> None:
    assert base_module.ENGINES is ENGINES
    assert {"apertium", "apy"} <= set(ENGINES)


def test_the_registry_needs_no_import_tricks() -> None:
    """``appeal.mt.base`` holds the registry itself: no module ``__getattr__``, no other import."""
    assert "__getattr__" not in vars(base_module)
    code = ("import sys, appeal.mt.base; "
            "print(sorted(m for m in sys.modules if m.startswith('appeal.mt')))")
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "['appeal.mt', 'appeal.mt.base']"


def test_unknown_engine_is_a_config_error_listing_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="unknown translation engine 'babelfish'") as info:
        get_engine("babelfish", {})
    assert "apertium" in (info.value.hint or "")


def test_importing_the_package_does_not_import_engines() -> None:
    code = ("import sys, appeal.mt; "
            "print(any(m in sys.modules for m in ('appeal.mt.apertium', 'appeal.mt.apy')))")
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_local_engines_satisfy_the_protocol() -> None:
    for name in ("apertium", "apy"):
        engine = get_engine(name, {})
        assert isinstance(engine, Engine)
        assert engine.name == name
        assert engine.batch_size > 0 and engine.timeout > 0


def test_engine_settings_reads_its_own_table() -> None:
    settings = {"engines": {"apy": {"url": "http://127.0.0.1:1"}}}
    assert engine_settings(settings, "apy") == {"url": "http://127.0.0.1:1"}
    assert engine_settings(settings, "apertium") == {}
    with pytest.raises(ConfigError, match=r"\[engines.apy\] must be a table"):
        engine_settings({"engines": {"apy": "x"}}, "apy")


def test_bad_apy_settings_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="url"):
        get_engine("apy", {"engines": {"apy": {"url": "ftp://x"}}})
    with pytest.raises(ConfigError, match="timeout"):
        get_engine("apy", {"engines": {"apy": {"timeout": -1}}})
