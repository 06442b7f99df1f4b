"""Jinja2 templates with the request's :class:`pkobs.i18n.Locale` bound: ``_()`` reads the
catalogue, ``number``/``share``/``month``/``day`` format values, ``say`` renders a
:class:`pkobs.messages.Message`."""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from functools import cache
from typing import Any
from urllib.parse import urlencode, urlparse

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from pkobs.i18n import Locale
from pkobs.messages import Message
from pkobs.render.cells import cell as human_cell
from pkobs.settings import LANGUAGES, Language
from pkobs.table import Table
from pkobs.web.month_picker import MonthPicker, month_picker

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


RENDERING: ContextVar[Locale] = ContextVar("rendering")  # the Locale of the page being rendered


def page_month_picker(name: str, value: str, first: str, last: str) -> MonthPicker:
    """:func:`~pkobs.web.month_picker.month_picker` in the language of the page being rendered
    (a global, so the macros templates import without their context can call it)."""
    return month_picker(name, value, first, last, RENDERING.get())


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pkobs.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["hostname"] = hostname
    env.globals["month_picker"] = page_month_picker
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


def old_data(request: Request) -> tuple[dt.date, int] | None:
    """The latest month of the data and its age in months, when it is more than three months
    before today's month (every page then says so; see ``pkobs.web.page_parts.data_age``)."""
    web = getattr(request.app.state, "web", None)
    if web is None:
        return None
    from pkobs.web.page_parts import data_age  # page_parts imports this module

    return data_age(web, dt.date.today())


def long_date(value: dt.date, locale: Locale) -> str:
    """``1er juillet 2010`` (French writes the first day of a month as an ordinal) /
    ``1 July 2010``; other days as Babel's long date."""
    text = locale.date(value)
    if locale.lang == "fr" and value.day == 1 and text.startswith("1 "):
        return "1er" + text[1:]
    return text


def render(
    request: Request,
    template: str,
    lang: Language | Locale,
    page: str,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """``template`` rendered with the request's Locale (a language code is taken as its Locale)."""
    locale = lang if isinstance(lang, Locale) else Locale(lang)
    other, other_url = other_language_url(request, locale.lang)

    def translate(key: str, **values: Any) -> str:
        return locale.t(key, **values)

    def number(value: int | None) -> str:
        return "—" if value is None else locale.number(int(value))

    def share(value: float | None, digits: int = 1) -> str:
        return locale.share(value, digits)

    def month(value: dt.date | None) -> str:
        return "—" if value is None else locale.month(value)

    def day(value: dt.date | None) -> str:
        return "—" if value is None else long_date(value, locale)

    def say(value: Message) -> str:
        return locale.message(value)

    def cell(table: Table, record: dict[str, Any], name: str) -> str:
        """One cell of a page table, formatted by its column's declared kind."""
        column = table.column(name)
        value = record.get(name)
        if column.kind == "date" and isinstance(value, dt.date):
            return long_date(value, locale)
        return human_cell(value, column, locale)

    rendering = RENDERING.set(locale)
    try:
        html = (
            environment()
            .get_template(template)
            .render(
                lang=locale.lang,
                locale=locale,
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
                say=say,
                cell=cell,
                url_with=url_with,
                synthetic_data=synthetic_data(request),
                old_data=old_data(request),
                **context,
            )
        )
    finally:
        RENDERING.reset(rendering)
    return HTMLResponse(html, status_code=status_code)
