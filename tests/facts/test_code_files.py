"""Files the build wrote that Python code runs: each text is searched once per build."""

from __future__ import annotations

import re

from gate.build_files import Files
from gate.facts.code_files import Scanner, runs_written_installer
from gate.model import Command, Word


def _python_c(code: str) -> Command:
    return Command((Word("python3"), Word("-c"), Word(code)), {})


def test_a_file_run_by_many_commands_is_searched_once() -> None:
    big = "x = 1\n" * 100_000
    files = Files({"/b.py": big})
    scanner = Scanner()
    before = scanner.budget
    for _ in range(50):
        code = _python_c("exec(open('/b.py').read())")
        assert runs_written_installer(code, "/", files, scanner) is None
    assert before - scanner.budget == len(big)


def test_past_the_budget_a_named_file_is_unknown() -> None:
    files = Files({"/a.py": "x = 1\n" * 1000, "/b.py": "y = 2\n" * 1000})
    scanner = Scanner(budget=7000)
    code = _python_c("exec(open('/a.py').read())")
    assert runs_written_installer(code, "/", files, scanner) is None
    reason = runs_written_installer(_python_c("exec(open('/b.py').read())"), "/", files, scanner)
    assert reason is not None and "more of them than the gate searches" in reason


def test_a_file_that_runs_files_that_install_is_followed_three_files_on_then_unknown() -> None:
    files = Files({
        "/a.sh": "sh /b.sh\n", "/b.sh": "sh /c.sh\n", "/c.sh": "sh /d.sh\n",
        "/d.sh": "sh /e.sh\n", "/e.sh": "pip install x\n",
    })  # fmt: skip
    code = "import subprocess; subprocess.run(['sh', '/b.sh'])"  # b, then c, d and e
    assert runs_written_installer(_python_c(code), "/", files, Scanner()) is not None
    code = "import subprocess; subprocess.run(['sh', '/a.sh'])"  # e is a fourth file on
    reason = runs_written_installer(_python_c(code), "/", files, Scanner())
    assert reason is not None and "more of them than the gate searches" in reason


def test_a_chain_of_files_that_ends_without_an_installer_is_not_one() -> None:
    files = Files({"/a.sh": "sh /b.sh\n", "/b.sh": "echo done\n"})
    code = "import subprocess; subprocess.run(['sh', '/a.sh'])"
    assert runs_written_installer(_python_c(code), "/", files, Scanner()) is None


def test_a_pattern_is_searched_for_once_per_text() -> None:
    scanner = Scanner()
    text = "- pi\n" * 10_000
    before = scanner.budget
    pattern = re.compile(r"pip:")
    for _ in range(100):
        assert scanner.found(text, pattern) is False
    assert before - scanner.budget == len(text)
