"""One renderer per format, shared by the three front ends (CLI, web site, bulletin).

A :class:`pkobs.table.Table` is shown from its columns' declared kinds
(:class:`pkobs.table.Column`), never from their names:

- human formats, in one :class:`pkobs.i18n.Locale`: :mod:`pkobs.render.terminal` (a Rich table)
  and :mod:`pkobs.render.html` (an HTML table); cells by :mod:`pkobs.render.cells` (``février
  2014``, ``1 234``, ``23,4 %``, a category value through the catalogue), headers from the
  catalogue (``column.<name>``) when it has the key;
- data formats, in machine values (ISO dates, raw numbers), the same in every language:
  :mod:`pkobs.render.csv` (text that looks like a formula neutralised),
  :mod:`pkobs.render.json` (orjson), :mod:`pkobs.render.xlsx`; :mod:`pkobs.render.export` writes
  a whole view to a file in one of them.

The modules are imported one by one (``from pkobs.render.csv import csv_text``): a command that
prints CSV does not pay for Rich or the XLSX writer.
"""
