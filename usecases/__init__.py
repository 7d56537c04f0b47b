"""The use cases: what BackCoach does, as functions of the database and the clock, returning plain results.

Handlers (``conversations/``) parse an update, call one of these and render the result in their flow's texts;
the reminder ticker (``bot/scheduler.py``) calls the same functions. Every clinical decision is made in
``coach/``; these functions read the rows it needs, ask it, and write what it decided, in one unit of work.
Nothing here sees a Telegram object.

- ``records``: stored rows <-> coach records, the one place that maps them (and the user's local calendar).
- ``reminder_rows``: the programme's access and lock, and the reminder rows that follow from a profile.
- ``checkin``: the pain check-ins after a session and the next-morning follow-up.
- ``questions``: the flows that ask questions (the names pending questions are stored under).
- ``lock``: raising, clearing and reading a red flag (the lock that stops the programme).
- ``session``: the day's session: start it, record each item once, "It hurts" and its safety questions, end it.
- ``endings``: what a finished session's stored status says happened (completed, partly done, nothing done,
  stopped for pain, ended by the user), decided there once.
- ``progress``: what /status and /progress show, on the user's own calendar.
- ``mydata``: everything about the user for /export, and /delete's checked deletion.
- ``reminders``: the weekly summary's facts and the reminder buttons (snooze, skip, level up, level 4).
- ``units``: the unit of work of one user's use case, taken in turn with their other units.
- ``users``: recording the user a command comes from (/start, /screen and /pain can be someone's first message).
- ``settings``: the user's days, reminder time, timezone, reminders on or off and the doctor check; a profile as
  the flows show it; the one profile writer the reminder rows follow.
- ``onboarding``: /start and /screen; saving an onboarding answer, the screen and its decision, the clearance
  of a red flag, and what question comes next.
- ``flare``: /pain (pause at once, the score, applying a re-check answer) and /resume (keep or lift the pause).
"""
