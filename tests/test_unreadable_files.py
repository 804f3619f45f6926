"""Files that are not UTF-8 text (another encoding, binary, a folder) get a `file:line` or
one-line message, never a traceback, and never lock a learner out of a lesson."""

from __future__ import annotations

import shutil

import pytest

from tutor.cards.deck import lesson_cards, load_deck
from tutor.cli import main
from tutor.diagnostics import UnreadableText, read_text
from tutor.exercises import find_exercise
from tutor.exercises.workspace import resume_code, save_code, workspace_file
from tutor.paths import LESSONS_DIR
from tutor.quiz.loader import read_quiz
from tutor.store import Store

LATIN1 = "temp = 1\nbr\xfbl\xe9 = 2\n".encode("latin-1")  # é and û in Latin-1: line 2
BINARY = bytes(range(256)) * 4


def test_read_text_names_the_line_of_the_first_bad_byte(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(LATIN1)
    with pytest.raises(UnreadableText) as raised:
        read_text(path)
    assert str(raised.value) == (
        f"{path}:2: this is not UTF-8 text (a byte 0xfb): save it as UTF-8"
    )
    with pytest.raises(UnreadableText, match=r":1: this is a folder, not a file"):
        read_text(tmp_path)
    link = tmp_path / "zero"
    link.symlink_to("/dev/zero")  # read whole, it never ends
    with pytest.raises(UnreadableText, match=r"zero:1: this is not a regular file"):
        read_text(link)


@pytest.fixture
def course(tmp_path):
    """Two lessons of the real course, copied so that their files can be spoiled."""
    root = tmp_path / "lessons"
    for name in ("02-dense", "04-sequential"):
        shutil.copytree(LESSONS_DIR / name, root / name)
    return root


def test_check_reports_each_bad_file_on_one_line(course, capsys):
    (course / "02-dense" / "lesson.md").write_bytes(LATIN1)
    (course / "02-dense" / "quiz.toml").write_bytes(BINARY)
    (course / "04-sequential" / "cards.toml").unlink()
    (course / "04-sequential" / "cards.toml").mkdir()
    (course / "04-sequential" / "quiz.toml").write_bytes(LATIN1)
    code = main(["check", str(course)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    assert f"{course}/02-dense/lesson.md:2: this is not UTF-8 text (a byte 0xfb)" in out
    assert f"{course}/02-dense/quiz.toml:2: this is not UTF-8 text (a byte 0x80)" in out
    assert f"{course}/04-sequential/cards.toml:1: this is a folder, not a file" in out
    assert f"{course}/04-sequential/quiz.toml:2: this is not UTF-8 text" in out


def test_cards_and_quizzes_skip_a_bad_file(course, data_dir):
    cards = course / "04-sequential" / "cards.toml"
    assert lesson_cards(course / "04-sequential")
    cards.write_bytes(BINARY)
    assert lesson_cards(course / "04-sequential") == []
    store = Store.open(data_dir)
    with store:
        assert [card.id for card in load_deck(store, course)] == [
            card.id for card in lesson_cards(course / "02-dense")
        ]
    quiz = course / "02-dense" / "quiz.toml"
    quiz.write_bytes(LATIN1)
    questions, problems = read_quiz(quiz)
    assert questions == [] and [str(problem) for problem in problems] == [
        f"{quiz}:2: this is not UTF-8 text (a byte 0xfb): save it as UTF-8"
    ]


def test_an_unreadable_workspace_file_is_set_aside_and_the_saved_code_resumed(data_dir):
    exercise = find_exercise("dense")
    store = Store.open(data_dir)
    with store:
        path = save_code(store, data_dir, exercise, "# my work\n")
        path.write_bytes(LATIN1)  # the learner's editor saved it in Latin-1, later
        code, note = resume_code(store, data_dir, exercise)
        assert code == "# my work\n"
        aside = next(data_dir.glob("exercises/dense.py.unreadable-*"))
        assert aside.read_bytes() == LATIN1  # kept as it was
        assert note == (
            f"{path}:2: this is not UTF-8 text (a byte 0xfb): save it as UTF-8. "
            f"It is kept as {aside.name}; here is your last saved code."
        )
        assert resume_code(store, data_dir, exercise) == ("# my work\n", "")  # every resume
        save_code(store, data_dir, exercise, "# more\n")
        assert path.read_text() == "# more\n"


def test_a_workspace_folder_gives_the_starter_and_is_kept(data_dir):
    exercise = find_exercise("dense")
    store = Store.open(data_dir)
    with store:
        workspace_file(data_dir, exercise).mkdir(parents=True)
        code, note = resume_code(store, data_dir, exercise)
        assert code == exercise.starter
        assert "this is a folder, not a file" in note and note.endswith("the starter code.")
        assert next(data_dir.glob("exercises/dense.py.unreadable-*")).is_dir()


def test_exercise_check_refuses_a_file_that_is_not_utf8_in_one_line(tmp_path, data_dir, capsys):
    path = tmp_path / "mine.py"
    path.write_bytes(LATIN1)
    code = main(["--data-dir", str(data_dir), "exercise", "check", "dense", "--file", str(path)])
    _, err = capsys.readouterr()
    assert code == 2
    assert err == f"error: {path}:2: this is not UTF-8 text (a byte 0xfb): save it as UTF-8\n"
