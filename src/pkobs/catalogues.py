"""The gettext message catalogues: ``pkobs/locales/<lang>/LC_MESSAGES/<area>.po``, read with Babel.

``msgid`` is the message key and ``msgstr`` its text, with ``{placeholders}``. A message that
changes with a number is a gettext plural entry: ``msgid "<key>.one"``, ``msgid_plural
"<key>.other"`` and one ``msgstr[i]`` per CLDR plural category of the language, in the order of
the ``Plural-Forms`` header (French: one, many, other; English: one, other).

Parsing a ``.po`` file with Babel costs tens of milliseconds per language, more than a command can
spend before it starts, so the parsed and checked messages are kept in the user's cache directory
(a JSON file named after the size and CRC-32 of the ``.po`` files); a changed file is parsed again.
"""

from __future__ import annotations

import io
import json
import os
import zlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import babel
from babel import Locale
from babel.plural import PluralRule

from pkobs.settings import Language

CLDR_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
CACHE_FORMAT = 1


class CatalogueError(ValueError):
    """A ``.po`` file that cannot be used: says which file, which line, and what to fix."""


@dataclass(frozen=True)
class Catalogue:
    """The messages of one language: ``messages`` key -> template; ``plurals`` key -> one
    template per plural category, in ``plural_categories(lang)`` order."""

    messages: dict[str, str]
    plurals: dict[str, tuple[str, ...]]


@cache
def plural_rule(lang: Language) -> PluralRule:
    """The CLDR plural rule of ``lang`` (Babel): ``plural_rule("fr")(0) == "one"``."""
    return Locale.parse(lang).plural_form


@cache
def plural_categories(lang: Language) -> tuple[str, ...]:
    """The CLDR categories of ``lang`` in gettext order (``msgstr[0]``, ``msgstr[1]``...)."""
    tags = plural_rule(lang).tags | {"other"}
    return tuple(tag for tag in CLDR_CATEGORIES if tag in tags)


def expected_plural_forms(lang: Language) -> str:
    """The ``Plural-Forms`` header Babel derives from CLDR for ``lang``."""
    from babel.messages.plurals import get_plural

    return get_plural(lang).plural_forms


def locales_folder() -> Traversable:
    return resources.files("pkobs") / "locales"


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("pkobs", appauthor=False)) / "catalogues"


def po_files(folder: Traversable, lang: Language) -> list[Traversable]:
    messages = folder / lang / "LC_MESSAGES"
    if not messages.is_dir():
        raise CatalogueError(f"{messages}: no catalogue for language {lang!r}")
    return sorted((e for e in messages.iterdir() if e.name.endswith(".po")), key=lambda e: e.name)


def load(folder: Traversable, lang: Language, cache_dir: Path | None) -> Catalogue:
    """The checked messages of ``lang`` under ``folder``, from the cache when the files match."""
    sources = [(entry, entry.read_bytes()) for entry in po_files(folder, lang)]
    # CRC-32 and length of every file (zlib: hashlib's import alone costs 5 ms)
    digest = zlib.crc32(f"{CACHE_FORMAT} {babel.__version__} {lang}".encode())
    size = 0
    for entry, data in sources:
        digest = zlib.crc32(data, zlib.crc32(f"\0{entry.name}\0{len(data)}\0".encode(), digest))
        size += len(data)
    cached = cache_dir / f"{lang}-{size}-{digest:08x}.json" if cache_dir else None
    if cached is not None:
        found = _read_cache(cached)
        if found is not None:
            return found
    catalogue = parse(sources, lang)
    if cached is not None:
        _write_cache(cached, catalogue)
    return catalogue


def parse(sources: list[tuple[Traversable, bytes]], lang: Language) -> Catalogue:
    """Parse and check ``.po`` files with Babel; the first problem raises ``CatalogueError``."""
    # imported here: babel.messages costs about 20 ms, paid only when the cache misses
    from babel.messages.pofile import PoFileError, read_po

    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    seen: dict[str, str] = {}
    for entry, data in sources:
        where = str(entry)
        try:
            catalog = read_po(io.BytesIO(data), domain=entry.name[:-3], abort_invalid=True)
        except PoFileError as error:
            raise CatalogueError(f"{where}:{error.lineno}: not a valid .po file: {error}") from None
        if catalog.locale is None or str(catalog.locale) != lang:
            raise CatalogueError(
                f"{where}: the Language header says {str(catalog.locale or '')!r}; "
                f"a file under {lang}/LC_MESSAGES must say 'Language: {lang}'"
            )
        if catalog.plural_forms != expected_plural_forms(lang):
            raise CatalogueError(
                f"{where}: Plural-Forms is {catalog.plural_forms!r}; CLDR (Babel) gives "
                f"{expected_plural_forms(lang)!r}"
            )
        for message in catalog:
            if not message.id:
                continue  # the header
            at = f"{where}:{message.lineno}"
            if message.fuzzy:
                raise CatalogueError(
                    f"{at}: {message.id!r} is marked fuzzy: review it and remove the flag"
                )
            if isinstance(message.id, str):
                key, text = message.id, message.string
                if not isinstance(text, str) or not text:
                    raise CatalogueError(f"{at}: {key!r} has no translation (empty msgstr)")
                messages[key] = text
                keys = [key]
            else:
                key = _plural_key(message.id, at)
                forms = tuple(message.string) if isinstance(message.string, tuple | list) else ()
                if len(forms) != catalog.num_plurals or not all(forms):
                    raise CatalogueError(
                        f"{at}: {message.id[0]!r} needs {catalog.num_plurals} non-empty forms "
                        f"(msgstr[0]..msgstr[{catalog.num_plurals - 1}]: "
                        f"{', '.join(plural_categories(lang))})"
                    )
                plurals[key] = forms
                keys = list(message.id)
            for name in keys:
                if name in seen:
                    raise CatalogueError(f"{at}: {name!r} is already defined in {seen[name]}")
                seen[name] = at
    return Catalogue(messages, plurals)


def _plural_key(ids: tuple[str, ...] | list[str], at: str) -> str:
    singular, plural = ids[0], ids[1]
    key = singular.removesuffix(".one")
    if not singular.endswith(".one") or plural != f"{key}.other":
        raise CatalogueError(
            f'{at}: a plural entry is msgid "<key>.one" with msgid_plural "<key>.other", '
            f"not {singular!r} / {plural!r}"
        )
    return key


def _read_cache(path: Path) -> Catalogue | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    messages, plurals = data.get("messages"), data.get("plurals")
    if not isinstance(messages, dict) or not isinstance(plurals, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in messages.items()):
        return None
    # the forms were counted when the file was parsed; the name holds the language and digest
    for forms in plurals.values():
        if not isinstance(forms, list) or not all(isinstance(form, str) for form in forms):
            return None
    return Catalogue(messages, {key: tuple(forms) for key, forms in plurals.items()})


def _write_cache(path: Path, catalogue: Catalogue) -> None:
    """Best effort: a cache that cannot be written only costs the next start a parse."""
    lang = path.name.split("-", 1)[0]
    text = json.dumps({"messages": catalogue.messages, "plurals": catalogue.plurals})
    import tempfile  # only when the cache is written (its import costs about 7 ms)

    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f"{lang}-*.json"):
            if stale != path:
                stale.unlink(missing_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
        temporary = None
    except OSError:
        pass
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


__all__ = [
    "CLDR_CATEGORIES",
    "Catalogue",
    "CatalogueError",
    "default_cache_dir",
    "expected_plural_forms",
    "load",
    "locales_folder",
    "parse",
    "plural_categories",
    "plural_rule",
    "po_files",
]
