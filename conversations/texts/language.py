"""Texts of /language: the question and what changing the language says (in the language just chosen).

The buttons are each language's own name (``locales.NATIVE_NAMES``), never translated.
"""

from __future__ import annotations

from locales import N_

QUESTION = N_("Which language should I write to you in?")
# Translators: shown in the language just chosen, so name your own language here (Spanish: "en español").
CHOSEN = N_("Okay, from now on I'll write to you in English.")
