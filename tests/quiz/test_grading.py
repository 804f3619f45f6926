from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.quiz.grading import (
    checklist,
    grade,
    grade_bug,
    grade_choice,
    grade_numeric,
    grade_open,
    grade_order,
    grade_shape,
    longest_ordered_subsequence,
    mentions,
    suggested_points,
)
from tutor.quiz.parsing import AnswerError
from tutor.quiz.questions import (
    Choice,
    KeyPoint,
    Numeric,
    Open,
    OpenAnswer,
    Option,
    Ordering,
    Rating,
    Shape,
    SpotTheBug,
)

UNITS = Choice(
    id="units",
    prompt="What does units set in Dense(units=3)?",
    explanation="A Dense layer is a row of neurons.",
    options=(
        Option(text="The number of neurons", correct=True),
        Option(text="The number of inputs", why="The input width comes from the data."),
        Option(text="The batch size", why="The batch is the first axis of x."),
    ),
)
SEVERAL = Choice(
    id="learned",
    prompt="Which does Dense learn?",
    options=(
        Option(text="W", correct=True, why="The kernel."),
        Option(text="b", correct=True),
        Option(text="x", why="x is the data."),
        Option(text="g", why="The activation is chosen, not learned."),
    ),
)


def test_the_right_option_is_correct_with_the_explanation():
    verdict = grade_choice(UNITS, {0})
    assert (verdict.correct, verdict.score) == (True, 1.0)
    assert verdict.feedback.startswith("Correct.")
    assert "A Dense layer is a row of neurons." in verdict.feedback


def test_a_wrong_option_is_explained_and_the_right_one_named():
    verdict = grade_choice(UNITS, {1})
    assert (verdict.correct, verdict.score) == (False, 0.0)
    assert "✗ The number of inputs: The input width comes from the data." in verdict.feedback
    assert "Missed: The number of neurons" in verdict.feedback


def test_several_correct_need_all_and_wrong_picks_cancel_right_ones():
    assert grade_choice(SEVERAL, {0, 1}).correct
    half = grade_choice(SEVERAL, {0})
    assert (half.correct, half.score) == (False, 0.5)
    assert half.feedback.startswith("Partly right (0.5 of 1 point).")
    assert "Missed: b" in half.feedback
    assert grade_choice(SEVERAL, {0, 2}).score == 0.0
    assert grade_choice(SEVERAL, {0, 1, 3}).score == 0.5


def test_no_pick_or_a_pick_out_of_range_is_refused_with_a_message():
    with pytest.raises(AnswerError, match="Pick at least one option first"):
        grade_choice(UNITS, set())
    with pytest.raises(AnswerError, match="numbered 1 to 3"):
        grade_choice(UNITS, {5})


def numeric(answer, abs_tol=0.0, rel_tol=0.0):
    return Numeric(id="n", prompt="?", answer=answer, abs_tol=abs_tol, rel_tol=rel_tol)


@pytest.mark.parametrize(
    ("typed", "correct"),
    [("0.731", True), ("0.736", True), ("0.726", True), ("0.7361", False), ("0.7259", False)],
)
def test_absolute_tolerance_includes_its_edge_and_nothing_past_it(typed, correct):
    assert grade_numeric(numeric(0.731, abs_tol=0.005), typed).correct is correct


@pytest.mark.parametrize(
    ("typed", "correct"),
    [("200", True), ("202", True), ("198", True), ("202.01", False), ("197.99", False)],
)
def test_relative_tolerance_scales_with_the_answer(typed, correct):
    assert grade_numeric(numeric(200.0, rel_tol=0.01), typed).correct is correct


def test_relative_tolerance_of_a_negative_answer():
    question = numeric(-50.0, rel_tol=0.1)
    assert grade_numeric(question, "-45").correct
    assert not grade_numeric(question, "-44.9").correct


def test_an_exact_answer_and_the_stated_tolerance():
    question = numeric(9.0)
    assert grade_numeric(question, "9").correct
    assert not grade_numeric(question, "9.01").correct
    assert grade_numeric(question, "9").feedback == "Correct.\nThe answer is exactly 9."
    assert "The answer is exactly 9." in grade_numeric(question, "8").feedback
    assert numeric(1, abs_tol=0.005).tolerance_text == "within ±0.005"
    assert numeric(1, rel_tol=0.01).tolerance_text == "within 1% of the answer"


def test_a_wrong_number_and_the_answer_are_shown_to_the_same_decimals():
    verdict = grade_numeric(numeric(0.805338, abs_tol=0.01), "0.34074")
    assert "You answered 0.340740." in verdict.feedback
    assert "The answer is 0.805338;" in verdict.feedback
    whole = grade_numeric(numeric(0.805338, abs_tol=0.01), "1").feedback
    assert "You answered 1." in whole


