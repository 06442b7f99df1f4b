"""Jinja2 templates with the locale catalogue and Babel formatting bound to the page's language."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any
from urllib.parse import urlencode, urlparse

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from pkobs.i18n import fmt_date, fmt_int, fmt_month, fmt_share, t
from pkobs.settings import LANGUAGES, Language

NAVIGATION = (
    ("overview", ""),
    ("contributors", "contributors"),
    ("missions", "missions"),
    ("gender", "gender"),
    ("senior_posts", "senior-posts"),
    ("training_centres", "training-centres"),
    ("compare", "compare"),
    ("data", "data"),
    ("coverage", "coverage"),
    ("methodology", "methodology"),
    ("about", "about"),
)


def hostname(url: str | None) -> str:
    """``https://www.example.org/a/b`` -> ``example.org`` (the visible text of a source link)."""
    host = urlparse(url or "").hostname or (url or "")
    return host.removeprefix("www.")


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pkobs.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["hostname"] = hostname
    return env


def other_language_url(request: Request, lang: Language) -> tuple[Language, str]:
    other: Language = "en" if lang == "fr" else "fr"
    path = request.url.path
    if path.startswith(f"/{lang}/") or path == f"/{lang}":
        path = f"/{other}/" + path[len(lang) + 2 :]
    else:
        path = f"/{other}/"
    query = request.url.query
    return other, path + (f"?{query}" if query else "")


def url_with(path: str, values: dict[str, str]) -> str:
    return path + ("?" + urlencode(values) if values else "")


def synthetic_data(request: Request) -> bool:
    """True when any ingested source is a SYNTHETIC demo file (every page then says so)."""
    web = getattr(request.app.state, "web", None)
    return bool(web is not None and web.has_synthetic_sources())


def render(
    request: Request,
    template: str,
    lang: Language,
    page: str,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    other, other_url = other_language_url(request, lang)

    def translate(key: str, **values: Any) -> str:
        return t(key, lang, **values)

    def number(value: int | None) -> str:
        return "—" if value is None else fmt_int(int(value), lang)

    def share(value: float | None, digits: int = 1) -> str:
        return fmt_share(value, lang, digits)

    def month(value: dt.date | None) -> str:
        return "—" if value is None else fmt_month(value, lang)

    def day(value: dt.date | None) -> str:
        return "—" if value is None else fmt_date(value, lang)

    html = (
        environment()
        .get_template(template)
        .render(
            lang=lang,
            languages=LANGUAGES,
            page=page,
            other_lang=other,
            other_url=other_url,
            navigation=NAVIGATION,
            _=translate,
            number=number,
            share=share,
            month=month,
            day=day,
            url_with=url_with,
            synthetic_data=synthetic_data(request),
            **context,
        )
    )
    return HTMLResponse(html, status_code=status_code)
