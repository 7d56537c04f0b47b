"""Every flow that stores a pending question can show it again, for a press whose reply may have been lost
(``conversations.pending.REASKERS``, filled by ``conversations.register_handlers``)."""

from __future__ import annotations

from telegram.ext import ApplicationBuilder

from conversations import pending, register_handlers
from usecases.questions import Flow


def test_every_flow_that_asks_a_question_can_ask_it_again() -> None:
    register_handlers(ApplicationBuilder().token("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw").build())
    assert set(pending.REASKERS) == set(Flow)
