"""One frozen settings object, built once from the environment and passed explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")

ENV_HOME = "PKOBS_HOME"
ENV_DB = "PKOBS_DB"
ENV_LANG = "PKOBS_LANG"
DB_FILENAME = "pkobs.duckdb"


@dataclass(frozen=True)
class Settings:
    """Where pkobs keeps its data, and how it speaks.

    ``home`` holds the default database and downloaded sources; ``db_path`` is the DuckDB file.
    """

    home: Path
    db_path: Path
    lang: Language = "fr"

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
        language = parse_language(lang or env.get(ENV_LANG) or "fr")
        return cls(home=home.expanduser(), db_path=db_path.expanduser(), lang=language)


def parse_language(value: str) -> Language:
    """Return ``fr`` or ``en``; anything else is a clear error."""
    lowered = value.strip().lower()[:2]
    if lowered == "fr":
        return "fr"
    if lowered == "en":
        return "en"
    raise ValueError(f"unknown language {value!r}: use 'fr' or 'en' / langue inconnue")
