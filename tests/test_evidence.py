"""The gate verifies evidence itself: real C2PA samples, digests, model signatures and signed BOMs
made in the test, judged end to end through the CLI and a real uvicorn server."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.conftest import AS_OF_TEXT, ROOT, cleangate_exe, start_server, stop_server
from tests.evidence_artefacts import (
    CAPTURE,
    TAM,
    SigningChain,
    ec_keypair,
    fake_jumbf_jpeg,
    jpeg,
    jsf_sign,
    sign_asset,
    sign_model,
    strip_manifest,
    tamper_jpeg,
    wav,
)


def manifest(**extra: Any) -> dict[str, Any]:
    base = yaml.safe_load((ROOT / "examples" / "image-generator-c2pa.yaml").read_text())
    base.pop("evidence")
    base["system"]["capabilities"]["synthetic_output_modalities"] = ["image", "audio"]
    marking = base["system"]["transparency"]["marking"]
    marking["c2pa"].update(modalities=["image", "audio"], training_mining="notAllowed")
    marking["watermark"]["modalities"] = []
    base.update(extra)
    return base


def run_check(workdir: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any], str]:
    proc = subprocess.run([cleangate_exe(), "check", "--as-of", AS_OF_TEXT, "-f", "json", *args], cwd=workdir,
                          capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})})
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else {}, proc.stderr


def rules_at(decision: dict[str, Any]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for f in decision["findings"]:
        found.setdefault(f["rule"], set()).add(f["message"])
    return found


def by_file(decision: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["file"]: s for s in decision["verified"]["c2pa_samples"]}


@pytest.fixture(scope="module")
def chains() -> dict[str, SigningChain]:
    return {"ours": SigningChain.make("Lumen SAS"), "stranger": SigningChain.make("Somebody Else")}


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory, chains: dict[str, SigningChain]) -> Path:
    """One evidence directory with a sample of every outcome."""
    d = tmp_path_factory.mktemp("samples")
    ours, stranger = chains["ours"], chains["stranger"]
    trusted = sign_asset(ours, jpeg(), "image/jpeg")
    (d / "trusted.jpg").write_bytes(trusted)
    (d / "voice.wav").write_bytes(sign_asset(ours, wav(), "audio/wav"))
    (d / "tampered.jpg").write_bytes(tamper_jpeg(trusted))
    (d / "stripped.jpg").write_bytes(strip_manifest(trusted))
    (d / "stranger.jpg").write_bytes(sign_asset(stranger, jpeg((0, 90, 200)), "image/jpeg"))
    (d / "mislabelled.jpg").write_bytes(sign_asset(ours, jpeg((9, 9, 9)), "image/jpeg", source_type=CAPTURE))
    (d / "no-tdm.jpg").write_bytes(sign_asset(ours, jpeg((50, 50, 50)), "image/jpeg", training=None))
    (d / "truncated.jpg").write_bytes(trusted[: len(trusted) // 3])
    (d / "fake-jumbf.jpg").write_bytes(fake_jumbf_jpeg())
    (d / "anchors.pem").write_text(ours.anchor_pem)
    return d


def write_manifest(d: Path, doc: dict[str, Any]) -> Path:
    path = d / "cleangate.json"
    path.write_text(json.dumps(doc, default=str))
    return path


@pytest.mark.slow
def test_cli_verifies_every_sample_and_the_rules_judge_them(tmp_path: Path, samples: Path) -> None:
    write_manifest(tmp_path, manifest())
    env = {"CLEANGATE_C2PA_TRUST_ANCHORS": str(samples / "anchors.pem")}
    code, out, err = run_check(tmp_path, "cleangate.json", "--evidence", str(samples), env=env)
    assert code == 1, err
    decision = out["results"][0]["decision"]
    seen = by_file(decision)
    assert seen["trusted.jpg"]["state"] == "verified" and seen["trusted.jpg"]["validation_state"] == "Trusted"
    assert seen["trusted.jpg"]["signer_organisation"] == "Lumen SAS"
    assert seen["trusted.jpg"]["training_mining"] == "notAllowed"
    assert seen["trusted.jpg"]["actions"] == [{"action": "c2pa.created", "software_agent": None,
                                               "digital_source_type": TAM}]
    assert seen["voice.wav"]["state"] == "verified" and seen["voice.wav"]["modality"] == "audio"
    assert seen["tampered.jpg"]["state"] == "failed"
    assert "assertion.dataHash.mismatch" in seen["tampered.jpg"]["failure_codes"]
    assert seen["stripped.jpg"]["manifest_present"] is False
    assert seen["stranger.jpg"]["validation_state"] == "Valid" and seen["stranger.jpg"]["trusted"] is False
    rules = rules_at(decision)
    assert any("tampered.jpg" in m for m in rules["C2PA-EV-INVALID"])
    assert any("stripped.jpg" in m for m in rules["C2PA-EV-MISSING"])
    assert any("stranger.jpg" in m and "Somebody Else" in m for m in rules["C2PA-EV-UNTRUSTED"])
    assert any("mislabelled.jpg" in m and "digitalCapture" in m for m in rules["C2PA-EV-MISLABELLED"])
    assert any("no-tdm.jpg" in m for m in rules["C2PA-EV-TDM"])
    unreadable = " ".join(rules["C2PA-EV-UNREADABLE"])
    assert "truncated.jpg" in unreadable and "fake-jumbf.jpg" in unreadable
    flagged = " ".join(m for ms in rules.values() for m in ms)
    assert "trusted.jpg" not in flagged.replace("untrusted", "") and "voice.wav" not in flagged
    # The declared-only rule of c2pa.rego stands down: image and audio samples were verified.
    assert "C2PA-EVIDENCE" not in rules


@pytest.mark.slow
def test_without_trust_anchors_a_valid_sample_is_only_valid(tmp_path: Path, samples: Path) -> None:
    d = tmp_path / "ev"
    d.mkdir()
    shutil.copy(samples / "trusted.jpg", d)
    write_manifest(tmp_path, manifest())
    code, out, _ = run_check(tmp_path, "cleangate.json", "--evidence", str(d))
    decision = out["results"][0]["decision"]
    assert by_file(decision)["trusted.jpg"]["validation_state"] == "Valid"
    assert "C2PA-EV-UNTRUSTED" in rules_at(decision)
    # The organisation can make an untrusted signer block.
    settings = tmp_path / "org.json"
    settings.write_text(json.dumps({"cleangate": {"config": {"verification": {"untrusted_c2pa_signer": "block"}}}}))
    code, out, _ = run_check(tmp_path, "cleangate.json", "--evidence", str(d), "--data", str(settings))
    rules = rules_at(out["results"][0]["decision"])
    assert code == 1 and "C2PA-EV-UNTRUSTED-BLOCK" in rules and "C2PA-EV-UNTRUSTED" not in rules


@pytest.mark.slow
def test_hostile_evidence_is_a_finding_never_a_crash_or_a_read_outside(tmp_path: Path, samples: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (tmp_path / "secret.bin").write_bytes(b"TOPSECRET-42")
    (repo / "zero.jpg").symlink_to("/dev/zero")
    (repo / "weights-zero.bin").symlink_to("/dev/zero")
    (repo / "out.jpg").symlink_to(tmp_path / "secret.bin")
    with (repo / "huge.bin").open("wb") as f:  # a sparse 2 GB file: no disk used, never read
        f.truncate(2 * 1024**3)
    (repo / "huge.jpg").symlink_to("huge.bin")
    fifo = repo / "pipe.jpg"
    os.mkfifo(fifo)
    zero = "0" * 64
    doc = manifest(
        evidence={"samples": [{"path": p} for p in ("zero.jpg", "out.jpg", "../secret.bin", "/etc/passwd",
                                                     "huge.jpg", "pipe.jpg", "missing.jpg")]},
        models=[{"name": "lumen-diffusion-xl", "licence": "Apache-2.0", "artifacts": [
            {"path": "weights-zero.bin", "hashes": [{"alg": "sha256", "value": zero}]},
            {"path": "huge.bin", "hashes": [{"alg": "sha256", "value": zero}]},
            {"path": "../secret.bin", "hashes": [{"alg": "sha256", "value": zero}]},
        ]}],
    )
    write_manifest(repo, doc)
    code, out, err = run_check(repo, "cleangate.json")
    assert code == 1, err
    decision = out["results"][0]["decision"]
    seen = by_file(decision)
    for name in ("zero.jpg", "out.jpg", "../secret.bin", "/etc/passwd", "pipe.jpg"):
        assert seen[name]["state"] == "failed", name
    assert "outside the allowed evidence directory" in seen["out.jpg"]["why"]
    assert "not a regular file" in seen["pipe.jpg"]["why"]
    assert "over the sample limit" in seen["huge.jpg"]["why"]
    assert seen["missing.jpg"]["state"] == "declared-only"
    digests = {d["file"]: d for d in decision["verified"]["digests"]}
    assert digests["huge.bin"]["state"] == "declared-only" and "over the limit" in digests["huge.bin"]["why"]
    assert digests["weights-zero.bin"]["state"] == "failed"
    assert digests["../secret.bin"]["state"] == "failed"
    rules = rules_at(decision)
    assert {"C2PA-EV-UNREADABLE", "C2PA-EV-DECLARED-ONLY", "EVIDENCE-DIGEST", "EVIDENCE-DIGEST-UNVERIFIED"} <= \
        set(rules)
    assert "TOPSECRET" not in json.dumps(out) and digests["../secret.bin"]["size"] is None


@pytest.mark.slow
def test_digests_are_recomputed(tmp_path: Path) -> None:
    (tmp_path / "weights.safetensors").write_bytes(b"weights" * 1000)
    (tmp_path / "snapshot.parquet").write_bytes(b"rows" * 100)
    good = hashlib.sha256(b"weights" * 1000).hexdigest()
    good512 = hashlib.sha512(b"weights" * 1000).hexdigest()
    doc = manifest()
    doc["models"][0]["artifacts"] = [{"path": "weights.safetensors", "kind": "weights", "hashes": [
        {"alg": "sha256", "value": good}, {"alg": "sha512", "value": good512}]}]
    doc["datasets"][0]["artifacts"] = [
        {"path": "snapshot.parquet", "kind": "dataset-snapshot", "hashes": [{"alg": "sha3-256", "value": "ab" * 32}]},
        {"path": "not-checked-out.parquet", "hashes": [{"alg": "blake2b-256", "value": "cd" * 32}]},
    ]
    write_manifest(tmp_path, doc)
    code, out, _ = run_check(tmp_path, "cleangate.json")
    decision = out["results"][0]["decision"]
    digests = {d["pointer"]: d for d in decision["verified"]["digests"]}
    assert digests["/models/0/artifacts/0"]["state"] == "verified"
    assert digests["/models/0/artifacts/0"]["algorithms"] == ["sha256", "sha512"]
    assert digests["/datasets/0/artifacts/0"]["state"] == "failed"
    assert digests["/datasets/0/artifacts/0"]["mismatched"] == ["sha3-256"]
    assert digests["/datasets/0/artifacts/1"]["state"] == "declared-only"
    rules = rules_at(decision)
    assert code == 1 and any("snapshot.parquet" in m for m in rules["EVIDENCE-DIGEST"])
    assert "EVIDENCE-DIGEST-UNVERIFIED" in rules
    settings = tmp_path / "org.json"
    settings.write_text(json.dumps({"cleangate": {"config": {"verification": {
        "production_requires_verified_digests": True}}}}))
    _, out, _ = run_check(tmp_path, "cleangate.json", "--data", str(settings))
    assert "EVIDENCE-DIGEST-REQUIRED" in rules_at(out["results"][0]["decision"])


@pytest.mark.slow
def test_model_signatures_are_verified_with_configured_keys(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(b"\x01" * 4096)
    (model / "config.json").write_text("{}")
    private, public = ec_keypair(tmp_path, "release")
    _, other = ec_keypair(tmp_path, "other")
    sign_model(model, private, tmp_path / "model.sig")
    doc = manifest()
    doc["models"][0]["signing"] = {"model_path": "model", "signature": "model.sig"}
    write_manifest(tmp_path, doc)
    _, out, err = run_check(tmp_path, "cleangate.json", env={"CLEANGATE_MODEL_SIGNING_KEYS": str(public)})
    sig = out["results"][0]["decision"]["verified"]["model_signatures"][0]
    assert sig["state"] == "verified", (sig, err)
    assert sig["signer"] == "key release.pub" and sig["files"] == ["config.json", "weights.bin"]
    _, out, _ = run_check(tmp_path, "cleangate.json", env={"CLEANGATE_MODEL_SIGNING_KEYS": str(other)})
    sig = out["results"][0]["decision"]["verified"]["model_signatures"][0]
    assert sig["state"] == "failed" and "EVIDENCE-MODEL-SIGNATURE" in rules_at(out["results"][0]["decision"])
    (model / "weights.bin").write_bytes(b"\x02" * 4096)  # tamper one file after signing
    code, out, _ = run_check(tmp_path, "cleangate.json", env={"CLEANGATE_MODEL_SIGNING_KEYS": str(public)})
    decision = out["results"][0]["decision"]
    assert decision["verified"]["model_signatures"][0]["state"] == "failed"
    assert any("weights.bin" in m for m in rules_at(decision)["EVIDENCE-MODEL-SIGNATURE"])
    assert code == 1


def _signed_bom(tmp_path: Path) -> tuple[dict[str, Any], Path]:
    private, public = ec_keypair(tmp_path, "bom-release")
    bom = json.loads((ROOT / "examples" / "travel-assistant.cdx.json").read_text())
    bom["metadata"]["component"]["properties"].append({"name": "cleangate:deployment.environment",
                                                       "value": "production"})
    return jsf_sign(bom, private, key_id="release-ci"), public


@pytest.mark.slow
def test_signed_bom_records_the_signer_and_an_edit_is_refused(tmp_path: Path) -> None:
    signed, public = _signed_bom(tmp_path)
    (tmp_path / "bom.cdx.json").write_text(json.dumps(signed, indent=2))
    env = {"CLEANGATE_BOM_SIGNING_KEYS": str(public)}
    code, out, err = run_check(tmp_path, "bom.cdx.json", env=env)
    decision = out["results"][0]["decision"]
    assert decision["manifest"]["signature"] == {"state": "verified", "kind": "jsf", "algorithm": "ES256",
                                                 "signer": "bom-release.pub", "why": None}, err
    edited = json.loads(json.dumps(signed))
    edited["metadata"]["component"]["name"] = "Someone else's assistant"
    (tmp_path / "bom.cdx.json").write_text(json.dumps(edited))
    code, out, _ = run_check(tmp_path, "bom.cdx.json", env=env)
    error = out["results"][0]["error"]
    assert code == 2 and error["status"] == 422
    assert error["errors"][0]["pointer"] == "/signature" and "does not verify" in error["errors"][0]["message"]
    # Unsigned but required for production: a policy blocks (the example is a production system).
    unsigned = {k: v for k, v in signed.items() if k != "signature"}
    (tmp_path / "bom.cdx.json").write_text(json.dumps(unsigned))
    settings = tmp_path / "org.json"
    required = {"production_requires_signed_bom": True}
    settings.write_text(json.dumps({"cleangate": {"config": {"verification": required}}}))
    code, out, _ = run_check(tmp_path, "bom.cdx.json", "--data", str(settings), env=env)
    assert "EVIDENCE-BOM-SIGNED" in rules_at(out["results"][0]["decision"])


@pytest.mark.slow
def test_a_manifest_cannot_claim_verified_evidence(tmp_path: Path) -> None:
    doc = manifest(verified={"c2pa_samples": [{"file": "x.jpg", "origin": "manifest", "state": "verified"}]})
    write_manifest(tmp_path, doc)
    code, out, _ = run_check(tmp_path, "cleangate.json")
    assert code == 2
    problem = next(p for p in out["results"][0]["error"]["errors"] if p["pointer"] == "/verified")
    assert "written by the gate only" in problem["message"]
    bom = json.loads((ROOT / "examples" / "travel-assistant.cdx.json").read_text())
    bom["metadata"]["component"]["properties"].append({"name": "cleangate:verified.digests", "value": "[]"})
    (tmp_path / "bom.cdx.json").write_text(json.dumps(bom))
    code, out, _ = run_check(tmp_path, "bom.cdx.json")
    assert code == 2 and "verified" in json.dumps(out["results"][0]["error"])


@pytest.fixture(scope="module")
def evidence_server(samples: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    keys = tmp_path_factory.mktemp("keys")
    _, public = ec_keypair(keys, "unused-model-key")
    srv = start_server({"CLEANGATE_C2PA_TRUST_ANCHORS": str(samples / "anchors.pem"),
                        "CLEANGATE_MODEL_SIGNING_KEYS": str(public), "CLEANGATE_EVIDENCE_MAX_FILES": "4"})
    yield srv
    stop_server(srv)


@pytest.mark.slow
def test_api_multipart_upload_verifies_samples(evidence_server: Any, samples: Path) -> None:
    doc = manifest(evidence={"samples": [{"path": "out/trusted.jpg"}]})
    files = [
        ("manifest", ("cleangate.json", json.dumps(doc, default=str), "application/json")),
        ("evidence", ("out/trusted.jpg", (samples / "trusted.jpg").read_bytes(), "image/jpeg")),
        ("evidence", ("tampered.jpg", (samples / "tampered.jpg").read_bytes(), "image/jpeg")),
    ]
    r = httpx.post(f"{evidence_server.url}/v1/evaluate", params={"as_of": AS_OF_TEXT}, files=files,
                   headers=evidence_server.auth, timeout=60)
    assert r.status_code == 200, r.text
    decision = r.json()
    seen = by_file(decision)
    assert seen["out/trusted.jpg"]["validation_state"] == "Trusted" and seen["out/trusted.jpg"]["origin"] == "manifest"
    assert seen["tampered.jpg"]["origin"] == "upload" and seen["tampered.jpg"]["state"] == "failed"
    assert decision["verdict"] == "block" and "C2PA-EV-INVALID" in rules_at(decision)


@pytest.mark.slow
def test_api_calendar_verifies_uploaded_evidence_as_evaluate_does(evidence_server: Any, samples: Path) -> None:
    """POST /v1/reports/calendar with evidence parts: the worker verifies them before judging the dates."""
    doc = json.dumps(manifest(evidence={"samples": [{"path": "out/trusted.jpg"}]}), default=str)
    url, auth = f"{evidence_server.url}/v1/reports/calendar", evidence_server.auth
    tampered = httpx.post(url, headers=auth, timeout=120, files=[
        ("manifest", ("cleangate.json", doc, "application/json")),
        ("evidence", ("out/trusted.jpg", (samples / "trusted.jpg").read_bytes(), "image/jpeg")),
        ("evidence", ("tampered.jpg", (samples / "tampered.jpg").read_bytes(), "image/jpeg"))])
    assert tampered.status_code == 200, tampered.text
    assert "C2PA-EV-INVALID" in tampered.json()["systems"][0]["blocking_now"]
    trusted = httpx.post(url, headers=auth, timeout=120, files=[
        ("manifest", ("cleangate.json", doc, "application/json")),
        ("evidence", ("out/trusted.jpg", (samples / "trusted.jpg").read_bytes(), "image/jpeg"))])
    assert trusted.status_code == 200, trusted.text
    assert "C2PA-EV-INVALID" not in trusted.json()["systems"][0]["blocking_now"]


@pytest.mark.slow
def test_api_multipart_refusals_name_the_part(evidence_server: Any, tmp_path: Path) -> None:
    url, auth = f"{evidence_server.url}/v1/evaluate", evidence_server.auth
    doc = json.dumps(manifest(), default=str)
    escape = httpx.post(url, headers=auth, files=[("manifest", ("m.json", doc, "application/json")),
                                                  ("evidence", ("../../etc/passwd", b"x", "text/plain"))])
    assert escape.status_code == 422 and "outside" in escape.text
    many = httpx.post(url, headers=auth, files=[("manifest", ("m.json", doc, "application/json"))]
                      + [("evidence", (f"f{i}.jpg", b"x", "image/jpeg")) for i in range(5)])
    assert many.status_code == 413 and "at most 4" in many.text
    none = httpx.post(url, headers=auth, files=[("evidence", ("a.jpg", b"x", "image/jpeg"))])
    assert none.status_code == 422 and "manifest" in none.text
    signed, _ = _signed_bom(tmp_path)
    signed["metadata"]["component"]["version"] = "9.9.9"
    bad = httpx.post(url, headers={**auth, "Content-Type": "application/vnd.cyclonedx+json"},
                     content=json.dumps(signed))
    # No BOM keys on this server: a signature that cannot be checked is declared only, never a pass.
    assert bad.status_code == 200 and bad.json()["manifest"]["signature"]["state"] == "declared-only"


@pytest.mark.slow
def test_soft_binding_and_art50_marking_are_judged_on_real_samples(tmp_path: Path, chains: dict[str, SigningChain],
                                                                   samples: Path) -> None:
    d = tmp_path / "ev"
    d.mkdir()
    (d / "watermarked.jpg").write_bytes(sign_asset(chains["ours"], jpeg((1, 2, 3)), "image/jpeg", soft_binding=True))
    shutil.copy(samples / "trusted.jpg", d)
    doc = manifest()
    doc["system"]["transparency"]["marking"]["watermark"]["modalities"] = ["image"]
    write_manifest(tmp_path, doc)
    _, out, _ = run_check(tmp_path, "cleangate.json", "--evidence", str(d))
    decision = out["results"][0]["decision"]
    seen = by_file(decision)
    assert seen["watermarked.jpg"]["soft_bindings"] == ["com.example.watermark"]
    assert seen["watermarked.jpg"]["watermarked"] is True
    soft = rules_at(decision)["C2PA-EV-SOFT-BINDING"]
    assert any("trusted.jpg" in m for m in soft) and not any("watermarked.jpg" in m for m in soft)
    assert "AIACT-50-2-VERIFIED" not in rules_at(decision)
    # Only unmarked image samples: the Art 50(2) marking claim is contradicted by the evidence.
    for f in d.iterdir():
        f.unlink()
    (d / "export.jpg").write_bytes(jpeg())
    code, out, _ = run_check(tmp_path, "cleangate.json", "--evidence", str(d))
    rules = rules_at(out["results"][0]["decision"])
    assert code == 1 and any("image" in m for m in rules["AIACT-50-2-VERIFIED"])


@pytest.mark.slow
def test_cli_uploads_evidence_to_a_gate_server(evidence_server: Any, tmp_path: Path, samples: Path) -> None:
    (tmp_path / "out").mkdir()
    shutil.copy(samples / "trusted.jpg", tmp_path / "out" / "trusted.jpg")
    (tmp_path / "weights.bin").write_bytes(b"w" * 100)
    doc = manifest(evidence={"samples": [{"path": "out/trusted.jpg"}]})
    doc["models"][0]["artifacts"] = [{"path": "weights.bin", "hashes": [
        {"alg": "sha256", "value": hashlib.sha256(b"w" * 100).hexdigest()}]}]
    write_manifest(tmp_path, doc)
    ev = tmp_path / "more"
    ev.mkdir()
    shutil.copy(samples / "tampered.jpg", ev)
    code, out, err = run_check(tmp_path, "cleangate.json", "--server", evidence_server.url, "--evidence", str(ev),
                               env={"CLEANGATE_TOKEN": evidence_server.token})
    decision = out["results"][0]["decision"]
    seen = by_file(decision)
    assert seen["out/trusted.jpg"]["validation_state"] == "Trusted", err
    assert seen["tampered.jpg"]["state"] == "failed"
    assert decision["verified"]["digests"][0]["state"] == "verified"
    assert code == 1 and "C2PA-EV-INVALID" in rules_at(decision)


def test_the_time_and_file_budgets_leave_checks_unverified(gate: Any, tmp_path: Path) -> None:
    from service.evidence import DirectorySource, EvidenceConfig, EvidenceInput, EvidenceLimits
    from service.gate import Gate

    for i in range(3):
        (tmp_path / f"w{i}.bin").write_bytes(b"x")
    doc = manifest()
    doc["models"][0]["artifacts"] = [{"path": f"w{i}.bin", "hashes": [
        {"alg": "sha256", "value": hashlib.sha256(b"x").hexdigest()}]} for i in range(3)]
    data = json.dumps(doc, default=str).encode()
    given = EvidenceInput(referenced=DirectorySource(tmp_path))
    two_files = Gate(gate.bundle, engine=gate.engine, evidence=EvidenceConfig(limits=EvidenceLimits(max_files=2)))
    verified = two_files.evaluate(data, evidence=given).verified
    assert verified is not None
    assert [d.state for d in verified.digests] == ["verified", "verified", "declared-only"]
    assert verified.limits_reached == ["more than 2 evidence files in one request"]
    no_time = Gate(gate.bundle, engine=gate.engine, evidence=EvidenceConfig(limits=EvidenceLimits(max_seconds=0)))
    verified = no_time.evaluate(data, evidence=given).verified
    assert verified is not None and {d.state for d in verified.digests} == {"declared-only"}
    assert "time limit" in (verified.digests[0].why or "")


FIXTURES = Path(__file__).parent / "evidence_fixtures"


@pytest.mark.slow
@pytest.mark.parametrize(("bom", "key", "algorithm"), [
    ("cdxgen-12.8.4-es256.cdx.json", "cdxgen-es256.pub.pem", "ES256"),
    ("cdxgen-12.8.4-rs512.cdx.json", "cdxgen-rs512.pub.pem", "RS512"),
])
def test_boms_signed_by_cdxgen_verify_and_an_edit_is_refused(tmp_path: Path, bom: str, key: str,
                                                             algorithm: str) -> None:
    env = {"CLEANGATE_BOM_SIGNING_KEYS": str(FIXTURES / key)}
    shutil.copy(FIXTURES / bom, tmp_path / "bom.cdx.json")
    code, out, err = run_check(tmp_path, "bom.cdx.json", env=env)
    signature = out["results"][0]["decision"]["manifest"]["signature"]
    assert signature["state"] == "verified" and signature["algorithm"] == algorithm, err
    assert signature["signer"] == key
    edited = json.loads((FIXTURES / bom).read_text())
    edited["metadata"]["component"]["version"] = "9.9.9"
    (tmp_path / "bom.cdx.json").write_text(json.dumps(edited))
    code, out, _ = run_check(tmp_path, "bom.cdx.json", env=env)
    assert code == 2 and out["results"][0]["error"]["errors"][0]["pointer"] == "/signature"
    # Signed by a key the gate does not know: refused too, never evaluated as unsigned.
    other = "cdxgen-rs512.pub.pem" if key != "cdxgen-rs512.pub.pem" else "cdxgen-es256.pub.pem"
    shutil.copy(FIXTURES / bom, tmp_path / "bom.cdx.json")
    code, out, _ = run_check(tmp_path, "bom.cdx.json", env={"CLEANGATE_BOM_SIGNING_KEYS": str(FIXTURES / other)})
    assert code == 2 and "does not verify" in out["results"][0]["error"]["errors"][0]["message"]


@pytest.mark.slow
def test_one_good_signer_of_several_verifies_and_the_others_are_named(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "cdxgen-12.8.4-signers.cdx.json", tmp_path / "bom.cdx.json")
    env = {"CLEANGATE_BOM_SIGNING_KEYS": f"{FIXTURES / 'cdxgen-es256.pub.pem'}:{FIXTURES / 'cdxgen-rs512.pub.pem'}"}
    _, out, err = run_check(tmp_path, "bom.cdx.json", env=env)
    signature = out["results"][0]["decision"]["manifest"]["signature"]
    assert signature["state"] == "verified" and signature["signer"] == "cdxgen-rs512.pub.pem", err
    assert "signers[0]" in signature["why"]


def test_a_cyclonedx_bom_names_artefacts_and_model_signatures_in_properties(gate: Any, tmp_path: Path) -> None:
    from service.evidence import DirectorySource, EvidenceInput

    (tmp_path / "weights.bin").write_bytes(b"abc")
    bom = json.loads((ROOT / "examples" / "travel-assistant.cdx.json").read_text())
    model = next(c for c in bom["components"] if c["type"] == "machine-learning-model")
    model.setdefault("properties", []).extend([
        {"name": "cleangate:artifacts", "value": json.dumps(
            [{"path": "weights.bin", "kind": "weights", "hashes": [{"alg": "sha256", "value": "00" * 32}]}])},
        {"name": "cleangate:signing.model_path", "value": "model"},
        {"name": "cleangate:signing.signature", "value": "model.sig"},
    ])
    decision = gate.evaluate(json.dumps(bom).encode(), evidence=EvidenceInput(referenced=DirectorySource(tmp_path)))
    assert decision.verified.digests[0].state == "failed"
    assert decision.verified.model_signatures[0].state == "declared-only"
    finding = next(f for f in decision.findings if f.rule == "EVIDENCE-DIGEST")
    assert finding.path.startswith("/components/")
