"""Handing a language's catalog to a translator by e-mail, and taking it back.

:mod:`~appeal.handoff.records` keeps a copy of every catalog handed off, named
in the file's header, so that :mod:`~appeal.handoff.receive` can merge what
comes back against it (:mod:`appeal.catalogs.threeway`);
:mod:`~appeal.handoff.send` writes the translator's folder and its ``.zip``.
"""
