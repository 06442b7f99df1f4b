"""HTML rendering: one self-contained file (inline CSS, charts as ``data:`` URIs, no script).

Every text is escaped with :func:`html.escape`; the page loads nothing from anywhere.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

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
    TableBlock,
)
from pkobs.reports.charts import COLOURS

STYLE = """
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 15px; line-height: 1.5;
       color: #1d232b; max-width: 52rem; margin: 0 auto; padding: 1.5rem; }
h1, h2 { color: NAVY; line-height: 1.25; }
h1 { font-size: 1.35rem; margin-top: 2rem; } h2 { font-size: 1.1rem; }
.cover { background: NAVY; color: #fff; border-radius: 6px; padding: 1.4rem 1.6rem; }
.cover .observatory { text-transform: uppercase; font-size: .8rem; letter-spacing: .03em; }
.cover .title { font-size: 1.8rem; font-weight: bold; margin: .4rem 0 0; }
.cover .month { font-size: 2.4rem; font-weight: bold; margin: 0; }
.group { color: #4a525c; font-size: .85rem; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .6rem; }
.kpi { background: #eef1f6; border: 1px solid #c9cfd8; border-radius: 4px; padding: .6rem; }
.kpi .label, .kpi .note { font-size: .78rem; color: #4a525c; }
.kpi .value { font-size: 1.6rem; font-weight: bold; color: NAVY; }
p { text-align: justify; hyphens: auto; }
p.lead { font-size: 1.08rem; font-weight: bold; color: NAVY; }
table { border-collapse: collapse; font-size: .85rem; margin: .6rem 0; display: block;
        max-width: 100%; overflow-x: auto; }  /* a wide table scrolls, the page does not */
th { background: NAVY; color: #fff; text-align: left; padding: .3rem .5rem; }
td { border-bottom: 1px solid #c9cfd8; padding: .25rem .5rem; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { font-size: .8rem; color: #4a525c; }
figure { margin: 1rem 0; } figure img { width: 100%; height: auto; }
figcaption { text-align: center; font-size: .85rem; color: #4a525c; }
.methodology { background: #eef1f6; border: 1px solid #c9cfd8; border-radius: 6px;
               padding: .4rem 1.2rem 1rem; font-size: .88rem; margin-top: 2rem; }
.files { columns: 16rem; column-gap: 1.5rem; font-size: .78rem; padding: 0; list-style: none; }
.files li { break-inside: avoid; display: flex; justify-content: space-between; gap: .6rem; }
.sha { font-family: "DejaVu Sans Mono", monospace; font-size: .78rem; word-break: break-all; }
footer { margin-top: 2rem; font-size: .8rem; color: #4a525c; }
@media print { .pagebreak { break-after: page; } .keep { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; } }
""".replace("NAVY", COLOURS["all"])
# What an HTML bulletin needs from a Content-Security-Policy, and nothing more: its one inline
# <style> (allowed by its hash) and its charts (PNG as data: URIs); no script, no other source.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; "
    f"style-src 'sha256-{base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()}'; "
    "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def _cover(block: Cover) -> str:
    kpis = "".join(
        f'<div class="kpi"><div class="label">{escape(k.label)}</div>'
        f'<div class="value">{escape(k.value)}</div><div class="note">{escape(k.note)}</div></div>'
        for k in block.kpis
    )
    return (
        f'<header class="cover"><div class="observatory">{escape(block.observatory)}</div>'
        f'<p class="title">{escape(block.title)}</p><p class="month">{escape(block.month)}</p>'
        f"<div>{escape(block.tagline)}</div></header>"
        f'<p class="group">{escape(block.group_line)}</p><div class="kpis">{kpis}</div>\n'
    )


def _table(block: TableBlock) -> str:
    def cell(tag: str, text: str, numeric: bool) -> str:
        return f"<{tag}{' class=num' if numeric else ''}>{escape(text)}</{tag}>"

    head = "".join(cell("th", c, n) for c, n in zip(block.columns, block.numeric, strict=True))
    body = "".join(
        "<tr>"
        + "".join(cell("td", v, n) for v, n in zip(row, block.numeric, strict=True))
        + "</tr>"
        for row in block.rows
    )
    note = f'<p class="note">{escape(block.note)}</p>' if block.note else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}\n"


def _figure(block: Figure) -> str:
    data = base64.b64encode(block.chart.png).decode("ascii")
    caption = escape(block.chart.caption)
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{caption}">'
        f"<figcaption>{caption}</figcaption></figure>\n"
    )


def _files(block: FileTable) -> str:
    items = "".join(
        f'<li><span>{escape(name)}</span><span class="sha">{escape(sha[:SHORT_SHA256])}</span></li>'
        for name, sha in block.files
    )
    return f'<ul class="files">{items}</ul>'


def _methodology(block: MethodologyBox) -> str:
    definitions = "".join(
        f"<p><strong>{escape(title)}</strong>. {escape(text)}</p>"
        for title, text in block.definitions
    )
    items = []
    for index, entry in enumerate(block.sources):  # files of one kind under it, named once
        named = index == 0 or block.sources[index - 1].name != entry.name
        name = f"<strong>{escape(entry.name)}</strong><br>" if named else ""
        sha256 = f'<br><span class="sha">{escape(entry.sha256)}</span>' if entry.sha256 else ""
        files = _files(entry.files) if entry.files is not None else ""
        items.append(f"<li>{name}{escape(entry.details)}{sha256}{files}</li>")
    sources = "".join(items)
    return (
        f'<section class="methodology"><h2>{escape(block.title)}</h2><p>{escape(block.intro)}</p>'
        f"<p><strong>{escape(block.link)}</strong></p><h3>{escape(block.definitions_title)}</h3>"
        f"{definitions}<h3>{escape(block.sources_title)}</h3><ul>{sources}</ul></section>\n"
    )


def _block(block: Block) -> str:
    if isinstance(block, Cover):
        return _cover(block)
    if isinstance(block, Heading):
        tag = "h1" if block.level == 1 else "h2"
        return f"<{tag}>{escape(block.text)}</{tag}>\n"
    if isinstance(block, Paragraph):
        lead = ' class="lead"' if block.lead else ""
        return f"<p{lead}>{escape(block.text)}</p>\n"
    if isinstance(block, Figure):
        return _figure(block)
    if isinstance(block, TableBlock):
        return _table(block)
    if isinstance(block, PageBreak):
        return '<div class="pagebreak"></div>\n'
    if isinstance(block, Keep):
        return '<div class="keep">\n' + "".join(_block(b) for b in block.blocks) + "</div>\n"
    return _methodology(block)


def render_html(document: Document) -> bytes:
    body = "".join(_block(b) for b in document.blocks)
    page = (
        f'<!DOCTYPE html>\n<html lang="{document.lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{body}<footer>{escape(document.footer)}</footer>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


__all__ = ["CONTENT_SECURITY_POLICY", "render_html"]
