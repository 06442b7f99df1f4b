"""A group's members as a noun phrase in the reader's language (``membres de l’OIF``,
``OIF members``), for titles and sentences of every edge (site, map, command line)."""

from __future__ import annotations

from collections.abc import Mapping

from pkobs.i18n import Locale, catalogue


def members_phrase(group: str, names: Mapping[str, str], locale: Locale) -> str:
    """The catalogue's phrase for ``group`` (``group.members.<id>``); a group without its own
    phrase is ``membres du groupe <its name>`` (``names``: group id → name in the language)."""
    key = f"group.members.{group}"
    if key in catalogue(locale.lang):
        return locale.t(key)
    return locale.t("group.members.other", name=names.get(group, group.upper()))


def members_title(group: str, names: Mapping[str, str], locale: Locale) -> str:
    """The same phrase starting a title or a sentence: ``Membres de l’OIF``."""
    phrase = members_phrase(group, names, locale)
    return phrase[:1].upper() + phrase[1:]
