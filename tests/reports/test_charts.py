"""The bulletin's charts: drawn once, written as RGB PNG, the same pixels as ``savefig``."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

from pkobs.i18n import Locale
from pkobs.reports import charts
from pkobs.reports.data import BulletinData, gather
from pkobs.store.database import Database
from tests.conftest import requires_ipi

pytestmark = [requires_ipi, pytest.mark.realdata]

NOW = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def february_2014(real_db_path: Path) -> BulletinData:
    with Database.open_read_only(real_db_path) as db:
        return gather(db, dt.date(2014, 2, 28), None, NOW)


def savefig_png(figure: Figure) -> bytes:
    """matplotlib's own way: ``savefig`` (a layout pass drawing everything, then the draw)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=charts.DPI, metadata={"Software": None})
    return buffer.getvalue()


def pixels(png: bytes) -> tuple[str, tuple[int, int], np.ndarray]:
    image = Image.open(io.BytesIO(png))
    return image.mode, image.size, np.asarray(image.convert("RGBA"))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_charts_have_the_pixels_of_savefig(
    february_2014: BulletinData, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    locale = Locale(lang)  # type: ignore[arg-type]
    drawn_once = charts.all_charts(february_2014, locale)
    monkeypatch.setattr(charts, "_png", savefig_png)
    saved = charts.all_charts(february_2014, locale)
    assert sorted(drawn_once) == sorted(saved) == ["contributors", "gap", "gender", "share"]
    for name, chart in drawn_once.items():
        mode, size, ours = pixels(chart.png)
        their_mode, their_size, theirs = pixels(saved[name].png)
        assert (mode, their_mode) == ("RGB", "RGBA")
        assert size == their_size and size[0] == round(charts.WIDTH * charts.DPI)
        assert theirs[..., 3].min() == 255, f"{name}: savefig wrote transparent pixels"
        assert np.array_equal(ours, theirs), f"{name}: the pixels differ from savefig's"
        assert len(chart.png) < len(saved[name].png)
        dpi = Image.open(io.BytesIO(saved[name].png)).info["dpi"]
        assert dpi == pytest.approx((200, 200), rel=1e-5)
        assert Image.open(io.BytesIO(chart.png)).info["dpi"] == dpi
