"""One problem hierarchy, one table from kind to status (issue 20): sbom/ says what went wrong,
never which HTTP status it earns, and every refusal is answered in the same problem+json shape."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sbom.errors import FieldProblem, Kind, ManifestError, ManifestTooLarge, Problem, UnsupportedFormat
from service.api import problems
from service.evalpool import EvaluationUnavailable
from service.problems import STATUS, http_status
from service.store import StoreError

ROOT = Path(__file__).resolve().parents[1]


def test_every_kind_has_one_status() -> None:
    assert set(STATUS) == set(Kind)
    assert all(400 <= status <= 599 for status in STATUS.values())


def test_sbom_never_chooses_an_http_status() -> None:
    """A loader that writes `status=4xx` (or imports the service layer) fails here with the line."""
    offenders = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
                 for path in sorted((ROOT / "sbom").rglob("*.py"))
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"\bstatus=\d|^\s*(from|import)\s+service\b", line)]
    assert offenders == []


def test_every_refusal_is_a_problem() -> None:
    refusals: list[Problem] = [ManifestTooLarge(10, 5), UnsupportedFormat("x"), StoreError("no such", "/id"),
                               EvaluationUnavailable("busy", "no worker")]
    assert [http_status(p) for p in refusals] == [413, 415, 422, 503]


def _answer(exc: Exception) -> tuple[int, dict[str, str], dict[str, object]]:
    app = FastAPI()
    problems.install(app)

    @app.get("/x")
    async def refuse() -> None:
        raise exc

    response = TestClient(app).get("/x")
    assert response.headers["content-type"] == problems.PROBLEM_JSON
    return response.status_code, dict(response.headers), response.json()


@pytest.mark.parametrize(("exc", "status", "retry", "body"), [
    (ManifestError("not valid", [FieldProblem("/a", "bad", "good")], Kind.MALFORMED), 400, None,
     {"title": "not valid", "detail": "/a: bad (expected good)",
      "errors": [{"pointer": "/a", "message": "bad", "expected": "good"}]}),
    (StoreError("no waiver with id 'w'", "/id", Kind.NOT_FOUND), 404, None,
     {"title": "no waiver with id 'w'", "errors": [{"pointer": "/id", "message": "no waiver with id 'w'",
                                                    "expected": None}]}),
    (StoreError("database busy", kind=Kind.UNAVAILABLE, code="store_busy"), 503, "5",
     {"title": "database busy", "code": "store_busy",
      "errors": [{"pointer": "", "message": "database busy", "expected": None}]}),
    (EvaluationUnavailable("busy", "no worker"), 503, "5", {"title": "no worker", "code": "busy"}),
    (EvaluationUnavailable("evaluation_timeout", "too slow"), 503, None,
     {"title": "too slow", "code": "evaluation_timeout"}),
    (EvaluationUnavailable("evaluation_failed", "crashed", Kind.FAILED), 500, None,
     {"title": "crashed", "code": "evaluation_failed"}),
])
def test_one_handler_answers_every_problem_in_one_shape(exc: Problem, status: int, retry: str | None,
                                                        body: dict[str, object]) -> None:
    got_status, headers, got = _answer(exc)
    assert got_status == status and headers.get("retry-after") == retry
    assert got == {"type": "about:blank", "status": status, **body}
