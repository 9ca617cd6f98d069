"""The README cannot drift: every command and every standard question appears in it."""
from pathlib import Path

import pytest

from kg.cli import main
from kg.sparql.query import catalogue

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_documented(command):
    assert f"kg {command}" in README


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_question_is_documented(name):
    assert f"`{name}`" in README


def test_ci_runs_the_readme_test_command():
    command = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest"
    assert command in README
    assert command in (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
