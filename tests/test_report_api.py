"""POST /v1/reports/*: the same reports as the CLI, against a real uvicorn on a free port."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx
import yaml

from service.reports.clear_inventory import ClearInventory
from service.reports.training_summary import TrainingSummaryReport
from service.settings import Settings
from tests.conftest import EXAMPLES, Server

EXAMPLE = (EXAMPLES / "gpai-provider.yaml").read_bytes()
YAML = {"Content-Type": "application/yaml"}


def post(server: Server, report: str, body: bytes = EXAMPLE, headers: dict[str, str] | None = None,
         **params: str) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/reports/{report}", content=body, params=params, timeout=30,
                      headers={**server.auth, **YAML, **(headers or {})})


def test_training_summary_as_json_matches_the_cli_report(server: Server) -> None:
    response = post(server, "training-summary")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    report = TrainingSummaryReport.model_validate(response.json())
    assert report.model == "lumen-7b" and report.incomplete_sections == ["1.3"]
    assert report.footer[0].startswith("Source: manifest sha256:")


def test_training_summary_as_markdown_and_html(server: Server) -> None:
    md = post(server, "training-summary", format="md")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "### 2.3 Data crawled and scraped from online sources" in md.text
    assert "- **Training continues on new data:** *not stated*" in md.text
    tree = yaml.safe_load(EXAMPLE)
    tree["models"][0]["provider"] = "<script>alert(1)</script>"
    page = post(server, "training-summary", json.dumps(tree, default=str).encode(),
                {"Content-Type": "application/json"}, format="html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_clear_inventory_as_json_and_csv(server: Server) -> None:
    response = post(server, "clear-inventory")
    assert response.status_code == 200, response.text
    inventory = ClearInventory.model_validate(response.json())
    assert "not law" in inventory.legal_status and len(inventory.rows) == 4
    table = post(server, "clear-inventory", format="csv")
    assert table.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert [r["Dataset"] for r in rows][2] == "presswire-archive"
    assert all("not law" in r["Legal status"] for r in rows)


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


def test_bad_input_gets_a_problem_naming_what_was_wrong(server: Server) -> None:
    several = yaml.safe_load(EXAMPLE)
    several["models"].append({"name": "lumen-7b-instruct", "gpai": True})
    body = problem(post(server, "training-summary", yaml.safe_dump(several, sort_keys=False).encode()), 422)
    assert body["errors"][0]["pointer"] == "/models" and "lumen-7b-instruct" in body["errors"][0]["expected"]
    unknown = problem(post(server, "training-summary", model="nope"), 422)
    assert "no model named 'nope'" in unknown["errors"][0]["message"]
    typo = EXAMPLE.replace(b"    top_domains_ref:", b"    top_domain_ref:")
    assert problem(post(server, "training-summary", typo), 422)["errors"][0]["pointer"].startswith("/datasets/0")
    assert problem(post(server, "clear-inventory", b"a: [1,"), 400)
    problem(post(server, "clear-inventory", headers={"Content-Type": "text/plain"}), 415)
    problem(post(server, "clear-inventory", b"x" * (Settings().max_body_bytes + 1)), 413)  # one byte over the limit
    problem(post(server, "training-summary", format="pdf"), 422)


def test_reports_need_a_token_with_the_evaluate_scope(server: Server) -> None:
    problem(httpx.post(f"{server.url}/v1/reports/training-summary", content=EXAMPLE, headers=YAML, timeout=30), 401)
    created = httpx.post(f"{server.url}/v1/tokens", json={"name": "report-reader", "scopes": ["read"]},
                         headers=server.auth, timeout=30)
    assert created.status_code == 201, created.text
    reader = {"Authorization": f"Bearer {created.json()['token']}"}
    problem(httpx.post(f"{server.url}/v1/reports/clear-inventory", content=EXAMPLE, headers={**reader, **YAML},
                       timeout=30), 403)


def test_a_cyclonedx_body_and_a_multipart_upload_give_the_native_report(server: Server) -> None:
    from sbom.convert import to_cyclonedx
    from sbom.load import load_manifest

    native = post(server, "training-summary", format="md").text
    bom = json.dumps(to_cyclonedx(load_manifest(EXAMPLE).policy_input)).encode()
    from_bom = post(server, "training-summary", bom, {"Content-Type": "application/vnd.cyclonedx+json"}, format="md")
    assert from_bom.status_code == 200, from_bom.text

    def body(text: str) -> str:
        return text.split("\nSource: manifest")[0]  # the footer names each upload's own digest

    assert body(from_bom.text) == body(native)
    upload = httpx.post(f"{server.url}/v1/reports/training-summary", params={"format": "md"}, timeout=30,
                        headers=server.auth, files={"manifest": ("gpai-provider.yaml", EXAMPLE, "application/yaml")})
    assert upload.status_code == 200, upload.text
    assert body(upload.text) == body(native)
    assert "Source: manifest gpai-provider.yaml (sha256:" in upload.text, "the uploaded file's name is shown"
