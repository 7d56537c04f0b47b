"""Texts of the lessons: /learn's list, a lesson as a message, and its buttons.

The lessons themselves are ``coach.lessons``'s (titles, texts, sources). HTML parse mode: nothing here inserts
text the user typed.
"""

from __future__ import annotations

from coach.lessons import Lesson
from locales import N_, _

LIST_TITLE = N_("<b>Short reads about your back</b>")
LIST_INTRO = N_("A one-minute read each. Tap one to read it. ✓ marks the ones you've read.")
LIST_ALL_READ = N_("You've read them all 🎉 Tap any one to read it again.")
READ_MARK = "✓ "
GOT_IT = N_("Got it")
TELL_ME_MORE = N_("Tell me more")
OFFER_INTRO = N_("📖 A one-minute read for today:")
REST_DAY_INTRO = N_("Rest day today 🌿 Rest is part of getting better. If you have a minute, here's a short read:")
LESSON = N_("<b>{title}</b>\n\n{text}\n\n<i>Source: {source}</i>")
PART_TWO = N_("<b>{title} (2)</b>\n\n{text}")
NOTED = N_("Thanks for reading. /learn lists them all.")
ALREADY_READ = N_("You've read this one before; it's good to read again.")
STALE = N_("That lesson button is no longer valid. Type /learn to see the lessons.")


def lesson_text(lesson: Lesson) -> str:
    """A lesson's first part with its title and source."""
    return _(LESSON).format(title=_(lesson.title), text=_(lesson.text), source=_(lesson.source))


def more_text(lesson: Lesson) -> str:
    """A lesson's second part."""
    return _(PART_TWO).format(title=_(lesson.title), text=_(lesson.more) if lesson.more else "")


def list_label(lesson: Lesson, read: bool) -> str:
    """A lesson's button in /learn: its title, marked when read."""
    return f"{READ_MARK if read else ''}{_(lesson.title)}"
