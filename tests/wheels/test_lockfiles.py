"""What requirement files say beyond names: `--hash` values by project, and constraint lines."""

from __future__ import annotations

from pathlib import Path

from gate.runner import facts_of
from gate.sources.dockerfile import read_dockerfile
from gate.wheels.lockfiles import constraint_lines, lock_files, parse_hashes

DATA = Path(__file__).resolve().parent.parent / "data" / "wheels"


def test_hashes_by_project_in_every_spelling() -> None:
    hashes = parse_hashes((DATA / "hashed.lock").read_text())
    assert hashes == {
        "certifi": frozenset(
            {
                "0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f",
                "dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c6ca24a754d1cdd1",
            }
        ),
        "requests": frozenset({"58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f"}),
    }


def test_lock_is_read_from_the_build_context_up_to_the_install(tmp_path: Path) -> None:
    (tmp_path / "requirements.lock").write_text((DATA / "hashed.lock").read_text())
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.lock .\n"
        "RUN pip install --require-hashes -r requirements.lock\n"
        "RUN pip install -r /elsewhere.txt\n"
    )
    source = read_dockerfile(str(dockerfile), build_args={}, target=None, context=str(tmp_path))
    first, second = facts_of(source).installs
    locked = lock_files(source, first)
    assert locked.of("Certifi") is not None and locked.of("idna") is None
    assert locked.unread == ("other.txt",)
    assert lock_files(source, second).unread == ("/elsewhere.txt",)


def test_constraint_lines_keep_requirements_and_drop_options() -> None:
    text = "# pins\nfoo==1.0 --hash=sha256:00\n-r other.txt\nbar>=2 ; python_version < '3.13'\n"
    assert constraint_lines(text) == ["foo==1.0", "bar>=2 ; python_version < '3.13'"]
