"""Input formats -> validated long rows in TEMP tables. Never writes persistent tables."""

from pkobs.ingest.formats import FORMATS, SourceFormat, detect_format
from pkobs.ingest.inspect import FileInfo, inspect_file
from pkobs.ingest.validate import Batch, validate_file

__all__ = [
    "FORMATS",
    "Batch",
    "FileInfo",
    "SourceFormat",
    "detect_format",
    "inspect_file",
    "validate_file",
]
