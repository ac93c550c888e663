"""Engines called through their documented JSON APIs, many texts per request.

DeepL, Microsoft and LibreTranslate batch natively, and deep-translator cannot
serve them as they are today (DeepL's key in the URL, a LibreTranslate key
demanded, no Ukrainian there), so they share the transport of
:mod:`appeal.mt.http` directly.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, ClassVar

from appeal.mt.http import AttemptError, Transport, answer_json
from appeal.mt.online import OnlineEngine, codes_in, provider_code
from appeal.mt.regions import CodeMatch


class LibreTranslateEngine(OnlineEngine):
    """A LibreTranslate server at ``[engines.libretranslate] url``; its key is optional."""

    name: ClassVar[str] = "libretranslate"
    per_request: ClassVar[int] = 25
    concurrency: ClassVar[int] = 8
    key_variable: ClassVar[str | None] = "LIBRETRANSLATE_API_KEY"

    def fetch_languages(self, transport: Transport) -> Any:
        """``{code: its targets}`` from ``GET /languages`` (None: older servers list none)."""
        answer = answer_json(self.name, transport.send("GET", f"{self.url}/languages"),
                             "/languages")
        codes = codes_in(self.name, answer, "/languages", "code")
        targets = [entry.get("targets") for entry in answer]
        if not all(t is None or (isinstance(t, list) and all(isinstance(c, str) for c in t))
                   for t in targets):
            raise AttemptError(f'{self.name}: /languages has "targets" that are not lists '
                               "of codes")
        return dict(zip(codes, targets, strict=True))

    def pair(self, source: str, target: str) -> tuple[CodeMatch | None, CodeMatch | None]:
        entries = self.languages()
        found_from = provider_code(source, entries)
        targets = entries.get(found_from.code) if found_from else None
        return found_from, provider_code(target, entries if targets is None else targets)

    def send(self, texts: list[str], source: str, target: str) -> list[str]:
        body: dict[str, Any] = {"q": texts, "source": source, "target": target,
                                "format": "text"}
        if self.key():
            body["api_key"] = self.key()
        answer = answer_json(self.name, self.transport.send("POST", f"{self.url}/translate",
                                                            json=body), "/translate")
        return list(answer["translatedText"])


class MicrosoftEngine(OnlineEngine):
    """Azure AI Translator v3: up to 100 texts per request, key in a header."""

    name: ClassVar[str] = "microsoft"
    per_request: ClassVar[int] = 100
    concurrency: ClassVar[int] = 8
    request_chars: ClassVar[int] = 10000
    key_variable: ClassVar[str | None] = "MICROSOFT_TRANSLATOR_KEY"
    key_required: ClassVar[bool] = True
    default_url: ClassVar[str | None] = "https://api.cognitive.microsofttranslator.com"
    source_aliases: ClassVar[Mapping[str, str]] = {"zh": "zh-Hans", "pt_pt": "pt-PT"}
    target_aliases = source_aliases

    def fetch_languages(self, transport: Transport) -> Any:
        answer = answer_json(self.name, transport.send(
            "GET", f"{self.url}/languages",
            params={"api-version": "3.0", "scope": "translation"}), "/languages")
        listed = answer.get("translation") if isinstance(answer, dict) else None
        if not isinstance(listed, dict) or not all(isinstance(code, str) for code in listed):
            raise AttemptError(f'{self.name}: /languages has no "translation" table of '
                               "languages")
        codes = list(listed)
        return codes, codes

    def send(self, texts: list[str], source: str, target: str) -> list[str]:
        headers = {"Ocp-Apim-Subscription-Key": self._require_key()}
        region = os.environ.get("MICROSOFT_TRANSLATOR_REGION")
        if region:
            headers["Ocp-Apim-Subscription-Region"] = region
        answer = answer_json(self.name, self.transport.send(
            "POST", f"{self.url}/translate", headers=headers,
            params={"api-version": "3.0", "from": source, "to": target},
            json=[{"Text": text} for text in texts]), "/translate")
        return [item["translations"][0]["text"] for item in answer]


class DeepLEngine(OnlineEngine):
    """DeepL's v2 API: up to 50 texts per request, key in the ``Authorization`` header."""

    name: ClassVar[str] = "deepl"
    per_request: ClassVar[int] = 50
    concurrency: ClassVar[int] = 8
    request_chars: ClassVar[int] = 30000
    key_variable: ClassVar[str | None] = "DEEPL_AUTH_KEY"
    key_required: ClassVar[bool] = True
    target_aliases: ClassVar[Mapping[str, str]] = {"en": "EN-US", "pt": "PT-BR", "zh": "ZH-HANS",
                                                   "zh_hans": "ZH-HANS", "zh_hant": "ZH-HANT"}

    @property
    def url(self) -> str | None:
        """Free-plan keys end in ``:fx`` and belong to a different host."""
        if self.configured_url:
            return self.configured_url
        free = (self.key() or "").endswith(":fx")
        return "https://api-free.deepl.com" if free else "https://api.deepl.com"

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"DeepL-Auth-Key {self._require_key()}"}

    def fetch_languages(self, transport: Transport) -> Any:
        def codes(kind: str) -> list[str]:
            answer = answer_json(self.name, transport.send(
                "GET", f"{self.url}/v2/languages", params={"type": kind},
                headers=self._headers()), "/v2/languages")
            return codes_in(self.name, answer, "/v2/languages", "language")

        return codes("source"), codes("target")

    def probe(self, transport: Transport) -> None:
        transport.send("GET", f"{self.url}/v2/usage", headers=self._headers())

    def send(self, texts: list[str], source: str, target: str) -> list[str]:
        body = {"text": texts, "source_lang": source, "target_lang": target,
                "preserve_formatting": True}
        answer = answer_json(self.name, self.transport.send(
            "POST", f"{self.url}/v2/translate", json=body, headers=self._headers()),
            "/v2/translate")
        return [item["text"] for item in answer["translations"]]



__all__ = ["DeepLEngine", "LibreTranslateEngine", "MicrosoftEngine"]
