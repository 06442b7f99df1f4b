"""Reviewed reference data shipped with pkobs: countries, missions, groups, targets, registries.

Every row of every file has a ``source``. :func:`check_reference_data` validates them all. This
package reads and checks CSV files only; loading them into the database and reading them back
(who belongs to a group, which groups exist) is :mod:`pkobs.store`'s work
(:mod:`pkobs.store.refdata_load`, :mod:`pkobs.store.groups`).

The names below are imported on first use: opening a database whose reference data is up to
date does not load the checkers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pkobs.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from pkobs.refdata.countries import CountryResolver
    from pkobs.refdata.loader import reference_digest
    from pkobs.refdata.validate import check_reference_data

_WHERE = {
    "CountryResolver": "countries",
    "check_reference_data": "validate",
    "reference_digest": "loader",
}

__all__ = ["CountryResolver", "check_reference_data", "reference_digest"]

__getattr__ = lazy_exports(__name__, _WHERE)
