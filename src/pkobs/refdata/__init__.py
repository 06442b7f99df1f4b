"""Reviewed reference data shipped with pkobs: countries, missions, groups, targets, registries.

Every row of every file has a ``source``. :func:`check_reference_data` validates them all.
"""

from pkobs.refdata.countries import CountryResolver
from pkobs.refdata.loader import load_all, sync_reference_data
from pkobs.refdata.validate import check_reference_data

__all__ = ["CountryResolver", "check_reference_data", "load_all", "sync_reference_data"]
