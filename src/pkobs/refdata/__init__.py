"""Reviewed reference data shipped with pkobs: countries, missions, groups, targets, registries.

Every row of every file has a ``source``. :func:`check_reference_data` validates them all. This
package reads and checks CSV files only; loading them into the database and reading them back
(who belongs to a group, which groups exist) is :mod:`pkobs.store`'s work
(:mod:`pkobs.store.refdata_load`, :mod:`pkobs.store.groups`).
"""

from pkobs.refdata.countries import CountryResolver
from pkobs.refdata.loader import reference_digest
from pkobs.refdata.validate import check_reference_data

__all__ = ["CountryResolver", "check_reference_data", "reference_digest"]
