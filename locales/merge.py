"""Bring translations made elsewhere into a language's catalogue: ``python -m locales.merge ru FILE.po...``.

For each message of ``locales/messages.pot``, the translation is taken from the first given file that has
the very same message id (the English source, verbatim, with its plural if it has one) with a complete,
non-fuzzy translation; a message already translated in the catalogue keeps its translation unless a file
offers one. The result is written to
``locales/<lang>/LC_MESSAGES/messages.po``; ``--missing FILE`` writes a template of the messages still
without a translation (to hand to a translator, whose answer is merged the same way).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from locales import DOMAIN, Language, catalogue_path
from locales.extract import POT, WIDTH


def read(path: Path, language: Language | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=language.value if language else None, domain=DOMAIN)


def complete(message: Message | None) -> bool:
    """A translation to take: not fuzzy, and every form filled in."""
    if message is None or message.fuzzy:
        return False
    forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return all(forms)


def fits(offered: Message | None, wanted: Message) -> bool:
    """A complete translation of the very same message (a plural one for a plural one)."""
    return offered is not None and offered.id == wanted.id and complete(offered)


def merge(language: Language, sources: list[Path]) -> Catalog:
    """``language``'s catalogue: every message of the template, translated where a source (or the catalogue
    so far) has the same message id translated."""
    template = read(POT)
    offered = [read(path, language) for path in sources]
    path = catalogue_path(language)
    if path.exists():
        offered.append(read(path, language))
    catalog = Catalog(locale=language.value, domain=DOMAIN, project="BackCoach", fuzzy=False)
    for message in template:
        if not message.id:
            continue
        found = next((m for m in (source.get(message.id) for source in offered) if fits(m, message)), None)
        string = found.string if found is not None else ("", "") if message.pluralizable else ""
        catalog.add(
            message.id, string, locations=message.locations, flags=message.flags - {"fuzzy"},
            auto_comments=message.auto_comments,
        )
    return catalog


def missing(catalog: Catalog) -> Catalog:
    """A template of the messages of ``catalog`` still without a translation."""
    left = Catalog(domain=DOMAIN, project="BackCoach", fuzzy=False)
    for message in catalog:
        if message.id and not complete(message):
            left.add(message.id, locations=message.locations, flags=message.flags, auto_comments=message.auto_comments)
    return left


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, width=WIDTH)


def main() -> None:
    parser = argparse.ArgumentParser(description="Merge translations into a language's catalogue.")
    parser.add_argument("language", type=Language, choices=[lang for lang in Language if lang is not Language.EN])
    parser.add_argument("sources", type=Path, nargs="*", help=".po files with translations to take")
    parser.add_argument("--missing", type=Path, help="write the messages left untranslated here (a .pot)")
    arguments = parser.parse_args()
    catalog = merge(arguments.language, arguments.sources)
    write(catalog, catalogue_path(arguments.language))
    left = missing(catalog)
    if arguments.missing is not None:
        write(left, arguments.missing)
    print(f"{arguments.language.value}: {len(catalog)} messages, {len(left)} untranslated")


if __name__ == "__main__":
    main()
