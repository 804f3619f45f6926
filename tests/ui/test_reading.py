"""Every lesson of the course can be read at 80×24 with `n` alone: each line of every prose
step is on screen at some point on the way, because `n` first scrolls through a step taller
than the screen before it moves on."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownFence

from tests.ui.conftest import SIZE
from tutor.lessons.loader import load_course
from tutor.lessons.model import Prose
from tutor.ui.app import TutorApp

COURSE = load_course()


def unseen_rows(app, seen: dict) -> None:
    """Record, for every block of every prose step shown, which of its rows are on screen."""
    page = app.screen.query_one("#page", VerticalScroll)
    top, bottom = page.region.y, page.region.bottom
    for frame in app.screen.frames:
        if not isinstance(app.screen.lesson.steps[frame.index], Prose):
            continue
        for markdown in frame.query(Markdown):
            for block in markdown.children:
                region = block.region
                rows = seen.setdefault((frame.index, id(block)), (block, set()))[1]
                rows.update(
                    y - region.y for y in range(max(top, region.y), min(bottom, region.bottom))
                )


@pytest.mark.parametrize("lesson", COURSE.lessons, ids=lambda lesson: lesson.path.name)
async def test_every_paragraph_is_reached_by_pressing_n(data_dir, lesson):
    app = TutorApp(data_dir, "learn", lesson.id, course=COURSE)
    seen: dict = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        last = len(lesson.steps) - 1
        for _ in range(400):
            await pilot.pause()
            unseen_rows(app, seen)
            if screen.current == last and not screen._reveal_rest_of_step():
                break
            await pilot.press("n")
        else:
            pytest.fail("pressing n never reached the end of the lesson")
        unseen = [
            f"step {index + 1}: {block.__class__.__name__} rows "
            f"{sorted(set(range(block.region.height)) - rows)[:3]}…"
            for (index, _), (block, rows) in seen.items()
            if set(range(block.region.height)) - rows
        ]
    prose_steps = {i for i, step in enumerate(lesson.steps) if isinstance(step, Prose)}
    assert {index for index, _ in seen} == prose_steps
    assert unseen == []


async def test_a_resize_keeps_the_current_step_in_view(data_dir):
    app = TutorApp(data_dir, "learn", "fit", course=COURSE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(12):
            await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        current = screen.current
        for size in ((120, 40), (60, 20), SIZE):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            page = screen.query_one("#page", VerticalScroll)
            frame = screen.frame(current)
            assert screen.current == current
            assert page.region.y <= frame.region.y < page.region.bottom, size


@pytest.mark.parametrize(
    ("lesson_id", "drill_text", "cell_id"),
    [
        # Lesson 8's drill prose sits two steps after its cell (a hood view between).
        ("depth", "Go back to the `hidden` cell", "hidden"),
        # Lesson 1's names its cell (edits=train): `look` and a view are nearer.
        ("whole-game", "In the five lines", "train"),
    ],
)
async def test_e_on_a_drill_reaches_the_cell_it_asks_to_change(
    data_dir, lesson_id, drill_text, cell_id
):
    lesson = next(lesson for lesson in COURSE.lessons if lesson.id == lesson_id)
    drill = next(
        i
        for i, step in enumerate(lesson.steps)
        if isinstance(step, Prose) and drill_text in step.body
    )
    app = TutorApp(data_dir, course=COURSE)
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson(lesson_id, drill)
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert screen.current == drill
        await pilot.press("e")
        await pilot.pause()
        editor = app.focused
        frame = screen._frame_of(editor)
        assert frame is not None and lesson.steps[frame.index].id == cell_id
        assert screen.current == frame.index  # the cell is now the current step
        await pilot.press("escape")  # back where the learner was reading
        await pilot.pause()
        assert screen.current == drill


async def test_code_in_prose_wraps_at_60_columns(data_dir):
    """Textual's code fence scrolls sideways, which no key reaches: lesson 6's Adam formula lost
    its end at 60 columns. In prose it wraps instead."""
    lesson = next(lesson for lesson in COURSE.lessons if lesson.id == "fit")
    step = next(i for i, s in enumerate(lesson.steps) if "sqrt(average squared" in s.body)
    app = TutorApp(data_dir, course=COURSE)
    async with app.run_test(size=(60, 20)) as pilot:
        app.open_lesson("fit", step)
        await pilot.pause()
        await pilot.pause()
        fence = app.screen.frame(step).query_one(MarkdownFence)
        await pilot.pause()
        assert fence.max_scroll_x == 0
        assert "squared gradient)" in "".join(
            strip.text for strip in app.screen._compositor.render_strips()
        )
