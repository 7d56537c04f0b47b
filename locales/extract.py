"""Extraction: every user-facing English string of BackCoach into ``locales/messages.pot``.

``python -m locales.extract`` (``make messages`` runs it, then updates each language's ``.po``) reads:

- the Python source of ``conversations/``, ``coach/``, ``usecases/`` and ``bot/`` with Babel's Python
  extractor, for the markers ``N_`` (where a constant is defined), ``_`` and ``ngettext`` (where it is shown);
- ``coach/catalogue.toml``, the exercise cards: each card's name, steps, common mistake, breathing, when to
  skip it, and its equipment words.

``python -m locales.extract --output FILE`` writes elsewhere (the catalogue test extracts into a temporary
file and compares it with the committed ``messages.pot``). ``python -m locales.extract --update`` then
brings every language's ``.po`` in line with the template: new messages arrive untranslated, messages gone
from the source are dropped, and nothing is guessed (no fuzzy matching), so the catalogue test names what is
left to translate.
"""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from locales import DEFAULT, DOMAIN, LOCALES_DIR, Language, catalogue_path

ROOT = LOCALES_DIR.parent
#: The packages whose Python source is read for marked strings.
SOURCE_PACKAGES = ("bot", "coach", "conversations", "usecases")
#: The markers: ``N_`` and ``_`` take the message, ``ngettext`` its singular and plural.
KEYWORDS: dict[str, tuple[int, ...] | None] = {"N_": None, "_": None, "ngettext": (1, 2)}
CARDS = ROOT / "coach" / "catalogue.toml"
#: The fields of a card that the user reads (one text each, or a list of texts).
CARD_FIELDS = ("name", "steps", "mistake", "breathing", "skip_if", "equipment")
POT = LOCALES_DIR / f"{DOMAIN}.pot"
WIDTH = 120

Message = tuple[str | tuple[str, ...], str, int, list[str]]


def python_messages() -> Iterator[Message]:
    """(message, file, line, comments) of every marked string in the source packages."""
    for package in SOURCE_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            for line, message, comments, _context in extract_from_file(
                "python", str(path), keywords=KEYWORDS, comment_tags=("Translators:",)
            ):
                yield message, relative, line, list(comments)


def card_messages() -> Iterator[Message]:
    """(text, file, 0, comment) of every text of every exercise card."""
    cards = tomllib.loads(CARDS.read_text(encoding="utf-8"))["exercise"]
    for card in cards:
        for field in CARD_FIELDS:
            value = card.get(field)
            texts = value if isinstance(value, list) else [value] if isinstance(value, str) else []
            for text in texts:
                yield text, "coach/catalogue.toml", 0, [f"exercise card {card['id']}: {field}"]


def extract() -> Catalog:
    """The template catalogue: every message once, with where it comes from."""
    catalog = Catalog(project="BackCoach", charset="utf-8", fuzzy=False)
    for message, path, line, comments in (*python_messages(), *card_messages()):
        if message and (message[0] if isinstance(message, tuple) else message):
            catalog.add(message, locations=[(path, line)], auto_comments=comments)
    return catalog


def write(catalog: Catalog, output: Path) -> None:
    """Write ``catalog`` as a ``.pot`` file, sorted as the source reads."""
    with output.open("wb") as out:
        write_po(out, catalog, width=WIDTH, omit_header=False, sort_output=False)


def update(template: Catalog, language: Language) -> Catalog:
    """``language``'s catalogue brought in line with ``template`` (no fuzzy matching; obsolete ones dropped)."""
    path = catalogue_path(language)
    with path.open("rb") as source:
        catalog = read_po(source, locale=language.value, domain=DOMAIN)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    with path.open("wb") as out:
        write_po(out, catalog, width=WIDTH, include_previous=False)
    return catalog


def main() -> None:
    parser = argparse.ArgumentParser(description="Extract BackCoach's messages into a .pot file.")
    parser.add_argument("--output", type=Path, default=POT, help=f"where to write (default {POT})")
    parser.add_argument("--update", action="store_true", help="then update every language's .po from it")
    arguments = parser.parse_args()
    catalog = extract()
    write(catalog, arguments.output)
    print(f"{len(catalog)} messages -> {arguments.output}")
    for language in Language if arguments.update else ():
        if language is not DEFAULT and catalogue_path(language).exists():
            updated = update(catalog, language)
            missing = sum(1 for message in updated if message.id and not message.string)
            print(f"{language.value}: {len(updated)} messages, {missing} untranslated -> {catalogue_path(language)}")


if __name__ == "__main__":
    main()
