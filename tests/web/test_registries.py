"""The registry pages (senior posts, training centres) and the registry sections of profiles."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from pkobs.i18n import Locale
from pkobs.settings import Language
from pkobs.store import registry_checks


def section(html: str, heading_id: str) -> str:
    """The HTML of the ``<section>`` whose heading has the id ``heading_id``."""
    found = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert found is not None, heading_id
    return found.group(1)


def body_rows(html: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>", 1)[1], re.S)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_mission_profile_lists_its_senior_posts(
    client: TestClient, real_con: duckdb.DuckDBPyConnection, lang: str
) -> None:
    html = client.get(f"/{lang}/missions/MONUSCO").text
    posts = section(html, "senior-posts-title")
    assert "Martin Kobler" in posts
    kobler = next(row for row in body_rows(posts) if "Martin Kobler" in row)
    assert f'href="/{lang}/countries/DEU"' in kobler
    assert ("1er août 2013" if lang == "fr" else "August 1, 2013") in kobler
    assert 'href="http://thebricspost.com/un-appoints-new-congo-envoy/"' in kobler
    expected = real_con.execute(
        "SELECT count(*), count(*) FILTER (WHERE uncertain) FROM senior_posts "
        "WHERE mission = 'MONUSCO'"
    ).fetchall()[0]
    assert len(body_rows(posts)) == expected[0]
    assert posts.count('class="tag tag-uncertain"') == expected[1]  # the flag, in words
    assert ("incertain" if lang == "fr" else "uncertain") in posts


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_training_centres_page(
    client: TestClient, real_con: duckdb.DuckDBPyConnection, lang: str
) -> None:
    html = client.get(f"/{lang}/training-centres").text
    name = (
        "École de maintien de la paix Alioune Blondin Beye"
        if lang == "fr"
        else "Alioune Blondin Beye Peacekeeping School"
    )
    listed = section(html, "centres-list-title")
    bamako = next(row for row in body_rows(listed) if name in row)
    assert "Bamako" in bamako and "EMP-ABB" in bamako
    assert ("français" if lang == "fr" else "French") in bamako  # languages spelled out
    assert 'href="https://www.empbamako.org"' in bamako
    # the centres open today: a closed centre (the Pearson centre, 2013) is not listed
    total, francophone = real_con.execute(
        """SELECT count(*), count(*) FILTER (WHERE francophone) FROM training_centres
           WHERE active_from <= current_date
             AND coalesce(active_to, DATE '9999-12-31') >= current_date"""
    ).fetchall()[0]
    assert "Pearson" not in listed
    assert len(body_rows(listed)) == total
    figures = re.findall(r"<dd>([\d\s\u202f\u00a0,]+)</dd>", html)
    assert int(re.sub(r"\D", "", figures[0])) == total
    assert int(re.sub(r"\D", "", figures[2])) == francophone
    by_country = section(html, "by-country-title")
    mali = next(row for row in body_rows(by_country) if f'/{lang}/countries/MLI"' in row)
    centres_in_mali = real_con.execute(
        "SELECT count(*) FROM training_centres WHERE country_iso3 = 'MLI'"
    ).fetchall()[0][0]
    assert f'<td class="num">{centres_in_mali}</td>' in mali


def reviewed_until() -> str:
    """The default end of the senior posts page's period: the end of the period the registry
    was reviewed for (or this month, if that is earlier): later months are all "no data"."""
    return f"{min(dt.date.today(), registry_checks.coverage()[1]):%Y-%m}"


def test_senior_posts_page_figures_match_the_indicator(client: TestClient) -> None:
    this_month = reviewed_until()
    html = client.get("/en/senior-posts").text
    api = client.get(f"/api/v1/indicators/senior-posts?from=2009-01&to={this_month}").json()
    # the headline is the latest month with data (months past the registry's coverage have none)
    latest = [r for r in api["rows"] if r["post"] == "all" and r["posts_filled"] is not None][-1]
    assert latest["month"] >= "2024-01"
    figures = re.findall(r"<dd>([^<]+)</dd>", html)
    assert figures[:2] == [str(latest["posts_filled"]), str(latest["posts_held_by_group"])]
    spec = re.search(r'id="senior-posts-share-spec">(.*?)</script>', html, re.S)
    assert spec is not None
    traces = json.loads(spec.group(1))["traces"]
    assert [t["name"] for t in traces] == [
        "All three posts",
        "Head of mission",
        "Force commander",
        "Police commissioner",
    ]
    assert traces[0]["x"][0] == "2009-01" and traces[0]["x"][-1] == this_month
    current = api["meta"]["extras"]["current"]
    holders = section(html, "current-title")
    assert len(body_rows(holders)) == len(current)
    assert holders.count("tag-uncertain") == sum(1 for r in current if r["uncertain"])
    assert f"from=2009-01&amp;to={this_month}&amp;format=csv" in html  # CSV link
    assert 'class="permalink" href="/en/senior-posts?group=' not in html  # no group given
    assert 'aria-current="page">Senior posts</a>' in html  # in the navigation


def test_senior_posts_filters(client: TestClient) -> None:
    html = client.get("/fr/senior-posts?mission=MONUSCO&post=force_commander").text
    spec = re.search(r'id="senior-posts-share-spec">(.*?)</script>', html, re.S)
    assert spec is not None
    traces = json.loads(spec.group(1))["traces"]
    assert [t["name"] for t in traces] == ["Commandant de la force"]
    holders = body_rows(section(html, "current-title"))
    assert len(holders) == 1 and "Ulisses de Mesquita Gomes" in holders[0]
    assert '<option value="MONUSCO" selected>' in html
    assert '<option value="force_commander" selected>' in html
    assert 'href="/fr/senior-posts?from=2009-01&amp;to=' in html  # permalink keeps the filters
    assert "mission=MONUSCO&amp;post=force_commander" in html


def senior_trace(client: TestClient, url: str) -> dict[str, Any]:
    """The first trace of the senior posts chart of the page at ``url``."""
    spec = re.search(r'id="senior-posts-share-spec">(.*?)</script>', client.get(url).text, re.S)
    assert spec is not None
    trace: dict[str, Any] = json.loads(spec.group(1))["traces"][0]
    return trace


@pytest.mark.parametrize(
    ("lang", "one_known"),
    [
        ("fr", "{held} sur 1 poste au titulaire connu"),
        ("en", "{held} of 1 post with a known holder"),
    ],
)
def test_senior_post_shares_carry_their_n_to_the_hover(
    client: TestClient, lang: Language, one_known: str
) -> None:
    """A share of 0 % or 100 % may rest on one known holder: each point's hover says its n
    (MONUSCO's force commander: one post; every mission's three posts: n of many)."""
    locale = Locale(lang)
    api = "/api/v1/indicators/senior-posts?from=2009-01&to=2025-07"
    one_post = client.get(f"{api}&mission=MONUSCO").json()["rows"]
    trace = senior_trace(
        client, f"/{lang}/senior-posts?mission=MONUSCO&post=force_commander&to=2025-07"
    )
    assert trace["hovertemplate"] == "%{hovertext}<br>%{customdata}<br>%{text}"
    for month, hover in zip(trace["x"], trace["hovertext"], strict=True):  # "janvier 2009"
        year, number = month.split("-")
        assert hover == locale.month(dt.date(int(year), int(number), 1)), month
    by_month = {r["month"][:7]: r for r in one_post if r["post"] == "force_commander"}
    shown = 0
    for month, value, note in zip(trace["x"], trace["y"], trace["text"], strict=True):
        row = by_month.get(month)
        if value is None:
            assert note is None, month
            continue
        assert row is not None and row["posts_filled"] == 1, month
        assert note == one_known.format(held=row["posts_held_by_group"]), month
        shown += 1
    assert shown > 100
    every = client.get(api).json()["rows"]
    trace = senior_trace(client, f"/{lang}/senior-posts?to=2025-07")
    known = {r["month"][:7]: r for r in every if r["post"] == "all" and r["posts_filled"]}
    assert len(known) > 100
    for month, row in known.items():
        note = trace["text"][trace["x"].index(month)]
        assert note == locale.plural(
            "senior.hover_n",
            row["posts_filled"],
            held=locale.number(row["posts_held_by_group"]),
            filled=locale.number(row["posts_filled"]),
        )
        assert locale.number(row["posts_filled"]) in note and row["posts_filled"] > 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_current_senior_posts_are_listed_by_the_acronym_the_reader_knows(
    client: TestClient, lang: str
) -> None:
    """The current holders are in the order of the acronyms shown (on /fr/, FNUOD for UNDOF
    comes before MINUK for UNMIK; on /en/, UNDOF after MINUSCA), each linking to its code."""
    html = client.get(f"/{lang}/senior-posts").text
    shown = re.findall(
        rf'href="/{lang}/missions/([A-Z]+)">([A-Z]+)</a>', section(html, "current-title")
    )
    assert len(shown) > 10
    assert [name for _, name in shown] == sorted(name for _, name in shown)
    expected = {"UNDOF": "FNUOD", "UNMIK": "MINUK"} if lang == "fr" else {"UNDOF": "UNDOF"}
    assert expected.items() <= dict(shown).items()
    current = client.get(f"/{lang}/senior-posts.json").json()["tables"]["current"]
    assert [r["short_name"] for r in current] == [name for _, name in shown]


def test_senior_posts_form_defaults_are_accepted(client: TestClient) -> None:
    """Submitting the form unchanged ("all missions", "all three posts") shows the default view."""
    this_month = reviewed_until()
    default = client.get("/fr/senior-posts").text
    submitted = client.get(
        f"/fr/senior-posts?from=2009-01&to={this_month}&group=oif"
        "&status=member%2Cassociate&mission=all&post=all"
    )
    assert submitted.status_code == 200
    assert '<option value="all" selected>toutes les missions</option>' in submitted.text

    def spec(html: str) -> str:
        found = re.search(r'id="senior-posts-share-spec">(.*?)</script>', html, re.S)
        assert found is not None
        return found.group(1)

    assert json.loads(spec(submitted.text)) == json.loads(spec(default))  # all four series


@pytest.mark.parametrize(
    "url",
    [
        "/fr/senior-posts?post=deputy",
        "/en/senior-posts?mission=NOPE",
        "/en/senior-posts?mission=MON%3BUSCO",
        "/fr/senior-posts?group=nope",
        "/fr/senior-posts?from=2015-01&to=2014-01",
        "/fr/senior-posts?from=2009-13",
        "/en/training-centres?group=nope",
        "/en/training-centres?status=friend",
    ],
)
def test_bad_registry_filters_are_400(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, url
    assert 'role="alert"' in response.text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_country_profile_lists_centres_and_senior_posts(client: TestClient, lang: str) -> None:
    senegal = client.get(f"/{lang}/countries/SEN").text
    assert "Babacar Gaye" in section(senegal, "senior-posts-title")
    assert "CET7" in section(senegal, "centres-title")
    mali = client.get(f"/{lang}/countries/MLI").text
    assert "EMP-ABB" in section(mali, "centres-title")
    germany = client.get(f"/{lang}/countries/DEU").text
    assert "Martin Kobler" in section(germany, "senior-posts-title")
    assert 'href="/' + lang + '/missions/MONUSCO"' in section(germany, "senior-posts-title")
