"""Countries: ISO-3 codes from pycountry; names from CLDR (Babel), or the UN's short names.

``python -m pkobs.refdata.countries`` regenerates ``data/countries.csv``; a test checks the shipped
file still equals what CLDR gives, overridden by the reviewed, sourced UN short names of
``data/un_country_names.csv`` (UNTERM / M49: "République démocratique du Congo", not
"Congo-Kinshasa"), so no name is typed anywhere else. Names as published by the UN are
resolved to ISO-3 by :class:`CountryResolver`: the reviewed alias table first, then pycountry's
exact names and codes. Nothing is matched fuzzily: an unknown name is an error.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping

import pycountry

from pkobs.refdata.specs import DATA_DIR

# Territories CLDR names but ISO 3166-1 does not code; the code is the one the UN and the World
# Bank use for Kosovo.
EXTRA_TERRITORIES: tuple[tuple[str, str], ...] = (("XKX", "XK"),)


def un_short_names() -> dict[str, tuple[str, str, str]]:
    """The reviewed UN short names (UNTERM, M49) that replace CLDR's: iso3 -> (en, fr, source).

    CLDR's names are the ones people use in conversation ("Congo-Kinshasa", "South Korea");
    the UN's documents, and so pkobs, use the UN's short names ("République démocratique du
    Congo", "Republic of Korea").
    """
    with (DATA_DIR / "un_country_names.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["iso3"]: (row["name_en"], row["name_fr"], row["source"])
            for row in csv.DictReader(handle)
        }


def generate_countries_csv() -> str:
    """The content of ``countries.csv``: every ISO 3166-1 country plus Kosovo, CLDR names."""
    from importlib.metadata import version  # maintenance only: not loaded to resolve names

    from babel import Locale

    english, french = Locale("en"), Locale("fr")
    source = (
        f"ISO 3166-1 via pycountry {version('pycountry')}; names from CLDR via Babel "
        f"{version('babel')}"
    )
    un_names = un_short_names()
    pairs = [(c.alpha_3, c.alpha_2) for c in pycountry.countries]
    pairs += list(EXTRA_TERRITORIES)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["iso3", "iso2", "name_en", "name_fr", "source"])
    for iso3, iso2 in sorted(pairs):
        name_en = english.territories.get(iso2)
        name_fr = french.territories.get(iso2)
        if not name_en or not name_fr:
            raise SystemExit(f"CLDR has no name for {iso2}")
        if iso3 in un_names:  # the UN's own short name, where CLDR's differs
            name_en, name_fr, un_source = un_names[iso3]
            writer.writerow(
                [iso3, iso2, name_en, name_fr, f"{un_source}; ISO 3166-1 via pycountry"]
            )
            continue
        writer.writerow([iso3, iso2, name_en, name_fr, f"{source} (territory {iso2})"])
    return out.getvalue()


def normalise_name(name: str) -> str:
    """Case, accents, punctuation and spacing do not matter when matching a country name."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", stripped.lower()).strip()


class CountryResolver:
    """Map country names or codes, as the UN spells them, to ISO-3 codes."""

    def __init__(self, aliases: Mapping[str, str], known_iso3: Iterable[str]) -> None:
        self.known = set(known_iso3)
        self.aliases = {normalise_name(a): iso3 for a, iso3 in aliases.items()}
        self.exact: dict[str, str] = {}
        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name", "alpha_3", "alpha_2"):
                value = getattr(country, attr, None)
                if value:
                    self.exact.setdefault(normalise_name(value), country.alpha_3)

    def resolve(self, name: str) -> str | None:
        """The ISO-3 code for ``name``, or None when it is not known (never a guess)."""
        key = normalise_name(name)
        iso3 = self.aliases.get(key) or self.exact.get(key)
        if iso3 is None and name.strip().upper() in self.known:
            iso3 = name.strip().upper()
        return iso3 if iso3 in self.known else None


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    target = DATA_DIR / "countries.csv"
    target.write_text(generate_countries_csv(), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")
