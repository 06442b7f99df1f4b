"""Months whose shown figures changed, printed the same way by ``pkobs update`` (what the
source revised) and ``pkobs ingest`` (where a new file's figures replace an older source's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pkobs.cli.common import say

if TYPE_CHECKING:
    from pkobs.i18n import Locale
    from pkobs.store.revisions import Counts, MonthRevision

CELLS_SHOWN = 20


def _total(counts: Counts | None, locale: Locale) -> str:
    if counts is None or counts.total is None:
        return "—"
    return locale.number(counts.total)


def print_revisions(revisions: list[MonthRevision], heading: str, locale: Locale) -> None:
    """Each month under the catalogue's ``heading`` (given ``month`` and ``changed``), then its
    first :data:`CELLS_SHOWN` cells as ``contributor · mission · type : old → new``."""
    for revision in revisions:
        changed = locale.count(len(revision.cells), "changed_count")
        say(locale.t(heading, month=locale.month(revision.month), changed=changed))
        for cell in revision.cells[:CELLS_SHOWN]:
            say(
                locale.t(
                    "update.cell",
                    contributor=cell.contributor_iso3,
                    mission=cell.mission,
                    type=locale.t(f"value.personnel_type.{cell.personnel_type}"),
                    old=_total(cell.old, locale),
                    new=_total(cell.new, locale),
                ),
            )
        if len(revision.cells) > CELLS_SHOWN:
            say(locale.t("update.cells_more", count=len(revision.cells) - CELLS_SHOWN))
