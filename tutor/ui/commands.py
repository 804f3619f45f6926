"""Command palette entries that jump to each mode, the help screen, any lesson and any exercise;
a lesson or exercise is found by words of its title or of what it teaches (e.g. "digits")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tutor.ui.modes import MODE_TITLES


class JumpCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        app = self.app
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
                if step.kind == "exercise":
                    yield (
                        f"Exercise {step.id} (lesson {lesson.number})",
                        f"Write it yourself, in lesson {lesson.number}: {lesson.title}",
                        partial(app.open_lesson, lesson.id, index),
                    )

    async def discover(self) -> Hits:
        for name, help_text, command in self._commands():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, command in self._commands():
            if (score := max(matcher.match(name), matcher.match(help_text) / 2)) > 0:
                yield Hit(score, matcher.highlight(name), command, help=help_text)
