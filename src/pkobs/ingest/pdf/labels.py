"""Personnel-type labels as the reports print them, and printed numbers."""

from __future__ import annotations

import re

# Every spelling seen in the 126 reports, January 2015 - July 2025. Matching is exact (after
# collapsing spaces): a label not listed here is an error, never a guess.
LABELS: dict[str, str] = {
    "Contingent Troop": "troops",
    "Contingent Troops": "troops",
    "Troops": "troops",
    "troops": "troops",
    "contingent": "troops",
    "Staff Officer": "staff_officers",
    "Staff Officers": "staff_officers",
    "staff officer": "staff_officers",
    "staff": "staff_officers",
    "MSO": "staff_officers",
    "Experts on Mission": "experts_on_mission",
    "experts": "experts_on_mission",
    "UNMEM": "experts_on_mission",
    "Individual Police": "individual_police",
    "Ind Police": "individual_police",
    "IPO": "individual_police",
    "UNPOL": "individual_police",
    "FPU": "formed_police_units",
    "fpu": "formed_police_units",
    "Formed Police Units": "formed_police_units",
    # December 2019 - December 2020 print "police" for individual police, beside "fpu" (a
    # separate line for formed police units): these police are individual officers
    "police": "individual_police",
}

NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


def personnel_type(label: str) -> str | None:
    return LABELS.get(" ".join(label.split()))


def is_number(token: str) -> bool:
    return NUMBER.fullmatch(token) is not None


def parse_int(token: str) -> int:
    return int(token.replace(",", ""))
