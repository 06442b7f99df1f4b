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

from pkobs.i18n import fmt_int, fmt_month, fmt_share, t
from pkobs.indicators import ALL
from pkobs.reports.blocks import Block, Heading, Paragraph, TableBlock, kept
from pkobs.reports.data import SENIOR_POSTS, BulletinData
from pkobs.reports.text import join_names, of_group, plural, statuses_phrase

UNCERTAIN_MARK = "*"
SIDE_BY_SIDE_ROWS = 6  # a longer list of countries is printed in two halves side by side


def senior_share(data: BulletinData) -> list[str]:
    """The share of the month's senior posts held by the group, by post type."""
    lang, month = data.lang, fmt_month(data.month, data.lang)
    if data.section("senior-posts") is None:
        return [t("report.section.unavailable", lang, month=month)]
    by_post = {str(r["post"]): r for r in data.rows("senior-posts")}
    total = by_post.get("all")
    if total is None or not int(total["posts_filled"]):
        return [t("report.senior.none", lang, month=month)]
    filled, held = int(total["posts_filled"]), int(total["posts_held_by_group"])
    if data.params.group == ALL:
        counts = [
            plural(f"report.senior.count.{post}", int(by_post[post]["posts_filled"]), lang)
            for post in SENIOR_POSTS
            if post in by_post and int(by_post[post]["posts_filled"])
        ]
        text = t("report.senior.filled_all", lang, month=month, filled=fmt_int(filled, lang))
        return [f"{text} ({join_names(counts, lang)})."]
    who = {
        "statuses": statuses_phrase(data.params.statuses, lang),
        "of_group": of_group(data.params.group, data.group_name, lang),
    }
    if held == 0:
        return [
            t("report.senior.share_none", lang, month=month, filled=fmt_int(filled, lang), **who)
        ]
    sentences = [
        t(
            "report.senior.share",
            lang,
            month=month,
            held=fmt_int(held, lang),
            filled=fmt_int(filled, lang),
            share=fmt_share(held / filled, lang),
            **who,
        )
    ]
    items = [
        t(
            "report.senior.by_post_item",
            lang,
            post=t(f"report.senior.posts.{post}", lang),
            held=fmt_int(int(row["posts_held_by_group"]), lang),
            filled=fmt_int(int(row["posts_filled"]), lang),
            share=fmt_share(int(row["posts_held_by_group"]) / int(row["posts_filled"]), lang),
        )
        for post in SENIOR_POSTS
        if (row := by_post.get(post)) is not None and int(row["posts_filled"])
    ]
    separator = t("report.senior.by_post_separator", lang)
    sentences.append(t("report.senior.by_post", lang, items=separator.join(items)))
    return [" ".join(sentences)]


def hosted_missions(data: BulletinData) -> list[str]:
    """The missions of the ``linguistic-gap`` section: deployed in the group's countries."""
    return sorted({str(r["mission"]) for r in data.rows("linguistic-gap")})


def holders_table(data: BulletinData) -> TableBlock | None:
    """Person, post and nationality of the month's holders in the group-hosted missions."""
    lang = data.lang
    missions = hosted_missions(data)
    order = {post: index for index, post in enumerate(SENIOR_POSTS)}
    holders = sorted(
        (h for h in data.senior_holders if h.mission in missions),
        key=lambda h: (data.mission_acronyms.get(h.mission, h.mission), order[h.post]),
    )
    if not holders:
        return None
    rows = []
    for holder in holders:
        post = t(f"report.senior.post.{holder.post}", lang)
        if holder.acting:
            post = t("report.senior.acting", lang, post=post)
        rows.append(
            [
                data.mission_acronyms.get(holder.mission, holder.mission),
                post,
                holder.person + (f" {UNCERTAIN_MARK}" if holder.uncertain else ""),
                data.country_names.get(holder.nationality_iso3, holder.nationality_iso3),
            ]
        )
    columns = [t(f"report.table.{c}", lang) for c in ("mission", "post", "holder", "nationality")]
    note = (
        t("report.senior.uncertain_note", lang, mark=UNCERTAIN_MARK)
        if any(h.uncertain for h in holders)
        else ""
    )
    return TableBlock(columns, rows, [False, False, False, False], note)


@dataclass(frozen=True)
class CentreCounts:
    country: str
    centres: int
    francophone: int
    in_group: bool


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
        )
    return list(by_country.values()), later


def training_text(data: BulletinData, counts: list[CentreCounts], later: int) -> list[str]:
    lang, year = data.lang, data.month.year
    centres = sum(c.centres for c in counts)
    if not centres:
        return [t("report.training.none", lang)]
    francophone = [c for c in counts if c.francophone]
    sentences = [
        t(
            "report.training.text",
            lang,
            centres=plural("report.training.centres", centres, lang),
            countries=plural("report.training.countries", len(counts), lang),
            francophone=plural(
                "report.training.francophone", sum(c.francophone for c in francophone), lang
            ),
            francophone_countries=plural("report.training.countries", len(francophone), lang),
        )
    ]
    if data.params.group != ALL and francophone:
        in_group = sum(c.francophone for c in francophone if c.in_group)
        sentences.append(
            plural("report.training.in_group", in_group, lang)
            if in_group
            else t("report.training.in_group_none", lang)
        )
    if later:
        sentences.append(plural("report.training.later", later, lang, year=year))
    return [" ".join(sentences)]


def training_table(data: BulletinData, counts: list[CentreCounts]) -> TableBlock | None:
    """Francophone centres by country, in two halves side by side, with the total."""
    lang = data.lang
    francophone = sorted(
        (c for c in counts if c.francophone), key=lambda c: (-c.francophone, folded(c.country))
    )
    if not francophone:
        return None
    cells = [[c.country, fmt_int(c.francophone, lang)] for c in francophone]
    cells.append([t("report.table.total", lang), fmt_int(sum(c.francophone for c in counts), lang)])
    half = (len(cells) + 1) // 2 if len(cells) > SIDE_BY_SIDE_ROWS else len(cells)
    left, right = cells[:half], cells[half:]
    header = [t("report.table.country", lang), t("report.table.francophone_centres", lang)]
    if not right:
        return TableBlock(header, left, [False, True])
    rows = [row + (right[i] if i < len(right) else ["", ""]) for i, row in enumerate(left)]
    return TableBlock(header * 2, rows, [False, True, False, True])


def section(data: BulletinData) -> list[Block]:
    """Every block of the section, in reading order."""
    lang = data.lang
    senior: list[Block] = [
        Heading(t("report.section.leadership", lang)),
        Heading(t("report.section.senior_posts", lang), 2),
        *(Paragraph(p) for p in senior_share(data)),
    ]
    holders = holders_table(data) if data.section("senior-posts") is not None else None
    if data.section("senior-posts") is not None and holders is None:
        senior.append(
            Paragraph(t("report.senior.holders_none", lang, month=fmt_month(data.month, lang)))
        )
    elif holders is not None:
        senior.append(Paragraph(t("report.senior.holders_intro", lang)))
    training: list[Block] = [Heading(t("report.section.training", lang), 2)]
    if data.section("training-centres") is None:
        month = fmt_month(data.month, lang)
        training.append(Paragraph(t("report.section.unavailable", lang, month=month)))
        table = None
    else:
        counts, later = centre_counts(data)
        training += [Paragraph(p) for p in training_text(data, counts, later)]
        table = training_table(data, counts)
    return [*kept(senior, holders), *kept(training, table)]


__all__ = ["centre_counts", "holders_table", "section", "senior_share", "training_text"]
