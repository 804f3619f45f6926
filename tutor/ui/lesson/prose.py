"""A prose step: the lesson's Markdown."""

from __future__ import annotations

from textual.widgets import Markdown


class ProseView(Markdown):
    def __init__(self, lesson, step) -> None:
        super().__init__(step.body)
