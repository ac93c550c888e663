"""Markdown ⇄ segments: find what translators translate, and put translations back."""

from appeal.segments.fill import translate_document
from appeal.segments.model import Document, Heading, Lookup, Segment, TranslatedDocument
from appeal.segments.parsers import source_parser, translation_parser
from appeal.segments.walk import extract_segments, parse_document

__all__ = [
    "Document",
    "Heading",
    "Lookup",
    "Segment",
    "TranslatedDocument",
    "extract_segments",
    "parse_document",
    "source_parser",
    "translate_document",
    "translation_parser",
]
