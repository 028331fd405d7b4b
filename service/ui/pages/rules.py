"""The rule catalogue: every rule's METADATA, searchable; one page per rule, linked from findings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from service.bundle.metadata import RuleInfo
from service.gate import Gate
from service.ui import views
from service.ui.web import PREFIX, page_viewer, refuse, render

router = APIRouter(include_in_schema=False)


def _metadata(gate: Gate, rule: RuleInfo) -> dict[str, Any]:
    """The rule's full METADATA block (related resources, custom dates...) as the policy file states it."""
    for annotation in gate.bundle.annotations:
        if annotation.rule is not None and annotation.rule.id == rule.id:
            return annotation.fields
    return {}


@router.get(PREFIX + "/rules")
async def catalogue(request: Request) -> Response:
    who = await page_viewer(request, "read")
    if isinstance(who, Response):
        return who
    gate: Gate = request.app.state.gate
    query = request.query_params.get("q", "")[:200]
    found = views.search_rules(gate.bundle.rules, query)
    return render(request, "rules.html", who, rules=found, total=len(gate.bundle.rules), q=query,
                  revision=gate.bundle.revision)


@router.get(PREFIX + "/rules/{rule_id}")
async def rule_page(rule_id: str, request: Request) -> Response:
    who = await page_viewer(request, "read")
    if isinstance(who, Response):
        return who
    gate: Gate = request.app.state.gate
    rule = next((r for r in gate.bundle.rules if r.id == rule_id), None)
    if rule is None:
        return refuse(request, who, 404, "The policies loaded in this gate define no rule with that id.")
    fields = _metadata(gate, rule)
    custom = fields.get("custom") if isinstance(fields.get("custom"), dict) else {}
    resources = [r for r in fields.get("related_resources") or [] if isinstance(r, dict) and r.get("ref")]
    shown = {"id", "regulation", "reference", "severity", "remediation", "applies_when"}
    extra = {str(k): v for k, v in (custom or {}).items() if k not in shown}
    return render(request, "rule.html", who, rule=rule, resources=resources, extra=extra)
