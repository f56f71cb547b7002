"""Windows `cmd /S /C` bodies: split on `&`, `&&`, `||`, `|`, and walked with `set` tracked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gate import model
from gate.shell.context import Ctx, Shell
from gate.shell.expand import Field, to_text
from gate.shell.windows import cmd_set_value, cmd_split, cmd_strip_control, cmd_word, cmd_words
from gate.shell.windows_redirects import split_redirects

if TYPE_CHECKING:
    from gate.shell.walk import Walker


def walk_cmd(w: Walker, sh: Shell, ctx: Ctx) -> None:
    """Emit every command of a cmd body; `set NAME=value` changes the environment instead."""
    for offset, raw in cmd_split(sh.text):
        w.tick()
        piece = raw.strip().lstrip("@").strip()
        while piece.startswith("(") and piece.endswith(")"):
            piece = piece[1:-1].strip()
        piece = piece.strip("()").strip()
        if not piece:
            continue
        line = sh.text.count("\n", 0, offset)
        piece, outs = split_redirects(piece, powershell=False)
        redirects = tuple(
            model.Redirect(op, _word(cmd_word(target, ctx.state))) for op, target in outs
        )
        words = [cmd_word(word, ctx.state) for word in cmd_words(piece)]
        if not words:
            continue
        words = cmd_strip_control(words)
        if not words:
            continue
        head = words[0].value.lower()
        if head == "set" and len(words) > 1:
            name, eq, value = _set_assignment(raw if raw.strip() == piece else piece)
            if eq and name and not name.startswith("/"):
                known = all(word.known for word in words[1:])
                ctx.state.assign(name, cmd_set_value(value, ctx.state, known))
                ctx.state.export(name)
                continue
        if head in ("call", "start") and len(words) > 1:
            words = words[1:]
            while words and head == "start" and words[0].value.startswith("/"):
                words = words[1:]
        w.emit(sh, ctx, words, dict(ctx.state.env()), redirects, piece, line)


def _set_assignment(text: str) -> tuple[str, str, str]:
    """`set NAME=VALUE` as cmd reads it: the value runs to the end of the command, blanks before
    `&&` included (`set X=1 && …` sets "1 "); `set "NAME=VALUE" …` ends at the last quote. A
    blank before `=` is part of the name (`set X =1` sets "X ")."""
    rest = text.lstrip(" \t").lstrip("@")
    rest = rest[rest.lower().index("set") + 3 :].lstrip(" \t").rstrip("\r")
    if rest.startswith('"'):
        end = rest.rfind('"')
        rest = rest[1:end] if end > 0 else rest[1:]
    return rest.partition("=")


def _word(field: Field) -> model.Word:
    return model.Word(to_text(field.value), field.known, field.may_be_option)
