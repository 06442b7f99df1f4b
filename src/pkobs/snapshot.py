"""The real history on a fresh clone: a compact snapshot that pkobs builds from the real files.

``build_snapshot`` ingests every real file of the shared data folder (IPI's country series, gender
file, monthly records and JSON, and the UN's monthly PDF reports) into a new database and writes
its tables to Parquet with a manifest (every source's name and sha256). The repository ships the
result in ``src/pkobs/snapshot_data/``; ``load_shipped`` puts it into an empty database. A test
proves that the shipped snapshot equals a fresh build. The raw files are never shipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pkobs.errors import DatabaseError, IngestError
from pkobs.i18n import Locale
from pkobs.indicators.base import parse_month
from pkobs.pipeline import ingest_files
from pkobs.store.database import Database
from pkobs.store.history import holds_ingested_files, source_listing
from pkobs.store.snapshot import export_snapshot, load_snapshot

english = Locale("en").message  # the build's log and manifest are in English

SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshot_data"
MANIFEST = "manifest.json"
REPO_ROOT = Path(__file__).resolve().parents[2]
UNDATED = Path(__file__).resolve().parent / "refdata" / "data" / "undated_reports.csv"


def undated_months(path: Path = UNDATED) -> dict[str, dt.date]:
    """sha256 -> month, for the reports that print no date, each dated by reviewed evidence
    (``refdata/data/undated_reports.csv``), as ``pkobs ingest --month`` would."""
    months: dict[str, dt.date] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            months[row["sha256"]] = parse_month(row["month"])
    return months


def default_data_root() -> Path:
    """``$PKOBS_DATA`` or ``../shared/data`` beside the repository."""
    return Path(os.environ.get("PKOBS_DATA", REPO_ROOT.parent / "shared" / "data"))


def real_files(data_root: Path) -> list[Path]:
    """Every real input file, in the order they are ingested (oldest detail first)."""
    ipi = data_root / "ipi"
    files = sorted((ipi / "country-series").glob("*.csv"))
    files += [ipi / "Gender.Full.csv", ipi / "current_month.csv"]
    files += sorted((ipi / "monthly-2014").glob("*.json"))
    files += sorted((data_root / "un-monthly-pdf").glob("*.pdf"))
    return [f for f in files if f.is_file()]


@dataclass
class BuildReport:
    folder: Path
    sources: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    rejected: list[dict[str, str]] = field(default_factory=list)
    identical: list[dict[str, str]] = field(default_factory=list)  # same bytes as another file


def _ingest_all(
    db: Path, files: list[Path], say: Callable[[str], None], report: BuildReport
) -> None:
    """Ingest every file; a file refused with a reason is left out and listed, never hidden.
    A report that prints no date is ingested with the month its reviewed evidence gives."""
    from pkobs.ingest.inspect import file_digest

    dated = undated_months()
    undated: list[tuple[Path, dt.date]] = []
    for path in files:
        month = dated.get(file_digest(path)[0]) if path.suffix == ".pdf" else None
        if month is not None:
            undated.append((path, month))
    pending = [f for f in files if f not in {u[0] for u in undated}]
    _ingest_batch(db, pending, say, report, None)
    for path, month in undated:
        _ingest_batch(db, [path], say, report, month)


def _ingest_batch(
    db: Path,
    files: list[Path],
    say: Callable[[str], None],
    report: BuildReport,
    month: dt.date | None,
) -> None:
    pending = list(files)
    while pending:
        database = Database.open(db)
        try:
            outcome = ingest_files(
                database, pending, progress=lambda m: say(english(m)), month=month
            )
            for done in outcome.files:
                if done.status == "already ingested":
                    report.identical.append({"path": str(done.path), "same_as": done.source})
            return
        except IngestError as exc:
            failed = {str(p.path) for p in exc.problems if p.path is not None}
            if not failed:
                raise
            for path in sorted(failed):
                reasons = [p.text("en") for p in exc.problems if str(p.path) == path]
                report.rejected.append({"path": path, "reason": "; ".join(reasons[:5])})
            pending = [f for f in pending if str(f) not in failed]
        finally:
            database.close()


def build_snapshot(
    data_root: Path, folder: Path = SNAPSHOT_DIR, progress: Callable[[str], None] | None = None
) -> BuildReport:
    """Rebuild the snapshot in ``folder`` from the files under ``data_root`` (atomically)."""
    say = progress or (lambda _message: None)
    files = real_files(data_root)
    if not files:
        raise DatabaseError("snapshot.no_files", folder=str(data_root))
    report = BuildReport(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pkobs-snapshot-") as scratch:
        db = Path(scratch) / "build.duckdb"
        _ingest_all(db, files, say, report)
        staging = Path(tempfile.mkdtemp(prefix=".snapshot-", dir=folder.parent))
        staging.chmod(0o755)
        try:
            with Database.open(db) as database:
                report.rows = export_snapshot(database, staging, data_root)
                sources = source_listing(database, data_root)
            report.sources = len(sources)
            rejected = [
                {"path": os.path.relpath(r["path"], data_root), "reason": r["reason"]}
                for r in report.rejected
            ]
            manifest = {
                "about": "pkobs snapshot: tables built by `pkobs snapshot build` from the real "
                "files (paths relative to the shared data folder); never the raw files.",
                "tables": report.rows,
                "sources": [
                    {"source": s[0], "path": s[1], "sha256": s[2], "format": s[3], "rows": s[4]}
                    for s in sources
                ],
                "rejected": rejected,
                "identical": [
                    {"path": os.path.relpath(r["path"], data_root), "same_as": r["same_as"]}
                    for r in report.identical
                ],
            }
            (staging / MANIFEST).write_text(
                json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            old = folder.with_name(folder.name + ".old")
            if folder.exists():
                folder.rename(old)
            staging.rename(folder)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return report


def shipped_manifest(folder: Path = SNAPSHOT_DIR) -> dict[str, object]:
    path = folder / MANIFEST
    if not path.is_file():
        raise DatabaseError("snapshot.none", folder=str(folder))
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def database_is_empty(db: Path) -> bool:
    """True when ``db`` does not exist or holds no ingested file."""
    if not db.exists():
        return True
    with Database.open(db) as database:
        return not holds_ingested_files(database)


def load_shipped(db: Path, folder: Path = SNAPSHOT_DIR) -> int:
    """Load the snapshot into the (empty) database ``db``. Returns the rows loaded."""
    shipped_manifest(folder)
    with Database.open(db) as database:
        return load_snapshot(database, folder)


__all__ = [
    "SNAPSHOT_DIR",
    "BuildReport",
    "build_snapshot",
    "database_is_empty",
    "default_data_root",
    "load_shipped",
    "real_files",
    "shipped_manifest",
]
