"""A prose step: the lesson's Markdown."""

from __future__ import annotations

from textual.widgets import Markdown

from tutor.lessons.model import Lesson, Prose


class ProseView(Markdown):
    def __init__(self, lesson: Lesson, step: Prose) -> None:
        super().__init__(step.body)
