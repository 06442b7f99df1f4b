"""pkobs: a bilingual observatory of UN peace operations with a francophone lens.

The public library API is pinned by ``__all__``; the CLI, web layer and reports sit on top of it.
"""

from pkobs.errors import (
    DataProblem,
    IngestError,
    PkobsError,
    QueryError,
    ReferenceDataError,
)
from pkobs.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "DataProblem",
    "IngestError",
    "PkobsError",
    "QueryError",
    "ReferenceDataError",
    "Settings",
    "__version__",
]
