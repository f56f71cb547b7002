"""Hypothesis strategies for whole-pipeline fuzzing: what a hostile or careless user hands gate.

Four families, each a ``FuzzInput`` (the bytes of one file and the command that judges it):
- real Dockerfiles (tests/fuzz/seeds.py) mutated line- and byte-wise, with generated shell and
  known-hard fragments (nested expansions, continuations, heredocs, growth) spliced in;
- Dockerfiles whose RUN is generated shell (operators, wrappers, functions, substitutions);
- image configs: real ones mutated, and histories generated from every builder's record shape;
- archives: OCI layouts and ``docker save`` tars of those configs, plain or compressed, with
  hostile members, then cut or flipped.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import json
import lzma
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from hypothesis import strategies as st

from tests.fuzz import seeds

Kind = Literal["dockerfile", "config", "archive"]
Draw = Callable[[st.SearchStrategy[Any]], Any]


@dataclass(frozen=True)
class FuzzInput:
    """One file and how gate is asked to judge it."""

    kind: Kind
    origin: str  # the seed and the mutations applied, for the report
    data: bytes
    options: tuple[str, ...] = ()

    def argv(self, path: str) -> list[str]:
        """gate's command line for this input written at `path`."""
        if self.kind == "dockerfile":
            command = ["dockerfile", path, "--base-env", "none"]
        elif self.kind == "config":
            command = ["image", "--config-file", path]
        else:
            command = ["image", "--archive", path]
        return [*command, *self.options]

    @property
    def suffix(self) -> str:
        return {"dockerfile": ".Dockerfile", "config": ".json", "archive": ".tar"}[self.kind]


# ---------------------------------------------------------------------------------------------
# Shell.

_WORDS = (
    "pip",
    "pip3",
    "pip3.12",
    "python",
    "python3",
    "-m",
    "-Im",
    "install",
    "download",
    "wheel",
    "-r",
    "requirements.txt",
    "-c",
    "constraints.txt",
    "--only-binary",
    ":all:",
    "--no-binary",
    "--only-binary=:all:",
    "--prefer-binary",
    "-e",
    ".",
    "flask",
    "x==1.0",
    "git+https://x/y",
    "uv",
    "uvx",
    "poetry",
    "pipx",
    "pipenv",
    "pdm",
    "setup.py",
    "easy_install",
    "conda",
    "run",
    "sudo",
    "-u",
    "nobody",
    "env",
    "A=b",
    "PIP_ONLY_BINARY=:all:",
    "exec",
    "nice",
    "timeout",
    "10",
    "xargs",
    "$A",
    "${A}",
    "${A:-pip}",
    "${A:+--only-binary}",
    "${A#p}",
    "${A%%x}",
    '"$@"',
    "$1",
    "$(echo pip)",
    "`echo x`",
    "'q w'",
    '"d $A"',
    "*",
    "pi?",
    "p[i]p",
    "--",
    "\\",
    "&",
    ">",
    ">>",
    "2>&1",
    "</dev/null",
    "<<<",
    "$((1+2))",
    "~",
    "!",
    "{a,b}",
    "#",
)
_OPERATORS = (" && ", " || ", "; ", " | ", " & ", "\n")


def _joined(parts: tuple[str, str, str]) -> str:
    return "".join(parts)


shell_commands: st.SearchStrategy[str] = st.recursive(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8).map(" ".join),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(_OPERATORS), inner).map(_joined),
        inner.map(lambda c: f"sh -c '{c}'"),
        inner.map(lambda c: f'bash -c "{c}"'),
        inner.map(lambda c: f"if [ -f x ]; then {c}; else {c}; fi"),
        inner.map(lambda c: f"for A in pip uv; do {c}; done"),
        inner.map(lambda c: f"case $A in p*) {c};; esac"),
        inner.map(lambda c: f"f() {{ {c}; }}; f install x"),
        inner.map(lambda c: f"A=$({c}); $A install x"),
        inner.map(lambda c: f"( {c} )"),
        inner.map(lambda c: f"echo '{c}' | sh"),
        inner.map(lambda c: f"A='{c}'; eval \"$A\""),
    ),
    max_leaves=10,
)

