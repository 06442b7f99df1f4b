"""PDF rendering: the blocks become a Typst source, compiled offline by the ``typst`` package.

Every piece of text from the data or the catalogues enters the source as a Typst *string
literal* (see :func:`string`), never as markup, so ``#``, ``*``, ``$``, ``[`` or quotes in a
country or file name are printed as they are and can never run as Typst code.
Fonts: DejaVu Sans / Sans Mono shipped with matplotlib (full Latin coverage, French accents),
so the PDF looks the same on every machine and needs no system font.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import matplotlib
import typst

from pkobs.reports.blocks import walk
from pkobs.reports.charts import COLOURS
from pkobs.reports.errors import ReportError
from pkobs.reports.layout import (
    Block,
    Cover,
    Document,
    Figure,
    Heading,
    Keep,
    MethodologyBox,
    PageBreak,
    Paragraph,
    TableBlock,
)

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"

PREAMBLE = """
#let navy = rgb("{navy}")
#let soft = rgb("#eef1f6")
#let rule = rgb("#c9cfd8")
#set document(title: {title})
#set page(
  paper: "a4",
  margin: (x: 2.5cm, top: 2.3cm, bottom: 2.3cm),
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
#set par(justify: true, leading: 0.6em, spacing: 0.85em)
#show heading: set text(hyphenate: false)
#show heading.where(level: 1): it => block(above: 1.3em, below: 0.75em, sticky: true,
  text(size: 12.5pt, weight: "bold", fill: navy, it.body))
#show heading.where(level: 2): it => block(above: 1em, below: 0.6em, sticky: true,
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
#let data-table(columns, numeric, rows, note) = {{
  set par(justify: false)
  set text(size: 8pt, hyphenate: false)
  block(breakable: rows.len() > 20, width: 100%, table(
    columns: columns.len(),
    align: (x, y) => if numeric.at(x) {{ right + horizon }} else {{ left + horizon }},
    stroke: (x, y) => if y == 0 {{ none }} else {{ (bottom: 0.4pt + rule) }},
    fill: (x, y) => if y == 0 {{ navy }},
    inset: (x: 5pt, y: 4pt),
    table.header(..columns.map(c => text(fill: white, weight: "bold", c))),
    ..rows.flatten(),
  ))
  if note != "" {{ text(size: 7.5pt, fill: luma(70), note) }}
}}
#let chart(path, caption) = figure(image(path, width: 100%),
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
    return f"#data-table({columns}, {numeric}, {rows}, {string(block.note)})\n"


def _methodology(block: MethodologyBox) -> str:
    definitions = "\n".join(
        f'  par(justify: true, [#text(weight: "bold", {string(title)}). #{string(text)}])'
        for title, text in block.definitions
    )
    sources = "\n".join(
        f'  block(breakable: false, below: 0.7em, [#text(weight: "bold", {string(s.name)}) '
        f"#linebreak() #{string(s.details)} #linebreak() "
        f'#text(font: "DejaVu Sans Mono", size: 6.8pt, {string(s.sha256)})])'
        for s in block.sources
    )
    return f"""
#block(width: 100%, inset: 12pt, radius: 4pt, fill: soft, stroke: 0.6pt + rule, above: 1.4em, {{
  set text(size: 8pt)
  text(size: 11pt, weight: "bold", fill: navy, {string(block.title)})
  v(0.2em)
  par({string(block.intro)})
  par(text(weight: "bold", {string(block.link)}))
  text(size: 9pt, weight: "bold", fill: navy, {string(block.definitions_title)})
{definitions}
  v(0.3em)
  text(size: 9pt, weight: "bold", fill: navy, {string(block.sources_title)})
  v(0.2em)
{sources}
}})
"""


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
    )
    return preamble + "".join(_block(b, images) for b in document.blocks)


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
        try:
            pdf = typst.compile(
                str(main), root=str(root), font_paths=[str(FONT_DIR)], ignore_system_fonts=True
            )
        except RuntimeError as exc:  # typst reports compile errors as RuntimeError
            raise ReportError("report.error.pdf_failed", detail=str(exc)) from None
    if not isinstance(pdf, bytes):
        raise ReportError("report.error.pdf_empty")
    return pdf


__all__ = ["render_pdf", "source", "string"]
