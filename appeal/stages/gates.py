"""The gate stage: whether each language is ready to publish, and which entries never are.

The verdict (:mod:`appeal.gates`) is kept by the runner with the task, so a
build with nothing new neither reads a catalog nor runs a check.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from appeal.gates import assess
from appeal.runner import Done
from appeal.stages.context import RunContext
from appeal.workspace import SETTINGS_NAME


class GateStage:
    """Assess each target language against its ``[publish]`` settings."""

    name: ClassVar[str] = "gate"

    def __init__(self, run: RunContext) -> None:
        self.ws = run.ws
        self.run_context = run

    def inputs(self, lang: str | None) -> list[Path]:
        assert lang is not None
        return [self.ws.po_path(lang), self.ws.glossary_path(lang), self.ws.glossary_template,
                self.ws.root / SETTINGS_NAME]

    def key(self, lang: str | None) -> object:
        return None

    def run(self, lang: str | None) -> Done:
        assert lang is not None
        findings = self.run_context.findings
        found = assess(self.ws, lang, findings.catalog(lang), findings.get(lang))
        return Done(value=found.to_json())
