"""Generated sentences in French and English: grammar, number formats and month names per locale.

Example: « La participation francophone aux contingents de police a augmenté de 8,2 % entre
février 2013 et février 2014 (de 4 812 à 5 207 personnels). »
"""

from __future__ import annotations

import datetime as dt

from pkobs.i18n import count_of, fmt_int, fmt_month, fmt_share
from pkobs.settings import Language

GROUP_SUBJECT = {
    "fr": {
        "oif": "La participation francophone",
        "all": "La participation de l'ensemble des contributeurs",
    },
    "en": {"oif": "Francophone participation", "all": "Participation of all contributors"},
}
GROUP_NAMES = {
    "fr": {"au": "l'Union africaine", "eu": "l'Union européenne"},
    "en": {"au": "the African Union", "eu": "the European Union"},
}
CATEGORY = {
    "fr": {
        "police": "aux contingents de police",
        "military": "aux contingents militaires",
        "all": "aux opérations de paix de l'ONU",
    },
    "en": {
        "police": "in police contingents",
        "military": "in military contingents",
        "all": "in UN peace operations",
    },
}


def subject(group: str, lang: Language) -> str:
    if group in GROUP_SUBJECT[lang]:
        return GROUP_SUBJECT[lang][group]
    name = GROUP_NAMES[lang].get(group, group.upper())
    return (
        f"La participation des membres de {name}"
        if lang == "fr"
        else f"Participation of {name} members"
    )


def relative(before: int, after: int, lang: Language) -> str:
    """The relative change, with two decimals when it would round to 0.0 %."""
    value = abs(after - before) / before
    return fmt_share(value, lang, 2 if value < 0.001 else 1)


def personnel(count: int, lang: Language) -> str:
    """« 0 personnel », « 1 personnel », « 2 personnels » / "1 peacekeeper", "2 peacekeepers"."""
    return count_of(count, "peacekeeper", lang)


def trend_sentence(
    group: str,
    category: str,
    start: dt.date,
    end: dt.date,
    before: int,
    after: int,
    lang: Language,
) -> str:
    who = f"{subject(group, lang)} {CATEGORY[lang][category]}"
    first, last = fmt_month(start, lang), fmt_month(end, lang)
    if lang == "fr":
        span = f"entre {first} et {last}"
        if before == after:
            return f"{who} est restée stable {span} ({personnel(after, lang)})."
        if before == 0:
            return f"{who} est passée de 0 à {personnel(after, lang)} {span}."
        verb = "a augmenté" if after > before else "a diminué"
        change = relative(before, after, lang)
        return (
            f"{who} {verb} de {change} {span} "
            f"(de {fmt_int(before, lang)} à {personnel(after, lang)})."
        )
    span = f"between {first} and {last}"
    if before == after:
        return f"{who} remained stable {span} ({personnel(after, lang)})."
    if before == 0:
        return f"{who} went from 0 to {personnel(after, lang)} {span}."
    verb = "rose" if after > before else "fell"
    change = relative(before, after, lang)
    counts = f"from {fmt_int(before, lang)} to {personnel(after, lang)}"
    return f"{who} {verb} by {change} {span} ({counts})."


def alert_sentence(
    name: str, scope: str, month: dt.date, previous: int, current: int, lang: Language
) -> str:
    """One alert: a contributor's or a mission's month-over-month change.

    The name leads (« Cambodge : … »), so no French article has to be chosen for it.
    """
    when = fmt_month(month, lang)
    if lang == "fr":
        what = "le personnel fourni" if scope == "contributor" else "le personnel déployé"
        if previous == 0:
            return f"{name} : {what} passe de 0 à {personnel(current, lang)} en {when}."
        verb = "augmente" if current > previous else "diminue"
        change = relative(previous, current, lang)
        return (
            f"{name} : {what} {verb} de {change} en {when} "
            f"(de {fmt_int(previous, lang)} à {personnel(current, lang)})."
        )
    what = "personnel sent" if scope == "contributor" else "personnel deployed"
    if previous == 0:
        return f"{name}: {what} went from 0 to {personnel(current, lang)} in {when}."
    verb = "rose" if current > previous else "fell"
    change = relative(previous, current, lang)
    return (
        f"{name}: {what} {verb} by {change} in {when} "
        f"(from {fmt_int(previous, lang)} to {personnel(current, lang)})."
    )
