"""Playground: judge a pasted or uploaded manifest (and facts file) at a chosen date.

The decision is made by the same evaluation pool, with the same waiver lookup and the same
bound, as POST /v1/evaluate — only `record=False`, so nothing reaches the decision log. The
scope rules are the API's too: `evaluate` to use it, `backdate` for a date before today.
The answer is shown as the page view and, verbatim, as the JSON the API would have returned.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sbom.errors import FieldProblem, Kind, ManifestError
from sbom.load import FactsFile, Syntax
from service.decision import Decision
from service.evalpool import EvaluationUnavailable
from service.problems import http_status
from service.store.recorder import evaluate_and_record
from service.ui import views
from service.ui.forms import Form, FormError, read_form
from service.ui.web import PREFIX, Viewer, csrf_refusal, page_viewer, refuse, render

router = APIRouter(include_in_schema=False)
SYNTAXES: dict[str, Syntax | None] = {"auto": None, "yaml": "yaml", "json": "json", "xml": "xml"}


def _piece(form: Form, name: str) -> tuple[bytes, str | None]:
    """An uploaded file wins over pasted text of the same name."""
    upload = form.files.get(name + "_file")
    if upload is not None and upload.data:
        return upload.data, upload.filename
    return form.get(name).replace("\r\n", "\n").encode("utf-8"), None


def _as_of(text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ManifestError("form is not valid", [FieldProblem("/as_of", f"{text[:20]!r} is not a date",
                                                               "YYYY-MM-DD")]) from None


def _page(request: Request, who: Viewer, status: int = 200, **context: object) -> Response:
    today = datetime.now(UTC).date().isoformat()
    return render(request, "playground.html", who, status=status, today=today, http_status=status, **context)


@router.get(PREFIX + "/playground")
async def playground_form(request: Request) -> Response:
    who = await page_viewer(request, "evaluate")
    if isinstance(who, Response):
        return who
    return _page(request, who, values={})


@router.post(PREFIX + "/playground")
async def playground_run(request: Request) -> Response:
    who = await page_viewer(request, "evaluate")
    if isinstance(who, Response):
        return who
    settings = request.app.state.settings
    try:
        form = await read_form(request, settings.max_body_bytes)
    except FormError as exc:
        return refuse(request, who, 400, str(exc))
    refused = csrf_refusal(request, who, form.get("csrf"))
    if refused is not None:
        return refused
    values = {k: form.get(k) for k in ("manifest", "facts", "as_of", "syntax")}
    try:
        decision = await _evaluate(request, who, form)
    except ManifestError as exc:
        return _page(request, who, http_status(exc), values=values, problem=exc)
    except EvaluationUnavailable as exc:
        return _page(request, who, http_status(exc), values=values, problem=ManifestError(exc.message, [], exc.kind))
    data = decision.model_dump(mode="json")
    return _page(request, who, values=values, d=data, groups=views.by_regulation(data["findings"]),
                 fired=views.fired(data), answer=decision.model_dump_json(indent=2))


async def _evaluate(request: Request, who: Viewer, form: Form) -> Decision:
    manifest, filename = _piece(form, "manifest")
    if not manifest.strip():
        raise ManifestError("nothing to evaluate", [FieldProblem("/manifest", "empty",
                                                                 "a manifest pasted or uploaded")], kind=Kind.MALFORMED)
    facts_bytes, facts_name = _piece(form, "facts")
    facts = FactsFile(facts_bytes, facts_name or "facts.yaml") if facts_bytes.strip() else None
    as_of = _as_of(form.get("as_of").strip())
    if as_of is not None and as_of < datetime.now(UTC).date() and not who.can("backdate"):
        raise ManifestError("not allowed", [FieldProblem("/as_of", f"token {who.name!r} lacks the 'backdate' scope "
                                                         "needed to judge at a past date", "today or later")],
                            kind=Kind.FORBIDDEN)
    syntax = SYNTAXES.get(form.get("syntax", "auto"))
    if syntax is None and filename:
        syntax = "yaml" if filename.endswith((".yaml", ".yml")) else "json" if filename.endswith(".json") else None
    return await evaluate_and_record(request.app.state.pool, request.app.state.store, manifest, syntax, as_of=as_of,
                                     ci={}, source=filename or "playground", token=who.name, record=False,
                                     facts=facts)
