"""``ipi-json``: IPI's monthly JSON records (``monthly-2014/YYYYMMDD.json``), April - August 2014.

One record per contributor x mission, with counts per type and sex (``troops``, ``troops_f``,
``troops_m``, ``ip``..., ``fpu``..., ``eom``...). Keys are left out where a value is zero. Records
whose contributor or mission is ``"all"`` are IPI's own totals: they are not data but checksums,
and every one of them is reconciled against the detail records (a file that does not add up is
refused, naming the record).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from pkobs.errors import DataProblem, IngestError
from pkobs.ingest.inspect import file_digest
from pkobs.ingest.pdf.dates import last_day
from pkobs.ingest.rows import ParsedFile, ParsedRow
from pkobs.messages import Message

FORMAT = "ipi-json"
MAX_BYTES = 64 << 20
# JSON key prefix -> personnel type. ``civpol`` (= ip + fpu) and ``observers`` (= eom) repeat
# other keys and are checked, not stored.
TYPES: dict[str, str] = {
    "troops": "troops",
    "eom": "experts_on_mission",
    "ip": "individual_police",
    "fpu": "formed_police_units",
}
ALL = "all"


def _refused(path: Path, problems: list[DataProblem]) -> IngestError:
    return IngestError("history.json_summary", problems, path=str(path))


def _count(record: dict[str, Any], key: str, path: Path, number: int) -> int:
    value = record.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        message = Message.of("history.json_bad_count", key=key, value=json.dumps(value))
        raise _refused(path, [DataProblem(message, path, number, None, key)])
    return value


def _month(record: dict[str, Any], path: Path, number: int) -> dt.date:
    text = str(record.get("date", ""))
    try:
        day = dt.datetime.strptime(text[:8], "%Y%m%d").date()
    except ValueError:
        message = Message.of("ingest.not_month", value=text, rows="1")
        raise _refused(path, [DataProblem(message, path, number, None, "date")]) from None
    return last_day(day.year, day.month)


def _load(path: Path, size: int) -> list[dict[str, Any]]:
    if size > MAX_BYTES:
        message = Message.of("history.too_large", size=size, limit=MAX_BYTES)
        raise _refused(path, [DataProblem(message, path)])
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        message = Message.of("history.json_not_utf8", offset=str(exc.start))
        raise _refused(path, [DataProblem(message, path)]) from None
    except json.JSONDecodeError as exc:
        message = Message.of("history.json_invalid", reason=exc.msg)
        raise _refused(path, [DataProblem(message, path, exc.lineno, exc.colno)]) from None
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise _refused(path, [DataProblem(Message("history.json_not_records"), path)])
    return data


def read_ipi_json(path: Path) -> ParsedFile:
    """Parse and reconcile one monthly JSON file. Raises :class:`IngestError`."""
    sha256, size = file_digest(path)
    records = _load(path, size)
    rows: list[ParsedRow] = []
    totals: list[tuple[int, dict[str, Any]]] = []
    months: set[dt.date] = set()
    sums: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    problems: list[DataProblem] = []
    for number, record in enumerate(records, start=1):
        month = _month(record, path, number)
        months.add(month)
        code = str(record.get("tcc_country_id", "")).strip()
        mission = str(record.get("mission", "")).strip()
        if ALL in (code, mission):
            totals.append((number, record))
            continue
        for prefix, personnel_type in TYPES.items():
            total = _count(record, prefix, path, number)
            male = _count(record, f"{prefix}_m", path, number)
            female = _count(record, f"{prefix}_f", path, number)
            if male + female != total:
                message = Message.of(
                    "ingest.sex_above_total", male=str(male), female=str(female), total=str(total)
                )
                problems.append(DataProblem(message, path, number, None, prefix))
            for key in ((code, mission), (code, ALL), (ALL, mission), (ALL, ALL)):
                sums[key][prefix] += total
                sums[key][f"{prefix}_m"] += male
                sums[key][f"{prefix}_f"] += female
            if total:
                name = str(record.get("tcc_country_string", ""))
                rows.append(
                    ParsedRow(
                        number,
                        None,
                        month,
                        name,
                        code,
                        mission,
                        personnel_type,
                        male,
                        female,
                        total,
                    )
                )
        civpol = _count(record, "civpol", path, number)
        if civpol != _count(record, "ip", path, number) + _count(record, "fpu", path, number):
            message = Message.of("history.json_civpol", civpol=str(civpol))
            problems.append(DataProblem(message, path, number, None, "civpol"))
    problems += _reconcile(path, totals, sums)
    if problems:
        raise _refused(path, problems)
    return ParsedFile(
        path, sha256, size, FORMAT, "utf-8", tuple(rows), tuple(sorted(months)), len(totals)
    )


def _reconcile(
    path: Path,
    totals: list[tuple[int, dict[str, Any]]],
    sums: dict[tuple[str, str], dict[str, int]],
) -> list[DataProblem]:
    """IPI's "all" records are checksums: each must equal the sum of the detail records."""
    problems: list[DataProblem] = []
    for number, record in totals:
        key = (str(record.get("tcc_country_id", "")).strip(), str(record.get("mission")).strip())
        computed = sums.get(key, {})
        for prefix in TYPES:
            for suffix in ("", "_m", "_f"):
                name = prefix + suffix
                printed = _count(record, name, path, number)
                if printed != computed.get(name, 0):
                    message = Message.of(
                        "history.json_total_differs",
                        key=name,
                        printed=str(printed),
                        computed=str(computed.get(name, 0)),
                    )
                    problems.append(DataProblem(message, path, number, None, name))
    return problems
