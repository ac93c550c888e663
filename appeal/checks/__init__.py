"""Quality checks on translations: one small function per check, in a registry.

Each check takes an :class:`Entry` and yields one message per problem; the
:func:`check` decorator gives it an id, a severity and a title (its docstring's
first line). A translator silences one check on one entry with the comment
``# appeal: ignore-<id>`` (:mod:`appeal.catalogs.markers`). Checks are grouped
by concern: placeholders and plural forms (:mod:`~appeal.checks.placeholders`),
inline Markdown
(:mod:`~appeal.checks.markup`), addresses and numbers
(:mod:`~appeal.checks.references`), the glossary (:mod:`~appeal.checks.terms`)
and the text itself (:mod:`~appeal.checks.text`).
"""

from appeal.checks.registry import (
    CHECKS,
    NO_GLOSSARY,
    Check,
    CheckFunction,
    Entry,
    Problem,
    Severity,
    check,
)

# Importing the modules registers their checks; their order is the order of reports.
# isort: off
from appeal.checks import text, placeholders, markup, references, terms  # noqa: F401
# isort: on
from appeal.checks.report import LanguageReport, check_workspace
from appeal.checks.runner import check_catalog, entry_problems, make_entry

__all__ = [
    "CHECKS",
    "NO_GLOSSARY",
    "Check",
    "CheckFunction",
    "Entry",
    "LanguageReport",
    "Problem",
    "Severity",
    "check",
    "check_catalog",
    "check_workspace",
    "entry_problems",
    "make_entry",
]
