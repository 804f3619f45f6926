"""Command palette entries that jump to each mode, the help screen, any lesson and any exercise;
a lesson or exercise is found by words of its title or of what it teaches (e.g. "digits")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tutor.lessons.model import Exercise
from tutor.ui.modes import MODE_TITLES


def literal(text: str) -> str:
    """`text` as palette markup that shows it as written.

    The palette reads a string prompt or help as markup, and lesson titles and goals are the
    lesson author's text: a `[` in them would crash the palette. Every `[` is escaped
    (`textual.markup.escape` leaves "[b= [/]" unbalanced).
    """
    return text.replace("[", "\\[")


def highlight(matcher: Matcher, text: str) -> Content:
    """`text` with the letters the query matched highlighted, read as plain text.

    `Matcher.highlight` reads its candidate as markup, which fails on a `[` in a lesson title.
    """
    content = Content(text)
    _, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class JumpCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        from tutor.ui.app import TutorApp  # not at the top: tutor.ui.app imports this module

        app = self.app
        assert isinstance(app, TutorApp)
        for mode, title in MODE_TITLES.items():
            yield f"Go to {title}", f"Open the {title} mode", partial(app.switch_mode, mode)
        yield (
            "Interview drill",
            "Every open interview question of the course, in random order",
            app.action_open_interview_drill,
        )
        yield "Help: keys and screens", "Every key of every screen, in one place", app.action_help
        for lesson in app.course.lessons:
            yield (
                f"Lesson {lesson.number}: {lesson.title}",
                lesson.goal,
                partial(app.open_lesson, lesson.id),
            )
            for index, step in enumerate(lesson.steps):
                if isinstance(step, Exercise):
                    yield (
                        f"Exercise {step.id} (lesson {lesson.number})",
                        f"Write it yourself, in lesson {lesson.number}: {lesson.title}",
                        partial(app.open_lesson, lesson.id, index),
                    )

    async def discover(self) -> Hits:
        for name, help_text, command in self._commands():
            yield DiscoveryHit(literal(name), command, help=literal(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, command in self._commands():
            if (score := max(matcher.match(name), matcher.match(help_text) / 2)) > 0:
                yield Hit(score, highlight(matcher, name), command, help=literal(help_text))
