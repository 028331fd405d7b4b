"""Attestations end to end with real keys and the real CLI: `cleangate check --attest` signs,
`cleangate attest verify` accepts exactly the AI-BOM that was judged, with a trusted key, a
good enough verdict, the pinned policy and a fresh time — and refuses every forgery."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from service.attest import envelope as dsse
from service.attest.keys import generate, private_pem
from service.attest.signing import attest
from service.cli.main import main
from tests.conftest import EXAMPLES

COMPLIANT = EXAMPLES / "chatbot-compliant.yaml"
UNMARKED = EXAMPLES / "image-generator-unmarked.yaml"
KEY_TYPES = ["ed25519", "ecdsa-p256"]


def _keypair(tmp: Path, name: str, key_type: str = "ed25519") -> tuple[Path, Path]:
    assert main(["attest", "keygen", "--type", key_type, "--out", str(tmp / f"{name}.pem")]) == 0
    return tmp / f"{name}.pem", tmp / f"{name}.pub.pem"


def _check(tmp: Path, manifest: Path, key: Path, out: str = "att.jsonl", *extra: str) -> Path:
    target = tmp / out
    code = main(["check", str(manifest), "--attest", str(target), "--signing-key", str(key), "-f", "json", *extra])
    assert code in (0, 1)
    return target


def _verify(att: Path, bom: Path, *keys: Path, extra: tuple[str, ...] = ()) -> int:
    args = ["attest", "verify", str(att), "--bom", str(bom)]
    for k in keys:
        args += ["--key", str(k)]
    return main([*args, *extra])


def _envelope(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text().splitlines()[0]))


def _statement(env: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(base64.b64decode(env["payload"])))


def _rewrite(env: dict[str, Any], statement: dict[str, Any], path: Path) -> Path:
    """Replace the payload but keep the old signature: what a forger without the key can do."""
    forged = {**env, "payload": base64.b64encode(json.dumps(statement).encode()).decode()}
    path.write_text(json.dumps(forged))
    return path


@pytest.mark.parametrize("key_type", KEY_TYPES)
def test_sign_and_verify_with_each_key_type(tmp_path: Path, key_type: str, capsys: pytest.CaptureFixture[str]) -> None:
    key, pub = _keypair(tmp_path, "gate", key_type)
    att = _check(tmp_path, COMPLIANT, key)
    capsys.readouterr()
    assert _verify(att, COMPLIANT, pub, extra=("--require", "pass", "--max-age", "1h")) == 0
    assert "attestation OK" in capsys.readouterr().out
    env = _envelope(att)
    assert env["payloadType"] == "application/vnd.in-toto+json"
    statement = _statement(env)
    assert statement["_type"] == "https://in-toto.io/Statement/v1"
    assert statement["predicateType"] == "https://slsa.dev/verification_summary/v1"
    import hashlib
    assert statement["subject"][0]["digest"]["sha256"] == hashlib.sha256(COMPLIANT.read_bytes()).hexdigest()
    pred = statement["predicate"]
    assert pred["verificationResult"] == "PASSED" and pred["cleangate"]["verdict"] == "pass"
    assert pred["policy"]["digest"]["sha256"] and pred["verifier"]["version"]["cleangate"]
    assert isinstance(pred["cleangate"]["summary"]["rules_evaluated"], int)  # integers stay integers


def test_blocked_decision_is_signed_as_failed_and_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key, pub = _keypair(tmp_path, "gate")
    att = _check(tmp_path, UNMARKED, key)
    assert _statement(_envelope(att))["predicate"]["verificationResult"] == "FAILED"
    capsys.readouterr()
    assert _verify(att, UNMARKED, pub) == 1
    assert "the gate said 'block'" in capsys.readouterr().err


def test_tampered_predicate_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key, pub = _keypair(tmp_path, "gate")
    env = _envelope(_check(tmp_path, UNMARKED, key))
    statement = _statement(env)
    statement["predicate"]["verificationResult"] = "PASSED"
    statement["predicate"]["cleangate"]["verdict"] = "pass"
    forged = _rewrite(env, statement, tmp_path / "forged.json")
    capsys.readouterr()
    assert _verify(forged, UNMARKED, pub) == 1
    assert "signature: no signature verifies" in capsys.readouterr().err


def test_swapped_subject_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A pass for one BOM does not let another BOM through, whether the attacker presents the
    other file or edits the subject digest (which breaks the signature)."""
    import hashlib

    key, pub = _keypair(tmp_path, "gate")
    att = _check(tmp_path, COMPLIANT, key)
    capsys.readouterr()
    assert _verify(att, UNMARKED, pub) == 1
    assert "subject: the attestation is about" in capsys.readouterr().err
    env = _envelope(att)
    statement = _statement(env)
    statement["subject"][0]["digest"]["sha256"] = hashlib.sha256(UNMARKED.read_bytes()).hexdigest()
    assert _verify(_rewrite(env, statement, tmp_path / "swapped.json"), UNMARKED, pub) == 1


def test_expired_attestation_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key, pub = _keypair(tmp_path, "gate")
    decision = json.loads(_run_json(tmp_path, COMPLIANT))
    decision["created_at"] = (datetime.now(UTC) - timedelta(days=8)).isoformat().replace("+00:00", "Z")
    from service.attest.keys import load_signing_key_file

    old = tmp_path / "old.json"
    old.write_text(json.dumps(attest(decision, load_signing_key_file(key), "urn:test")))
    capsys.readouterr()
    assert _verify(old, COMPLIANT, pub, extra=("--max-age", "7d")) == 1
    assert "older than --max-age" in capsys.readouterr().err
    assert _verify(old, COMPLIANT, pub, extra=("--max-age", "9d")) == 0


