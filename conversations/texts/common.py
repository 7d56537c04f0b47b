"""Texts shared by every flow: the welcome, /help, and answers to things the bot does not understand.

Plain, warm and short. HTML parse mode: escape user-provided values with `html.escape` before inserting them.
"""

from __future__ import annotations

from locales import N_, _

# (command, description) in the order Telegram's menu and /help show them.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Begin, or see where you are")),
    ("today", N_("Today's session")),
    ("pain", N_("My back hurts: pause and get advice")),
    ("resume", N_("Carry on after a pain pause")),
    ("status", N_("My level and this week")),
    ("progress", N_("My last 4 weeks, with a chart")),
    ("learn", N_("Short reads about back pain")),
    ("checkup", N_("3 quick questions: how my back affects me")),
    ("report", N_("A one-page report for my doctor or physio")),
    ("settings", N_("Days, time, timezone, reminders")),
    ("language", N_("Change the language I write in")),
    ("screen", N_("Go through the safety questions again")),
    ("stop", N_("No more reminders")),
    ("export", N_("Download all my data")),
    ("delete", N_("Delete all my data")),
    ("help", N_("What I can do")),
    ("cancel", N_("Stop what we're doing")),
)

WELCOME = (
    N_("Hi {name}, I'm <b>BackCoach</b> 👋\n\n"
    "I guide you through a gentle home exercise programme for lower back pain. "
    "We start easy and build up slowly, only as far as your back allows.\n\n"
    "<b>What I am not:</b> I don't diagnose anything and I don't replace a doctor or physiotherapist. "
    "If your pain is severe, getting worse, or comes with new symptoms, please see a doctor first.")
)

# A user who has been here before but has not finished setting up (the onboarding question follows).
WELCOME_BACK = (
    N_("Welcome back, {name} 👋\n\n"
    "I'm BackCoach, your home exercise coach for lower back pain. "
    "I don't diagnose and I don't replace a doctor or physiotherapist.")
)

# A user who has finished onboarding.
WELCOME_BACK_READY = (
    N_("Welcome back, {name} 👋\n\n"
    "Type /today for today's session, or /help to see everything I can do. "
    "You can change your days and reminders with /settings.")
)

# A user whose safety questions found something that needs checking first (the neutral advice follows).
WELCOME_BACK_RED_FLAG = N_("Welcome back, {name}.")

HELP_HEADER = N_("<b>Here's what I can do:</b>\n")
HELP_FOOTER = (
    N_("\nI coach exercise; I don't diagnose. "
    "If something feels wrong, stop and check with a doctor or physiotherapist.")
)

# Typed text that answers no question (``conversations.understand``), read in English and in the user's language.
# Translators: the phrases people type to ask for help, lower case, separated by |.
HELP_WORDS = N_("help|menu|commands|what can you do")
# Translators: whole words that say something hurts, lower case, separated by |: list every form people type.
PAIN_WORDS = N_("hurt|hurts|hurting|pain|pains|painful|sore|ache|aches|aching|achy|agony|spasm|spasms|twinge|stiff")

UNKNOWN_COMMAND = N_("I don't know that command. Type /help to see the ones I understand.")
STICKER = N_("Nice sticker! 😊 I can only read text and buttons, though. Type /help to see what I can do.")
PHOTO = N_("Thanks, but I can't look at photos. Type /help to see what I can do.")
VOICE = N_("I can't listen to voice or video notes, sorry. Please type instead, or use /help.")
OTHER_MEDIA = N_("I can only read text and buttons. Type /help to see what I can do.")
FREE_TEXT = N_("I'm not sure what you mean. Type /help to see what I can do.")
SOUNDS_LIKE_PAIN = (
    N_("I'm sorry your back hurts. Type /pain: I'll pause your progress so nothing gets harder, ask a few quick "
    "safety questions and suggest what helps today.")
)
DID_YOU_MEAN = N_("I don't know that command. Did you mean /{command}? Type /help to see them all.")
CANCELLED = N_("Okay, stopped. Everything you told me so far is saved. Type /help to see what you can do next.")
NOTHING_TO_CANCEL = N_("There's nothing to cancel right now. Type /help to see what I can do.")
STILL_HERE = N_("We're still where we were: answer the last question, or /cancel to stop.")
STALE_BUTTON = N_("That button is from an earlier message, so it no longer works. Please use the latest one.")
INVALID_BUTTON = N_("That button is no longer valid. Please use the buttons on my latest message.")
# After a pop-up for a button answered already, when nothing else is being asked (its reply may have been lost).
ANSWERS_SAVED = N_("Your answers are saved. Type /today when you're ready for a session.")
SLOW_DOWN = N_("You're sending messages faster than I can keep up — please slow down a little.")
# A handler failed for a reason of ours: what it saved before failing is kept, what it did not is not.
SOMETHING_WENT_WRONG = N_("Sorry, something went wrong on my side. Please try again in a moment.")
# The database did not take the answer, and nothing keeps it for later.
NOT_SAVED = N_("Sorry, I couldn't save that. Please send it again in a moment.")
# The database did not take the answer, but the message is in the inbox and runs again once it answers.
SAVED_FOR_LATER = (
    N_("Sorry, I can't reach my notes right now. I have your message and will answer it as soon as I can.")
)

# The bot was restarted after storing the user's last answer, before (or while) sending what came next
# (``conversations.restarted``): the question they are being asked follows.
RESTARTED_HERE = N_(
    "Sorry, I was restarted just as I was answering you. Your last answer is saved. Here is where we are:"
)
# The same, when there is no question to show again.
RESTARTED_SAVED = (
    N_("Sorry, I was restarted just as I was answering you. Your last answer is saved. "
    "Type /today for today's session, or /help to see everything I can do.")
)


def help_text() -> str:
    """The /help message: every command with what it does."""
    lines = [f"/{command}: {_(description)}" for command, description in COMMANDS]
    return _(HELP_HEADER) + "\n".join(lines) + "\n" + _(HELP_FOOTER)
