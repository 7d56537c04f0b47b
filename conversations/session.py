"""The day's session (/today or a reminder's Start now): warm-up first, then one exercise at a time.

Placeholder: the flow is being built; `handlers()` returns nothing yet.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The handlers of this flow."""
    return []
