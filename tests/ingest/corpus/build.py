"""Rebuild the bad-input corpus: ``python tests/ingest/corpus/build.py``.

Writes one hostile file per case under ``files/`` and the manifest ``cases.toml`` (expected exit
code, the place, and a literal piece of the English and French messages, taken from the
catalogues). Special files (FIFO, directory, device, symlink loop, sparse or huge files) are only
described in the manifest: the test creates them at run time.
"""

from __future__ import annotations

import bz2
import gzip
import io
import re
import zipfile
from pathlib import Path

from pkobs.i18n import catalogue

HERE = Path(__file__).resolve().parent
GOOD = (HERE.parents[1] / "data" / "psdh_small.csv").read_text().splitlines()
GENDER_HEADER = '"","Date","Contributor","Contributor ISO-3","Mission",' + ",".join(
    f'"{kind} {sex}"'
    for kind in (
        "Individual Police",
        "Formed Police Units",
        "Experts on Mission",
        "Troops",
        "Total",
    )
    for sex in ("Male", "Female", "Total")
)
GENDER_ROW = '"1",2014-02-28,"France","FRA","UNIFIL",'


def text(lines: list[str], ending: str = "\n") -> bytes:
    return (ending.join(lines) + ending).encode()


def cell(row: int, column: int, value: str) -> bytes:
    """The good file with one cell (0-based row after the header, 0-based column) replaced."""
    lines = list(GOOD)
    cells = lines[row].split(",")
    cells[column] = value
    lines[row] = ",".join(cells)
    return text(lines)


def replaced(row: int, old: str, new: str) -> bytes:
    lines = list(GOOD)
    lines[row] = lines[row].replace(old, new)
    return text(lines)


