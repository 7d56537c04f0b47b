"""BackCoach wiring: settings, logging, the Application factory, the entry point and local mode.

Start it with `python -m bot` (what `make run` and the Procfile do). The coaching rules live in `coach/`,
the database in `storage/`, the Telegram flows in `conversations/`; this package only puts them together.
"""
