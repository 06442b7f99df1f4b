"""PDF rendering: the blocks become a Typst source, compiled offline by the ``typst`` package.

Every piece of text from the data or the catalogues enters the source as a Typst *string
literal* (see :func:`string`), never as markup, so ``#``, ``*``, ``$``, ``[`` or quotes in a
country or file name are printed as they are and can never run as Typst code.
Fonts: DejaVu Sans / Sans Mono shipped with matplotlib (full Latin coverage, French accents),
so the PDF looks the same on every machine and needs no system font.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import matplotlib
import typst

from pkobs.reports.blocks import (
    SHORT_SHA256,
    Block,
    Cover,
    Document,
    Figure,
    FileTable,
    Heading,
    Keep,
    MethodologyBox,
    PageBreak,
    Paragraph,
    SourceEntry,
    TableBlock,
    walk,
)
from pkobs.reports.charts import COLOURS
from pkobs.reports.errors import ReportError

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"

PREAMBLE = """
#let navy = rgb("{navy}")
// the tighter setting, tried when the last page would hold one small block (render_pdf)
#let tight = sys.inputs.at("tight", default: "0") == "1"
#let soft = rgb("#eef1f6")
#let rule = rgb("#c9cfd8")
#set document(title: {title})
#set page(
  paper: "a4",
  margin: (x: 2.5cm, top: {margin_cm}cm, bottom: {margin_cm}cm),
  header: context {{
    if counter(page).get().first() > 1 {{
      set text(size: 7.5pt, fill: luma(90))
      {title}
      v(-0.55em)
      line(length: 100%, stroke: 0.4pt + rule)
    }}
  }},
  footer: context {{
    set text(size: 7.5pt, fill: luma(90))
    line(length: 100%, stroke: 0.4pt + rule)
    v(-0.3em)
    grid(columns: (1fr, auto), {footer},
      [#{page_word} #counter(page).display("1 / 1", both: true)])
  }},
)
#set text(font: "DejaVu Sans", size: 9pt, lang: "{lang}", hyphenate: auto,
  costs: (hyphenation: 400%, runt: 200%))
#set par(justify: true, leading: 0.6em, spacing: if tight {{ 0.7em }} else {{ 0.85em }})
#show heading: set text(hyphenate: false)
#show heading.where(level: 1): it => block(above: if tight {{ 1em }} else {{ 1.3em }},
  below: if tight {{ 0.6em }} else {{ 0.75em }}, sticky: true,
  text(size: 12.5pt, weight: "bold", fill: navy, it.body))
#show heading.where(level: 2): it => block(above: if tight {{ 0.8em }} else {{ 1em }},
  below: if tight {{ 0.5em }} else {{ 0.6em }}, sticky: true,
  text(size: 10pt, weight: "bold", fill: navy, it.body))
#let kpi(label, value, note) = block(width: 100%, height: 2.6cm, inset: 8pt, radius: 3pt,
  fill: soft, stroke: 0.5pt + rule, {{
    set par(justify: false)
    text(size: 7.5pt, fill: luma(70), hyphenate: false, label)
    v(1fr)
    text(size: 17pt, weight: "bold", fill: navy, value)
    linebreak()
    box(height: 0.8em, text(size: 7.5pt, fill: luma(70), note))
  }})