def zipped(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", data)
    return buffer.getvalue()


GOOD_BYTES = text(GOOD)
CRLF = text(GOOD, "\r\n")

# name -> (content, message key, line, column)
CASES: dict[str, tuple[bytes, str, int | None, int | None]] = {
    "empty": (b"", "ingest.empty", 1, None),
    "whitespace_only": (b"  \n\n \t\n", "ingest.empty", 1, None),
    "header_only": (text(GOOD[:1]), "ingest.no_rows", 2, None),
    "header_then_blank_lines": (text([GOOD[0], "", "  ", ""]), "ingest.no_rows", 2, None),
    "truncated_last_row": (GOOD_BYTES + b"12,SEN,Senegal,MINU", "ingest.truncated", 13, None),
    "ragged_long_row": (replaced(5, ",x", ",x,surplus"), "ingest.row_too_long", 6, None),
    "ragged_short_row": (
        text([*GOOD[:8], "8,SEN,Senegal", *GOOD[9:]]),
        "ingest.row_too_short",
        9,
        None,
    ),
    "quoted_newline_then_unknown_mission": (
        text(
            [
                *GOOD[:3],
                '"3","SEN","Senegal","MINUSMA","Individual Police","2014-02-28","30","5",'
                '"two\nlines"',
                *GOOD[4:6],
                GOOD[6].replace("MINUSTAH", "MINUFOO"),
                *GOOD[7:],
            ]
        ),
        "ingest.unknown_mission",
        8,
        4,
    ),
    "blank_line_then_unknown_mission": (
        text([*GOOD[:3], "", *GOOD[3:6], GOOD[6].replace("MINUSTAH", "MINUFOO"), *GOOD[7:]]),
        "ingest.unknown_mission",
        8,
        4,
    ),
    "unclosed_quote": (replaced(3, "Senegal", '"Senegal'), "ingest.csv_syntax", 4, None),
    "cr_only_line_endings": (text(GOOD, "\r"), "ingest.cr_only", 1, None),
    "mixed_crlf_and_lf": (CRLF.replace(b"\r\n", b"\n", 3), "ingest.mixed_endings", 1, None),
    "lone_cr_in_last_line": (GOOD_BYTES[:-1] + b"\r", "ingest.mixed_endings", 12, None),
    "lone_cr_in_crlf_file": (
        CRLF.replace(b"Canada", b"Can\rada"),
        "ingest.mixed_endings",
        7,
        None,
    ),
    "utf16_with_bom": (GOOD_BYTES.decode().encode("utf-16"), "ingest.utf16", 1, 1),
    "utf16_without_bom": (GOOD_BYTES.decode().encode("utf-16-le"), "ingest.utf16_no_bom", 1, 1),
    "windows_1252": (
        replaced(10, "Cote d Ivoire", "C\u00f4te d\u2019Ivoire").decode().encode("cp1252"),
        "ingest.encoding",
        11,
        None,
    ),
    "bom_then_latin1": (
        b"\xef\xbb\xbf" + replaced(10, "Cote d Ivoire", "C\u00f4te").decode().encode("latin-1"),
        "ingest.encoding",
        11,
        None,
    ),
    "broken_utf8_with_c1": (
        GOOD_BYTES.replace(b"Canada", b"Can\xe9\x93da"),
        "ingest.encoding",
        7,
        None,
    ),
    "gzip_renamed": (gzip.compress(GOOD_BYTES, mtime=0), "ingest.compressed", None, None),
    "zip_renamed": (zipped(GOOD_BYTES), "ingest.compressed", None, None),
    "bzip2_renamed": (bz2.compress(GOOD_BYTES), "ingest.compressed", None, None),
    "pdf_renamed": (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        "history.pdf_unreadable",
        None,
        None,
    ),
    "nul_byte": (
        GOOD_BYTES.replace(b"Individual Police", b"Individual\x00Police"),
        "ingest.binary_nul",
        4,
        33,
    ),
    "control_characters": (
        bytes(range(1, 9)) * 64 + GOOD_BYTES,
        "ingest.binary_controls",
        None,
        None,
    ),
    "count_decimal": (cell(3, 6, "62.6"), "ingest.not_integer", 4, 7),
    "count_hexadecimal": (cell(3, 6, "0x3F"), "ingest.not_integer", 4, 7),
    "count_binary_literal": (cell(3, 6, "0b111"), "ingest.not_integer", 4, 7),
    "count_exponent": (cell(3, 6, "1e2"), "ingest.not_integer", 4, 7),
    "count_underscore": (cell(3, 6, "1_000"), "ingest.not_integer", 4, 7),
    "count_plus_sign": (cell(3, 7, "+63"), "ingest.not_integer", 4, 8),
    "count_letters": (cell(3, 6, "12a"), "ingest.not_integer", 4, 7),
    "count_negative": (cell(3, 6, "-4"), "ingest.negative", 4, 7),
    "count_absurd": (cell(3, 6, "900000"), "ingest.absurd", 4, 7),
    "count_overflow": (cell(3, 6, "99999999999999999999999"), "ingest.absurd", 4, 7),
    "date_not_a_month": (replaced(4, "2014-02-28", "2014-13-01"), "ingest.not_month", 5, 6),
    "date_day_first": (replaced(4, "2014-02-28", "28/02/2014"), "ingest.not_month", 5, 6),
    "date_future": (replaced(4, "2014-02-28", "2999-01"), "ingest.future", 5, 6),
    "date_1800_before_mission": (
        replaced(
            3, "MINUSMA,Individual Police,2014-02-28", "MINURCAT,Individual Police,1800-01-31"
        ),
        "ingest.before_mission",
        4,
        6,
    ),
    "date_after_mission_end": (replaced(3, "MINUSMA", "MINURCAT"), "ingest.after_mission", 4, 6),
    "unknown_mission": (replaced(7, "UNIFIL", "UNBAR"), "ingest.unknown_mission", 8, 4),
    "empty_mission": (replaced(3, "MINUSMA", ""), "ingest.empty_mission", 4, 4),
    "unknown_country": (replaced(2, "SEN,Senegal", ",Atlantis"), "ingest.unknown_country", 3, 3),
    "unknown_country_code": (replaced(2, "SEN,Senegal", "XXX,"), "ingest.unknown_code", 3, 2),
    "name_code_mismatch": (
        replaced(1, "SEN,Senegal", "SEN,France"),
        "ingest.name_code_mismatch",
        2,
        3,
    ),
    "unknown_personnel_type": (
        replaced(3, "Individual Police", "Cooks"),
        "ingest.unknown_type",
        4,
        5,
    ),
    "duplicate_key": (text([*GOOD, GOOD[1].replace("1,SEN", "99,SEN")]), "ingest.duplicate", 2, 3),
    "formula_injection_cell": (
        replaced(2, "SEN,Senegal", ",=cmd|' /C calc'!A0"),
        "ingest.unknown_country",
        3,
        3,
    ),
    "sql_looking_country": (
        replaced(2, "SEN,Senegal", ",France'); DROP TABLE sources; --"),
        "ingest.unknown_country",
        3,
        3,
    ),
    "quotes_in_mission": (replaced(7, "UNIFIL", '"UNI""FIL"'), "ingest.unknown_mission", 8, 4),
    "rich_markup_in_country": (
        replaced(2, "SEN,Senegal", ",[/bold][link=file:///etc/passwd]Atlantis[/link]"),
        "ingest.unknown_country",
        3,
        3,
    ),
    "missing_required_column": (
        text([",".join(line.split(",")[:7]) for line in GOOD]),
        "ingest.missing_columns",
        1,
        None,
    ),
    "missing_signature_column": (
        text([",".join(line.split(",")[:4] + line.split(",")[5:]) for line in GOOD]),
        "ingest.unknown_format_closest",
        None,
        None,
    ),
    "unknown_header": (b"a,b,c\n1,2,3\n", "ingest.unknown_format", None, None),
    "duplicate_required_column": (
        text([GOOD[0] + ",male_personnel"] + [line + ",1" for line in GOOD[1:]]),
        "ingest.column_twice",
        1,
        10,
    ),
    "unexpected_column_fixed_format": (
        text(
            [
                GENDER_HEADER + ',"Civilians"',
                GENDER_ROW + "0,0,0,0,0,0,0,0,0,830,41,871,830,41,871,3",
            ]
        ),
        "ingest.unexpected_column",
        1,
        21,
    ),
    "gender_sex_above_total": (
        text([GENDER_HEADER, GENDER_ROW + "0,0,0,0,0,0,0,0,0,830,42,871,830,42,871"]),
        "ingest.sex_above_total",
        2,
        17,
    ),
    "gender_total_differs": (
        text([GENDER_HEADER, GENDER_ROW + "0,0,0,0,0,0,0,0,0,830,41,871,830,41,870"]),
        "ingest.total_differs",
        2,
        20,
    ),
}

# Created by the test at run time (never committed): name -> (kind, message key)
SPECIAL: dict[str, tuple[str, str]] = {
    "fifo": ("fifo", "ingest.is_fifo"),
    "directory": ("directory", "ingest.is_directory"),
    "dev_zero": ("device", "ingest.is_device"),
    "symlink_loop": ("symlink_loop", "ingest.symlink_loop"),
    "dangling_symlink": ("dangling_symlink", "ingest.no_such_file"),
    "missing_file": ("missing", "ingest.no_such_file"),
    "sparse_2_gib": ("sparse", "ingest.too_big"),
    "huge_line": ("huge_line", "ingest.long_line"),
}


# Known failures outside ingest/ (owned elsewhere): name -> reason, shown as xfail.
KNOWN_FAILURES: dict[str, str] = {}


def literal(key: str, lang: str) -> str:
    """The longest piece of a message without placeholders: what the output must contain."""
    pieces = re.split(r"\{[^}]*\}", catalogue(lang)[key])  # type: ignore[arg-type]
    return max((p.strip(" ;:()'\u202f\u00a0«»") for p in pieces), key=len)


def toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def main() -> None:
    folder = HERE / "files"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.csv"):
        old.unlink()
    out = ["# Generated by build.py: one hostile input per case, run through `pkobs ingest`.", ""]
    for name, (content, key, line, column) in CASES.items():
        (folder / f"{name}.csv").write_bytes(content)
        out += [f"[{name}]", f'file = "files/{name}.csv"', "exit = 2", f'key = "{key}"']
        out += [
            f"en = {toml_string(literal(key, 'en'))}",
            f"fr = {toml_string(literal(key, 'fr'))}",
        ]
        out += [f"line = {line}"] if line is not None else []
        out += [f"column = {column}"] if column is not None else []
        out += [f"xfail = {toml_string(KNOWN_FAILURES[name])}"] if name in KNOWN_FAILURES else []
        out.append("")
    for name, (kind, key) in SPECIAL.items():
        out += [f"[{name}]", f'special = "{kind}"', "exit = 2", f'key = "{key}"']
        out += [
            f"en = {toml_string(literal(key, 'en'))}",
            f"fr = {toml_string(literal(key, 'fr'))}",
        ]
        out.append("")
    (HERE / "cases.toml").write_text("\n".join(out))


if __name__ == "__main__":
    main()
