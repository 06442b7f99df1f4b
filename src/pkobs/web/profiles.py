"""The profile pages, in French and English: one per contributing country
(:mod:`pkobs.web.country_profile`) and one per mission (:mod:`pkobs.web.mission_profile`), the
contributors ranking (:mod:`pkobs.web.contributors`) and the gender page
(:mod:`pkobs.web.gender`). Their parts in common are in :mod:`pkobs.web.profile_parts`.

:data:`router` carries the routes of all four, so the application includes them at once.
"""

from __future__ import annotations

from fastapi import APIRouter

from pkobs.web import contributors, country_profile, gender, mission_profile

router = APIRouter(include_in_schema=False)
for module in (country_profile, mission_profile, contributors, gender):
    router.include_router(module.router)

__all__ = ["router"]
