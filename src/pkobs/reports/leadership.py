"""The bulletin's "senior posts and training" section (the two registries of issue 7).

- Senior posts: the share of the month's senior posts (heads of mission, force commanders,
  police commissioners) held by nationals of the group (``senior-posts`` indicator), and the
  month's holders in the missions deployed in the group's countries (the ``linguistic-gap``
  missions), uncertain registry rows marked with an asterisk explained under the table.
- Training: the francophone training centres by country (``training-centres`` indicator),
  leaving out centres founded after the bulletin's year, so that an old bulletin does not count
  a centre that did not exist yet (a centre whose founding year is unknown is counted).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from pkobs.i18n import Locale
from pkobs.indicators import ALL
from pkobs.reports.blocks import Block, Heading, Paragraph, TableBlock, kept
from pkobs.reports.data import SENIOR_POSTS, BulletinData
from pkobs.reports.text import country, join_names, mission, of_group, plural, statuses_phrase

UNCERTAIN_MARK = "*"
SIDE_BY_SIDE_ROWS = 6  # a longer list of countries is printed in two halves side by side


def senior_share(data: BulletinData, locale: Locale) -> list[str]:
    """The share of the month's senior posts held by the group, by post type."""
    month = locale.month(data.month)
    if data.section("senior-posts") is None:
        return [locale.t("report.section.unavailable", month=month)]
    by_post = {str(r["post"]): r for r in data.rows("senior-posts")}
    total = by_post.get("all")
    if total is None or not total["posts_filled"]:  # None: outside the registry's coverage
        return [locale.t("report.senior.none", month=month)]
    filled, held = int(total["posts_filled"]), int(total["posts_held_by_group"])
    known = registry_known(total, locale)
    if data.params.group == ALL:
        counts = [
            plural(f"report.senior.count.{post}", int(by_post[post]["posts_filled"]), locale)
            for post in SENIOR_POSTS
            if post in by_post and by_post[post]["posts_filled"]
        ]
        posts = join_names(counts, locale)
        return [
            locale.t(
                "report.senior.filled_all", month=month, filled=locale.number(filled), posts=posts
            )
            + known
        ]
    who = {
        "statuses": statuses_phrase(data.params.statuses, locale),
        "of_group": of_group(data, locale),
    }
    if held == 0:
        return [
            locale.t("report.senior.share_none", month=month, filled=locale.number(filled), **who)
            + known
        ]
    sentences = [
        locale.t(
            "report.senior.share",
            month=month,
            held=locale.number(held),
            filled=locale.number(filled),
            share=locale.share(held / filled),
            **who,
        )
    ]
    items = [
        locale.t(
            "report.senior.by_post_item",
            post=locale.t(f"report.senior.posts.{post}"),
            held=locale.number(int(row["posts_held_by_group"])),
            filled=locale.number(int(row["posts_filled"])),
            share=locale.share(int(row["posts_held_by_group"]) / int(row["posts_filled"])),
        )
        for post in SENIOR_POSTS
        if (row := by_post.get(post)) is not None and row["posts_filled"]
    ]
    separator = locale.t("report.senior.by_post_separator")
    sentences.append(locale.t("report.senior.by_post", items=separator.join(items)))
    return [" ".join(sentences) + known]


def registry_known(total: dict[str, Any], locale: Locale) -> str:
    """How complete the registry is that month: posts with a known holder among the posts it
    expects (the n of the shares), as a sentence that follows the share (with its space)."""
    expected = total.get("posts_expected")
    if not expected:
        return ""
    filled = int(total["posts_filled"])
    key = "report.senior.complete" if filled == int(expected) else "report.senior.known"
    return " " + locale.t(
        key,
        filled=locale.number(filled),
        expected=locale.number(int(expected)),
        share=locale.share(filled / int(expected)),
    )


def hosted_missions(data: BulletinData) -> list[str]:
    """The missions of the ``linguistic-gap`` section: deployed in the group's countries."""
    return sorted({str(r["mission"]) for r in data.rows("linguistic-gap")})


def holders_table(data: BulletinData, locale: Locale) -> TableBlock | None:
    """Person, post and nationality of the month's holders in the group-hosted missions."""
    missions = hosted_missions(data)
    order = {post: index for index, post in enumerate(SENIOR_POSTS)}
    holders = sorted(
        (h for h in data.senior_holders if h.mission in missions),
        key=lambda h: (mission(data, locale, h.mission), order[h.post]),
    )
    if not holders:
        return None
    rows = []
    for holder in holders:
        post = locale.t(f"report.senior.post.{holder.post}")
        if holder.acting:
            post = locale.t("report.senior.acting", post=post)
        rows.append(
            [
                mission(data, locale, holder.mission),
                post,
                holder.person + (f" {UNCERTAIN_MARK}" if holder.uncertain else ""),
                country(data, locale, holder.nationality_iso3),
            ]
        )
    columns = [locale.t(f"report.table.{c}") for c in ("mission", "post", "holder", "nationality")]
    note = (
        locale.t("report.senior.uncertain_note", mark=UNCERTAIN_MARK)
        if any(h.uncertain for h in holders)
        else ""
    )
    return TableBlock(columns, rows, [False, False, False, False], note)


@dataclass(frozen=True)
class CentreCounts:
    country: str  # the name the indicator gives (shown when the code is not a known country)
    centres: int
    francophone: int
    in_group: bool
    iso3: str = ""