def test_a_wrong_number_is_quoted_back_and_a_flipped_sign_noticed():
    verdict = grade_numeric(numeric(0.25, abs_tol=0.01), "-0.25")
    assert "You answered -0.25." in verdict.feedback
    assert "The answer is 0.25; answers within ±0.01 count." in verdict.feedback
    assert "wrong sign" in verdict.feedback


@given(st.floats(-1e4, 1e4), st.floats(1e-4, 1e3), st.sampled_from([1, -1]))
def test_within_absolute_tolerance_is_exactly_the_stated_band(answer, tol, side):
    question = numeric(answer, abs_tol=tol)
    assert grade_numeric(question, repr(answer + side * tol * 0.999)).correct
    assert not grade_numeric(question, repr(answer + side * tol * 1.001)).correct


def test_an_unreadable_number_costs_nothing():
    with pytest.raises(AnswerError, match="is not a number"):
        grade_numeric(numeric(1.0), "one")


SHAPE = Shape(id="s", prompt="Shape of W?", answer=(2, 3), explanation="W is (n_in, units).")


@pytest.mark.parametrize("typed", ["(2, 3)", "2,3", "2x3", "2 × 3", "[2,3]"])
def test_a_shape_in_any_spelling_is_correct(typed):
    assert grade_shape(SHAPE, typed).correct


def test_a_wrong_shape_says_what_differs():
    swapped = grade_shape(SHAPE, "3x2")
    assert not swapped.correct
    assert "You answered (3, 2); the shape is (2, 3)." in swapped.feedback
    assert "Right numbers, wrong order" in swapped.feedback
    assert "It has 2 dimension(s); yours has 1." in grade_shape(SHAPE, "(6,)").feedback
    assert "W is (n_in, units)." in swapped.feedback


def test_one_dimensional_and_open_batch_shapes():
    bias = Shape(id="b", prompt="?", answer=(3,))
    assert grade_shape(bias, "(3,)").correct
    assert grade_shape(bias, "3").correct
    assert not grade_shape(bias, "(1, 3)").correct
    assert grade_shape(Shape(id="o", prompt="?", answer=(None, 3)), "(None, 3)").correct


WORKFLOW = Ordering(id="w", prompt="Order", items=("define", "compile", "fit", "predict"))


def test_the_right_order_scores_full():
    verdict = grade_order(WORKFLOW, [0, 1, 2, 3])
    assert (verdict.correct, verdict.score) == (True, 1.0)


def test_one_item_moved_names_only_that_item():
    verdict = grade_order(WORKFLOW, [0, 2, 3, 1])  # compile moved to the end
    assert (verdict.correct, verdict.score) == (False, 0.75)
    assert "Out of place: compile." in verdict.feedback
    assert "3 of 4 are in the right order" in verdict.feedback
    assert "define → compile → fit → predict" in verdict.feedback


def test_a_reversed_order_keeps_only_one_in_place():
    verdict = grade_order(WORKFLOW, [3, 2, 1, 0])
    assert verdict.score == 0.25
    assert verdict.feedback.startswith("Partly right (0.25 of 1 point).")


@given(st.permutations(range(3)))
def test_the_heading_states_the_points_a_partial_answer_earned(order):
    """What the heading says is what the checkpoint's score adds: all, some (as a number), none."""
    verdict = grade_order(Ordering(id="o", prompt="Order", items=("a", "b", "c")), order)
    heading = verdict.feedback.partition("\n")[0]
    if verdict.correct:
        assert heading == "Correct." and verdict.score == 1
    else:
        assert heading == f"Partly right ({round(verdict.score, 2):g} of 1 point)."


def test_an_order_that_skips_or_repeats_an_item_is_refused():
    with pytest.raises(AnswerError, match="Place each of the 4 items exactly once"):
        grade_order(WORKFLOW, [0, 0, 1, 2])


def _longest_rising_by_brute_force(order):
    for size in range(len(order), 0, -1):
        for positions in itertools.combinations(range(len(order)), size):
            values = [order[p] for p in positions]
            if values == sorted(values):
                return size
    return 0


@given(st.permutations(range(7)))
def test_the_longest_ordered_subsequence_is_longest_and_ordered(order):
    chain = longest_ordered_subsequence(order)
    values = [order[p] for p in chain]
    assert values == sorted(values) and chain == sorted(chain)
    assert len(chain) == _longest_rising_by_brute_force(order)


BUG = SpotTheBug(
    id="bug",
    prompt="Which line is wrong?",
    code="x = np.array([[200.0, 17.0]])\nlayer = Dense(3)\na = layer(x.T)",
    bug_line=3,
    fixes=(
        Option(text="a = layer(x)", correct=True, why="x is already (1, 2)."),
        Option(text="layer = Dense(2)", why="Units are the layer's outputs, not its inputs."),
    ),
)


