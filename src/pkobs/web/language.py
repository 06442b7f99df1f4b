"""The one place a web request gets its language.

A page's language is its URL (``/fr/...`` or ``/en/...``): :func:`page_locale` is the FastAPI
dependency that turns it into the request's one :class:`pkobs.i18n.Locale`, and every page
renders its messages, numbers and months with it. An error (see ``app.py``) is rendered in
:func:`request_language`: the URL's language, else the API's ``lang`` query parameter, else the
``Accept-Language`` header, else English for the API and downloads and French for the site.

Below the web, names in both languages come as column pairs (``name_fr``/``name_en``);
:func:`in_language` keeps the one of the page's language, under the plain name (``name``).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import Request

from pkobs.i18n import Locale
from pkobs.settings import LANGUAGES, Language
from pkobs.table import Table

Lang = Literal["fr", "en"]
SUFFIXES = tuple(f"_{lang}" for lang in LANGUAGES)


def page_locale(lang: Lang) -> Locale:
    """Dependency of every page: the Locale of the URL's ``{lang}`` segment."""
    return Locale(lang)


def accepted_language(header: str) -> Language | None:
    """The first of fr/en in an ``Accept-Language`` header, by quality (``None``: neither)."""
    best: tuple[float, Language] | None = None
    for index, part in enumerate(header.split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()[:2]
        quality = 1.0
        for piece in pieces[1:]:
            if piece.strip().startswith("q="):
                try:
                    quality = float(piece.strip()[2:])
                except ValueError:
                    quality = 0.0
        if tag in ("fr", "en") and quality > 0:
            candidate: tuple[float, Language] = (
                quality - index * 1e-6,
                "fr" if tag == "fr" else "en",
            )
            if best is None or candidate[0] > best[0]:
                best = candidate
    return best[1] if best else None


def preferred_language(header: str) -> Language:
    """The language of ``/``'s redirect: Accept-Language's choice, French by default."""
    return accepted_language(header) or "fr"


def url_language(path: str) -> Language | None:
    for lang in LANGUAGES:
        if path == f"/{lang}" or path.startswith(f"/{lang}/"):
            return lang
    return None


def request_language(request: Request) -> Language:
    """The language an answer to ``request`` (an error, typically) is written in."""
    found = url_language(request.url.path)
    if found is not None:
        return found
    asked = request.query_params.get("lang")
    if asked == "fr":
        return "fr"
    if asked == "en":
        return "en"
    accepted = accepted_language(request.headers.get("accept-language", ""))
    if accepted is not None:
        return accepted
    # the API speaks English unless asked; the site, French (as its root redirect does)
    return "en" if request.url.path.startswith(("/api/", "/downloads/")) else "fr"


def language_key(name: str) -> str | None:
    """``name_fr`` -> ``name``; ``None`` for a column that is not in a language."""
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


def paired(names: list[str]) -> set[str]:
    """The base names that come in every language (``name`` for ``name_fr`` and ``name_en``)."""
    bases = {base for base in map(language_key, names) if base is not None}
    return {base for base in bases if all(f"{base}_{lang}" in names for lang in LANGUAGES)}


def in_language(table: Table, lang: Language) -> Table:
    """``table`` with each ``X_fr``/``X_en`` pair replaced by ``X`` in ``lang`` (at the place of
    the first of the pair); other columns (an unpaired ``X_en`` too) and the declared kinds are
    kept."""
    pairs = paired(table.columns)
    if not pairs:
        return table
    keep: list[int] = []
    names: list[str] = []
    for index, column in enumerate(table.columns):
        base = language_key(column)
        if base is None or base not in pairs:
            keep.append(index)
            names.append(column)
        elif column == f"{base}_{lang}":
            keep.append(index)
            names.append(base)
    kinds = {
        name: column for name, column in table.kinds.items() if language_key(name) not in pairs
    }
    return Table(names, [tuple(row[i] for i in keep) for row in table.rows], kinds)


def record_in_language(record: dict[str, Any], lang: Language) -> dict[str, Any]:
    """One record with its ``X_fr``/``X_en`` pairs replaced by ``X`` in ``lang``."""
    pairs = paired(list(record))
    chosen: dict[str, Any] = {}
    for name, value in record.items():
        base = language_key(name)
        if base is None or base not in pairs:
            chosen[name] = value
        elif name == f"{base}_{lang}":
            chosen[base] = value
    return chosen
