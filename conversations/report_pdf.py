"""The /report page: a one-page PDF a physiotherapist reads in a minute, drawn with fpdf2.

fpdf2 because it is pure Python (no system libraries, unlike cairo or WeasyPrint), well kept, small, embeds
the PNG chart the bot already draws (``conversations.charts``, the same two panels /progress sends) and
TrueType fonts: matplotlib's DejaVu Sans, already installed with matplotlib, so any first name prints
(Cyrillic included) and nothing is downloaded. reportlab would do the same with a larger API for no gain here.

Sections, top to bottom: title and who/period, what the numbers are, the programme (level now, its history,
a pause), current exercises and doses, sessions and pain per week (a sentence and the chart), outcome
measures, "It hurts" events, the red-flag screen with clearances, the doctor check. Pure: a
``usecases.report.Report`` and the date in, PDF bytes out; :func:`render_report` runs it in a worker thread.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coach.schedule import adherence
from conversations import charts
from conversations.texts import report as texts
from conversations.texts.measures import measures_lines
from locales import _, in_sentence
from usecases.report import FlagEvent, Report

if TYPE_CHECKING:  # fpdf2 (and the image libraries it pulls in) is imported when a report is drawn, not at start-up
    from fpdf import FPDF

FONT = "DejaVu"
TEXT_SIZE, HEADING_SIZE, TITLE_SIZE = 9, 11, 16
LINE = 4.6  # mm per line of body text
CHART_WIDTH = 178  # mm: the page's width inside the margins


def _font_folder() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def report_pdf(report: Report, today: date) -> bytes:
    """The whole report as PDF bytes."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(16, 14, 16)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font(FONT, "", str(_font_folder() / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(_font_folder() / "DejaVuSans-Bold.ttf"))
    pdf.set_title(_(texts.TITLE))
    pdf.add_page()
    _header(pdf, report, today)
    _programme(pdf, report)
    _sessions_and_pain(pdf, report)
    scores = report.measures
    _section(pdf, _(texts.MEASURES), measures_lines(scores.peg, scores.psfs) if scores else [_(texts.MEASURES_NONE)])
    _section(pdf, _(texts.HURTS), _hurt_lines(report) or [_(texts.NO_HURTS)])
    _section(pdf, _(texts.FLAGS), [_flag_line(flag) for flag in report.flags] or [_(texts.NO_FLAGS)])
    _section(pdf, _(texts.DOCTOR), [_doctor_line(report)])
    return bytes(pdf.output())


async def render_report(report: Report, today: date) -> bytes:
    """`report_pdf` in a worker thread (it draws a chart), so the event loop keeps serving other users."""
    return await asyncio.to_thread(report_pdf, report, today)


def _header(pdf: FPDF, report: Report, today: date) -> None:
    pdf.set_font(FONT, "B", TITLE_SIZE)
    pdf.cell(0, 9, _(texts.TITLE), new_x="LMARGIN", new_y="NEXT")
    who = _(texts.FOR).format(name=report.first_name) if report.first_name else ""
    start = max(report.first_day, report.history.started)
    subtitle = _(texts.SUBTITLE).format(
        who=who, start=texts.day_text(start), end=texts.day_text(today), weeks=report.weeks,
        week_word=texts.weeks_word(report.weeks), made=texts.day_text(today),
    )
    _paragraph(pdf, subtitle, bold=True)
    _paragraph(pdf, _(texts.ABOUT))


def _programme(pdf: FPDF, report: Report) -> None:
    history = report.history
    lines = [_(texts.LEVEL_NOW).format(level=history.level, name=texts.level_name(history.level))]
    if report.level_changes:
        changes = [_(texts.LEVEL_CHANGE).format(level=lvl, day=texts.day_text(day)) for day,
            lvl in report.level_changes]
        lines.append(_(texts.LEVEL_HISTORY).format(changes="; ".join(changes)))
    if history.paused and history.paused_since:
        lines.append(_(texts.PAUSED).format(day=texts.day_text(history.paused_since)))
    _section(pdf, _(texts.PROGRAMME), lines)
    exercises = [f"{_(exercise.name)}: {exercise.dose}" for exercise in report.exercises]
    _section(pdf, _(texts.EXERCISES), exercises or [_(texts.NO_EXERCISES)])


def _sessions_and_pain(pdf: FPDF, report: Report) -> None:
    history = report.history
    weeks = charts.summarise_weeks(history.sessions, history.pain, history.today, history.goal, report.weeks)
    start = max(report.first_day, history.started)
    share = adherence(history.sessions, start, history.today, history.goal) if start <= history.today else 0.0
    line = _(texts.SESSIONS_LINE).format(
        done=sum(week.sessions for week in weeks), weeks=len(weeks), week_word=texts.weeks_word(len(weeks)),
        goal=history.goal, percent=round(share * 100),
    )
    _section(pdf, _(texts.SESSIONS_AND_PAIN), [line])
    chart = charts.progress_chart_png(weeks, "", charts.REPORT_SIZE)
    pdf.image(io.BytesIO(chart), w=CHART_WIDTH)


def _hurt_lines(report: Report) -> list[str]:
    return [
        _(texts.HURT_LINE).format(
            day=texts.day_text(hurt.day), exercise=_(hurt.exercise),
            kind=in_sentence(_(texts.KIND_WORDS.get(hurt.kind or "", _("pain")))),
        )
        for hurt in report.hurts
    ]


def _flag_line(flag: FlagEvent) -> str:
    questions = "; ".join(_(texts.QUESTION_WORDS.get(q, q)) for q in flag.question_ids)
    line = _(texts.FLAG_LINE).format(
        day=texts.day_text(flag.raised), decision=_(texts.DECISION_WORDS.get(flag.decision, flag.decision)),
        questions=questions, source=_(texts.SOURCE_WORDS.get(flag.source, flag.source)),
    )
    if flag.cleared is None:
        return line + _(texts.FLAG_OPEN)
    return line + _(texts.FLAG_CLEARED).format(day=texts.day_text(flag.cleared), clearance=flag.clearance or "")


def _doctor_line(report: Report) -> str:
    template = texts.DOCTOR_LINES.get(report.doctor_check or "")
    template = _(template) if template else template
    if template is None:
        return _(texts.DOCTOR_UNKNOWN)
    day = report.doctor_check_on
    return template.format(day=texts.day_text(day) if day else "undated")


def _section(pdf: FPDF, heading: str, lines: Sequence[str]) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, "B", HEADING_SIZE)
    pdf.cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
    for line in lines:
        _paragraph(pdf, line)


def _paragraph(pdf: FPDF, text: str, *, bold: bool = False) -> None:
    pdf.set_font(FONT, "B" if bold else "", TEXT_SIZE)
    pdf.multi_cell(0, LINE, text, new_x="LMARGIN", new_y="NEXT")
