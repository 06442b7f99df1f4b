"""The site links a bulletin for every month with data (``/fr|en/bulletins``), built on demand."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pkobs.settings import Settings
from pkobs.typography import french_problems, visible_text
from pkobs.web import create_app
from tests.conftest import requires_ipi

pytestmark = [requires_ipi, pytest.mark.realdata]


@pytest.fixture(scope="module")
def client(real_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("bulletins-home")
    app = create_app(Settings.from_env(db=real_db_path, environ={"PKOBS_HOME": str(home)}))
    with TestClient(app) as test_client:
        yield test_client


def test_the_bulletins_page_links_every_month(client: TestClient) -> None:
    page = client.get("/fr/bulletins")
    assert page.status_code == 200
    pdf = re.findall(r'href="(/fr/bulletins/\d{4}-\d{2}\.pdf)"', page.text)
    html = re.findall(r'href="(/fr/bulletins/\d{4}-\d{2}\.html)"', page.text)
    assert len(pdf) == len(html) == 53  # November 2009 to March 2014, every month
    assert "/fr/bulletins/2009-11.pdf" in pdf and "/fr/bulletins/2014-03.html" in html
    assert "53 mois, de novembre 2009 à mars 2014." in page.text.replace("\u202f", " ")
    assert 'href="/fr/bulletins"' in client.get("/fr/").text  # in the site's navigation
    assert french_problems(visible_text(page.text), "/fr/bulletins") == []
    listing = client.get("/en/bulletins?format=json").json()
    rows = listing["tables"]["bulletins"]
    assert len(rows) == 53 and rows[0]["pdf"] == "/en/bulletins/2014-03.pdf"


def test_a_bulletin_is_served_in_the_page_language(client: TestClient) -> None:
    pdf = client.get("/fr/bulletins/2014-02.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    html = client.get("/en/bulletins/2014-02.html")
    assert html.status_code == 200 and '<html lang="en">' in html.text
    assert "February 2014" in html.text and "MINUSMA" in html.text


def test_a_bulletin_is_built_once_then_served_from_disk(
    real_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked again (with any query parameters), in another worker's app, or while it is being
    built, a bulletin is not built again; another language is another file."""
    import pkobs.reports

    built: list[str] = []
    render = pkobs.reports.render

    def counting(document: object, fmt: str) -> bytes:
        built.append(fmt)
        return render(document, fmt)  # type: ignore[arg-type]

    monkeypatch.setattr(pkobs.reports, "render", counting)
    settings = Settings.from_env(db=real_db_path, environ={"PKOBS_HOME": str(tmp_path)})
    with TestClient(create_app(settings)) as first, TestClient(create_app(settings)) as second:
        pages = [
            first.get("/fr/bulletins/2014-02.html"),
            first.get("/fr/bulletins/2014-02.html?from=2013-02&to=2014-02"),
            second.get("/fr/bulletins/2014-02.html?group=francophone"),
        ]
        assert [p.status_code for p in pages] == [200] * 3 and built == ["html"]
        assert pages[0].content == pages[1].content == pages[2].content
        assert pages[0].headers["content-disposition"] == (
            'inline; filename="bulletin-2014-02.fr.html"'
        )
        english = first.get("/en/bulletins/2014-02.html")
        assert english.status_code == 200 and '<html lang="en">' in english.text
        assert built == ["html", "html"]
    files = sorted(p.name for p in (tmp_path / "web-cache" / "bulletins").rglob("bulletin-*"))
    assert files == ["bulletin-2014-02.en.html", "bulletin-2014-02.fr.html"]


@pytest.mark.parametrize("name", ["2015-02.pdf", "2014-13.pdf", "2014-02.docx", "x.pdf"])
def test_a_month_without_a_bulletin_is_a_404(client: TestClient, name: str) -> None:
    response = client.get(f"/fr/bulletins/{name}")
    assert response.status_code == 404
    assert f"Aucun bulletin «\u202f{name}\u202f»\u202f: la liste des bulletins" in response.text
