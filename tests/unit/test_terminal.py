"""Local mode's screen: HTML made readable, buttons numbered, and typed lines mapped to the right button."""

from __future__ import annotations

import json

from bot.terminal import BOLD_ON, Keyboard, to_plain

YES_NO = {"inline_keyboard": [[{"text": "Yes", "callback_data": "scr:y"}, {"text": "No", "callback_data": "scr:n"}]]}
PAIN_SCALE = {"inline_keyboard": [[{"text": str(n), "callback_data": f"pain:{n}"} for n in range(11)]]}


def test_html_becomes_plain_text_with_entities_decoded() -> None:
    assert to_plain("<b>Bird dog</b> &amp; plank &lt;3") == "Bird dog & plank <3"


def test_bold_becomes_ansi_on_a_colour_terminal() -> None:
    assert to_plain("<b>Hi</b>", colour=True).startswith(BOLD_ON)


def test_buttons_are_numbered_in_reading_order() -> None:
    keyboard = Keyboard.from_markup(7, YES_NO)
    assert keyboard is not None
    assert keyboard.render() == "  [1] Yes\n  [2] No"
    chosen = keyboard.choose("2")
    assert chosen is not None and chosen.callback_data == "scr:n"


def test_markup_may_arrive_as_json_text() -> None:
    keyboard = Keyboard.from_markup(7, json.dumps(YES_NO))
    assert keyboard is not None and keyboard.inline


def test_a_label_typed_out_presses_that_button() -> None:
    keyboard = Keyboard.from_markup(7, YES_NO)
    assert keyboard is not None
    chosen = keyboard.choose(" yes ")
    assert chosen is not None and chosen.callback_data == "scr:y"


def test_a_number_out_of_range_or_other_text_presses_nothing() -> None:
    keyboard = Keyboard.from_markup(7, YES_NO)
    assert keyboard is not None
    assert keyboard.choose("3") is None
    assert keyboard.choose("maybe later") is None


def test_on_a_number_keyboard_the_typed_number_is_the_label() -> None:
    keyboard = Keyboard.from_markup(9, PAIN_SCALE)
    assert keyboard is not None and keyboard.numeric
    chosen = keyboard.choose("7")
    assert chosen is not None and chosen.callback_data == "pain:7"
    assert keyboard.choose("0") is not None
    assert keyboard.choose("11") is None
    assert "[0]" in keyboard.render() and "[10]" in keyboard.render()


def test_a_number_scale_with_a_skip_button_keeps_numbers_as_labels_and_letters_the_rest() -> None:
    scale = [[{"text": str(n), "callback_data": f"pain:{n}"} for n in range(11)]]
    keyboard = Keyboard.from_markup(9, {"inline_keyboard": [*scale, [{"text": "Skip", "callback_data": "skip"}]]})
    assert keyboard is not None and keyboard.numeric
    assert keyboard.render().splitlines()[-1] == "  [a] Skip"
    five = keyboard.choose("5")
    assert five is not None and five.callback_data == "pain:5"  # "5" means 5, not the fifth button
    skip = keyboard.choose("a")
    assert skip is not None and skip.callback_data == "skip"
    assert keyboard.choose("skip") == skip


def test_reply_keyboard_buttons_send_their_label() -> None:
    keyboard = Keyboard.from_markup(3, {"keyboard": [[{"text": "07:00"}, "19:00"]], "resize_keyboard": True})
    assert keyboard is not None and not keyboard.inline
    chosen = keyboard.choose("b")  # times are lettered: a typed "2" would be a time of its own
    assert chosen is not None and chosen.label == "19:00" and chosen.callback_data is None


def test_markup_without_buttons_is_no_keyboard() -> None:
    assert Keyboard.from_markup(1, {"remove_keyboard": True}) is None
    assert Keyboard.from_markup(1, None) is None
    assert Keyboard.from_markup(1, "") is None


def test_buttons_that_show_numbers_are_lettered_so_a_typed_number_is_an_answer() -> None:
    """Issue 13 item 4: typing 7 at the reminder-time question means 07:00, not the seventh button (20:00)."""
    times = ["07:00", "08:00", "12:00", "17:00", "18:00", "19:00", "20:00", "21:00"]
    keyboard = Keyboard.from_markup(5, {"inline_keyboard": [[{"text": t, "callback_data": t} for t in times]]})
    assert keyboard is not None
    assert keyboard.render().splitlines()[0] == "  [a] 07:00"
    assert keyboard.choose("7") is None  # sent as text: the bot reads it as 07:00
    chosen = keyboard.choose("g")
    assert chosen is not None and chosen.label == "20:00"
