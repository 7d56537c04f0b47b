"""Typed text when no question is waiting for it, understood the way a person would expect.

"help" (or "?") gets /help; words that say the back hurts ("my back really hurts today") point to /pain, which
pauses progression and asks the safety questions; a mistyped command ("/stauts") gets "did you mean /status?".
Anything else gets the friendly default. Nothing here decides anything clinical: /pain does. The words are
read in the user's language and in English (``conversations.texts.common``: HELP_WORDS, PAIN_WORDS).
"""

from __future__ import annotations

import difflib
import re

from conversations.texts import common
from locales import _

COMMAND_NAMES = tuple(name for name, _ignored in common.COMMANDS)


def answer_to_free_text(text: str) -> str:
    """What to say to typed text that answers no question."""
    cleaned = " ".join(text.strip().lower().rstrip("!.?").split()) or text.strip()
    if cleaned in words(common.HELP_WORDS) or text.strip() == "?":
        return common.help_text()
    if set(re.findall(r"\w+", text.lower())) & words(common.PAIN_WORDS):
        return _(common.SOUNDS_LIKE_PAIN)
    return _(common.FREE_TEXT)


def words(message: str) -> frozenset[str]:
    """The words of a "|"-separated list of the catalogue, in English and in the user's language."""
    return frozenset(word.strip().lower() for text in (message, _(message)) for word in text.split("|") if word.strip())


def did_you_mean(command_text: str) -> str:
    """The answer to a command this bot does not have: the closest one it has, if one is close."""
    word = command_text.strip().split()[0].lstrip("/").split("@")[0].lower() if command_text.strip() else ""
    close = difflib.get_close_matches(word, COMMAND_NAMES, n=1, cutoff=0.6)
    return _(common.DID_YOU_MEAN).format(command=close[0]) if close else _(common.UNKNOWN_COMMAND)
