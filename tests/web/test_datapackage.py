"""The Frictionless data package describes every downloadable table, in both languages."""

from __future__ import annotations

from fastapi.testclient import TestClient

from pkobs.store.schema import VIEWS


def test_datapackage_lists_every_view_with_typed_fields(client: TestClient) -> None:
    response = client.get("/datapackage.json")
    assert response.status_code == 200
    package = response.json()
    assert package["profile"] == "tabular-data-package"
    names = [resource["name"] for resource in package["resources"]]
    assert names == list(VIEWS)
    contributions = package["resources"][0]
    assert contributions["path"] == "/downloads/contributions.csv"
    fields = {f["name"]: f["type"] for f in contributions["schema"]["fields"]}
    assert fields["month"] == "date" and fields["total"] == "integer"
    assert fields["contributor_iso3"] == "string"
    assert contributions["rows"] > 0
    assert all(len(f["sha256"]) == 64 for f in package["files"])
    assert package["licenses"][0]["name"] == "MIT"
    assert package["version"] in package["citation"]
    # the CSV the package points to exists
    assert client.get(contributions["path"]).status_code == 200


def test_datapackage_speaks_french(client: TestClient) -> None:
    french = client.get("/datapackage.json?lang=fr").json()
    english = client.get("/datapackage.json").json()
    assert french["language"] == "fr" and english["language"] == "en"
    assert french["citation"].startswith("Citer ainsi\u202f:")
    assert french["resources"][0]["description"].startswith("Une ligne par mois")
    assert english["resources"][0]["description"].startswith("One row per month")
