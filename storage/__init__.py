"""BackCoach storage: the database is the source of truth.

Layout:

- ``storage.models``: the sqlmodel tables (users, profiles, screening answers, exercise progress, session logs,
  exercise results, pain check-ins, reminders, deliveries, conversation states).
- ``storage.values``: the string vocabularies storage owns (session statuses, reminder kinds, deliveries);
  the coaching ones (session kinds, outcomes, pain contexts) are ``coach``'s, stored as given.
- ``storage.types``: column types shared by the models (aware-UTC datetimes, JSON, 64-bit ids).
- ``storage.database``: URL normalisation and :class:`~storage.database.Database` (async engine and sessions).
- ``storage.migrate``: Alembic migrations applied at start-up, without an ``alembic.ini``.
- ``storage.repositories``: the async functions the Telegram flows and the reminder ticker call.

Storage depends on nothing else in the project; ``conversations`` and ``bot`` depend on it.
"""
