"""/pain (pause progression, re-check the cauda equina questions, offer a gentle day) and /resume.

Placeholder: the flow is being built; `handlers()` returns nothing yet.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The handlers of this flow."""
    return []