def test_spot_the_bug_needs_the_line_and_the_fix():
    right = grade_bug(BUG, 3, 0)
    assert (right.correct, right.score) == (True, 1.0)
    assert right.feedback.startswith("Correct.\nLine 3 (a = layer(x.T)) is the line.")
    wrong_fix = grade_bug(BUG, 3, 1)
    assert (wrong_fix.correct, wrong_fix.score) == (False, 0.5)
    assert wrong_fix.feedback.startswith("Half right: the line, not the fix (0.5 of 1 point).")
    assert wrong_fix.feedback.splitlines()[1:4] == [
        "Line 3 (a = layer(x.T)) is the line.",
        "✗ layer = Dense(2): Units are the layer's outputs, not its inputs.",
        "The fix: a = layer(x).",
    ]


def test_a_wrong_line_ends_the_question_naming_the_right_line_and_fix():
    """No fix is asked for a line that is not wrong: the fixes are the bug line's."""
    wrong_line = grade_bug(BUG, 2, None)
    assert (wrong_line.correct, wrong_line.score) == (False, 0.0)
    heading, *lines = wrong_line.feedback.splitlines()
    assert heading == "Not quite."
    assert lines[:2] == [
        "You picked line 2; the mistake is line 3 (a = layer(x.T)).",
        "The fix: a = layer(x).",
    ]
    # a fix sent with a wrong line (as an old caller might) earns nothing either
    assert grade(BUG, (1, 0)).score == grade(BUG, (1, 1)).score == 0.0


def test_the_right_line_without_a_fix_asks_for_one():
    with pytest.raises(AnswerError, match="Pick a fix"):
        grade_bug(BUG, 3, None)


def test_a_line_outside_the_snippet_is_refused():
    with pytest.raises(AnswerError, match="between 1 and 3"):
        grade_bug(BUG, 4, 0)


Q1 = Open(
    id="q1",
    prompt="What are the three steps?",
    model_answer="Define, compile, fit.",
    points=(
        KeyPoint(text="Define the architecture", terms=("sequential|architecture|define",)),
        KeyPoint(text="compile binds the loss", terms=("compile", "loss|objective")),
        KeyPoint(text="fit trains", terms=("fit|train",)),
    ),
)


def test_words_suggest_key_points_on_synonyms_at_word_starts():
    said = "You build a Sequential model, call model.compile with a loss, then train it."
    assert suggested_points(Q1, said) == [True, True, True]
    assert not mentions("compile it", Q1.points[1])  # needs the loss as well
    assert not mentions("a misfit", Q1.points[2])  # fit must start a word
    assert checklist(Q1, (False, True)) == [
        "· Define the architecture",
        "✓ compile binds the loss",
        "· fit trains",
    ]


def test_only_the_learner_ticks_a_key_point_words_never_do():
    words = "define, compile with a loss, fit"
    unticked = grade_open(Q1, OpenAnswer(words, Rating.GOOD))
    assert "You said 0 of 3 key points" in unticked.feedback
    ticked = grade_open(Q1, OpenAnswer("I forget the words", Rating.GOOD, (True, False, True)))
    assert "You said 2 of 3 key points" in ticked.feedback
    assert "✓ Define the architecture" in ticked.feedback and "· compile" in ticked.feedback


def test_an_open_answer_passes_on_any_rating_but_again():
    good = grade_open(Q1, OpenAnswer("define, compile with a loss, fit", Rating.GOOD, (True,) * 3))
    assert good.correct and "You said 3 of 3 key points; you rated it Good." in good.feedback
    assert "Model answer: Define, compile, fit." in good.feedback
    assert good.feedback.startswith("Recalled.")
    again = grade_open(Q1, OpenAnswer("no idea", Rating.AGAIN))
    assert (again.correct, again.score) == (False, 0.0)
    assert again.feedback.startswith("Not recalled yet: it comes back soon as a card.")


def test_an_empty_open_answer_is_refused():
    with pytest.raises(AnswerError, match="Type your answer first"):
        grade_open(Q1, OpenAnswer("  ", Rating.GOOD))


def test_none_of_the_key_points_made_scores_0_whatever_the_rating():
    none = grade_open(Q1, OpenAnswer("no idea", Rating.GOOD, (False,) * 3))
    assert (none.correct, none.score) == (False, 0.0)
    assert "You made none of the 3 key points: it scores 0." in none.feedback
    one = grade_open(Q1, OpenAnswer("define it", Rating.GOOD, (True, False, False)))
    assert (one.correct, one.score) == (True, 1.0)
