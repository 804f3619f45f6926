"""`python -m tutor cards ...`: stats, export, and clear one-line errors with exit code 2."""

from __future__ import annotations

import zipfile

import pytest

from tutor import cli
from tutor.cards.schedule import rate_card
from tutor.cli import build_parser, main
from tutor.store import Store


def test_plain_cards_opens_the_app_in_cards_mode():
    args = build_parser().parse_args(["cards"])
    assert args.handler is cli._open_app
    assert args.command == "cards"
    assert build_parser().parse_args(["cards", "stats"]).handler is not cli._open_app


def test_stats_prints_the_figures(data_dir, capsys):
    store = Store.open(data_dir)
    store.cards.add_card("quiz:dense:q1", "Q", "A", source="quiz", lesson_id="dense")
    rate_card(store, "quiz:dense:q1", 3)
    store.close()
    assert main(["--data-dir", str(data_dir), "cards", "stats"]) == 0
    out = capsys.readouterr().out
    assert "Reviews per day, last 30 days" in out
    assert "Reviews in the last 30 days: 1" in out
    assert "True retention: no reviews of mature cards yet" in out
    assert "1 learning" in out
    assert "Cards in review due: today 0" in out  # the one card reviewed is learning


def test_export_writes_a_package(data_dir, tmp_path, capsys):
    path = tmp_path / "deck.apkg"
    assert main(["--data-dir", str(data_dir), "cards", "export", str(path)]) == 0
    assert zipfile.is_zipfile(path)
    assert capsys.readouterr().out.startswith("Wrote ")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("deck.txt", "tutor cards: the export file must end in .apkg, as Anki expects (got '"),
        ("missing/deck.apkg", "tutor cards: cannot write "),
    ],
)
def test_bad_export_paths_exit_2_with_one_line(data_dir, tmp_path, capsys, name, message):
    path = tmp_path / name
    assert main(["--data-dir", str(data_dir), "cards", "export", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert err.count("\n") == 1
    assert not path.exists()


def test_an_unwritable_export_path_exits_2(data_dir, tmp_path, capsys):
    target = tmp_path / "deck.apkg"
    target.mkdir()  # a folder where the file should go
    assert main(["--data-dir", str(data_dir), "cards", "export", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"tutor cards: cannot write {target}: ")
    assert err.count("\n") == 1


def test_settings_are_shown_changed_and_checked(data_dir, capsys):
    base = ["--data-dir", str(data_dir), "cards", "settings"]
    assert main(base) == 0
    assert capsys.readouterr().out == "desired retention 0.9, new cards per day 20\n"
    assert main([*base, "--retention", "0.85", "--new-per-day", "5"]) == 0
    assert capsys.readouterr().out == "desired retention 0.85, new cards per day 5\n"
    assert main([*base, "--retention", "1.5"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tutor cards: desired retention must be between 0.7 and 0.99 (got 1.5)")
    assert err.count("\n") == 1
    assert main(base) == 0
    assert capsys.readouterr().out == "desired retention 0.85, new cards per day 5\n"
