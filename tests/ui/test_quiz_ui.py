"""Checkpoints at 80×24, keys only: answer, see a wrong answer explained, pass, see the score."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from textual import events
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static, TextArea
from textual.widgets._footer import FooterKey

from tutor.lessons.loader import load_course
from tutor.quiz.questions import Choice, Numeric, Open, Ordering, Shape, SpotTheBug
from tutor.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.home import HomeScreen
from tutor.ui.quiz import CheckpointView, InterviewDrillScreen
from tutor.ui.quiz.panel import QuizPanel

SIZE = (80, 24)

LESSON = """\
+++
id = "quizzy"
title = "Every kind of question"
goal = "Answer each kind of checkpoint question."
minutes = 5
+++

::: prose
Nothing to read: the checkpoint is next.
:::

::: checkpoint
:::
"""

QUIZ = (Path(__file__).parent.parent / "quiz" / "sample_quiz.toml").read_text()


@pytest.fixture(autouse=True)
def _no_animations(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def quiz_course(tmp_path):
    folder = tmp_path / "lessons" / "01-quizzy"
    folder.mkdir(parents=True)
    (folder / "lesson.md").write_text(LESSON)
    (folder / "quiz.toml").write_text(QUIZ)
    course = load_course(tmp_path / "lessons")
    assert course.problems == []
    return course


async def open_checkpoint(
    app: TutorApp, pilot, start: bool = True, opened: bool = False
) -> QuizPanel:
    """From the home screen, by keys: open the lesson (unless the app `opened` at one), walk to
    its checkpoint, start it."""
    if not opened:
        await pilot.press("enter")  # "Start: lesson 1"
        await pilot.pause()
    last = len(app.screen.lesson.steps) - 1
    for _ in range(200):  # n also scrolls through tall steps on the way
        if app.screen.current == last:
            break
        await pilot.press("n")
        await pilot.pause()
    panel = app.screen.query_one(CheckpointView)
    assert app.focused is panel
    if start:
        await pilot.press("enter")
        await pilot.pause()
    return panel


def keys_for(question, right: bool) -> list[list[str]]:
    """The keys a learner presses to answer `question` (right or wrong), phase by phase."""
    if isinstance(question, Choice):
        wrong = next(i for i, option in enumerate(question.options) if not option.correct)
        picks = sorted(question.correct_indices) if right else [wrong]
        return [[str(i + 1) for i in picks] + ["enter"]]
    if isinstance(question, Numeric | Shape):
        text = (
            str(question.answer) if right else "-1" if question.kind == "numeric" else "(1, 1, 1)"
        )
        return [[*text, "enter"]]
    if isinstance(question, Ordering):
        keys, order = [], list(question.shown)
        for target in range(len(order)):  # pick each item up and carry it to its place
            here = order.index(target)
            keys += ["home"] + ["down"] * here + ["space"] + ["up"] * (here - target) + ["space"]
            order.insert(target, order.pop(here))
        return [[*keys, "enter"]] if right else [["enter"]]
    if isinstance(question, SpotTheBug):
        fix = question.correct_fix if right else (question.correct_fix + 1) % len(question.fixes)
        return [[str(question.bug_line), "enter"], [str(fix + 1), "enter"]]
    assert isinstance(question, Open)
    typed = [*"define it,", "enter", *"compile with a loss, then fit"]  # two lines
    return [[*typed, "ctrl+s"], ["1", "enter"], ["3" if right else "1"]]


async def answer(pilot, panel: QuizPanel, right: bool = True) -> None:
    for phase in keys_for(panel.session.current, right):
        await pilot.press(*phase)
        await pilot.pause()


def plain(renderable) -> str:
    """A rich renderable as the text a learner reads at 80 columns."""
    console = Console(width=80, color_system=None)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


def scrolled(panel: QuizPanel) -> str:
    """The text in the panel's scrolling box (the mistakes under review, a model answer)."""
    return "\n".join(str(block.content) for block in panel.query("#quiz-scroll Static"))


def shown(panel: QuizPanel, part: str) -> str:
    return str(panel.query_one(f"#{part}", Static).content)


