"""The user's data is theirs: /export (all of it as JSON) and /delete (everything, after a confirmation).

Placeholder: the flow is being built; `handlers()` returns nothing yet.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The handlers of this flow."""
    return []
