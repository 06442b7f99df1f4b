"""JSON with orjson: machine values (ISO dates, raw numbers), UTF-8 as is.

:func:`json_bytes` is the compact form the web answers with. :func:`json_text` is what the CLI
prints: the bytes Python's ``json.dumps(payload, ensure_ascii=False, indent=1)`` gave before
orjson (the same indentation, and floats written as Python writes them: ``1e-05``, ``NaN``),
so scripts reading ``--format json`` see no change.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

import orjson

OPTIONS = (
    orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)
# The web's compact answers let orjson write dates itself (``2014-02-28``, the same ISO text as
# ``date.isoformat``, without a Python call per date: it halves the JSON time of a large table)
WEB_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS
INT64_MIN, UINT64_MAX = -(2**63), 2**64 - 1
_INDENT = re.compile(rb"^((?:  )+)", re.MULTILINE)


def json_default(value: object) -> object:
    """What JSON cannot hold natively: dates as ISO text, decimals as numbers, the rest as text."""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def _python_form(value: Any, floats: bool = True) -> Any:
    """``value`` with what orjson writes differently from Python's json as preformatted JSON:
    integers beyond 64 bits, decimals, and (``floats``) floats with an exponent or not finite."""
    kind = type(value)
    if kind is float and floats:
        text = float.__repr__(value)
        if "e" in text or "n" in text:  # 1e-05, inf, nan
            if math.isnan(value):
                return orjson.Fragment(b"NaN")
            if math.isinf(value):
                return orjson.Fragment(b"Infinity" if value > 0 else b"-Infinity")
            return orjson.Fragment(text.encode())
        return value
    if kind is int:
        return value if INT64_MIN <= value <= UINT64_MAX else orjson.Fragment(str(value).encode())
    if kind is dict:
        return {key: _python_form(item, floats) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [_python_form(item, floats) for item in value]
    if isinstance(value, Decimal):
        return _python_form(json_default(value), floats)
    return value  # dates, dataclasses and the rest go to json_default, as with Python's json


def json_bytes(payload: Any) -> bytes:
    """Compact, valid JSON (the web's answers): NaN and infinities are ``null``."""
    try:
        return orjson.dumps(payload, default=json_default, option=WEB_OPTIONS)
    except orjson.JSONEncodeError:  # an integer beyond 64 bits: written exactly
        exact = _python_form(payload, floats=False)
        return orjson.dumps(exact, default=json_default, option=WEB_OPTIONS)


def json_text(payload: Any, indent: int | None = 1) -> str:
    """JSON as the CLI prints it: ``indent`` spaces per level (``None``: one line, with Python's
    ``", "`` and ``": "`` separators), byte-identical to ``json.dumps(payload,
    default=json_default, ensure_ascii=False, indent=indent)``."""
    value = _python_form(payload)
    if indent is None:
        return _spaced(orjson.dumps(value, default=json_default, option=OPTIONS)).decode()
    out = orjson.dumps(value, default=json_default, option=OPTIONS | orjson.OPT_INDENT_2)
    if indent != 2:
        out = _INDENT.sub(lambda m: b" " * (len(m.group(1)) // 2 * indent), out)
    return out.decode()


_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[,:]')


def _spaced(compact: bytes) -> bytes:
    """Compact JSON with Python's default separators (``", "`` and ``": "``), strings untouched."""
    return _TOKEN.sub(lambda m: m.group(0) + b" " if len(m.group(0)) == 1 else m.group(0), compact)


__all__ = ["json_bytes", "json_default", "json_text"]
