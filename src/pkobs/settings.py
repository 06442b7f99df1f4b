"""One frozen settings object, built once from the environment and passed explicitly."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir

from pkobs.errors import SettingsError

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")

ENV_HOME = "PKOBS_HOME"
ENV_DB = "PKOBS_DB"
ENV_LANG = "PKOBS_LANG"
ENV_WEB_CACHE_MB = "PKOBS_WEB_CACHE_MB"
DB_FILENAME = "pkobs.duckdb"


@dataclass(frozen=True)
class Settings:
    """Where pkobs keeps its data, and how it speaks.

    ``home`` holds the default database and downloaded sources; ``db_path`` is the DuckDB file.
    ``web_cache_bytes``, when set (``PKOBS_WEB_CACHE_MB``), bounds each of the web server's three
    in-memory caches (responses, results and kept rows' texts, per worker process) instead of
    their defaults.
    """

    home: Path
    db_path: Path
    lang: Language = "fr"
    web_cache_bytes: int | None = None

    @property
    def downloads_dir(self) -> Path:
        return self.home / "sources"

    @classmethod
    def from_env(
        cls,
        db: str | Path | None = None,
        lang: str | None = None,
        environ: dict[str, str] | None = None,
    ) -> Settings:
        """Build settings: explicit arguments win over ``PKOBS_*`` variables, then defaults."""
        env = os.environ if environ is None else environ
        home = Path(env.get(ENV_HOME) or user_data_dir("pkobs", appauthor=False))
        db_value = db if db is not None else env.get(ENV_DB)
        db_path = Path(db_value) if db_value else home / DB_FILENAME
        language = requested_language(lang, env)
        cache_mb = env.get(ENV_WEB_CACHE_MB)
        return cls(
            home=home.expanduser(),
            db_path=db_path.expanduser(),
            lang=language,
            web_cache_bytes=parse_cache_mb(cache_mb) if cache_mb else None,
        )


def parse_cache_mb(value: str) -> int:
    """Bytes of a whole, positive number of MiB (``PKOBS_WEB_CACHE_MB``); else a clear error."""
    try:
        megabytes = int(value.strip())
    except ValueError:
        megabytes = 0
    if megabytes < 1:
        raise SettingsError("settings.bad_cache_mb", variable=ENV_WEB_CACHE_MB, value=value)
    return megabytes * 1024 * 1024


def requested_language(lang: str | None, environ: Mapping[str, str] | None = None) -> Language:
    """The language asked for: ``lang``, else ``PKOBS_LANG``, else French; a clear error for
    any other."""
    env = os.environ if environ is None else environ
    return parse_language(lang or env.get(ENV_LANG) or "fr")


def parse_language(value: str) -> Language:
    """Return ``fr`` or ``en``; anything else is a clear error."""
    lowered = value.strip().lower()[:2]
    if lowered == "fr":
        return "fr"
    if lowered == "en":
        return "en"
    raise SettingsError("settings.bad_language", value=value)