def folded(text: str) -> str:
    """Sort key ignoring accents and case, so that ``Égypte`` sorts among the E's."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def centre_counts(data: BulletinData) -> tuple[list[CentreCounts], int]:
    """Centres by country (those founded by the bulletin's year) and how many were left out."""
    result = data.section("training-centres")
    centres: list[dict[str, Any]] = (
        []
        if result is None or "centres" not in result.extras
        else result.extras["centres"].records()
    )
    year, later = data.month.year, 0
    by_country: dict[str, CentreCounts] = {}
    for centre in centres:
        founded = centre["founded"]
        if founded is not None and int(founded) > year:
            later += 1
            continue
        iso3 = str(centre["country_iso3"])
        before = by_country.get(iso3, CentreCounts(str(centre["country"]), 0, 0, False))
        by_country[iso3] = CentreCounts(
            before.country,
            before.centres + 1,
            before.francophone + int(bool(centre["francophone"])),
            bool(centre["is_member"]),
            iso3,
        )
    return list(by_country.values()), later


def training_text(
    data: BulletinData, locale: Locale, counts: list[CentreCounts], later: int
) -> list[str]:
    year = data.month.year
    centres = sum(c.centres for c in counts)
    if not centres:
        return [locale.t("report.training.none")]
    francophone = [c for c in counts if c.francophone]
    sentences = [
        locale.t(
            "report.training.text",
            centres=plural("report.training.centres", centres, locale),
            countries=plural("report.training.countries", len(counts), locale),
            francophone=plural(
                "report.training.francophone", sum(c.francophone for c in francophone), locale
            ),
            francophone_countries=plural("report.training.countries", len(francophone), locale),
        )
    ]
    if data.params.group != ALL and francophone:
        in_group = sum(c.francophone for c in francophone if c.in_group)
        sentences.append(
            plural("report.training.in_group", in_group, locale)
            if in_group
            else locale.t("report.training.in_group_none")
        )
    if later:
        sentences.append(plural("report.training.later", later, locale, year=year))
    sentences += training_known(data, locale)
    return [" ".join(sentences)]


def training_known(data: BulletinData, locale: Locale) -> list[str]:
    """How complete the registry is: the centres counted whose founding date is known (and to
    the month), the others counted from the first dated evidence of them."""
    result = data.section("training-centres")
    if result is None or "centres" not in result.extras:
        return []
    centres = result.extras["centres"].records()
    if not centres or "founded_on" not in result.extras["centres"].columns:
        return []
    founded = [str(c["founded_on"] or "") for c in centres]
    dated = sum(bool(f) for f in founded)
    return [
        locale.plural(
            "report.training.known",
            len(centres),
            count=locale.number(len(centres)),
            dated=locale.number(dated),
            month=locale.number(sum(len(f) >= 7 for f in founded)),
            evidence=locale.number(len(centres) - dated),
        )
    ]


def training_table(
    data: BulletinData, locale: Locale, counts: list[CentreCounts]
) -> TableBlock | None:
    """Francophone centres by country, in two halves side by side, with the total."""
    named = [
        (country(data, locale, c.iso3, c.country), c.francophone) for c in counts if c.francophone
    ]
    francophone = sorted(named, key=lambda c: (-c[1], folded(c[0])))
    if not francophone:
        return None
    cells = [[name, locale.number(centres)] for name, centres in francophone]
    cells.append(
        [locale.t("report.table.total"), locale.number(sum(c.francophone for c in counts))]
    )
    half = (len(cells) + 1) // 2 if len(cells) > SIDE_BY_SIDE_ROWS else len(cells)
    left, right = cells[:half], cells[half:]
    header = [locale.t("report.table.country"), locale.t("report.table.francophone_centres")]
    if not right:
        return TableBlock(header, left, [False, True])
    rows = [row + (right[i] if i < len(right) else ["", ""]) for i, row in enumerate(left)]
    return TableBlock(header * 2, rows, [False, True, False, True])


def section(data: BulletinData, locale: Locale) -> list[Block]:
    """Every block of the section, in reading order."""
    senior: list[Block] = [
        Heading(locale.t("report.section.leadership")),
        Heading(locale.t("report.section.senior_posts"), 2),
        *(Paragraph(p) for p in senior_share(data, locale)),
    ]
    holders = holders_table(data, locale) if data.section("senior-posts") is not None else None
    # no holder at all that month: the sentence above said so, not twice
    if data.section("senior-posts") is not None and holders is None and data.senior_holders:
        senior.append(
            Paragraph(locale.t("report.senior.holders_none", month=locale.month(data.month)))
        )
    elif holders is not None:
        senior.append(Paragraph(locale.t("report.senior.holders_intro")))
    training: list[Block] = [Heading(locale.t("report.section.training"), 2)]
    if data.section("training-centres") is None:
        month = locale.month(data.month)
        training.append(Paragraph(locale.t("report.section.unavailable", month=month)))
        table = None
    else:
        counts, later = centre_counts(data)
        training += [Paragraph(p) for p in training_text(data, locale, counts, later)]
        table = training_table(data, locale, counts)
    return [*kept(senior, holders), *kept(training, table)]


__all__ = ["centre_counts", "holders_table", "section", "senior_share", "training_text"]
