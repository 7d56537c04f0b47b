"""Validation of ``reply_markup`` like Telegram: inline keyboards, reply keyboards, removal, force reply."""

from __future__ import annotations

from typing import Any

from botapi_emulator.params import bad_request

__all__ = ["inline_buttons", "validate_markup"]

_INLINE_ACTIONS = (
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "login_url",
    "web_app",
    "callback_game",
    "pay",
    "copy_text",
)
_PARSE_ERROR = "can't parse reply keyboard markup JSON object"


def _rows(markup: dict[str, Any], key: str) -> list[list[Any]]:
    rows = markup[key]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(_PARSE_ERROR)
    return rows


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request(_PARSE_ERROR)
    if not button["text"]:
        raise bad_request("text buttons are unallowed in the inline keyboard")
    actions = [key for key in _INLINE_ACTIONS if key in button]
    if len(actions) != 1:
        raise bad_request("text buttons are unallowed in the inline keyboard")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and (not isinstance(button["url"], str) or "://" not in button["url"]):
        raise bad_request("BUTTON_URL_INVALID")


def _check_reply_button(button: Any) -> None:
    text = button if isinstance(button, str) else button.get("text") if isinstance(button, dict) else None
    if not isinstance(text, str) or not text:
        raise bad_request(_PARSE_ERROR)


def validate_markup(markup: Any, inline_only: bool = False) -> dict[str, Any] | None:
    """Check a decoded ``reply_markup``; return it (or ``None``) or raise 400 like Telegram."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request(_PARSE_ERROR)
    if "inline_keyboard" in markup:
        for row in _rows(markup, "inline_keyboard"):
            for button in row:
                _check_inline_button(button)
        return markup
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        rows = _rows(markup, "keyboard")
        for row in rows:
            for button in row:
                _check_reply_button(button)
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise bad_request(_PARSE_ERROR)


def inline_buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    """All inline buttons of a markup, row by row."""
    if not markup or "inline_keyboard" not in markup:
        return []
    return [button for row in markup["inline_keyboard"] for button in row]
