"""The catalogues: every language has every message of the template, each translated in full (no fuzzy, no
empty form), with the source's placeholders and HTML tags; and the template has every string the source marks.

A new English string (in a flow's texts, ``coach/`` or a card of ``coach/catalogue.toml``) therefore fails here
until ``make messages`` has put it in ``locales/messages.pot`` and each language has its translation.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from locales import DEFAULT, DOMAIN, Language, catalogue_path
from locales.extract import POT

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [language for language in Language if language is not DEFAULT]
#: What must survive translation unchanged: {name} fields, %(x)s / %s, HTML tags, /commands, numbers.
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([a-z_]+\))?[sd]|</?[a-z]+[^>]*>|(?<![\w/])/[a-z]+\b")


def _read(path: Path, language: Language | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=language.value if language else None, domain=DOMAIN)


def _ids(catalog: Catalog) -> set[str]:
    return {message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id}


def _forms(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


def placeholders(text: str) -> Counter[str]:
    return Counter(_PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def template() -> Catalog:
    return _read(POT)


@pytest.mark.parametrize("language", TRANSLATED, ids=str)
def test_every_message_is_translated_in_full(template: Catalog, language: Language) -> None:
    catalog = _read(catalogue_path(language), language)
    assert sorted(_ids(template) - _ids(catalog)) == []
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    empty = [message.id for message in catalog if message.id and not all(_forms(message))]
    assert (fuzzy, empty) == ([], [])


@pytest.mark.parametrize("language", TRANSLATED, ids=str)
def test_translations_keep_the_placeholders_and_tags_of_the_source(language: Language) -> None:
    catalog = _read(catalogue_path(language), language)
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        for form in _forms(message):
            if form and not any(placeholders(form) == placeholders(source) for source in sources):
                wrong.append((message.id, form))
    assert wrong == []


def test_the_template_has_every_string_the_source_marks(tmp_path: Path, template: Catalog) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "locales.extract", "--output", str(fresh)], cwd=ROOT, check=True,
                   capture_output=True)
    assert sorted(_ids(_read(fresh)) - _ids(template)) == []
    assert sorted(_ids(template) - _ids(_read(fresh))) == []  # nothing stale either: `make messages` was run
