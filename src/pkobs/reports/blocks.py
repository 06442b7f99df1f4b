"""The building blocks of a bulletin, independent of the output format (PDF via Typst, HTML).

All text in a block is final: translated, with numbers and months formatted for the language.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from pkobs.reports.charts import Chart
from pkobs.settings import Language

KEEP_TABLE_ROWS = 20  # a table this short stays on the page of its heading, text and chart


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Cover:
    observatory: str
    title: str
    month: str
    tagline: str
    group_line: str
    kpis: list[Kpi]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: bool = False  # the headline with its cause, set larger on page one


@dataclass(frozen=True)
class Figure:
    chart: Chart


@dataclass(frozen=True)
class TableBlock:
    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # right-aligned columns
    note: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class FileTable:
    """Many source files of one kind in small type, several columns: each file's name and the
    first :data:`SHORT_SHA256` characters of its SHA-256 (the full ones are on the site's
    methodology page, which the entry's details name)."""

    files: list[tuple[str, str]]  # (file name, full SHA-256)


SHORT_SHA256 = 16  # 64 bits: enough to tell every file apart and to check one by hand


@dataclass(frozen=True)
class SourceEntry:
    """A source file (its kind, details and SHA-256), or many files of one kind in one entry:
    then ``sha256`` is empty and ``files`` lists each file with its SHA-256."""

    name: str
    details: str
    sha256: str
    files: FileTable | None = None


@dataclass(frozen=True)
class MethodologyBox:
    title: str
    intro: str
    link: str
    definitions_title: str
    definitions: list[tuple[str, str]]
    sources_title: str
    sources: list[SourceEntry]


@dataclass(frozen=True)
class Keep:
    """Blocks that must stay on one page (a heading, its paragraph and its chart)."""

    blocks: list[Block]


Block = Cover | Heading | Paragraph | Figure | TableBlock | PageBreak | MethodologyBox | Keep


@dataclass(frozen=True)
class Document:
    lang: Language
    title: str  # for metadata and the running header
    footer: str  # generation timestamp
    page_word: str
    blocks: list[Block] = field(default_factory=list)


def kept(blocks: list[Block], table: TableBlock | None = None) -> list[Block]:
    """Heading, paragraph and chart on one page, with the table that follows when it is short."""
    if table is None:
        return [Keep(blocks)]
    if len(table.rows) <= KEEP_TABLE_ROWS:
        return [Keep([*blocks, table])]
    return [Keep(blocks), table]


def walk(blocks: list[Block]) -> Iterator[Block]:
    """Every block, the ones inside :class:`Keep` included, in reading order."""
    for block in blocks:
        yield block
        if isinstance(block, Keep):
            yield from walk(block.blocks)


__all__ = [
    "SHORT_SHA256",
    "Block",
    "Cover",
    "Document",
    "Figure",
    "FileTable",
    "Heading",
    "Keep",
    "Kpi",
    "MethodologyBox",
    "PageBreak",
    "Paragraph",
    "SourceEntry",
    "TableBlock",
    "kept",
    "walk",
]
