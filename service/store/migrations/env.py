"""Alembic environment: run on the connection the store hands over (never a URL from a file).

The store opens the transaction and, on PostgreSQL, takes an advisory lock first, so two
workers starting at once do not both create the tables.
"""

from __future__ import annotations

from alembic import context

from service.store.models import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
context.run_migrations()
