"""Repositories: plain async functions taking an ``AsyncSession``, one module per aggregate.

Callers (the Telegram flows, the reminder ticker) never write SQL; they open a unit of work with
``Database.session()`` and call these. Functions flush but never commit: the unit of work commits.
Timestamps are passed in (``now``) so callers control the clock; they must be timezone-aware.
"""
