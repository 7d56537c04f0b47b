"""Typed text nobody asked for is understood as a person would expect (issue 13 item 4)."""

from __future__ import annotations

import pytest

from conversations.texts import common
from conversations.understand import answer_to_free_text, did_you_mean
from locales import Language, _, speaking


@pytest.mark.parametrize("text", ["my back really hurts today", "Pain again :(", "so sore", "it's aching", "SPASM"])
def test_words_that_say_it_hurts_point_to_pain(text: str) -> None:
    assert answer_to_free_text(text) == common.SOUNDS_LIKE_PAIN


@pytest.mark.parametrize("text", ["help", "Help!", "?", "what can you do?"])
def test_asking_for_help_gets_help(text: str) -> None:
    assert answer_to_free_text(text) == common.help_text()


@pytest.mark.parametrize("text", ["lovely weather", "painter", "thanks"])
def test_anything_else_gets_the_friendly_default(text: str) -> None:
    assert answer_to_free_text(text) == common.FREE_TEXT  # "painter" is not pain


@pytest.mark.parametrize(("typed", "meant"), [("/stauts", "status"), ("/todya", "today"), ("/Progres", "progress")])
def test_a_mistyped_command_gets_the_closest_one(typed: str, meant: str) -> None:
    assert did_you_mean(typed) == common.DID_YOU_MEAN.format(command=meant)


def test_a_command_like_nothing_we_have_gets_the_plain_answer() -> None:
    assert did_you_mean("/xyzzy") == common.UNKNOWN_COMMAND


@pytest.mark.parametrize(
    ("language", "text"),
    [(Language.RU, "спина сильно болит"), (Language.ES, "Me duele la espalda"), (Language.DE, "Rücken tut weh"),
     (Language.RU, "my back hurts")],
)
def test_pain_is_understood_in_the_users_language_and_in_english(language: Language, text: str) -> None:
    with speaking(language):
        assert answer_to_free_text(text) == _(common.SOUNDS_LIKE_PAIN) != common.SOUNDS_LIKE_PAIN


@pytest.mark.parametrize(
    ("language", "text"), [(Language.RU, "Помощь"), (Language.ES, "ayuda"), (Language.DE, "Hilfe!")]
)
def test_help_is_understood_in_the_users_language(language: Language, text: str) -> None:
    with speaking(language):
        assert answer_to_free_text(text) == common.help_text()
        assert answer_to_free_text("больница" if language is Language.RU else "hola") == _(common.FREE_TEXT)
