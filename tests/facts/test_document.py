"""The facts document as the engine reads it: the text judged is the JSON of the document."""

from __future__ import annotations

import json
from pathlib import Path

from gate import runner
from gate.facts.document import facts_json, facts_text
from gate.model import FactsDocument, InputError
from gate.sources.images import ImageOptions

SHARED = Path(__file__).resolve().parents[1] / "data" / "shared"
DOCKERFILES = sorted((SHARED / "realworld" / "files").iterdir())
IMAGES = sorted((SHARED / "realworld-images").glob("*.json"))


def _dockerfile_docs() -> list[FactsDocument]:
    docs = []
    for path in DOCKERFILES:
        try:
            source = runner.dockerfile_source(str(path), runner.DockerfileOptions(base_env="none"))
        except InputError:
            continue
        docs.append(runner.facts_of(source))
    return docs


def _image_docs() -> list[FactsDocument]:
    inputs = runner.ImageInputs(config_files=tuple(str(p) for p in IMAGES))
    sources, _ = runner.image_sources(inputs, ImageOptions())
    return [runner.facts_of(source) for source in sources]


def _judged_text_is_the_documents_json(docs: list[FactsDocument]) -> None:
    assert len(docs) > 20
    for doc in docs:
        assert facts_text(doc) == json.dumps(facts_json(doc), ensure_ascii=False)


def test_the_text_judged_for_a_dockerfile_is_the_json_of_its_facts() -> None:
    _judged_text_is_the_documents_json(_dockerfile_docs())


def test_the_text_judged_for_an_image_is_the_json_of_its_facts() -> None:
    _judged_text_is_the_documents_json(_image_docs())
