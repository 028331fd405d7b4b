"""Waiver matching is indexed: a request reads only the waivers that can match it.

Before, every request loaded all active waivers and filtered them in Python (10.2 ms at 1,000).
Now the store asks the database for waivers naming the system exactly and for the unrevoked
glob waivers, each through an index. These tests check, on SQLite and PostgreSQL, that the
answers stay exactly those of `waiver_matches` among many other systems' waivers, that the
database plans both queries on an index (never a scan of the table), and that a row edited
into a glob in the database is still found and refused. The cost itself is in
`python -m bench.bench_http` (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, event, text

from service.store import Store
from service.store.interface import WaiverRequest
from service.store.sql import SqlStore
from service.waivers import waiver_matches


def _waiver(store: Store, system: str, version: str | None = None, repository: str | None = None,
            days: int = 10) -> str:
    return store.create_waiver(WaiverRequest(
        rules=("AIACT-50-2",), system=system, version=version, repository=repository, justification="j",
        ticket="T-1", approver="dpo", expires_at=datetime.now(UTC) + timedelta(days=days)), "admin", 90).id


@contextmanager
def waiver_queries(store: SqlStore) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if "FROM waivers" in statement:
            seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)


def test_matching_among_many_other_systems_gives_exactly_the_scoped_waivers(store: Store) -> None:
    for i in range(60):
        _waiver(store, f"other-system-{i}")
    exact = _waiver(store, "chatbot")
    glob = _waiver(store, "chat*")
    bracket = _waiver(store, "[c]hatbot", version="2.*")
    scoped = _waiver(store, "chatbot", repository="org/repo")
    _waiver(store, "chatbot-two")
    _waiver(store, "team-?")
    revoked = _waiver(store, "chatbot")
    store.revoke_waiver(revoked, "admin", "done")
    assert {w.id for w in store.matching_waivers("chatbot", None, None)} == {exact, glob}
    assert {w.id for w in store.matching_waivers("chatbot", "2.1", "org/repo")} == {exact, glob, bracket, scoped}
    assert store.matching_waivers("unknown", None, None) == []
    assert {w.id for w in store.matching_waivers("chat\x00bot", None, None)} == {glob}  # NUL: no 500 on PostgreSQL
    every = store.list_waivers()
    cases = (("chatbot", "2.1", None), ("team-x", None, None), ("other-system-7", None, None))
    for system, version, repository in cases:
        expected = {w.id for w in every if waiver_matches(w, system, version, repository)}
        assert {w.id for w in store.matching_waivers(system, version, repository)} == expected


def test_both_waiver_queries_are_planned_on_an_index(store: Store) -> None:
    assert isinstance(store, SqlStore)
    for i in range(300):
        _waiver(store, f"other-system-{i}")
    _waiver(store, "team-*")
    is_sqlite = store.is_sqlite
    if not is_sqlite:
        with store.engine.begin() as conn:
            conn.execute(text("ANALYZE waivers"))
    with waiver_queries(store) as seen:
        store.matching_waivers("other-system-5", None, None)
    assert len(seen) == 2
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement, parameters in seen:
            cursor.execute(("EXPLAIN QUERY PLAN " if is_sqlite else "EXPLAIN ") + statement, parameters)
            plan = " ".join(str(row[-1] if is_sqlite else row[0]) for row in cursor.fetchall())
            assert "ix_waivers_active_glob" in plan or "ix_waivers_system" in plan, plan
            assert "SCAN waivers" not in plan and "Seq Scan" not in plan, plan
    finally:
        raw.close()


def test_a_row_edited_into_a_glob_is_found_and_refused(store: Store, db_url: str) -> None:
    """The glob query reads `system` itself (no derived column an intruder could leave behind)."""
    target = _waiver(store, "narrow")
    refused: list[str] = []
    store.set_integrity_listener(lambda t: refused.append(t.row_id))
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE waivers SET system = '*' WHERE id = :id"), {"id": target})
    engine.dispose()
    assert store.matching_waivers("anything", None, None) == []
    assert refused == [target]
