"""Words with their positions, grouped into printed lines, read from a PDF with pypdfium2.

The reading-order text pdfium gives can join two table rows into one line, so every word is
placed by the box of its first and last character and the words are regrouped by height.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pypdfium2
import pypdfium2.raw as pdfium_c

WORD = re.compile(r"\S+")


class Word(NamedTuple):
    text: str
    x0: float
    x1: float
    y: float  # baseline, in PDF points from the bottom of the page
    height: float  # font size


@dataclass(frozen=True)
class Line:
    """One printed line: the words sharing a height on a page, left to right."""

    page: int  # 1-based
    y: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    def cells(self, gap: float = 6.0) -> list[tuple[float, str]]:
        """Runs of words closer than ``gap`` points, as (left edge, text)."""
        runs: list[tuple[float, list[str]]] = []
        last_x1 = -1e9
        for word in self.words:
            if runs and word.x0 - last_x1 < gap:
                runs[-1][1].append(word.text)
            else:
                runs.append((word.x0, [word.text]))
            last_x1 = word.x1
        return [(x0, " ".join(texts)) for x0, texts in runs]


@dataclass(frozen=True)
class Document:
    path: Path
    pages: tuple[tuple[Line, ...], ...]

    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page]


def _page_words(textpage: pypdfium2.PdfTextPage) -> list[Word]:
    """Each word at the baseline of its first character, as tall as its font size."""
    text = textpage.get_text_range()
    raw = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    box = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    origin = (ctypes.byref(origin_x), ctypes.byref(origin_y))
    words: list[Word] = []
    for match in WORD.finditer(text):
        start = match.start()
        pdfium_c.FPDFText_GetCharOrigin(raw, start, *origin)
        size = pdfium_c.FPDFText_GetFontSize(raw, start)
        pdfium_c.FPDFText_GetCharBox(raw, match.end() - 1, *box)
        words.append(Word(match.group(), origin_x.value, right.value, origin_y.value, size))
    return words


def group_lines(page: int, words: list[Word]) -> tuple[Line, ...]:
    """Words whose baselines are within a third of the font size share a line."""
    ordered = sorted(words, key=lambda w: -w.y)
    groups: list[list[Word]] = []
    for word in ordered:
        if groups:
            ref = groups[-1][0]
            if abs(ref.y - word.y) <= max(1.0, 0.35 * max(ref.height, word.height)):
                groups[-1].append(word)
                continue
        groups.append([word])
    return tuple(
        Line(page, sum(w.y for w in group) / len(group), tuple(sorted(group, key=lambda w: w.x0)))
        for group in groups
    )


def read_document(path: Path) -> Document:
    pdf = pypdfium2.PdfDocument(path)
    try:
        pages: list[tuple[Line, ...]] = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                pages.append(group_lines(index + 1, _page_words(textpage)))
            finally:
                textpage.close()
                page.close()
        return Document(path, tuple(pages))
    finally:
        pdf.close()
