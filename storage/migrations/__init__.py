"""Alembic migration environment of the storage package (see :mod:`storage.migrate`)."""
