"""/report: the one-page PDF for the user's clinician, sent as a document they can forward or print.

``usecases.report.load_report`` reads what the page shows in one read-only unit; ``conversations.report_pdf``
draws it in a worker thread. A user who has not finished onboarding is pointed to /start. Local mode saves the
document under data/local-files/ like every file the bot sends (``bot.local``).
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import BaseHandler, CommandHandler

from conversations.context import services
from conversations.kit import Context, reply
from conversations.report_pdf import render_report
from conversations.texts import report as texts
from locales import _
from usecases.report import load_report


async def send_report(update: Update, context: Context) -> None:
    """/report: the PDF, or where to start when there is nothing to report."""
    if update.effective_user is None or update.effective_chat is None:
        return
    svc = services(context)
    report = await load_report(svc.db, update.effective_user.id, svc.clock(), svc.default_timezone)
    if report is None:
        await reply(update, _(texts.SET_UP_FIRST))
        return
    bot, chat_id = update.get_bot(), update.effective_chat.id
    await bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
    document = await render_report(report, report.history.today)
    filename = _(texts.FILENAME).format(day=report.history.today.isoformat())
    await bot.send_document(chat_id, document=document, filename=filename, caption=_(texts.CAPTION))


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The handlers of this flow."""
    return [CommandHandler("report", send_report)]
