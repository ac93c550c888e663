"""`python -m appeal` runs the command line."""

from appeal.cli import run

run()
