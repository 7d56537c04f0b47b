"""The lookups: which language a Telegram language code means, and texts in the current user's language."""

from __future__ import annotations

import asyncio
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

import locales
from conversations.texts import common
from locales import Language, Number, _, current, day_name, format_day, language_of, set_current, speaking


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("es-MX", Language.ES), ("de-AT", Language.DE), ("de_CH", Language.DE), ("ru", Language.RU),
        ("RU", Language.RU), ("en-GB", Language.EN), ("pt-BR", Language.EN), ("", Language.EN), (None, Language.EN),
        ("ruby", Language.EN),
    ],
)
def test_a_regional_variant_counts_as_its_language_and_anything_else_is_english(
    code: str | None, language: Language
) -> None:
    assert language_of(code) is language


def test_english_is_the_source_and_each_other_language_its_own_catalogue() -> None:
    assert _(common.STALE_BUTTON) == common.STALE_BUTTON
    with speaking(Language.RU):
        russian = _(common.STALE_BUTTON)
    with speaking(Language.DE):
        german = _(common.STALE_BUTTON)
    assert len({common.STALE_BUTTON, russian, german}) == 3
    assert any("а" <= letter <= "я" for letter in russian.lower())
    assert _("a string no catalogue has") == "a string no catalogue has"


def test_dates_and_weekdays_follow_the_language() -> None:
    day = date(2026, 12, 4)
    assert (format_day(day, "d MMMM y"), day_name(0), day_name(0, short=True)) == ("4 December 2026", "Monday", "Mon")
    with speaking(Language.RU):
        assert (format_day(day, "d MMMM y"), day_name(0, short=True)) == ("4 декабря 2026", "Пн")


def test_each_task_answers_in_its_own_users_language() -> None:
    """Two updates handled at once (concurrent tasks) never see each other's language."""

    async def answer(language: Language) -> Language:
        set_current(language)
        await asyncio.sleep(0)
        return current()

    async def both() -> list[Language]:
        return list(await asyncio.gather(answer(Language.RU), answer(Language.ES)))

    assert asyncio.run(both()) == [Language.RU, Language.ES]
    assert current() is Language.EN


def test_decimals_take_the_languages_decimal_sign_and_keep_the_english_digits() -> None:
    message = "Average pain: {now:.1f}"
    assert message.format(now=Number(3.45)) == message.format(now=3.45) == "Average pain: 3.5"
    with speaking(Language.DE):
        assert message.format(now=Number(3.45)) == "Average pain: 3,5"


def test_a_compiled_catalogue_is_kept_for_the_next_start_and_an_edited_one_is_compiled_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = tmp_path / "messages.po"
    original = locales.catalogue_path(Language.DE).read_text(encoding="utf-8")
    catalogue.write_text(original, encoding="utf-8")
    monkeypatch.setattr(locales, "catalogue_path", lambda language: catalogue)
    monkeypatch.setattr(locales, "COMPILED_DIR", tmp_path / "compiled")
    compile_now = locales.translations.__wrapped__  # the cache in front of it would answer from memory

    first = compile_now(Language.DE).gettext(common.CANCELLED)
    kept = list((tmp_path / "compiled").glob("de-*.mo"))
    assert len(kept) == 1 and first != common.CANCELLED
    assert compile_now(Language.DE).gettext(common.CANCELLED) == first  # read back from the kept file

    edited = read_po(BytesIO(original.encode()), locale="de")
    edited[common.CANCELLED].string = "Abgebrochen, neu."
    with catalogue.open("wb") as out:
        write_po(out, edited)
    assert compile_now(Language.DE).gettext(common.CANCELLED) == "Abgebrochen, neu."
    assert [path.name for path in (tmp_path / "compiled").glob("de-*.mo")] != [kept[0].name]
    assert len(list((tmp_path / "compiled").glob("de-*.mo"))) == 1  # the old compilation is gone


def test_a_catalogue_is_compiled_in_memory_where_nothing_can_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a-file").write_text("")
    monkeypatch.setattr(locales, "COMPILED_DIR", tmp_path / "a-file" / "compiled")  # cannot be created
    german = locales.translations.__wrapped__(Language.DE).gettext(common.CANCELLED)
    assert german != common.CANCELLED and german