# Fragments known to be hard for parsers and expanders: deep nesting, growth, odd bytes.
_HARD_FRAGMENTS = (
    "${A:-" * 40 + "pip" + "}" * 40,
    "A=x; " + "A=$A$A; " * 12 + "echo $A",
    "$(" * 30 + "pip install x" + ")" * 30,
    "'" * 7,
    '"' * 9,
    "\\\n" * 20,
    "<<EOF\npip install x\nEOF\n",
    "<<'EOF' <<-X\n\tpip install y\nEOF\nX\n",
    "\x00",
    "\udcff",
    "\u202e",
    "# escape=`\n",
    "# syntax=docker/dockerfile:1\n",
    "ARG A=${A:-${B:-${C:-x}}}\n",
    'SHELL ["cmd", "/S", "/C"]\n',
    'SHELL ["powershell", "-Command"]\n',
    "ONBUILD RUN pip install x\n",
    "FROM scratch AS a\nFROM a\n",
    "COPY <<EOF /etc/pip.conf\n[global]\nno-binary = :all:\nEOF\n",
    "RUN --mount=type=cache,target=/root/.cache pip install x\n",
    'RUN ["pip", "install", "x"]\n',
    'RUN ["pip", \n',
)
# Inputs issue 10 measured as unbounded in the shell layer (values that double, expansions
# nested thousands deep). Drawn only with ``hostile=True`` until that layer bounds them; the
# reproducers are /work/notes/images-repro-*.Dockerfile.
HOSTILE_FRAGMENTS = (
    "RUN A=x; " + "A=$A$A; " * 24 + "pip install $A",
    "RUN pip install ${A:-" + "${A:-" * 3000 + "x" + "}" * 3001,
)


