"""The rules of the house that a refactoring could quietly break, read from the source.

Layers (ARCHITECTURE.md): a module imports only from its own layer or below. Babel's
catalog classes and private attributes stay inside appeal.catalogs and the extractor.
No module hides an import cycle behind a module-level ``__getattr__``. An appeal
module is imported inside a function only to keep it off the fast path,
which a build with nothing to do must not pay for: a third-party library, or appeal's
catalog, document, engine and page machinery.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "appeal"
LAYERS: dict[str, int] = {
    **dict.fromkeys(["errors", "redact", "workspace", "freshness", "workers", "catalogs",
                     "segments", "languages", "parts", "wordiff", "telegram", "pdf"], 1),
    **dict.fromkeys(["glossary", "pagetext", "checks", "mt", "chrome", "formats", "site"], 2),
    **dict.fromkeys(["render", "gates", "review", "status", "extract", "scaffold"], 3),
    **dict.fromkeys(["runner", "stages"], 4),
    "build": 5, "handoff": 5, "cli": 6, "__main__": 6, "__init__": 0,
}
HEAVY = {"babel", "jinja2", "markdown_it", "mdit_py_plugins", "yaml", "polib", "weasyprint",
         "rich", "requests", "urllib3", "deep_translator", "markupsafe"}
BABEL_ALLOWED = ("catalogs", "extract")


def modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(("appeal", *path.relative_to(PACKAGE).with_suffix("").parts))
        found.append((name.removesuffix(".__init__"), ast.parse(path.read_text("utf-8"))))
    return found


def top(name: str) -> str:
    """The layer key of ``appeal.x.y``: ``x``."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(tree: ast.AST) -> list[tuple[str, ast.AST]]:
    """Every ``appeal...`` module imported in *tree*, with the node that imports it."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, node) for alias in node.names)
    return found


def type_checking_only(tree: ast.Module) -> set[int]:
    """Line numbers of imports under ``if TYPE_CHECKING:`` (not run)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            lines.update(n.lineno for n in ast.walk(node) if isinstance(n, ast.stmt))
    return lines


def test_every_module_has_a_layer() -> None:
    assert {top(name) for name, _ in modules()} <= set(LAYERS)


def test_modules_import_only_their_layer_or_below() -> None:
    wrong = []
    for name, tree in modules():
        skipped = type_checking_only(tree)
        for target, node in imports(tree):
            if (target.startswith("appeal.") and node.lineno not in skipped
                    and LAYERS[top(target)] > LAYERS[top(name)]):
                wrong.append(f"{name}:{node.lineno} imports {target}")
    assert wrong == []


def test_nothing_below_imports_the_runner_build_gates_status_or_review() -> None:
    above = {"runner", "build", "gates", "status", "review", "stages"}
    wrong = [f"{name}:{node.lineno} imports {target}"
             for name, tree in modules() if top(name) in {"mt", "checks", "catalogs"}
             for target, node in imports(tree)
             if target.startswith("appeal.") and top(target) in above]
    assert wrong == []


def test_babel_catalogs_and_private_attributes_stay_in_the_catalogs_package() -> None:
    wrong = []
    for name, tree in modules():
        if top(name) in BABEL_ALLOWED:
            continue
        for target, node in imports(tree):
            if target.startswith("babel.messages"):
                wrong.append(f"{name}:{node.lineno} imports {target}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("_messages", "_catalog"):
                wrong.append(f"{name}:{node.lineno} reads .{node.attr}")
            if isinstance(node, ast.Constant) and node.value in ("_messages", "_catalog"):
                wrong.append(f"{name}:{node.lineno} names {node.value!r}")
    assert wrong == []


def test_no_module_level_getattr() -> None:
    assert [name for name, tree in modules() for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name == "__getattr__"] == []


def _loads_heavy(module: str) -> list[str]:
    code = (f"import sys, importlib, json; importlib.import_module({module!r}); "
            f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {HEAVY!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return list(json.loads(done.stdout))


@pytest.fixture(scope="module")
def fast_path(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Every module a build with nothing to do imports."""
    from tests.conftest import copy_sample

    root = copy_sample(tmp_path_factory.mktemp("fast") / "ws", languages=["es", "ar"])
    command = [sys.executable, "-X", "importtime", "-m", "appeal", "-q", "-C", str(root),
               "build"]
    subprocess.run(command, capture_output=True, check=True)
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
            if line.startswith("import time:")}


def test_the_no_change_build_loads_no_heavy_library(fast_path: set[str]) -> None:
    assert "click" in fast_path  # the measurement itself works
    assert {name.split(".")[0] for name in fast_path} & HEAVY == set()
    assert {name for name in fast_path
            if name.startswith(("appeal.catalogs", "appeal.segments", "appeal.mt",
                                "appeal.checks", "appeal.render"))} == set()


def test_function_level_imports_keep_modules_off_the_fast_path(fast_path: set[str]) -> None:
    """An appeal module is imported inside a function only to keep it out of a build with
    nothing to do; one that build loads anyway belongs at the top of the module."""
    inner: dict[str, list[str]] = {}
    for name, tree in modules():
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for target, node in imports(function):
                    if target.startswith("appeal"):
                        inner.setdefault(target, []).append(f"{name}:{node.lineno}")
    needless = {target: where for target, where in inner.items() if target in fast_path}
    assert needless == {}, "import these at the top of the module instead"
    assert inner, "the check found the function-level imports"


@pytest.mark.parametrize("module", ["appeal.runner", "appeal.formats", "appeal.stages.pages",
                                    "appeal.build", "appeal.catalogs"])
def test_modules_a_fast_path_may_reach_load_no_heavy_library(module: str) -> None:
    assert _loads_heavy(module) == []
