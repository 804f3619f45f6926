"""The layering rules, proved by tools rather than remembered."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import tutor

ENGINE = Path(tutor.__file__).parent / "engine"
REPO = Path(tutor.__file__).parent.parent


def test_import_linter_contracts_hold():
    # Through this interpreter, not a `lint-imports` found on PATH: that one may belong to another
    # environment, which lints another checkout of tutor.
    command = "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"
    result = subprocess.run(
        [sys.executable, "-c", command, "--no-cache"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def _imported_top_levels(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_engine_imports_only_numpy_and_the_standard_library():
    allowed = set(sys.stdlib_module_names) | {"numpy", "tutor", "__future__"}
    offenders = {
        str(path.relative_to(REPO)): sorted(_imported_top_levels(path) - allowed)
        for path in ENGINE.rglob("*.py")
    }
    offenders = {path: names for path, names in offenders.items() if names}
    assert offenders == {}


def test_engine_imports_nothing_else_of_tutor():
    for path in ENGINE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tutor."):
                assert node.module.startswith("tutor.engine"), f"{path}: {node.module}"