#let BREAKABLE_ROWS = {breakable_rows}
#let data-table(columns, numeric, rows, note, widths: auto) = {{
  set par(justify: false)
  set text(size: if tight {{ 7.5pt }} else {{ 8pt }}, hyphenate: false)
  let short = rows.len() <= BREAKABLE_ROWS
  // a short table moves whole with its note; a longer one breaks, its header repeated
  block(breakable: not short, width: 100%, {{ table(
    columns: if widths == auto {{ columns.len() }} else {{ widths }},
    align: (x, y) => if numeric.at(x) {{ right + horizon }} else {{ left + horizon }},
    stroke: (x, y) => if y == 0 {{ none }} else {{ (bottom: 0.4pt + rule) }},
    fill: (x, y) => if y == 0 {{ navy }},
    inset: (x: 5pt, y: if tight {{ 3pt }} else {{ 4pt }}),
    table.header(..columns.map(c => text(fill: white, weight: "bold", c))),
    ..rows.flatten(),
  )
  if short and note != "" {{ v(0.2em); text(size: 7.5pt, fill: luma(70), note) }} }})
  if not short and note != "" {{ text(size: 7.5pt, fill: luma(70), note) }}
}}
#let file-table(count, files) = {{
  set par(justify: false, leading: 0.45em)
  set text(size: 6.5pt, hyphenate: false)
  // row by row (alphabetical across, then down): the order stays plain across a page break
  grid(columns: (1fr,) * count, column-gutter: 14pt, row-gutter: 0.45em,
    ..files.map(file => {{
      file.at(0)
      h(1fr)
      text(font: "DejaVu Sans Mono", size: 6pt, fill: luma(60), file.at(1))
    }}))
}}
#let chart(path, caption) = figure(image(path, width: if tight {{ 86% }} else {{ 100% }}),
  caption: text(size: 8pt, fill: luma(60), caption), supplement: none, numbering: none)
"""


def string(value: str) -> str:
    """A Typst string literal holding ``value`` verbatim (the only way data enters the source)."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def array(values: list[str]) -> str:
    return "(" + "".join(f"{v}, " for v in values) + ")"


def _cover(block: Cover) -> str:
    kpis = ", ".join(
        f"kpi({string(k.label)}, {string(k.value)}, {string(k.note)})" for k in block.kpis
    )
    return f"""
#block(width: 100%, inset: (x: 16pt, y: 18pt), radius: 4pt, fill: navy, {{
  set par(justify: false)
  set text(fill: white, hyphenate: false)
  text(size: 9pt, tracking: 0.3pt, {string(block.observatory.upper())})
  v(0.5em)
  text(size: 22pt, weight: "bold", {string(block.title)})
  linebreak()
  text(size: 30pt, weight: "bold", {string(block.month)})
  v(0.3em)
  text(size: 9.5pt, {string(block.tagline)})
}})
#v(0.6em)
#text(size: 8.5pt, fill: luma(60), {string(block.group_line)})
#v(0.4em)
#grid(columns: ({", ".join(["1fr"] * len(block.kpis))}), column-gutter: 8pt, {kpis})
#v(0.4em)
"""


def _table(block: TableBlock) -> str:
    rows = array([array([string(cell) for cell in row]) for row in block.rows])
    columns = array([string(c) for c in block.columns])
    numeric = array(["true" if n else "false" for n in block.numeric])
    widths = column_widths(block)
    given = "" if widths is None else f", widths: {array(widths)}"
    return f"#data-table({columns}, {numeric}, {rows}, {string(block.note)}{given})\n"


BREAKABLE_ROWS = 12  # a longer table may break across pages (its header repeated), a shorter not
TEXT_WIDTH_EM = 56.0  # the 16 cm text width in ems of the tables' 8 pt type
CELL_INSET_EM = 1.25  # 5 pt each side
DIGIT_EM, HEADER_EM = 0.64, 0.7  # a digit's width; a letter of a bold header, generously


