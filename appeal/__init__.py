"""appeal: one appeal in, reviewed publications in many languages out, through gettext."""

__version__ = "0.1.0"