def _encode(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogateescape" if "\udcff" in text else "strict")


# ---------------------------------------------------------------------------------------------
# Dockerfiles.


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _mutate_dockerfile(draw: Draw, data: bytes, fragments: tuple[str, ...]) -> tuple[bytes, str]:
    operation = draw(
        st.sampled_from(
            ("delete", "duplicate", "swap", "run", "fragment", "splice", "truncate", "repeat")
        )
    )
    lines = _lines(data)
    at = draw(st.integers(0, max(len(lines) - 1, 0)))
    if operation == "delete" and lines:
        del lines[at]
    elif operation == "duplicate" and lines:
        lines.insert(at, lines[at])
    elif operation == "swap" and len(lines) > 1:
        other = draw(st.integers(0, len(lines) - 1))
        lines[at], lines[other] = lines[other], lines[at]
    elif operation == "run":
        lines.insert(at, _encode("RUN " + draw(shell_commands)))
    elif operation == "fragment":
        lines.insert(at, _encode(draw(st.sampled_from(fragments))))
    elif operation == "splice":
        joined = b"\n".join(lines)
        start = draw(st.integers(0, len(joined)))
        end = draw(st.integers(start, min(len(joined), start + 64)))
        return joined[:start] + draw(st.binary(max_size=24)) + joined[end:], operation
    elif operation == "truncate":
        joined = b"\n".join(lines)
        return joined[: draw(st.integers(0, len(joined)))], operation
    elif operation == "repeat" and lines:
        lines[at : at + 1] = [lines[at]] * draw(st.integers(2, 60))
    return b"\n".join(lines), operation


_FORMATS = st.sampled_from(("json", "json", "text", "sarif", "junit", "github"))


@st.composite
def mutated_dockerfiles(draw: Draw, hostile: bool = False) -> FuzzInput:
    """A real Dockerfile after one to four mutations."""
    name, data = draw(st.sampled_from(seeds.dockerfiles()))
    fragments = _HARD_FRAGMENTS + (HOSTILE_FRAGMENTS if hostile else ())
    applied: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        data, operation = _mutate_dockerfile(draw, data, fragments)
        applied.append(operation)
    return FuzzInput(
        "dockerfile", f"{name} +{'+'.join(applied)}", data, ("--format", draw(_FORMATS))
    )


@st.composite
def generated_dockerfiles(draw: Draw) -> FuzzInput:
    """A small Dockerfile whose RUN steps are generated shell."""
    lines = ["FROM python:3.12-slim AS base", "ARG A", "ENV B=${A:-pip}"]
    for _ in range(draw(st.integers(1, 3))):
        body = draw(shell_commands)
        form = draw(st.sampled_from(("plain", "heredoc", "exec", "onbuild")))
        if form == "heredoc":
            lines.append(f"RUN <<EOF\n{body}\nEOF")
        elif form == "exec":
            lines.append("RUN " + json.dumps(body.split(" ")))
        elif form == "onbuild":
            lines.append(f"ONBUILD RUN {body}")
        else:
            lines.append(f"RUN {body}")
    return FuzzInput(
        "dockerfile", "generated shell", _encode("\n".join(lines) + "\n"), ("--format", "json")
    )


# ---------------------------------------------------------------------------------------------
# Image configs.


def _created_by(draw: Draw) -> dict[str, object]:
    command = draw(shell_commands)
    shape = draw(
        st.sampled_from(
            (
                "legacy",
                "legacy-args",
                "nop",
                "buildkit",
                "buildkit-args",
                "kaniko",
                "raw",
                "empty",
                "shellless",
                "junk",
            )
        )
    )
    if shape == "legacy":
        return {"created_by": f"/bin/sh -c {command}"}
    if shape == "legacy-args":
        return {"created_by": f"|2 A=x y B= /bin/sh -c {command}"}
    if shape == "nop":
        keyword = draw(
            st.sampled_from(
                (
                    "ENV A=b C=d e",
                    "ARG A",
                    "SHELL [/bin/bash -c]",
                    "WORKDIR /app",
                    "COPY file:abc in /x ",
                    "FOO",
                )
            )
        )
        return {"created_by": f"/bin/sh -c #(nop)  {keyword}", "empty_layer": True}
    if shape == "buildkit":
        return {
            "created_by": f"RUN /bin/sh -c {command} # buildkit",
            "comment": "buildkit.dockerfile.v0",
        }
    if shape == "buildkit-args":
        return {
            "created_by": f"RUN |1 PIP_ONLY_BINARY=:all: {command} # buildkit",
            "comment": "buildkit.dockerfile.v0",
        }
    if shape == "kaniko":
        return {"created_by": f"RUN {command}", "author": "kaniko"}
    if shape == "raw":
        spelling = draw(
            st.sampled_from(
                ("run ", "RUN\t", "Run --mount=type=cache,target=/c ", "env A=b ", "ONBUILD RUN ")
            )
        )
        return {"created_by": spelling + command}
    if shape == "empty":
        return {"created_by": "", "empty_layer": draw(st.booleans())}
    if shape == "shellless":
        return {"created_by": draw(st.sampled_from(("jib", "apko", "ko build ko://x", "KIWI 9")))}
    return {"created_by": draw(st.text(max_size=40))}


@st.composite
def generated_configs(draw: Draw) -> dict[str, object]:
    """An image config whose history mixes every builder's record shapes."""
    history = [_created_by(draw) for _ in range(draw(st.integers(0, 8)))]
    config: dict[str, object] = {
        "architecture": "amd64",
        "os": draw(st.sampled_from(("linux", "linux", "windows"))),
        "config": {
            "Env": draw(
                st.lists(
                    st.sampled_from(
                        ("PATH=/bin", "PIP_ONLY_BINARY=:all:", "A=two words", "B", "=x")
                    ),
                    max_size=3,
                )
            ),
            "OnBuild": draw(
                st.lists(st.sampled_from(("RUN pip install x", "COPY a b")), max_size=2)
            ),
        },
        "rootfs": {"type": "layers", "diff_ids": []},
        "history": history,
    }
    return config


def _mutate_json(draw: Draw, value: object, depth: int = 0) -> object:
    """Replace one value somewhere in a JSON document by a value of another type or text."""
    if isinstance(value, dict) and value and depth < 6:
        key = draw(st.sampled_from(sorted(value)))
        return {**value, key: _mutate_json(draw, value[key], depth + 1)}
    if isinstance(value, list) and value and depth < 6:
        at = draw(st.integers(0, len(value) - 1))
        return [*value[:at], _mutate_json(draw, value[at], depth + 1), *value[at + 1 :]]
    if isinstance(value, str) and draw(st.booleans()):
        return value + " " + draw(shell_commands)
    return draw(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.text(max_size=20),
            st.lists(st.integers(), max_size=2),
            st.just({}),
        )
    )


def _real_config(draw: Draw) -> tuple[str, bytes]:
    name, data = draw(st.sampled_from(seeds.image_configs()))
    try:
        document = json.loads(data)
    except ValueError:  # a rendered `docker history` table: mutate its text
        lines = data.split(b"\n")
        at = draw(st.integers(0, len(lines) - 1))
        lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))] + _encode(
            draw(shell_commands)
        )
        return name, b"\n".join(lines)
    for _ in range(draw(st.integers(1, 3))):
        document = _mutate_json(draw, document)
    return name, json.dumps(document).encode()


