"""The store on SQLAlchemy 2: a SQLite file by default, PostgreSQL for several replicas.

Appends to the hash chain are serialised across processes by locking the one-row `chain_head`
table inside the appending transaction: `SELECT ... FOR UPDATE` on PostgreSQL, `BEGIN IMMEDIATE`
(the database write lock) on SQLite. The new record, its hash and the moved head commit
together, so a crash leaves either the whole append or none of it, and two gates sharing a
database can never fork the chain.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, cast, create_engine, event, func, select, text, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from sbom.errors import Kind
from service.decision import Decision
from service.store import chain, integrity
from service.store.integrity import TOKEN_FIELDS, TOKEN_KINDS, WAIVER_FIELDS, WAIVER_KINDS, Tamper
from service.store.interface import (
    CheckpointRecord,
    DecisionFilter,
    Principal,
    Store,
    StoredDecision,
    StoreError,
    TokenRecord,
    VerifyResult,
    WaiverRecord,
    WaiverRequest,
)
from service.store.lookupcache import LookupCache
from service.store.models import WAIVER_GLOB_PREDICATE, api_tokens, audit_log, chain_head, checkpoints, waivers

# Waiver limits and scope matching are shared with repository waivers files (offline check).
from service.timestamps import as_utc, parse_utc, utc_text
from service.tokens import validate_token
from service.waivers import validate_revoke_reason, validate_waiver, waiver_matches

log = logging.getLogger("cleangate.integrity")
MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x436C_6E47  # arbitrary, constant: "ClnG"
BATCH = 500


# Sizes of the log's filter columns, from the table definition (column_key fits values into them).
SYSTEM_COLUMN: int = audit_log.c.system.type.length  # type: ignore[attr-defined]
REPOSITORY_COLUMN: int = audit_log.c.repository.type.length  # type: ignore[attr-defined]
ACTOR_COLUMN: int = audit_log.c.actor.type.length  # type: ignore[attr-defined]
VERDICT_COLUMN: int = audit_log.c.verdict.type.length  # type: ignore[attr-defined]


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _sqlite_engine(url: str, lock_timeout: float) -> Engine:
    engine = create_engine(url, connect_args={"timeout": lock_timeout, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so `begin` below decides.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(lock_timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")  # a committed decision survives power loss too
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("cleangate_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _postgres_engine(url: str, lock_timeout: float, statement_timeout: float) -> Engine:
    engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, pool_timeout=lock_timeout)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Every session waits at most this long for a lock (the chain head) or a statement, so a
        # stuck writer elsewhere gives a quick 503 instead of requests piling up for minutes.
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {int(lock_timeout * 1000)}")
            cursor.execute(f"SET statement_timeout = {int(statement_timeout * 1000)}")
        dbapi_connection.commit()

    return engine


class SqlStore(Store):
    def __init__(self, url: str, lock_timeout: float = 5.0, statement_timeout: float = 30.0,
                 cache_seconds: float = 0.0) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.lock_timeout = lock_timeout
        self.engine = _sqlite_engine(url, lock_timeout) if self.is_sqlite else _postgres_engine(
            url, lock_timeout, statement_timeout)
        self.integrity_listener: Callable[[Tamper], None] | None = None
        self.record_signer: Any = None
        self.record_keys: list[Any] | None = None
        # Token and waiver look-ups of this process (service/store/lookupcache.py): off at 0.
        self.principals: LookupCache[str, Principal] = LookupCache(cache_seconds)
        self.waiver_sets: LookupCache[tuple[str, str | None, str | None], list[WaiverRecord]] = LookupCache(
            cache_seconds)

    def configure_signing(self, signer: Any, keys: list[Any], require: bool) -> None:
        """Sign every waiver/token record with `signer`; with `require`, refuse rows whose latest
        record no trusted key signed (a forged record appended to the chain)."""
        self.record_signer = signer
        self.record_keys = keys if require else None

    def set_integrity_listener(self, listener: Callable[[Tamper], None] | None) -> None:
        self.integrity_listener = listener

    def _refused(self, tamper: Tamper) -> None:
        log.warning("refused a %s row that does not match the hash chain: %s", tamper.table, tamper.reason,
                    extra={"row_id": tamper.row_id, "label": tamper.label})
        if self.integrity_listener is not None:
            self.integrity_listener(tamper)

    def _sealed(self, conn: Connection, table: str, rows: Sequence[Any]) -> tuple[list[Any], list[Tamper]]:
        """Split rows into those matching their latest chain record and those refused."""
        if not rows:
            return [], []
        kinds, fields, state_of = ((WAIVER_KINDS, WAIVER_FIELDS, integrity.waiver_state) if table == "waivers"
                                   else (TOKEN_KINDS, TOKEN_FIELDS, integrity.token_state))
        latest: dict[str, dict[str, Any]] = {}
        ids = [r.id for r in rows]
        for start in range(0, len(ids), BATCH):
            query = select(audit_log).where(audit_log.c.entry_id.in_(ids[start:start + BATCH]),
                                            audit_log.c.kind.in_(kinds))
            for rec in conn.execute(query).mappings():
                if rec["entry_id"] not in latest or rec["seq"] > latest[rec["entry_id"]]["seq"]:
                    latest[rec["entry_id"]] = dict(rec)
        following: dict[int, str] = {}
        seqs = [r["seq"] + 1 for r in latest.values()]
        for start in range(0, len(seqs), BATCH):
            query = select(audit_log.c.seq, audit_log.c.prev_hash).where(audit_log.c.seq.in_(seqs[start:start + BATCH]))
            following.update({r.seq: r.prev_hash for r in conn.execute(query)})
        head_row = conn.execute(select(chain_head.c.seq, chain_head.c.hash).where(chain_head.c.id == 1)).one()
        head = (int(head_row.seq), str(head_row.hash))
        good, bad = [], []
        for row in rows:
            record = latest.get(row.id)
            label = row.name if table == "api_tokens" else row.system
            tamper = integrity.judge(table, row.id, label, state_of(row), record, fields,
                                     following.get(record["seq"] + 1) if record else None, head, self.record_keys)
            if tamper is None:
                good.append(row)
            else:
                bad.append(tamper)
        return good, bad

    def _only_sealed(self, conn: Connection, table: str, rows: Sequence[Any]) -> list[Any]:
        good, bad = self._sealed(conn, table, rows)
        for tamper in bad:
            self._refused(tamper)
        return good

    # -- plumbing -------------------------------------------------------------------------------

    @contextmanager
    def _busy_as_503(self) -> Iterator[None]:
        """A lock, statement or pool timeout (or a lost database) is "not now", never a 500."""
        try:
            yield
        except (OperationalError, PoolTimeout) as exc:
            raise StoreError(
                f"the decision log database did not answer in time ({type(getattr(exc, 'orig', exc)).__name__}); "
                "nothing was recorded, retry later", kind=Kind.UNAVAILABLE, code="store_busy",
            ) from None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._busy_as_503(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def _write(self) -> Iterator[tuple[Connection, dict[str, Any]]]:
        """A transaction that holds the chain lock; yields the connection and the locked head."""
        with self._busy_as_503(), self.engine.connect() as conn:
            conn.execution_options(cleangate_write=True)
            with conn.begin():
                head = conn.execute(
                    select(chain_head.c.seq, chain_head.c.hash).where(chain_head.c.id == 1).with_for_update()
                ).one()
                yield conn, {"seq": head.seq, "hash": head.hash}

    def _append(self, conn: Connection, head: dict[str, Any], kind: str, entry_id: str, payload: Any, *,
                actor: str | None, system: str | None = None, verdict: str | None = None,
                repository: str | None = None, manifest: str | None = None) -> dict[str, Any]:
        if self.record_signer is not None and kind.startswith(("waiver.", "token.")):
            payload = {**payload, "signature": integrity.sign_state(kind, entry_id, payload, self.record_signer)}
        record = {
            "seq": head["seq"] + 1, "kind": kind, "entry_id": entry_id, "created_at": utc_text(),
            "system": column_key(system, SYSTEM_COLUMN), "verdict": verdict,
            "repository": column_key(repository, REPOSITORY_COLUMN), "actor": column_key(actor, ACTOR_COLUMN),
            "payload": dumps(payload), "manifest": manifest, "prev_hash": head["hash"],
        }
        record["hash"] = chain.record_hash(record, head["hash"])
        conn.execute(audit_log.insert().values(**record))
        conn.execute(update(chain_head).where(chain_head.c.id == 1).values(seq=record["seq"], hash=record["hash"]))
        head["seq"], head["hash"] = record["seq"], record["hash"]
        return record

    def migrate(self) -> None:
        # Alembic costs ~0.3 s to import; only migrating pays for it, not every CLI command.
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.connect() as conn:
            conn.execution_options(cleangate_write=True)
            with conn.begin():
                if not self.is_sqlite:
                    # Migrations may wait for another replica's migration and run long: no timeouts.
                    conn.execute(text("SET LOCAL lock_timeout = 0"))
                    conn.execute(text("SET LOCAL statement_timeout = 0"))
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")

    def ping(self) -> None:
        with self._read() as conn:
            conn.execute(text("SELECT 1"))

    def close(self) -> None:
        self.engine.dispose()

    # -- decisions ------------------------------------------------------------------------------

    def record_decision(self, decision: Decision, manifest: str, token: str | None) -> StoredDecision:
        payload = decision.model_dump(mode="json")
        with self._write() as (conn, head):
            record = self._append(
                conn, head, "decision", decision.decision_id, payload, actor=token,
                system=decision.manifest.system, verdict=decision.verdict,
                repository=decision.context.get("repository"), manifest=manifest,
            )
        return StoredDecision(record["seq"], decision.decision_id, _moment(record["created_at"]), token, payload,
                              manifest, record["hash"])

    def get_decision(self, decision_id: str) -> StoredDecision | None:
        if "\x00" in decision_id:  # never stored (and PostgreSQL refuses to compare it)
            return None
        with self._read() as conn:
            row = conn.execute(select(audit_log).where(
                audit_log.c.kind == "decision", audit_log.c.entry_id == decision_id)).first()
        if row is None:
            return None
        return StoredDecision(row.seq, row.entry_id, _moment(row.created_at), row.actor, json.loads(row.payload),
                              row.manifest, row.hash)

    def list_decision_summaries(self, filt: DecisionFilter, limit: int, before_seq: int | None) -> list[dict[str, Any]]:
        """The summary fields are picked out of the stored JSON by the database (json_extract /
        `#>>`), so the server never holds 500 full decisions in memory to list them: listing 60
        rows of large decisions took the process from 221 to 586 MB."""
        c = audit_log.c
        paths = {"created_at": ("created_at",), "verdict": ("verdict",), "system": ("manifest", "system"),
                 "system_version": ("manifest", "system_version"), "repository": ("context", "repository"),
                 "commit": ("context", "commit"), "summary": ("summary",)}
        if self.is_sqlite:
            fields = [func.json_extract(c.payload, "$." + ".".join(p)).label(k) for k, p in paths.items()]
            fields[-1] = func.json(func.json_extract(c.payload, "$.summary")).label("summary")
        else:
            doc = cast(c.payload, postgresql.JSON)
            fields = [doc[p].astext.label(k) for k, p in paths.items()]  # the `#>>` path operator
        query = self._decision_query([c.seq, c.entry_id, c.created_at.label("recorded_at"), c.actor, c.hash, *fields],
                                     filt, before_seq)
        with self._read() as conn:
            rows = conn.execute(query.order_by(c.seq.desc()).limit(limit)).all()
        return [{
            "decision_id": r.entry_id, "seq": r.seq, "recorded_at": _moment(r.recorded_at),
            "created_at": r.created_at, "verdict": r.verdict, "system": r.system, "system_version": r.system_version,
            "repository": r.repository, "commit": r.commit, "token": r.actor,
            "summary": json.loads(r.summary) if r.summary else None, "hash": r.hash,
        } for r in rows]

    def _decision_query(self, columns: list[Any], filt: DecisionFilter, before_seq: int | None) -> Any:
        c = audit_log.c
        query = select(*columns).where(c.kind == "decision")
        for column, value, size in ((c.system, filt.system, SYSTEM_COLUMN), (c.verdict, filt.verdict, VERDICT_COLUMN),
                                    (c.repository, filt.repository, REPOSITORY_COLUMN)):
            if value is not None:
                query = query.where(column == column_key(value, size))
        if filt.since:
            query = query.where(c.created_at >= utc_text(filt.since))
        if filt.until:
            query = query.where(c.created_at < utc_text(filt.until))
        if before_seq is not None:
            query = query.where(c.seq < before_seq)
        return query

    def list_decisions(self, filt: DecisionFilter, limit: int, before_seq: int | None) -> list[StoredDecision]:
        c = audit_log.c
        query = self._decision_query([c.seq, c.entry_id, c.created_at, c.actor, c.payload, c.hash], filt, before_seq)
        with self._read() as conn:
            rows = conn.execute(query.order_by(c.seq.desc()).limit(limit)).all()
        return [StoredDecision(r.seq, r.entry_id, _moment(r.created_at), r.actor, json.loads(r.payload), None, r.hash)
                for r in rows]

    def iter_decisions(self) -> Iterator[StoredDecision]:
        """Decision records only, oldest first, in pages of BATCH rows from one snapshot."""
        c = audit_log.c
        columns = (c.seq, c.entry_id, c.created_at, c.actor, c.payload, c.manifest, c.hash)
        with self._busy_as_503(), self._snapshot() as conn:
            last = 0
            while True:
                query = select(*columns).where(c.kind == "decision", c.seq > last).order_by(c.seq).limit(BATCH)
                rows = conn.execute(query).all()
                if not rows:
                    return
                for r in rows:
                    yield StoredDecision(r.seq, r.entry_id, _moment(r.created_at), r.actor, json.loads(r.payload),
                                         r.manifest, r.hash)
                last = rows[-1].seq

    # -- the chain as a whole -------------------------------------------------------------------

    def _records(self, conn: Connection) -> Iterator[dict[str, Any]]:
        last = 0
        while True:
            query = select(audit_log).where(audit_log.c.seq > last)
            rows = conn.execute(query.order_by(audit_log.c.seq).limit(BATCH)).mappings().all()
            if not rows:
                return
            for row in rows:
                yield dict(row)
            last = rows[-1]["seq"]

    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """One consistent view of head and rows, so appends running meanwhile are not mistaken for
        tampering, and rows beyond the head (forged, not appended) are."""
        with self.engine.connect() as conn:
            if not self.is_sqlite:  # SQLite's read transaction in WAL mode is a snapshot already
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    def verify(self, anchors: Iterable[chain.Anchor] = ()) -> VerifyResult:
        anchors = list(anchors)
        with self._snapshot() as conn:
            head = conn.execute(select(chain_head.c.seq, chain_head.c.hash).where(chain_head.c.id == 1)).one()
            checker = chain.check(self._records(conn), anchors)
            waiver_rows = conn.execute(select(waivers)).all()
            token_rows = conn.execute(select(api_tokens)).all()
        checker.finish(head.seq, head.hash)
        brk = checker.first_break
        result = VerifyResult(ok=brk is None, checked=checker.checked, head_seq=head.seq, head_hash=head.hash,
                              checkpoints=len(anchors))
        if brk is not None:
            result.broken_seq, result.broken_entry, result.reason = brk.seq, brk.entry_id, brk.reason
        result.rows = [t.public() for t in _rows_against_chain(checker.governance, waiver_rows, token_rows,
                                                               self.record_keys)]
        result.ok = result.ok and not result.rows
        return result

    def head(self) -> tuple[int, str]:
        with self._read() as conn:
            row = conn.execute(select(chain_head.c.seq, chain_head.c.hash).where(chain_head.c.id == 1)).one()
        return int(row.seq), str(row.hash)

    def record_settings(self, snapshot: dict[str, Any], actor: str | None) -> bool:
        with self._write() as (conn, head):
            last = conn.execute(select(audit_log.c.payload).where(audit_log.c.kind == integrity.SETTINGS_KIND)
                                .order_by(audit_log.c.seq.desc()).limit(1)).first()
            if last is not None and last.payload == dumps(snapshot):
                return False
            entry_id = hashlib.sha256(dumps(snapshot).encode("utf-8")).hexdigest()
            self._append(conn, head, integrity.SETTINGS_KIND, entry_id, snapshot, actor=actor)
        return True

    def add_checkpoint(self, checkpoint: CheckpointRecord) -> bool:
        try:
            with self._write() as (conn, _head):
                if conn.execute(select(checkpoints.c.seq).where(checkpoints.c.seq == checkpoint.seq)).first():
                    return False
                conn.execute(checkpoints.insert().values(
                    seq=checkpoint.seq, hash=checkpoint.hash, created_at=utc_text(checkpoint.created_at),
                    keyid=checkpoint.keyid, envelope=dumps(checkpoint.envelope)))
        except IntegrityError:
            return False
        return True

    def latest_checkpoint(self) -> CheckpointRecord | None:
        with self._read() as conn:
            row = conn.execute(select(checkpoints).order_by(checkpoints.c.seq.desc()).limit(1)).first()
        if row is None:
            return None
        return CheckpointRecord(int(row.seq), row.hash, _moment(row.created_at), row.keyid, json.loads(row.envelope))

    def export(self) -> Iterator[dict[str, Any]]:
        with self._snapshot() as conn:
            yield from self._records(conn)

    # -- waivers --------------------------------------------------------------------------------

    @staticmethod
    def _waiver(row: Any) -> WaiverRecord:
        return WaiverRecord(
            id=row.id, rules=tuple(json.loads(row.rules)), system=row.system, version=row.version,
            repository=row.repository, justification=row.justification, ticket=row.ticket,
            approver=row.approver, expires_at=_moment(row.expires_at), created_at=_moment(row.created_at),
            created_by=row.created_by, revoked_at=_maybe_moment(row.revoked_at), revoked_by=row.revoked_by,
            revoke_reason=row.revoke_reason,
        )

    def create_waiver(self, request: WaiverRequest, actor: str | None, max_days: int) -> WaiverRecord:
        validate_waiver(request, max_days)
        record = WaiverRecord(
            id=str(uuid.uuid4()), rules=tuple(sorted(set(request.rules))), system=request.system,
            version=request.version, repository=request.repository, justification=request.justification,
            ticket=request.ticket, approver=request.approver, expires_at=as_utc(request.expires_at),
            created_at=datetime.now(UTC), created_by=actor,
        )
        values = record.public()
        values["rules"] = dumps(list(record.rules))
        with self._write() as (conn, head):
            conn.execute(waivers.insert().values(**values))
            self._append(conn, head, "waiver.created", record.id, record.public(), actor=actor, system=record.system)
        self.waiver_sets.clear()
        return record

    def revoke_waiver(self, waiver_id: str, actor: str | None, reason: str | None) -> WaiverRecord:
        validate_revoke_reason(reason)
        with self._write() as (conn, head):
            query = select(waivers).where(waivers.c.id == waiver_id)
            row = None if "\x00" in waiver_id else conn.execute(query).first()
            if row is None:
                raise StoreError(f"no waiver with id {waiver_id!r}", "/id", Kind.NOT_FOUND)
            if row.revoked_at is not None:
                raise StoreError(f"waiver {waiver_id} was already revoked at {row.revoked_at}", "/id", Kind.CONFLICT)
            _, bad = self._sealed(conn, "waivers", [row])
            if bad:
                self._refused(bad[0])
                raise StoreError(f"waiver {waiver_id} does not match its hash-chain record ({bad[0].reason}); "
                                 "it is not applied; run `cleangate audit verify`", "/id", Kind.CONFLICT)
            moment = datetime.now(UTC)
            now = utc_text(moment)
            conn.execute(update(waivers).where(waivers.c.id == waiver_id).values(
                revoked_at=now, revoked_by=actor, revoke_reason=reason))
            revoked = self._waiver(row)
            revoked = WaiverRecord(**{**revoked.__dict__, "revoked_at": moment, "revoked_by": actor,
                                      "revoke_reason": reason})
            self._append(conn, head, "waiver.revoked", waiver_id, revoked.public(), actor=actor,
                         system=revoked.system)
        self.waiver_sets.clear()
        return revoked

    def list_waivers(self, include_inactive: bool = False) -> list[WaiverRecord]:
        query = select(waivers).order_by(waivers.c.expires_at)
        if not include_inactive:
            query = query.where(waivers.c.revoked_at.is_(None), waivers.c.expires_at > utc_text())
        with self._read() as conn:
            return [self._waiver(r) for r in self._only_sealed(conn, "waivers", conn.execute(query).all())]

    def matching_waivers(self, system: str, version: str | None, repository: str | None) -> list[WaiverRecord]:
        """The active waivers for one manifest, from two indexed queries: waivers naming this
        system exactly, and the (few) unrevoked waivers whose system is a glob. Both read the
        `system` column itself, so an edited row is still found, judged against the chain and
        refused; the cost does not grow with the waivers of other systems."""
        now = utc_text()
        active = (waivers.c.revoked_at.is_(None), waivers.c.expires_at > now)
        queries = [select(waivers).where(text(WAIVER_GLOB_PREDICATE), *active)]
        if "\x00" not in system:  # no waiver names a NUL (refused on create); PostgreSQL refuses to compare it
            queries.append(select(waivers).where(waivers.c.system == system, *active))
        with self._read() as conn:
            rows = {r.id: r for query in queries for r in conn.execute(query).all()}
            found = [self._waiver(r) for r in self._only_sealed(conn, "waivers", list(rows.values()))]
        found.sort(key=lambda w: (w.expires_at, w.id))  # datetimes: the same order as the stored text
        matching = [w for w in found if waiver_matches(w, system, version, repository)]
        self.waiver_sets.put((system, version, repository), matching)
        return matching

    def cached_waivers(self, system: str, version: str | None, repository: str | None) -> list[WaiverRecord] | None:
        found = self.waiver_sets.get((system, version, repository))
        if found is None:
            return None
        now = datetime.now(UTC)
        return [w for w in found if w.expires_at > now]  # one that expired since is dropped at once

    # -- tokens ---------------------------------------------------------------------------------

    @staticmethod
    def _token(row: Any) -> TokenRecord:
        return TokenRecord(row.id, row.name, tuple(row.scopes.split(",")), _moment(row.created_at), row.created_by,
                           _maybe_moment(row.revoked_at))

    def create_token(self, name: str, scopes: tuple[str, ...], actor: str | None) -> tuple[TokenRecord, str]:
        scopes = validate_token(name, scopes)
        secret = "cg_" + secrets.token_urlsafe(32)
        record = TokenRecord(str(uuid.uuid4()), name, scopes, datetime.now(UTC), actor)
        try:
            with self._write() as (conn, head):
                if conn.execute(select(api_tokens.c.id).where(api_tokens.c.name == name)).first():
                    raise StoreError(f"a token named {name!r} exists or existed; token names are never reused "
                                     "(the audit log refers to them): pick another name", "/name", Kind.CONFLICT)
                values = {"id": record.id, "name": name, "secret_hash": hash_secret(secret),
                          "scopes": ",".join(record.scopes), "created_at": utc_text(record.created_at),
                          "created_by": actor, "revoked_at": None}
                conn.execute(api_tokens.insert().values(**values))
                self._append(conn, head, "token.created", record.id, integrity.token_state(values), actor=actor)
        except IntegrityError:
            raise StoreError(f"a token named {name!r} exists or existed; token names are never reused "
                             "(the audit log refers to them): pick another name", "/name", Kind.CONFLICT) from None
        return record, secret

    def revoke_token(self, name: str, actor: str | None) -> TokenRecord:
        with self._write() as (conn, head):
            query = select(api_tokens).where(api_tokens.c.name == name)
            row = None if "\x00" in name else conn.execute(query).first()
            if row is None:
                raise StoreError(f"no token named {name!r}", "/name", Kind.NOT_FOUND)
            if row.revoked_at is not None:
                raise StoreError(f"token {name!r} was already revoked at {row.revoked_at}", "/name", Kind.CONFLICT)
            _, bad = self._sealed(conn, "api_tokens", [row])
            if bad:
                self._refused(bad[0])
                raise StoreError(f"token {name!r} does not match its hash-chain record ({bad[0].reason}); it "
                                 "does not authenticate; run `cleangate audit verify`", "/name", Kind.CONFLICT)
            moment = datetime.now(UTC)
            now = utc_text(moment)
            conn.execute(update(api_tokens).where(api_tokens.c.id == row.id).values(revoked_at=now))
            state = {**integrity.token_state(row), "revoked_at": now}
            self._append(conn, head, "token.revoked", row.id, state, actor=actor)
        self.principals.clear()
        return TokenRecord(row.id, row.name, tuple(row.scopes.split(",")), _moment(row.created_at), row.created_by,
                           moment)

    def list_tokens(self) -> list[TokenRecord]:
        with self._read() as conn:
            rows = conn.execute(select(api_tokens).order_by(api_tokens.c.name)).all()
            return [self._token(r) for r in self._only_sealed(conn, "api_tokens", rows)]

    def authenticate(self, secret: str) -> Principal | None:
        digest = hash_secret(secret)
        with self._read() as conn:
            row = conn.execute(select(api_tokens).where(
                api_tokens.c.secret_hash == digest, api_tokens.c.revoked_at.is_(None))).first()
            if row is None or not self._only_sealed(conn, "api_tokens", [row]):
                return None
        principal = Principal(row.name, frozenset(row.scopes.split(",")))
        self.principals.put(digest, principal)  # only tokens that passed the chain check
        return principal

    def cached_principal(self, secret: str) -> Principal | None:
        return self.principals.get(hash_secret(secret)) if self.principals.enabled else None


def _rows_against_chain(latest: dict[str, dict[str, Any]], waiver_rows: Sequence[Any],
                        token_rows: Sequence[Any], keys: list[Any] | None = None) -> list[Tamper]:
    """Every waiver/token row compared with the latest chain record for it (from a full chain
    pass, so linkage is already proved), plus rows whose records exist but whose row is gone."""
    out: list[Tamper] = []
    seen: set[str] = set()
    for table, rows, kinds, fields, state_of in (
        ("waivers", waiver_rows, WAIVER_KINDS, WAIVER_FIELDS, integrity.waiver_state),
        ("api_tokens", token_rows, TOKEN_KINDS, TOKEN_FIELDS, integrity.token_state),
    ):
        for row in rows:
            seen.add(row.id)
            record = latest.get(row.id)
            if record is not None and record.get("kind") not in kinds:
                record = None
            label = row.name if table == "api_tokens" else row.system
            if record is None:
                out.append(Tamper(table, row.id, label, "no chain record: the row was written directly to the "
                                                        "database"))
                continue
            diff = integrity.differences(state_of(row), integrity.recorded_state(record), fields)
            if diff:
                out.append(Tamper(table, row.id, label, f"differs from its chain record {record.get('seq')} "
                                                        f"({record.get('kind')}) in " + ", ".join(diff)
                                                        + ": the row was edited in the database"))
            elif keys is not None and (problem := integrity.signature_problem(record, keys)):
                out.append(Tamper(table, row.id, label, problem))
    for entry_id, record in latest.items():
        if entry_id not in seen:
            table = "waivers" if str(record.get("kind")).startswith("waiver.") else "api_tokens"
            out.append(Tamper(table, entry_id, str(record.get("system") or ""),
                              f"chain record {record.get('seq')} ({record.get('kind')}) has no row: the row was "
                              "deleted from the database"))
    return out


def _moment(value: str) -> datetime:
    """A stored moment as the interface returns it; text the store never writes (a row edited in
    the database) is a store failure that says so, not a traceback."""
    try:
        return parse_utc(value)
    except (TypeError, ValueError):
        raise StoreError(f"a stored time {str(value)[:40]!r} is not the store's UTC text (edited in the "
                         "database?); run `cleangate audit verify`", kind=Kind.FAILED) from None


def _maybe_moment(value: str | None) -> datetime | None:
    """A stored moment that may be absent (not revoked)."""
    return None if value is None else _moment(value)


def _no_nul(value: str | None) -> str | None:
    """PostgreSQL text cannot hold NUL, which a YAML "\\0" escape can put in a system name. The
    filter columns get a visible escape; the payload JSON keeps the exact value (as \\u0000)."""
    return value.replace("\x00", "\\u0000") if value else value


def column_key(value: str | None, size: int) -> str | None:
    """What an indexed filter column of `size` characters holds for `value`, on every backend.

    The manifest allows longer values than the filter columns (a 2,000-character repository;
    a 300-character system name that NUL escaping makes six times longer); PostgreSQL refused
    them and SQLite, which ignores VARCHAR sizes, took them, so the two backends accepted
    different manifests. A value that does not fit is stored as its first characters and the
    sha256 of the whole (escaped) value: filters compute the same key, so an exact-match filter
    still finds exactly that value; the decision payload keeps the value in full.
    """
    escaped = _no_nul(value)
    if escaped is None or len(escaped) <= size:
        return escaped
    digest = hashlib.sha256(escaped.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{escaped[:size - len(digest) - 1]}~{digest}"


def hash_secret(secret: str) -> str:
    """Tokens are 256-bit random strings, so a plain sha256 is enough to make a leaked table useless."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
