"""Texts of /language: the question and what changing the language says (in the language just chosen).

The buttons are each language's own name (``locales.NATIVE_NAMES``), never translated.
"""

from __future__ import annotations

from locales import N_

QUESTION = N_("Which language should I write to you in?")
# Shown in the language just chosen: each translation names its own language.
CHOSEN = N_("Okay, from now on I'll write to you in English.")
