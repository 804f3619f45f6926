"""The help screen ends with every known difference from Keras, and the docs page is the same
list (both come from tutor.differences)."""

from __future__ import annotations

from pathlib import Path

from tutor.differences import DIFFERENCES, markdown
from tutor.ui.help import HelpScreen

SIZE = (80, 24)


def test_the_docs_page_is_the_list():
    page = Path(__file__).parents[2] / "docs" / "keras-differences.md"
    assert page.read_text(encoding="utf-8") == markdown()
    assert len(DIFFERENCES) >= 15


async def test_help_shows_every_difference_from_keras(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(part) for part in app.screen._notes().renderables)
        assert "Differences from Keras" in text
        for difference in DIFFERENCES:
            assert difference.topic in text and difference.why in text
