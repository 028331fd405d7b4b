"""Dataset blast radius and lineage over a real decision log (SQLite and PostgreSQL).

The log is written the way production writes it: each manifest of tests/lineage_log is POSTed to
a real gate server, which records the decision with its manifest. The questions are then asked
over HTTP and through the CLI against the same database, and must get the same answers.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.cli.main import main
from service.gate import Gate
from service.store import Store
from tests.conftest import Server, start_server, stop_server
from tests.store_fixtures import PgSchema, require_postgres

LOG = Path(__file__).parent / "lineage_log"
ORDER = ["foundry-base", "instruct-service", "legal-drafter", "helpdesk-v1-older", "helpdesk-v1", "ticket-triage",
         "archive-search", "slash-name"]
CRAWL_DIGEST = hashlib.sha256(b"common-crawl").hexdigest()


@dataclass
class Log:
    server: Server
    database_url: str
    decisions: dict[str, str]
    """manifest file stem -> decision id"""

    def get(self, path: str, **params: str) -> Any:
        response = httpx.get(f"{self.server.url}{path}", params=params, headers=self.server.auth, timeout=30)
        assert response.status_code == 200, response.text[:500]
        return response.json()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def log(request: pytest.FixtureRequest) -> Iterator[Log]:
    schema: PgSchema | None = None
    if request.param == "postgresql":
        require_postgres()
        schema = PgSchema()
        url = schema.url
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='cleangate-lineage-')) / 'log.db'}"
    server = start_server({"CLEANGATE_DATABASE_URL": url}, timeout=60)
    try:
        decisions = {}
        for name in ORDER:
            response = httpx.post(f"{server.url}/v1/evaluate", content=(LOG / f"{name}.yaml").read_bytes(),
                                  headers={**server.auth, "Content-Type": "application/yaml"}, timeout=60)
            assert response.status_code == 200, response.text[:500]
            decisions[name] = response.json()["decision_id"]
        yield Log(server, url, decisions)
    finally:
        stop_server(server)
        if schema is not None:
            schema.drop()


def _system(report: dict[str, Any], name: str) -> dict[str, Any]:
    found = [s for s in report["systems"] if s["system"] == name]
    assert len(found) == 1, [s["system"] for s in report["systems"]]
    return found[0]


@pytest.mark.slow
def test_a_base_model_dependency_is_found_through_two_manifests_and_a_digest(log: Log) -> None:
    report = log.get("/v1/lineage/impact", dataset="common-crawl-2025")
    drafter = _system(report, "Legal drafter")
    path = next(p for p in drafter["paths"] if p["model"] == "drafter")
    # drafter -> fl-7b-instruct (= foundry-lm-7b-instruct by digest, in Instruct service) -> foundry-lm-7b
    assert path["layer"] == "weights" and path["via"] == ["fl-7b-instruct", "foundry-lm-7b"]
    assert path["declared_by"]["system"] == "Foundry LM"
    assert path["declared_by"]["decision_id"] == log.decisions["foundry-base"]
    assert not drafter["adapter_only"] and "retrain or withdraw" in drafter["action"]
    assert drafter["decision"]["decision_id"] == log.decisions["legal-drafter"]
    assert drafter["decision"]["verdict"] in ("pass", "warn", "block")
    assert drafter["deployment"] == {"regions": ["FR", "BE"], "environment": "production",
                                     "placed_on_market": None, "go_live": "2026-06-01"}
    assert {s["system"] for s in report["systems"]} == {"Foundry LM", "Instruct service", "Legal drafter",
                                                        "Helpdesk bot", "Archive search"}
    assert "Ticket triage" not in json.dumps(report)


@pytest.mark.slow
def test_an_adapter_only_dependency_says_removing_the_adapter_suffices(log: Log) -> None:
    report = log.get("/v1/lineage/impact", dataset="support-tickets-2026")
    helpdesk = _system(report, "Helpdesk bot")
    assert helpdesk["adapter_only"] is True
    assert [(p["layer"], p["adapter"], p["adapter_suffices"]) for p in helpdesk["paths"]] == [
        ("adapter", "support-lora", True)]
    assert "remove or retrain the adapter(s) support-lora" in helpdesk["action"]
    triage = _system(report, "Ticket triage")
    assert triage["adapter_only"] is False and triage["paths"][0]["layer"] == "weights"
    assert len(report["systems"]) == 2


@pytest.mark.slow
def test_a_dataset_is_matched_by_digest_under_another_name(log: Log) -> None:
    by_digest = log.get("/v1/lineage/impact", dataset=f"sha256:{CRAWL_DIGEST}")
    assert {m["name"] for m in by_digest["matched"]} == {"common-crawl-2025", "crawl-snapshot"}
    archive = _system(by_digest, "Archive search")
    assert archive["paths"][0]["model"] == "archive-embedder" and archive["paths"][0]["used_for"] == ["training"]
    by_name = log.get("/v1/lineage/impact", dataset="common-crawl-2025")
    assert _system(by_name, "Archive search")["decision"]["decision_id"] == log.decisions["archive-search"]


@pytest.mark.slow
def test_only_the_latest_decision_of_a_system_version_counts(log: Log) -> None:
    report = log.get("/v1/lineage/impact", dataset="licensed-books")
    helpdesk = _system(report, "Helpdesk bot")
    # The older decision trained helpdesk-chat on licensed-books directly and ran in staging; the
    # latest reaches it only through its base model, in production.
    assert helpdesk["decision"]["decision_id"] == log.decisions["helpdesk-v1"]
    assert helpdesk["deployment"]["environment"] == "production"
    chat = next(p for p in helpdesk["paths"] if p["model"] == "helpdesk-chat")
    assert chat["via"] == ["foundry-lm-7b"]
    assert report["systems_read"] == len(ORDER) - 1


@pytest.mark.slow
def test_lineage_show_lists_layers_and_the_base_models_the_log_knows(log: Log) -> None:
    report = log.get("/v1/lineage/systems/Legal drafter")
    (version,) = report["versions"]
    drafter = next(m for m in version["models"] if m["name"] == "drafter")
    assert [(b["name"], b["depth"]) for b in drafter["base_models"]] == [("fl-7b-instruct", 1), ("foundry-lm-7b", 2)]
    assert {d["dataset"] for d in drafter["base_models"][1]["datasets"]} == {"common-crawl-2025", "licensed-books"}
    slashed = log.get("/v1/lineage/systems/Acme/EU archive")["versions"][0]
    assert slashed["models"][0]["datasets"] == ["acme-scans"]
    helpdesk = log.get("/v1/lineage/systems/Helpdesk bot")["versions"][0]
    chat = next(m for m in helpdesk["models"] if m["name"] == "helpdesk-chat")
    assert chat["datasets"] == [] and chat["adapters"][0]["datasets"] == ["support-tickets-2026"]


@pytest.mark.slow
def test_the_api_refuses_what_it_cannot_answer(log: Log) -> None:
    url = log.server.url
    missing = httpx.get(f"{url}/v1/lineage/systems/No such system", headers=log.server.auth)
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("application/problem+json")
    empty = httpx.get(f"{url}/v1/lineage/impact", params={"dataset": ""}, headers=log.server.auth)
    assert empty.status_code == 422 and empty.json()["errors"][0]["pointer"] == "/query/dataset"
    assert httpx.get(f"{url}/v1/lineage/impact", params={"dataset": "x"}).status_code == 401
    unknown = log.get("/v1/lineage/impact", dataset="never-heard-of-it")
    assert unknown["systems"] == [] and unknown["matched"] == []


@pytest.mark.slow
def test_the_cli_gives_the_api_answer(log: Log, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lineage", "impact", "--dataset", "support-tickets-2026", "-f", "json",
                 "--database-url", log.database_url]) == 0
    assert json.loads(capsys.readouterr().out) == log.get("/v1/lineage/impact", dataset="support-tickets-2026")
    assert main(["lineage", "impact", "--dataset", "support-tickets-2026", "--database-url", log.database_url]) == 0
    text = capsys.readouterr().out
    assert "## Helpdesk bot 1.0" in text and "**adapter only**" in text
    assert log.decisions["helpdesk-v1"] in text and log.decisions["helpdesk-v1-older"] not in text
    assert main(["lineage", "show", "Legal drafter", "--database-url", log.database_url]) == 0
    assert "base (depth 2) `foundry-lm-7b`" in capsys.readouterr().out
    assert main(["lineage", "show", "No such system", "--database-url", log.database_url]) == 2


def test_a_stored_manifest_that_no_longer_loads_is_reported_not_skipped(
        store: Store, gate: Gate, capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    data = (LOG / "ticket-triage.yaml").read_bytes()
    store.record_decision(gate.evaluate(data), data.decode(), "ci")
    # A cleangate.yaml that named its BOM was judged with the BOM; the log keeps only this file.
    store.record_decision(gate.evaluate(data), "apiVersion: cleangate/v1\nbom: ./aibom.cdx.json\n", "ci")
    assert main(["lineage", "impact", "--dataset", "support-tickets-2026", "-f", "json", "--database-url", db_url]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["systems"] == [] and report["systems_read"] == 1
    (unreadable,) = report["unreadable"]
    assert unreadable["system"] == "Ticket triage" and "no longer loads" in unreadable["problem"]
    assert main(["lineage", "impact", "--dataset", "support-tickets-2026", "--database-url", db_url]) == 0
    assert "**Not covered**: 1 latest decision(s)" in capsys.readouterr().out
