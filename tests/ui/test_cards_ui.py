"""The Cards mode at 80x24 with keys only: review ten cards, undo one, see the stats."""

from __future__ import annotations

import re

import pytest

from tests.ui.conftest import SIZE
from tutor.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.cards import CardsScreen
from tutor.ui.cards.stats_view import CardStatsScreen


def screen_text(app) -> str:
    """What the terminal shows now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def add_cards(data_dir, count: int, lesson_id: str = "tiny", start: bool = True) -> None:
    store = Store.open(data_dir)
    for n in range(count):
        store.cards.add_card(
            f"{lesson_id}-{n}",
            f"Question {lesson_id} {n}?",
            f"Answer {n}",
            source="test",
            lesson_id=lesson_id,
            code="print(1 < 2)" if n == 0 else "",
            due_soon=False,
        )
    if start:
        store.progress.reach_step(lesson_id, 1)
    store.close()


async def test_review_ten_cards_undo_one_and_see_the_stats(make_app, data_dir):
    add_cards(data_dir, 12)
    add_cards(data_dir, 3, lesson_id="second", start=False)
    app = make_app("cards")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CardsScreen)
        assert "New 12   Learning 0   Due 0" in screen_text(app)
        for n in range(10):
            text = screen_text(app)
            assert f"Question tiny {n}?" in text
            assert f"Answer {n}" not in text
            await pilot.press("space" if n % 2 else "enter")
            text = screen_text(app)
            assert f"Answer {n}" in text
            assert "1 Again 1m" in text and "3 Good 10m" in text
            await pilot.press("3")
        assert "New 2   Learning 10   Due 0" in screen_text(app)
        assert len(app.store.cards.reviews()) == 10

        await pilot.press("u")
        await pilot.pause()
        text = screen_text(app)
        assert "Question tiny 9?" in text
        assert "New 3   Learning 9   Due 0" in text
        assert len(app.store.cards.reviews()) == 9

        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, CardStatsScreen)
        text = screen_text(app)
        assert "Reviews per day, last 30 days" in text
        assert "Reviews in the last 30 days: 9" in text
        assert "Cards by stage: 3 never reviewed, 9 learning, 0 in review, 0 relearning" in text
        # the review header's "New 3   Learning 9   Due 0", each count with what it counts
        assert "New 3: left for today" in text and "Learning 9: being (re)learnt" in text
        assert "Due 0: in review and due now" in text
        await pilot.press("escape")
        assert isinstance(app.screen, CardsScreen)

        await pilot.press("a")
        assert "New 6   Learning 9   Due 0     all lessons" in screen_text(app)


async def test_rating_keys_do_nothing_before_the_answer_shows(make_app, data_dir):
    add_cards(data_dir, 2)
    app = make_app("cards")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        assert app.store.cards.reviews() == []
        await pilot.press("space")
        assert "print(1 < 2)" in screen_text(app)
        await pilot.press("4")
        assert [review.rating for review in app.store.cards.reviews()] == [4]


async def test_all_four_ratings_and_their_intervals_show_at_60_columns(make_app, data_dir):
    add_cards(data_dir, 2)
    app = make_app("cards")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        text = screen_text(app)
        assert "1 Again 1m" in text and "2 Hard 6m" in text and "3 Good 10m" in text
        assert re.search(r"4 Easy \d+d", text)


async def test_reviews_are_there_after_a_restart(make_app, data_dir):
    add_cards(data_dir, 3)
    app = make_app("cards")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "3", "space", "3")
    again = make_app("cards")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(again)
        assert "New 1   Learning 2   Due 0" in text
        assert "Question tiny 2?" in text


async def test_the_chosen_cards_are_remembered(make_app, data_dir):
    add_cards(data_dir, 2, start=False)
    app = make_app("cards")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        assert "New 2   Learning 0   Due 0     all lessons" in screen_text(app)
    again = make_app("cards")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "New 2   Learning 0   Due 0     all lessons" in screen_text(again)


async def test_nothing_due_shows_a_summary_with_the_way_on(make_app, data_dir):
    add_cards(data_dir, 2, start=False)
    app = make_app("cards")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Nothing left to review now. You reviewed 0 cards here." in text
        assert "No cards yet in the lessons you have started" in text
        # The keys it names are the screen's keys (stats moved from s to v once, and it said s).
        assert "v shows your stats, l picks a lesson." in " ".join(text.split())
        assert "u undoes" not in text  # nothing was rated yet
        await pilot.press("v")
        assert isinstance(app.screen, CardStatsScreen)
        await pilot.press("escape", "l")
        await pilot.pause()
        assert "Revise which cards?" in screen_text(app)
        await pilot.press("down", "down", "enter")  # past "All lessons" and the rule
        await pilot.pause()
        text = screen_text(app)
        assert "1. A tiny lesson" in text
        assert "Question tiny 0?" in text


def test_review_screen_snapshot(make_app, data_dir, snap_compare, monkeypatch):
    """The back of a card with its code and the four labelled ratings, at 80x24."""
    import fsrs.scheduler

    # fsrs fuzzes review intervals with random(); pin it so the Easy label is stable.
    monkeypatch.setattr(fsrs.scheduler, "random", lambda: 0.5)
    add_cards(data_dir, 3)
    assert snap_compare(make_app("cards"), press=["space"], terminal_size=SIZE)


async def test_a_missed_bug_questions_code_is_on_the_front(make_app, data_dir):
    store = Store.open(data_dir)
    store.cards.add_card(
        "quiz:tiny:bug",
        "x holds one roast. Which line is wrong, and what fixes it?",
        "Line 2: layer(x).",
        source="quiz",
        lesson_id="tiny",
        code="x = np.array([[200.0, 12.0]])\na = layer(x.T)",
    )
    store.progress.reach_step("tiny", 1)
    store.close()
    app = make_app("cards")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Which line is wrong" in text and "a = layer(x.T)" in text
        assert "Line 2: layer(x)." not in text
        await pilot.press("space")
        text = screen_text(app)
        assert "Line 2: layer(x)." in text and text.count("a = layer(x.T)") == 1


async def test_the_stats_say_what_new_counts_beside_the_never_reviewed(make_app, data_dir):
    """Issue: "Now: New 20 Learning 4" beside "Cards: 26 never reviewed, 4 learning" read as a
    contradiction: New is only today's share (the daily limit) of the never reviewed."""
    add_cards(data_dir, 30)
    app = make_app("cards")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        for _ in range(4):
            await pilot.press("space", "3")
        header = screen_text(app).splitlines()[1]
        assert "New 16   Learning 4   Due 0" in header  # 20 a day, 4 seen today
        await pilot.press("v")
        await pilot.pause()
        lines = [line.strip() for line in screen_text(app).splitlines()]  # whole at 60
        assert "New 16: left for today (20 a day), of 26 never reviewed" in lines
        assert "Learning 4: being (re)learnt, due within 20 minutes" in lines
        text = " ".join(screen_text(app).split())
        assert "Cards by stage: 26 never reviewed, 4 learning" in text


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_lesson_picker_shows_every_lesson_whole(data_dir, size):
    """Issue: at 80x24 the picker cut "11. Evaluation: … (12"; every line must be readable."""
    from rich.console import Console
    from textual.widgets import OptionList

    from tutor.lessons.loader import load_course

    app = TutorApp(data_dir, "cards", course=load_course())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        console = Console(width=options.scrollable_content_region.width, color_system=None)
        lessons = app.course.lessons
        shown = [option for option in options.options if not option.id.startswith(":")]
        assert [option.id for option in shown] == [lesson.id for lesson in lessons]
        for lesson, option in zip(lessons, shown, strict=True):
            with console.capture() as captured:
                console.print(option.prompt)
            lines = captured.get().splitlines()
            # The count is whole on one line; the title, read line by line, is whole too.
            [count] = [m.group(1) for line in lines if (m := re.search(r"(\d+ cards?)$", line))]
            title = " ".join(" ".join(lines).replace(count, "").split())
            assert title == f"{lesson.number}. {lesson.title}", lines
        await pilot.press("end")
        await pilot.pause()
        last = lessons[-1]
        assert f"{last.number}. {last.title}" in screen_text(app)
        if size == (80, 24):  # every lesson at once, one line each
            await pilot.press("home")
            await pilot.pause()
            text = screen_text(app)
            for lesson in lessons:
                assert re.search(
                    re.escape(f"{lesson.number}. {lesson.title}") + r" +\d+ card", text
                )
