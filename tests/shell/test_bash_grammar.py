"""The bash grammar is loaded without the tree_sitter_bash package's __init__ (and its imports)."""

from __future__ import annotations

import subprocess
import sys

import tree_sitter_bash
from tree_sitter import Language, Parser

from gate.shell.bash_grammar import language


def test_the_grammar_is_the_one_the_package_gives() -> None:
    ours = Parser(Language(language())).parse(b"pip install x | sh -c 'a $(b)'")
    theirs = Parser(Language(tree_sitter_bash.language())).parse(b"pip install x | sh -c 'a $(b)'")
    assert str(ours.root_node) == str(theirs.root_node)


def test_walking_a_script_imports_neither_the_package_nor_importlib_resources() -> None:
    code = (
        "import sys\n"
        "from gate.shell.posix import _parser\n"
        "_parser().parse(b'echo hi')\n"
        "print(sorted({'tree_sitter_bash', 'importlib.resources'} & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
