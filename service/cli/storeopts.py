"""Options the governance commands share: which database to open (the server's, by default),
and `opened_store`, the one way a command opens and closes it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from service.cli.exitcodes import CommandFailed, ExitCode
from service.cli.extras import require
from service.settings import Settings
from service.store import Store, display_url, open_store


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", metavar="URL",
                        help="decision log database (CLEANGATE_DATABASE_URL; default sqlite file ./cleangate.db)")


def settings_with_db(args: argparse.Namespace) -> Settings:
    settings = Settings()
    if getattr(args, "database_url", None):
        settings = settings.model_copy(update={"database_url": args.database_url})
    return settings


def store_from(args: argparse.Namespace) -> Store | None:
    """The migrated store, or None after saying why the database could not be opened."""
    problem = require("server", str(getattr(args, "command", None) or "") or "this command")
    if problem:  # a slim install has no database drivers: say what to install, not an ImportError
        print(problem, file=sys.stderr)
        return None
    settings = settings_with_db(args)
    try:
        return open_store(settings)
    except Exception as exc:  # driver errors differ per database; the message is what the user needs
        print(f"cleangate: cannot open the database {display_url(settings.effective_database_url())}: "
              f"{str(exc).splitlines()[0]}", file=sys.stderr)
        return None


@contextmanager
def opened_store(args: argparse.Namespace) -> Iterator[Store]:
    """The migrated store for the body of a `with`, closed after it whatever happens.

    When the database cannot be opened, says why (`store_from`) and raises `CommandFailed`,
    which `cleangate` turns into exit 2: no command repeats the open-check-close dance.
    """
    store = store_from(args)
    if store is None:
        raise CommandFailed(ExitCode.USAGE)
    try:
        yield store
    finally:
        store.close()