@st.composite
def image_configs(draw: Draw) -> FuzzInput:
    """A real image config mutated, or a generated one (sometimes with flipped bytes)."""
    if draw(st.booleans()):
        name, data = _real_config(draw)
    else:
        name, data = "generated config", json.dumps(draw(generated_configs())).encode()
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at + 1 :]
        name += " +bytes"
    return FuzzInput("config", name, data, ("--format", "json"))


# ---------------------------------------------------------------------------------------------
# Archives.

_PACK: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.compress,
    "bzip2": bz2.compress,
    # Preset 0: the default preset's encoder needs ~94 MiB, which the fuzz child's memory cap
    # (its warmed-up size + 256 MiB) may not leave; the input is as valid either way.
    "xz": lambda data: lzma.compress(data, preset=0),
}
_OCI_INDEX = "application/vnd.oci.image.index.v1+json"
_OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
_OCI_CONFIG = "application/vnd.oci.image.config.v1+json"


def _blob(files: dict[str, bytes], data: bytes) -> dict[str, object]:
    digest = hashlib.sha256(data).hexdigest()
    files[f"blobs/sha256/{digest}"] = data
    return {"digest": f"sha256:{digest}", "size": len(data)}


def _layout(config: bytes, docker_save: bool) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    if docker_save:
        name = hashlib.sha256(config).hexdigest() + ".json"
        files[name] = config
        files["manifest.json"] = json.dumps(
            [{"Config": name, "RepoTags": ["fuzz:latest"], "Layers": []}]
        ).encode()
        return files
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": _OCI_MANIFEST,
            "config": {"mediaType": _OCI_CONFIG, **_blob(files, config)},
            "layers": [],
        }
    ).encode()
    files["oci-layout"] = b'{"imageLayoutVersion": "1.0.0"}'
    files["index.json"] = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": _OCI_INDEX,
            "manifests": [{"mediaType": _OCI_MANIFEST, **_blob(files, manifest)}],
        }
    ).encode()
    return files


def _tar(files: dict[str, bytes], extra: list[tarfile.TarInfo]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for info in extra:
            tar.addfile(info, io.BytesIO(bytes(info.size)) if info.size else None)
    return out.getvalue()


def _hostile_members(draw: Draw) -> list[tarfile.TarInfo]:
    members: list[tarfile.TarInfo] = []
    for _ in range(draw(st.integers(0, 3))):
        shape = draw(
            st.sampled_from(("climb", "symlink", "loop", "hardlink", "dir", "empty", "big"))
        )
        info = tarfile.TarInfo(
            draw(
                st.sampled_from(
                    ("index.json", "../x", "/etc/passwd", "blobs/sha256/a", "manifest.json")
                )
            )
        )
        if shape == "symlink":
            info.type, info.linkname = (
                tarfile.SYMTYPE,
                draw(st.sampled_from(("../../etc/passwd", "index.json", "x"))),
            )
        elif shape == "loop":
            info.type, info.linkname = tarfile.SYMTYPE, info.name
        elif shape == "hardlink":
            info.type, info.linkname = tarfile.LNKTYPE, "manifest.json"
        elif shape == "dir":
            info.type = tarfile.DIRTYPE
        elif shape == "big":
            info.size = draw(st.sampled_from((4096, 1 << 20)))
        members.append(info)
    return members


@st.composite
def archives(draw: Draw) -> FuzzInput:
    """An OCI layout or docker save tar of a generated config, maybe compressed, maybe damaged."""
    config = json.dumps(draw(generated_configs())).encode()
    docker_save = draw(st.booleans())
    data = _tar(_layout(config, docker_save), _hostile_members(draw))
    origin = ["docker-save" if docker_save else "oci-layout"]
    compression = draw(st.sampled_from(("none", "none", "gzip", "bzip2", "xz")))
    if compression != "none":
        data = _PACK[compression](data)
        origin.append(compression)
    damage = draw(st.sampled_from(("none", "none", "truncate", "flip")))
    if damage == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    if damage != "none":
        origin.append(damage)
    return FuzzInput("archive", " ".join(origin), data, ("--format", "json"))


def fuzz_inputs(hostile: bool = False) -> st.SearchStrategy[FuzzInput]:
    """Every family, mutated real files weighted most; `hostile` adds HOSTILE_FRAGMENTS."""
    return st.one_of(
        mutated_dockerfiles(hostile),
        mutated_dockerfiles(hostile),
        generated_dockerfiles(),
        image_configs(),
        archives(),
    )
