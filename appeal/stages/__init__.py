"""The stages the commands are made of, each declaring what it reads and what it writes.

They run through :class:`appeal.runner.Runner`; :mod:`appeal.build` and the
``translate`` command put them in order. A stage module imports heavy
libraries (Babel, Jinja2, markdown-it) only inside ``run``, so a run with
nothing to do stays a matter of a few ``stat`` calls.
"""
