"""Alembic migrations, shipped inside the package so a plain `pip install` can migrate."""