def _run_json(tmp: Path, manifest: Path) -> str:
    out = tmp / "decision.json"
    assert main(["check", str(manifest), "-o", f"json={out}", "-f", "json"]) in (0, 1)
    report = json.loads(out.read_text())
    entries = report.get("results") or report.get("entries") or report
    first = entries[0] if isinstance(entries, list) else entries
    return json.dumps(first.get("decision", first))


def test_wrong_key_and_rotation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old_key, old_pub = _keypair(tmp_path, "old", "ed25519")
    new_key, new_pub = _keypair(tmp_path, "new", "ecdsa-p256")
    _, other_pub = _keypair(tmp_path, "other")
    signed_old = _check(tmp_path, COMPLIANT, old_key, "old.jsonl")
    signed_new = _check(tmp_path, COMPLIANT, new_key, "new.jsonl")
    capsys.readouterr()
    assert _verify(signed_old, COMPLIANT, other_pub) == 1  # wrong key
    assert "no signature verifies with a trusted key" in capsys.readouterr().err
    # During rotation the deploy job trusts both keys: both attestations pass.
    assert _verify(signed_old, COMPLIANT, old_pub, new_pub) == 0
    assert _verify(signed_new, COMPLIANT, old_pub, new_pub) == 0
    # After rotation the old key is dropped: what it signed no longer passes.
    assert _verify(signed_old, COMPLIANT, new_pub) == 1
    assert _verify(signed_new, COMPLIANT, new_pub) == 0


def test_policy_revision_pin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key, pub = _keypair(tmp_path, "gate")
    att = _check(tmp_path, COMPLIANT, key)
    revision = _statement(_envelope(att))["predicate"]["cleangate"]["policy"]["revision"]
    assert _verify(att, COMPLIANT, pub, extra=("--policy-revision", revision)) == 0
    capsys.readouterr()
    assert _verify(att, COMPLIANT, pub, extra=("--policy-revision", "0.0.1+000000000000")) == 1
    assert "policy: revision" in capsys.readouterr().err


def test_require_pass_refuses_warn(tmp_path: Path) -> None:
    """A warn decision is VSA PASSED (deployable by default) but not under --require pass."""
    key, pub = _keypair(tmp_path, "gate")
    from service.attest.keys import load_signing_key_file

    decision = json.loads(_run_json(tmp_path, COMPLIANT))
    decision["verdict"] = "warn"
    signed = tmp_path / "warn.json"
    signed.write_text(json.dumps(attest(decision, load_signing_key_file(key), "urn:test")))
    assert _verify(signed, COMPLIANT, pub) == 0
    assert _verify(signed, COMPLIANT, pub, extra=("--require", "pass")) == 1


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, pub = _keypair(tmp_path, "gate")
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": 1}')
    assert _verify(junk, COMPLIANT, pub) == 2
    assert "not a DSSE envelope" in capsys.readouterr().err
    junk.write_bytes(b"\xff\xfe")
    assert _verify(junk, COMPLIANT, pub) == 2
    assert _verify(tmp_path / "missing.json", COMPLIANT, pub) == 2
    bad_key = tmp_path / "bad.pem"
    bad_key.write_text("not a key")
    assert _verify(junk, COMPLIANT, bad_key) == 2
    with pytest.raises(SystemExit) as exc:
        main(["attest", "verify", str(junk), "--bom", str(COMPLIANT), "--max-age", "soon"])
    assert exc.value.code == 2
    # --attest without a key is refused before anything is evaluated
    assert main(["check", str(COMPLIANT), "--attest", str(tmp_path / "a.jsonl")]) == 2
    assert "--attest needs a signing key" in capsys.readouterr().err


def test_unsupported_key_type_is_named(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from service.attest.keys import KeyError_, load_signing_key

    pem = ec.generate_private_key(ec.SECP384R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    with pytest.raises(KeyError_, match="secp384r1"):
        load_signing_key(pem, "k.pem")


def test_bundle_with_several_manifests(tmp_path: Path) -> None:
    """One check over two manifests writes two envelopes; verify picks the one about --bom."""
    key, pub = _keypair(tmp_path, "gate")
    att = tmp_path / "both.jsonl"
    main(["check", str(UNMARKED), str(COMPLIANT), "--attest", str(att), "--signing-key", str(key), "-f", "json"])
    assert len(att.read_text().splitlines()) == 2
    assert _verify(att, COMPLIANT, pub) == 0
    assert _verify(att, UNMARKED, pub) == 1


def test_envelope_library_roundtrip_with_generated_keys() -> None:
    for key_type in KEY_TYPES:
        key = generate(key_type)
        env = dsse.sign(b"{}", "application/vnd.in-toto+json", key)
        assert dsse.open_envelope(env, [key.public]).keyid == key.keyid
        assert private_pem(key).startswith(b"-----BEGIN PRIVATE KEY-----")


SERVER_PACKAGES = ("fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "psycopg", "prometheus_client",
                   "httpx", "anyio")


@pytest.mark.slow
def test_attest_verify_needs_no_server_dependency(tmp_path: Path) -> None:
    """The slim install (no `server` extra) verifies: nothing on its import path needs them."""
    import subprocess
    import sys

    key, pub = _keypair(tmp_path, "gate")
    att = _check(tmp_path, COMPLIANT, key)
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name.split('.')[0] in {SERVER_PACKAGES!r}:\n"
        "            raise ImportError('server dependency imported: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from service.cli.main import main\n"
        f"sys.exit(main(['attest', 'verify', {str(att)!r}, '--bom', {str(COMPLIANT)!r}, '--key', {str(pub)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