async def test_every_kind_of_question_by_keys_then_review_and_retake(data_dir, quiz_course):
    app = TutorApp(data_dir, course=quiz_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_checkpoint(app, pilot)
        wrong = {"units", "params", "workflow"}
        seen = []
        while not panel.session.finished:
            question = panel.session.current
            seen.append(question.kind)
            await answer(pilot, panel, right=question.id not in wrong)
            verdict = panel.session.answered[-1].verdict
            assert verdict.correct is (question.id not in wrong), question.id
            assert panel.state == "answered"
            await pilot.press("enter")
            await pilot.pause()
        assert sorted(set(seen)) == ["bug", "choice", "numeric", "open", "order", "shape"]
        # two wrong (0) and the workflow left as shuffled (partial credit): 5 of 8 and a bit
        assert panel.state == "summary" and not panel.session.passed
        summary = shown(panel, "quiz-prompt")
        assert f"Score {round(panel.session.score * 100)}%" in summary
        assert "Not passed yet" in summary and "pass mark 80%" in summary

        await pilot.press("r")
        await pilot.pause()
        review = scrolled(panel)
        assert "Your answer: The number of inputs" in review
        assert "The input width comes from the data." in review
        assert "Out of place:" in review
        assert "You answered -1." in review and "Your answer: -1" not in review  # said once

        await pilot.press("escape")
        await pilot.pause()
        assert panel.state == "summary"
        first_questions = [q.id for q in panel.session.questions]
        await pilot.press("t")
        await pilot.pause()
        assert panel.state == "question" and len(panel.session.answered) == 0
        assert sorted(q.id for q in panel.session.questions) == sorted(first_questions)

    store = Store.open(data_dir)  # the app closed its own on exit: read what it kept
    [attempt] = store.checkpoints.attempts("quizzy")
    assert not attempt.passed and len(attempt.answers) == 8
    missed = {card.card_id for card in store.cards.added_cards() if card.due_soon}
    assert missed == {"quiz:quizzy:units", "quiz:quizzy:params", "quiz:quizzy:workflow"}
    assert any(r.card_id == "quiz:quizzy:three-steps" for r in store.cards.reviews())
    store.close()


async def test_an_unreadable_answer_gets_a_message_and_costs_nothing(data_dir, quiz_course):
    app = TutorApp(data_dir, course=quiz_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_checkpoint(app, pilot)
        while panel.session.current.id != "kernel":  # W's shape, (2, 3)
            await answer(pilot, panel)
            await pilot.press("enter")
            await pilot.pause()
        before = len(panel.session.answered)
        await pilot.press(*"4,,1", "enter")
        await pilot.pause()
        assert "Could not read an empty dimension" in shown(panel, "quiz-feedback")
        assert len(panel.session.answered) == before and panel.state == "question"
        await pilot.press(*["backspace"] * 4, *"(2, 3)", "enter")
        await pilot.pause()
        assert panel.session.answered[-1].verdict.correct


async def test_lesson_one_checkpoint_wrong_answer_explained_pass_and_score_on_home(data_dir):
    """The issue's "done when", on the real first lesson: keys only, at 80×24."""
    course = load_course()
    lesson = course.lessons[0]
    assert lesson.id == "whole-game"
    app = TutorApp(data_dir, course=course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_checkpoint(app, pilot)
        count = len(panel.session.questions)
        assert f"{count} questions" in shown(panel, "quiz-prompt") or panel.state == "question"
        wrong_done = False
        while not panel.session.finished:
            question = panel.session.current
            wrong = not wrong_done and isinstance(question, Choice)
            await answer(pilot, panel, right=not wrong)
            if wrong:
                wrong_done = True
                feedback = shown(panel, "quiz-feedback")
                assert "Not quite." in feedback
                picked = next(o for o in question.options if not o.correct)
                assert picked.why in feedback  # the wrong option explained
                assert question.explanation in feedback
            else:
                assert panel.session.answered[-1].verdict.correct, question.id
            await pilot.press("enter")
            await pilot.pause()
        assert wrong_done
        percent = round(panel.session.score * 100)
        assert percent == round((count - 1) / count * 100) and panel.session.passed
        assert "Passed" in shown(panel, "quiz-prompt")
        await pilot.press("q")
        await pilot.pause()

    app = TutorApp(data_dir, course=course)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lessons = app.screen.query_one("#lessons", OptionList)
        line = plain(lessons.get_option(lesson.id).prompt)
        assert f"{percent}%" in line and "passed" in line


async def test_the_interview_drill_asks_open_questions_and_schedules_cards(data_dir, quiz_course):
    app = TutorApp(data_dir, course=quiz_course)
    async with app.run_test(size=SIZE) as pilot:
        checkpoint = await open_checkpoint(app, pilot, start=False)
        assert "i: interview drill" in shown(checkpoint, "quiz-keys")
        assert "n: leave the lesson" in shown(checkpoint, "quiz-keys")  # the last step
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, InterviewDrillScreen)
        panel = app.screen.query_one(QuizPanel)
        assert "1 interview questions" in shown(panel, "quiz-prompt")
        assert "1: beginner (1)" in shown(panel, "quiz-prompt")
        await pilot.press("1")  # the beginner level
        await pilot.pause()
        await pilot.press(*"compile", "enter", *"with a loss", "enter")  # enter: a new line
        await pilot.pause()
        assert panel.state == "question"
        assert panel.query_one("#quiz-open", TextArea).text == "compile\nwith a loss\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        revealed = scrolled(panel)
        assert "compile\nwith a loss" in revealed and "Define, compile, fit." in revealed
        asks = panel.query_one("#quiz-points", OptionList)
        lines = [plain(asks.get_option_at_index(i).prompt) for i in range(asks.option_count)]
        # Matching words suggest a tick; only the learner makes it.
        assert "[ ] 1. Did you say: compile binds the loss?  (your words suggest so)" in lines[0]
        assert "Did you say: fit trains on data?" in lines[1] and "suggest" not in lines[1]
        await pilot.press("2", "enter")  # ticks the second point only
        await pilot.pause()
        assert "· compile binds the loss" in shown(panel, "quiz-prompt")
        assert "✓ fit trains on data" in shown(panel, "quiz-prompt")
        await pilot.press("2")
        await pilot.pause()
        feedback = shown(panel, "quiz-feedback")
        assert "You said 1 of 2 key points; you rated it Hard" in feedback
        [review] = app.store.cards.reviews()
        assert (review.card_id, review.rating) == ("quiz:quizzy:three-steps", 2)
        await pilot.press("enter")
        await pilot.pause()
        assert panel.state == "summary"
        assert app.store.checkpoints.best_scores() == {}
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(CheckpointView) is checkpoint


def test_a_wrong_answer_explained_snapshot(snap_compare, data_dir, tmp_path):
    folder = tmp_path / "lessons" / "01-quizzy"
    folder.mkdir(parents=True)
    (folder / "lesson.md").write_text(LESSON)
    (folder / "quiz.toml").write_text(
        '[[question]]\nid = "params"\ntype = "numeric"\n'
        'prompt = "How many parameters does Dense(3) have on inputs of 2 features?"\n'
        "answer = 9\n"
        'explanation = "W is (2, 3): 6 weights; b is (3,): 3 biases. 6 + 3 = 9."\n'
    )
    app = TutorApp(data_dir, course=load_course(tmp_path / "lessons"))

    async def answer_wrong(pilot):
        await open_checkpoint(app, pilot)
        await pilot.press("6", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=answer_wrong)


async def test_a_mid_lesson_check_asks_its_questions_and_records_no_score(data_dir, tmp_path):
    folder = tmp_path / "lessons" / "01-quizzy"
    folder.mkdir(parents=True)
    (folder / "lesson.md").write_text(
        LESSON.replace("::: checkpoint\n", "::: checkpoint questions=kernel,params\n")
    )
    (folder / "quiz.toml").write_text(QUIZ)
    app = TutorApp(data_dir, course=load_course(tmp_path / "lessons"))
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_checkpoint(app, pilot)
        assert "2 questions" in plain(panel.intro_text())
        assert sorted(q.id for q in panel.session.questions) == ["kernel", "params"]
        while not panel.session.finished:
            await answer(pilot, panel, right=panel.session.current.id == "kernel")
            await pilot.press("enter")
            await pilot.pause()
        assert panel.state == "summary" and panel.session.score == 0.5
        assert app.store.checkpoints.best_scores() == {}
        assert [c.card_id for c in app.store.cards.added_cards()] == ["quiz:quizzy:params"]


def test_partial_credit_is_shown_to_two_decimals():
    from types import SimpleNamespace

    from tutor.ui.quiz.panel import _points

    answered = [SimpleNamespace(verdict=SimpleNamespace(score=s)) for s in (1, 1, 0.1333333, 0)]
    assert _points(SimpleNamespace(answered=answered)) == "2.13/4"
    quarters = [SimpleNamespace(verdict=SimpleNamespace(score=s)) for s in (1, 1, 1, 1, 0.75)]
    assert _points(SimpleNamespace(answered=quarters)) == "4.75/5"
    assert _points(SimpleNamespace(answered=answered[:2])) == "2/2"


async def burst(app: TutorApp, pilot, *keys: str) -> None:
    """Keys arriving together, as a terminal delivers a quick typist's keys: none waits for the
    app to settle after the one before (`pilot.press` waits)."""
    for key in keys:
        event = events.Key(key, "\r" if key == "enter" else key if len(key) == 1 else None)
        event.set_sender(app)
        app.post_message(event)
    await pilot.pause()
    await pilot.pause()


async def reach(pilot, panel: QuizPanel, kind: type) -> None:
    """Answer (rightly) until the current question is of `kind`."""
    while not isinstance(panel.session.current, kind):
        await answer(pilot, panel)
        await pilot.press("enter")
        await pilot.pause()


async def test_a_line_then_enter_at_once_on_spot_the_bug_keeps_the_quiz_going(data_dir):
    """The dense lesson's bug question: the line number and enter at once crashed the app."""
    app = TutorApp(data_dir, "learn", "dense", course=load_course())
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_checkpoint(app, pilot, opened=True)
        await reach(pilot, panel, SpotTheBug)
        question = panel.session.current
        await burst(app, pilot, str(question.bug_line), "enter")
        assert app.is_running and panel.bug_line == question.bug_line
        assert len(panel.query("#quiz-fixes")) == 1 and not panel.query("#quiz-lines")
        await pilot.press(str(question.correct_fix + 1), "enter")
        await pilot.pause()
        assert panel.state == "answered" and panel.session.answered[-1].verdict.correct


async def test_spot_the_bug_a_wrong_line_ends_it_and_a_wrong_fix_earns_half(data_dir):
    """The dense lesson's bug question by keys: a wrong line is not asked for a fix (the fixes
    are the bug line's) and earns nothing; the right line with a wrong fix says it earned half,
    at once and in the review, and the score counts exactly that."""
    app = TutorApp(data_dir, "learn", "dense", course=load_course())
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_checkpoint(app, pilot, opened=True)
        await reach(pilot, panel, SpotTheBug)
        question = panel.session.current
        earned = panel.session.score * len(panel.session.questions)
        wrong_line = next(n for n in range(1, len(question.lines) + 1) if n != question.bug_line)
        await pilot.press(str(wrong_line), "enter")
        await pilot.pause()
        assert panel.state == "answered" and not panel.query("#quiz-fixes")
        feedback = shown(panel, "quiz-feedback")
        bad = question.lines[question.bug_line - 1].strip()
        assert feedback.startswith("✗ Not quite.\n")
        assert f"the mistake is line {question.bug_line} ({bad})" in feedback
        assert f"The fix: {question.fixes[question.correct_fix].text}." in feedback
        prompt = shown(panel, "quiz-prompt")
        assert f"▶{wrong_line} │" in prompt and "Now the fix" not in prompt
        assert panel.session.score * len(panel.session.questions) == pytest.approx(earned)

        panel.session.next()  # on to a retake, straight to the bug question
        await panel.start(panel.session.retake())
        await reach(pilot, panel, SpotTheBug)
        question = panel.session.current
        await pilot.press(str(question.bug_line), "enter")
        await pilot.pause()
        assert "Now the fix:" in shown(panel, "quiz-prompt")
        wrong_fix = (question.correct_fix + 1) % len(question.fixes)
        await pilot.press(str(wrong_fix + 1), "enter")
        await pilot.pause()
        half = "Half right: the line, not the fix (0.5 of 1 point)."
        assert shown(panel, "quiz-feedback").startswith(f"◐ {half}")
        assert "Now the fix" not in shown(panel, "quiz-prompt")
        while not panel.session.finished:  # every other question right
            await pilot.press("enter")
            await pilot.pause()
            if panel.session.current is not None and not panel.session.waiting:
                await answer(pilot, panel)
        count = len(panel.session.questions)
        assert panel.session.score * count == pytest.approx(count - 0.5)
        await pilot.press("r")
        await pilot.pause()
        assert half in scrolled(panel)


async def test_enter_pressed_again_at_once_answers_once_and_stays(data_dir, quiz_course):
    """Every kind of question answered by keys that arrive together, the submitting enter
    pressed three times: one answer counted, its verdict shown (not skipped), one answer widget
    at a time, no crash."""
    app = TutorApp(data_dir, course=quiz_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_checkpoint(app, pilot)
        area = panel.query_one("#quiz-answer")
        screen = app.screen
        while not panel.session.finished:
            before = len(panel.session.answered)
            *phases, (*keys, last) = keys_for(panel.session.current, right=True)
            for phase in [*phases, keys]:
                await burst(app, pilot, *phase)
                assert len(area.children) <= 1
            again = ["enter", "enter"] if last == "enter" else []  # a rating key is not enter
            await burst(app, pilot, last, *again)
            assert app.is_running and app.screen is screen
            assert panel.state == "answered", (panel.session.current, shown(panel, "quiz-feedback"))
            assert len(panel.session.answered) == before + 1
            assert not area.children
            await pilot.press("enter")
            await pilot.pause()
        assert panel.state == "summary" and panel.session.score == 1


async def test_page_keys_wait_while_a_checkpoint_is_taken_and_escape_asks_first(
    data_dir, quiz_course
):
    app = TutorApp(data_dir, course=quiz_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_checkpoint(app, pilot)
        lesson_page = app.screen
        await answer(pilot, panel)
        for key in ("n", "right", "p", "left", "enter"):  # enter: the next question
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is lesson_page and lesson_page.current == 1, key
        assert panel.in_progress and len(panel.session.answered) == 1
        assert panel.state == "question"

        typed = isinstance(app.focused, Input | TextArea)  # its escape hands the keys back first
        await pilot.press(*["escape"] * (1 + typed))
        await pilot.pause()
        assert app.screen is not lesson_page
        asked = str(app.screen.query_one(Static).content)
        assert "not finished" in asked and "y: leave" in asked
        await pilot.press("n")  # stay
        await pilot.pause()
        assert app.screen is lesson_page and panel.in_progress
        assert panel in app.focused.ancestors_with_self  # the keys are back on the question
        if typed:  # escape left the typed answer: enter goes back into it
            assert app.focused is panel
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.focused, Input | TextArea)
        assert len(panel.session.answered) == 1

        while not panel.session.finished:
            await answer(pilot, panel)
            await pilot.press("enter")
            await pilot.pause()
        assert not panel.in_progress
        await pilot.press("n")  # finished: n goes on (past the last step, out of the lesson)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_escape_then_y_leaves_a_checkpoint_in_progress(data_dir, quiz_course):
    app = TutorApp(data_dir, course=quiz_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_checkpoint(app, pilot)
        await answer(pilot, panel)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ModalScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.store.checkpoints.best_scores() == {}  # dropped, as the question said


async def test_a_count_question_asks_for_a_whole_number(data_dir):
    """The dense lesson: the parameter count wants a whole number, the neuron's output a decimal."""
    app = TutorApp(data_dir, "learn", "dense", course=load_course())
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_checkpoint(app, pilot, opened=True)
        placeholders = {}
        while not panel.session.finished:
            question = panel.session.current
            if isinstance(question, Numeric):
                placeholder = panel.query_one("#quiz-input").placeholder
                placeholders[question.id] = placeholder
                assert not placeholder.endswith(f" {question.answer:g}")  # never the answer
            await answer(pilot, panel)
            await pilot.press("enter")
            await pilot.pause()
        assert placeholders["dense-param-count"] in (
            "a whole number, e.g. 12",  # the example is 30 when the generated count is 12
            "a whole number, e.g. 30",
        )
        assert placeholders["dense-neuron-output"] == "your number, e.g. 0.73"


async def test_the_score_screen_footer_fits_80_columns(data_dir, quiz_course):
    app = TutorApp(data_dir, course=quiz_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_checkpoint(app, pilot)
        while not panel.session.finished:
            await answer(pilot, panel, right=panel.session.current.id != "units")
            await pilot.press("enter")
            await pilot.pause()
        assert panel.state == "summary"
        await pilot.pause()
        keys = app.screen.query_one(Footer).query(FooterKey)
        shown = [key for key in keys if key.display]
        assert {key.description for key in shown} >= {"Review", "Retake", "Drill", "Back"}
        assert max(key.region.right for key in shown) <= SIZE[0]


async def test_q_and_the_palette_ask_before_dropping_a_checkpoint_attempt(data_dir, quiz_course):
    app = TutorApp(data_dir, course=quiz_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_checkpoint(app, pilot)
        lesson_page = app.screen
        await answer(pilot, panel)
        typed = isinstance(app.focused, Input | TextArea)
        if typed:  # escape hands the keys back from the answer box first
            await pilot.press("escape")
        for palette in (False, True):
            if palette:  # what the palette's "Lesson N" entry calls
                app.open_lesson(lesson_page.lesson.id)
            else:
                await pilot.press("q")
            await pilot.pause()
            asked = str(app.screen.query_one(Static).content)
            assert "not finished" in asked and "y: leave" in asked
            await pilot.press("n")  # stay
            await pilot.pause()
            assert app.screen is lesson_page and panel.in_progress
        await pilot.press("q", "y")
        await pilot.pause()
        assert not app.is_running
    assert app.store.checkpoints.best_scores() == {}  # dropped, as the question said


async def test_enter_with_nothing_chosen_says_what_to_do_and_grades_nothing(data_dir, quiz_course):
    app = TutorApp(data_dir, course=quiz_course)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        panel = await open_checkpoint(app, pilot)
        tried = set()
        while not panel.session.finished:  # the questions come in a random order
            question, answered = panel.session.current, len(panel.session.answered)
            if isinstance(question, Choice) and Choice not in tried:
                tried.add(Choice)
                await pilot.press("enter")
                await pilot.pause()
                assert panel.session.current is question
                assert len(panel.session.answered) == answered
                assert any("Nothing" in note.message for note in app._notifications)
                await pilot.press("1")  # choosing does what the note asked: the note goes
                await pilot.pause()
                assert not any("Nothing" in note.message for note in app._notifications)
            elif isinstance(question, SpotTheBug) and SpotTheBug not in tried:
                tried.add(SpotTheBug)
                await pilot.press(str(question.bug_line))  # a number only goes to the line
                await pilot.pause()
                assert panel.bug_line is None
                await pilot.press("enter", "enter")  # picks the line; no fix is chosen yet
                await pilot.pause()
                assert panel.bug_line == question.bug_line
                assert len(panel.session.answered) == answered  # no fix graded unseen
                await pilot.press(str(question.correct_fix + 1), "enter", "enter")
                await pilot.pause()
                continue
            await answer(pilot, panel)
            await pilot.press("enter")
            await pilot.pause()
        assert tried == {Choice, SpotTheBug}


async def test_typing_an_interview_answer_the_footer_names_ctrl_s_not_enter(data_dir, quiz_course):
    app = TutorApp(data_dir, course=quiz_course)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("i", "1")  # the drill, beginner level
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        footer = app.screen._compositor.render_strips()[-1].text
        assert "^s Submit" in footer and "Continue" not in footer, footer
        await pilot.press("escape")  # the keys back to the panel: n skips again
        await pilot.pause()
        assert "n Skip" in app.screen._compositor.render_strips()[-1].text


async def test_an_open_answer_with_none_of_its_key_points_made_can_go_on_and_scores_0(
    data_dir, quiz_course
):
    """Issue: "no idea", ctrl+s, enter said "Nothing marked yet" with no way on but a false tick.
    Enter with nothing ticked asks once, a second enter takes it; 0 says so at once."""
    app = TutorApp(data_dir, course=quiz_course)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("i", "1")  # the drill, beginner level: the open question
        await pilot.pause()
        panel = app.screen.query_one(QuizPanel)
        await pilot.press(*"no idea", "ctrl+s")
        await pilot.pause()
        assert panel.state == "points"
        hint = shown(panel, "quiz-prompt")
        assert "tick each point you made: 1-9" in hint and "0: I made none" in hint
        await pilot.press("enter")  # nothing ticked: asked, not taken yet
        await pilot.pause()
        assert panel.state == "points" and not panel.session.answered
        assert any("enter again if you made none" in n.message for n in app._notifications)
        await pilot.press("enter")  # yes, none of them
        await pilot.pause()
        assert panel.state == "answered"
        [answered] = panel.session.answered
        assert answered.verdict.score == 0 and not answered.verdict.correct
        assert "You made none of the 2 key points: it scores 0." in shown(panel, "quiz-feedback")
        assert "0: I made none" not in shown(panel, "quiz-prompt")
        assert not app._notifications  # the question it asked is answered
        [review] = app.store.cards.reviews()  # its card comes back soon
        assert review.rating == 1

    app = TutorApp(data_dir, course=quiz_course)
    async with app.run_test(size=(60, 20)) as pilot:
        panel = await open_checkpoint(app, pilot)
        while not isinstance(panel.session.current, Open):
            await answer(pilot, panel)
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press(*"no idea", "ctrl+s")
        await pilot.pause()
        await pilot.press("1", "1", "0")  # a tick, taken back, then "none of them" at once
        await pilot.pause()
        assert panel.state == "answered" and panel.session.answered[-1].verdict.score == 0


async def test_ticking_and_rating_each_say_which_keys_they_take(data_dir, quiz_course):
    """1 meant "Again" to a learner still at the ticking step: each step names its keys."""
    app = TutorApp(data_dir, course=quiz_course)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "1")
        await pilot.pause()
        panel = app.screen.query_one(QuizPanel)
        await pilot.press(*"compile with a loss", "ctrl+s")
        await pilot.pause()
        assert "tick each point you made" in shown(panel, "quiz-prompt")
        assert "Again" not in shown(panel, "quiz-prompt")
        await pilot.press("1", "enter")
        await pilot.pause()
        assert panel.state == "rating"
        rating = shown(panel, "quiz-prompt")
        assert "Rate yourself: 1 Again  2 Hard  3 Good  4 Easy" in rating
        assert "tick" not in rating


async def test_skipping_in_the_drill_keeps_the_count_and_names_the_skipped_at_the_end(
    data_dir, tmp_path
):
    """Issue: n turned "question 1 of 6" into "question 1 of 5"."""
    folder = tmp_path / "lessons" / "01-quizzy"
    folder.mkdir(parents=True)
    (folder / "lesson.md").write_text(LESSON)
    opens = "".join(
        QUIZ[QUIZ.index('[[question]]\nid = "three-steps"') :]
        .split("\n[[question]]")[0]
        .replace('"three-steps"', f'"open-{n}"')
        + "\n\n"
        for n in range(3)
    )
    (folder / "quiz.toml").write_text(opens)
    course = load_course(tmp_path / "lessons")
    assert course.problems == []
    app = TutorApp(data_dir, course=course)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("i", "enter")  # the drill, every level
        await pilot.pause()
        panel = app.screen.query_one(QuizPanel)
        assert "question 1 of 3" in shown(panel, "quiz-status")
        await pilot.press("escape", "n")  # skip the first
        await pilot.pause()
        status = shown(panel, "quiz-status")
        assert "question 2 of 3" in status and "1 skipped" in status
        await pilot.press(*"define, compile, fit", "ctrl+s", "1", "2", "enter", "3")
        await pilot.pause()
        assert panel.state == "answered"
        await pilot.press("enter")
        await pilot.pause()
        assert "question 3 of 3" in shown(panel, "quiz-status")
        await pilot.press("escape", "n")
        await pilot.pause()
        assert panel.state == "summary"
        summary = shown(panel, "quiz-prompt")
        assert "Score 100%" in summary and "Skipped: questions 1 and 3 (not counted)." in summary
