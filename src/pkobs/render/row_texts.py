"""The JSON text of rows that come back from one answer to the next, kept by their identity.

A month's alerts are kept by the aggregates once worked out: the same tuple objects are in the
answer of every range and every group that holds the month. Their text in a language does not
change either, so the web keeps it: a page of 1,000 alert sentences is then 1,000 lookups
instead of 1,000 sentences worded, formatted and encoded. (A row written alone costs more than
its share of a page written whole, so only rows that come back often are worth it: a group's
ranking of a month, in one group's answers only, is not.)

A row is found by its identity and checked to be the very object (each entry holds its row: the
identity of a row alive cannot be reused). The texts of one process are bounded by their bytes;
when full, they are all dropped and made again as asked. Each web worker holds
one :class:`RowTexts` (``WebContext.row_texts``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import orjson

from pkobs.settings import Language

# the texts a worker keeps, in bytes: every contributor's alerts of the 1.5 M-row SYNTHETIC
# history in both languages take about 40 MiB (a page of 1,000 alerts: about 280 kB)
ROW_TEXT_BYTES = 48 * 1024 * 1024
ENTRY_BYTES = 160  # counted for each entry beside its text: its key, tuple and fragment

Row = tuple[Any, ...]
Key = tuple[Language, tuple[str, ...]]
Entry = tuple[Row, orjson.Fragment, int]  # the row, its text, the text's length in bytes


class RowTexts:
    """Rows' JSON texts by language, column names and row identity, at most ``max_bytes``."""

    def __init__(self, max_bytes: int = ROW_TEXT_BYTES) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._kept: dict[Key, dict[int, Entry]] = {}
        self._lock = threading.Lock()

    def fragments(
        self,
        lang: Language,
        columns: Sequence[str],
        rows: Sequence[Row],
        text: Callable[[Row], bytes],
    ) -> list[orjson.Fragment]:
        """Each row's JSON text (``text(row)``, made once per row object, language and columns)
        as an :class:`orjson.Fragment`, which ``orjson.dumps`` writes as it is."""
        key = (lang, tuple(columns))
        kept: dict[int, Entry] = self._kept.get(key) or {}
        found: list[orjson.Fragment] = []
        made: list[Entry] = []
        for row in rows:
            entry = kept.get(id(row))
            if entry is not None and entry[0] is row:
                found.append(entry[1])
            else:
                written = text(row)
                fragment = orjson.Fragment(written)
                found.append(fragment)
                made.append((row, fragment, len(written)))
        if made:
            self._keep(key, made)
        return found

    def _keep(self, key: Key, made: list[Entry]) -> None:
        size = sum(entry[2] for entry in made) + ENTRY_BYTES * len(made)
        with self._lock:
            if self.bytes + size > self.max_bytes:
                self._kept.clear()  # all made again as asked
                self.bytes = 0
            kept = self._kept.setdefault(key, {})
            for entry in made:
                kept[id(entry[0])] = entry
            self.bytes += size

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self.bytes = 0


__all__ = ["ROW_TEXT_BYTES", "RowTexts"]
