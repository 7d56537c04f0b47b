"""Texts of the private-chat guard: what the bot says outside a user's own private chat, and to an edit.

One short line each. They say only where the bot works, never anything about a user. Plain text (no tags).
"""

from __future__ import annotations

from locales import N_

# A command or a mention of the bot in a group, or the bot added to a group: the one line, with a button.
PRIVATE_ONLY = N_("I only talk one to one: message me privately.")
OPEN_PRIVATE_CHAT = N_("Message me privately")

# Pop-ups for a button pressed outside the presser's own private chat.
NOT_YOUR_BUTTON = N_("This button isn't yours.")
PRIVATE_CHAT_ONLY = N_("I only work in a private chat.")

# An edited message in the private chat: nothing changes; ask for a new one.
EDITED_MESSAGE = N_("I can't use edited messages, please send it again.")