def column_widths(block: TableBlock) -> list[str] | None:
    """Column widths when the table would not fit on one line per cell: each figure column as
    wide as its widest figure or half its header (the header wraps between words, on two
    lines), the text columns sharing the rest (``auto``); ``None`` when everything fits, so
    Typst sizes the columns itself. Without this, Typst narrows the widest columns first and a
    host country such as « République démocratique du Congo » wraps on three lines."""

    def longest(index: int) -> int:
        return max((len(row[index]) for row in block.rows), default=0)

    natural = sum(
        max(longest(i), len(c)) * HEADER_EM + CELL_INSET_EM for i, c in enumerate(block.columns)
    )
    if natural <= TEXT_WIDTH_EM:
        return None
    widths = []
    for index, (header, numeric) in enumerate(zip(block.columns, block.numeric, strict=True)):
        if not numeric:
            widths.append("auto")
            continue
        word = max(*(len(w) for w in header.split()), (len(header) + 1) // 2)  # two lines
        widths.append(f"{max(longest(index) * DIGIT_EM, word * HEADER_EM) + CELL_INSET_EM:.1f}em")
    return widths


def _source(entry: SourceEntry, named: bool) -> str:
    """One source file: its name (``named=False``: the entry above has the same name, so it
    is not repeated), its details and its checksum (none for many files of one kind summed up
    in one entry: theirs are in the annex)."""
    name = f'#text(weight: "bold", {string(entry.name)}) #linebreak() ' if named else ""
    sha256 = (
        f' #linebreak() #text(font: "DejaVu Sans Mono", size: 6.8pt, {string(entry.sha256)})'
        if entry.sha256
        else ""
    )
    files = f" #v(0.3em) #{_files(entry.files)}" if entry.files is not None else ""
    return (  # ragged and unhyphenated: a file name or a date is never cut
        "[#set text(hyphenate: false); #set par(justify: false); "
        f"{name}#text(size: 7.5pt, {string(entry.details)}){sha256}{files}]"
    )


TEXT_WIDTH_PT = 453.0  # 16 cm
FILE_NAME_PT, SHA_PT = 3.6, 3.62  # a character of a file name at 6.5 pt; a digit of 6 pt mono


def file_columns(block: FileTable) -> int:
    """Three columns when the longest file name and its checksum fit on one line of a third of
    the page, else two."""
    longest = max((len(name) for name, _ in block.files), default=0)
    third = (TEXT_WIDTH_PT - 2 * 14) / 3
    return 3 if longest * FILE_NAME_PT + SHORT_SHA256 * SHA_PT + 8 <= third else 2


def _files(block: FileTable) -> str:
    files = array([array([string(name), string(sha[:SHORT_SHA256])]) for name, sha in block.files])
    return f"file-table({file_columns(block)}, {files})"


def _methodology(block: MethodologyBox) -> str:
    """The box; each list's title stays on the page of its first item (never alone at the foot
    of a page), and files of one kind are listed under their kind named once."""
    definitions = [
        f'par(justify: true, [#text(weight: "bold", {string(title)}). #{string(text)}])'
        for title, text in block.definitions
    ]
    names = [entry.name for entry in block.sources]
    sources = [  # one file never breaks across pages, nor a short list; a long one may
        f"block(breakable: {'true' if s.files and len(s.files.files) > 24 else 'false'}, "
        "below: 0.7em, "
        f"{_source(s, i == 0 or names[i - 1] != s.name)})"
        for i, s in enumerate(block.sources)
    ]
    definitions_title = (
        f'text(size: 9pt, weight: "bold", fill: navy, {string(block.definitions_title)})'
    )
    sources_title = f'text(size: 9pt, weight: "bold", fill: navy, {string(block.sources_title)})'
    return f"""
#block(width: 100%, inset: 12pt, radius: 4pt, fill: soft, stroke: 0.6pt + rule, above: 1.4em, {{
  set text(size: if tight {{ 7.6pt }} else {{ 8pt }})
  block(sticky: true, below: 0.7em, text(size: 11pt, weight: "bold", fill: navy,
    {string(block.title)}))
  par({string(block.intro)})
  par(text(weight: "bold", {string(block.link)}))
{_titled(definitions_title, definitions, "0.5em")}
  v(0.3em)
{_titled(sources_title, sources, "0.55em")}
}})
"""


def _titled(title: str, items: list[str], gap: str) -> str:
    """A list's title, kept with its first item (sticky: never alone at the foot of a page,
    even when that item is a long list of files that breaks across pages), then the items."""
    if not items:
        return f"  {title}"
    first = f"  block(sticky: true, below: {gap}, {title})"
    return "\n".join([first, *(f"  {item}" for item in items)])


def _block(block: Block, images: dict[str, str]) -> str:
    if isinstance(block, Cover):
        return _cover(block)
    if isinstance(block, Heading):
        return f"#heading(level: {block.level}, {string(block.text)})\n"
    if isinstance(block, Paragraph) and block.lead:
        return f'#par(text(size: 10.5pt, weight: "bold", fill: navy, {string(block.text)}))\n'
    if isinstance(block, Paragraph):
        return f"#par({string(block.text)})\n"
    if isinstance(block, Figure):
        return f"#chart({string(images[block.chart.name])}, {string(block.chart.caption)})\n"
    if isinstance(block, TableBlock):
        return _table(block)
    if isinstance(block, PageBreak):
        return "#pagebreak(weak: true)\n"
    if isinstance(block, Keep):
        inner = "".join(_block(b, images) for b in block.blocks)
        if not any(isinstance(b, Figure) for b in walk(block.blocks)):
            # text and tables flow: a heading sticks to what follows it, a paragraph never
            # leaves one line alone, a table repeats its header on the next page; kept
            # unbreakable, they pushed whole blocks to the next page and left a quarter of a
            # page blank (the training centres in February 2014)
            return inner
        return f"#block(breakable: false, width: 100%)[\n{inner}]\n"
    return _methodology(block)


def source(document: Document, images: dict[str, str]) -> str:
    """The complete ``.typ`` source; ``images`` maps chart names to file names beside it."""
    preamble = PREAMBLE.format(
        navy=COLOURS["all"],
        title=string(document.title),
        footer=string(document.footer),
        page_word=string(document.page_word),
        lang=document.lang,
        breakable_rows=BREAKABLE_ROWS,
        margin_cm=MARGIN_CM,
    )
    return preamble + "".join(_block(b, images) for b in document.blocks) + END_MARK


END_MARK = "#context [#metadata(here().position()) <pkobs-end>]\n"  # where the bulletin ends
PAGE_HEIGHT_PT = 841.89  # A4
MARGIN_CM = 2.3  # the top and bottom margins of the preamble's page
MARGIN_PT = MARGIN_CM / 2.54 * 72
TIGHTER = 1  # the ``tight`` level of the preamble tried (2, charts at 76 %, made them illegible)
LAST_PAGE_MIN = 0.4  # a last page filled less than this holds one small block: try tighter


def _compiled(main: Path, level: int) -> tuple[bytes, int, float]:
    """The PDF, its number of pages and how much of its last page's text area it fills."""
    compiler = typst.Compiler(
        str(main),
        root=str(main.parent),
        font_paths=[str(FONT_DIR)],
        ignore_system_fonts=True,
        sys_inputs={"tight": str(level)},
    )
    try:
        pdf = compiler.compile()
        end = json.loads(compiler.query("<pkobs-end>", field="value", one=True))
    except RuntimeError as exc:  # typst reports compile errors as RuntimeError
        raise ReportError("report.error.pdf_failed", detail=str(exc)) from None
    if not isinstance(pdf, bytes):
        raise ReportError("report.error.pdf_empty")
    filled = (float(str(end["y"]).removesuffix("pt")) - MARGIN_PT) / (
        PAGE_HEIGHT_PT - 2 * MARGIN_PT
    )
    return pdf, int(end["page"]), filled


def render_pdf(document: Document) -> bytes:
    """Compile the bulletin to PDF bytes in a private temporary folder (offline, no packages)."""
    charts = [b.chart for b in walk(document.blocks) if isinstance(b, Figure)]
    with tempfile.TemporaryDirectory(prefix="pkobs-report-") as folder:
        root = Path(folder)
        images = {}
        for chart in charts:
            name = f"{chart.name}.png"
            (root / name).write_bytes(chart.png)
            images[chart.name] = name
        main = root / "bulletin.typ"
        main.write_text(source(document, images), encoding="utf-8")
        pdf, pages, filled = _compiled(main, 0)
        if filled < LAST_PAGE_MIN and pages > 1:
            # the last page would hold one small block (a table of the annex alone): tighter
            # spacing, 7.5 pt tables and charts at 86 % of the width, kept if that saves the page
            tighter, fewer, _ = _compiled(main, TIGHTER)
            if fewer < pages:
                return tighter
    return pdf


__all__ = ["render_pdf", "source", "string"]
