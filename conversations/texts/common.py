"""Texts shared by every flow: the welcome, /help, and answers to things the bot does not understand.

Plain, warm and short. HTML parse mode: escape user-provided values with `html.escape` before inserting them.
"""

from __future__ import annotations

# (command, description) in the order Telegram's menu and /help show them.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Begin, or see where you are"),
    ("today", "Today's session"),
    ("pain", "My back hurts: pause and get advice"),
    ("resume", "Carry on after a pain pause"),
    ("status", "My level and this week"),
    ("progress", "My last 4 weeks, with a chart"),
    ("learn", "Short reads about back pain"),
    ("checkup", "3 quick questions: how my back affects me"),
    ("report", "A one-page report for my doctor or physio"),
    ("settings", "Days, time, timezone, reminders"),
    ("screen", "Go through the safety questions again"),
    ("stop", "No more reminders"),
    ("export", "Download all my data"),
    ("delete", "Delete all my data"),
    ("help", "What I can do"),
    ("cancel", "Stop what we're doing"),
)

WELCOME = (
    "Hi {name}, I'm <b>BackCoach</b> 👋\n\n"
    "I guide you through a gentle home exercise programme for lower back pain. "
    "We start easy and build up slowly, only as far as your back allows.\n\n"
    "<b>What I am not:</b> I don't diagnose anything and I don't replace a doctor or physiotherapist. "
    "If your pain is severe, getting worse, or comes with new symptoms, please see a doctor first."
)

# A user who has been here before but has not finished setting up (the onboarding question follows).
WELCOME_BACK = (
    "Welcome back, {name} 👋\n\n"
    "I'm BackCoach, your home exercise coach for lower back pain. "
    "I don't diagnose and I don't replace a doctor or physiotherapist."
)

# A user who has finished onboarding.
WELCOME_BACK_READY = (
    "Welcome back, {name} 👋\n\n"
    "Type /today for today's session, or /help to see everything I can do. "
    "You can change your days and reminders with /settings."
)

# A user whose safety questions found something that needs checking first (the neutral advice follows).
WELCOME_BACK_RED_FLAG = "Welcome back, {name}."

HELP_HEADER = "<b>Here's what I can do:</b>\n"
HELP_FOOTER = (
    "\nI coach exercise; I don't diagnose. "
    "If something feels wrong, stop and check with a doctor or physiotherapist."
)

UNKNOWN_COMMAND = "I don't know that command. Type /help to see the ones I understand."
STICKER = "Nice sticker! 😊 I can only read text and buttons, though. Type /help to see what I can do."
PHOTO = "Thanks, but I can't look at photos. Type /help to see what I can do."
VOICE = "I can't listen to voice or video notes, sorry. Please type instead, or use /help."
OTHER_MEDIA = "I can only read text and buttons. Type /help to see what I can do."
FREE_TEXT = "I'm not sure what you mean. Type /help to see what I can do."
SOUNDS_LIKE_PAIN = (
    "I'm sorry your back hurts. Type /pain: I'll pause your progress so nothing gets harder, ask a few quick "
    "safety questions and suggest what helps today."
)
DID_YOU_MEAN = "I don't know that command. Did you mean /{command}? Type /help to see them all."
CANCELLED = "Okay, stopped. Everything you told me so far is saved. Type /help to see what you can do next."
NOTHING_TO_CANCEL = "There's nothing to cancel right now. Type /help to see what I can do."
STILL_HERE = "We're still where we were: answer the last question, or /cancel to stop."
SLOW_DOWN = "You're sending messages faster than I can keep up — please slow down a little."
STALE_BUTTON = "That button is from an earlier message, so it no longer works. Please use the latest one."
INVALID_BUTTON = "That button is no longer valid. Please use the buttons on my latest message."
# A handler failed for a reason of ours: what it saved before failing is kept, what it did not is not.
SOMETHING_WENT_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."
# The database did not take the answer, and nothing keeps it for later.
NOT_SAVED = "Sorry, I couldn't save that. Please send it again in a moment."
# The database did not take the answer, but the message is in the inbox and runs again once it answers.
SAVED_FOR_LATER = (
    "Sorry, I can't reach my notes right now. I have your message and will answer it as soon as I can."
)


def help_text() -> str:
    """The /help message: every command with what it does."""
    lines = [f"/{command}: {description}" for command, description in COMMANDS]
    return HELP_HEADER + "\n".join(lines) + "\n" + HELP_FOOTER
