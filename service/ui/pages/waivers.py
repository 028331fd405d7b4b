"""Waivers (admin scope): list, grant, revoke with a reason.

A waiver granted here goes through exactly the API's checks: the form is turned into the API's
own request model (`WaiverIn`, same field limits, unknown fields refused) and then into the
store's `create_waiver`, which applies the same rule-id, scope and expiry checks as for the API
and the CLI. Errors are shown next to the form with the field they concern.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from service.api.routes.waivers import WaiverIn
from service.problems import http_status
from service.store import Store, StoreError, WaiverRequest
from service.ui.forms import FormError, read_form
from service.ui.web import PREFIX, Viewer, csrf_refusal, page_viewer, refuse, render
from service.waivers import assess, report

router = APIRouter(include_in_schema=False)
log = logging.getLogger("cleangate.waivers")
FIELDS = ("rules", "system", "version", "repository", "justification", "ticket", "approver", "expires_at")
DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NOTICES = {"created": "Waiver granted.", "revoked": "Waiver revoked; it stays on record."}


def _known(request: Request) -> frozenset[str]:
    known: frozenset[str] = request.app.state.gate.bundle.rule_ids
    return known


def to_body(fields: dict[str, str]) -> dict[str, Any]:
    """Form fields as the API's JSON body: rules split on commas/space, empty optional scopes
    left out, a bare date meaning the end of that day (UTC)."""
    body: dict[str, Any] = {k: v.strip() for k, v in fields.items() if k in FIELDS}
    body["rules"] = [r for r in re.split(r"[\s,]+", body.get("rules", "")) if r]
    for optional in ("version", "repository"):
        if not body.get(optional):
            body.pop(optional, None)
    expires = body.get("expires_at", "")
    if DATE_ONLY.match(expires):
        body["expires_at"] = expires + "T23:59:59Z"
    return body


def validation_errors(exc: ValidationError) -> list[str]:
    return [f"{'/'.join(str(p) for p in e['loc']) or 'form'}: {e['msg']}" for e in exc.errors()]


async def _page(request: Request, who: Viewer, status: int = 200, errors: list[str] | None = None,
                values: dict[str, str] | None = None) -> Response:
    settings = request.app.state.settings
    show_all = request.query_params.get("all") == "1"
    records = await run_in_threadpool(request.app.state.store.list_waivers, show_all)
    items = report(records, _known(request), settings.waiver_warn_days)
    return render(request, "waivers.html", who, status=status, items=items, errors=errors or [],
                  values=values or {}, show_all=show_all, warn_days=settings.waiver_warn_days,
                  max_days=settings.waiver_max_days, notice=NOTICES.get(request.query_params.get("done", "")))


@router.get(PREFIX + "/waivers")
async def waiver_list(request: Request) -> Response:
    who = await page_viewer(request, "admin")
    if isinstance(who, Response):
        return who
    return await _page(request, who)


@router.post(PREFIX + "/waivers")
async def waiver_create(request: Request) -> Response:
    who = await page_viewer(request, "admin")
    if isinstance(who, Response):
        return who
    try:
        form = await read_form(request, 64 * 1024)
    except FormError as exc:
        return refuse(request, who, 400, str(exc))
    refused = csrf_refusal(request, who, form.get("csrf"))
    if refused is not None:
        return refused
    values = {k: form.get(k) for k in FIELDS}
    try:
        body = WaiverIn.model_validate(to_body(form.fields))
    except ValidationError as exc:
        return await _page(request, who, 422, validation_errors(exc), values)
    wreq = WaiverRequest(rules=tuple(body.rules), system=body.system, version=body.version,
                         repository=body.repository, justification=body.justification, ticket=body.ticket,
                         approver=body.approver, expires_at=body.expires_at)
    settings = request.app.state.settings
    store: Store = request.app.state.store
    try:
        record = await run_in_threadpool(store.create_waiver, wreq, who.name, settings.waiver_max_days)
    except StoreError as exc:
        return await _page(request, who, http_status(exc), [f"{exc.pointer.lstrip('/') or 'waiver'}: {exc.message}"],
                           values)
    out = assess(record, _known(request), settings.waiver_warn_days)
    log.info("waiver created", extra={"waiver_id": out["id"], "system": out["system"], "token": who.name,
                                      "warnings": out["warnings"], "via": "ui"})
    return RedirectResponse(PREFIX + "/waivers?done=created", status_code=303)


@router.post(PREFIX + "/waivers/{waiver_id}/revoke")
async def waiver_revoke(waiver_id: str, request: Request) -> Response:
    who = await page_viewer(request, "admin")
    if isinstance(who, Response):
        return who
    try:
        form = await read_form(request, 64 * 1024)
    except FormError as exc:
        return refuse(request, who, 400, str(exc))
    refused = csrf_refusal(request, who, form.get("csrf"))
    if refused is not None:
        return refused
    reason = form.get("reason").strip()
    if not reason:
        return await _page(request, who, 422, ["reason: say why the waiver is revoked"])
    try:
        record = await run_in_threadpool(request.app.state.store.revoke_waiver, waiver_id[:100], who.name, reason)
    except StoreError as exc:
        return await _page(request, who, http_status(exc), [f"{exc.pointer.lstrip('/') or 'waiver'}: {exc.message}"])
    log.info("waiver revoked", extra={"waiver_id": record.id, "system": record.system, "token": who.name, "via": "ui"})
    return RedirectResponse(PREFIX + "/waivers?done=revoked", status_code=303)
