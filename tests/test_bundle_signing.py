"""Signed OPA bundles: `.signatures.json` built and checked the way OPA verifies it.

No OPA here can load a bundle (the OPA Go library bindings export only policy/data/eval calls,
and no OPA binary installs from the registries; docs/engines.md), so the format is pinned three
ways: against vectors published in OPA's own test suite (v1/bundle/verify_test.go and
hash_test.go: tokens OPA signed, digests OPA computed), by real OPA's JWS and digest built-ins on
bundles cleangate signed (the last section), and by tampering with those bundles.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from service.bundle.bundle_hash import canonical, file_digest, parse_structured
from service.bundle.bundle_signing import (
    BundleSignatureError,
    load_verification_key,
    read_tarball,
    verify_token,
)
from service.cli.main import main

# From OPA v1/bundle/verify_test.go: HS256 with the secret "secret", kid "foo", scope "write".
OPA_HS256_KID_FOO = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZvbyJ9.eyJmaWxlcyI6W3sibmFtZSI6ImRiL3VhbTIvZW50aXRsZW1lbnRzL2Rh"
    "dGEuanNvbiIsImhhc2giOiJjMjEzMTU0NGM3MTZhMjVhNWUzMWY1MDQzMDBmNTI0MGU4MjM1Y2FkYjlhNTdmMGJkMWI2ZjRiZDc0YjI2NjEy"
    "IiwiYWxnb3JpdGhtIjoic2hhMjU2In0seyJuYW1lIjoiZGIvdWFtMi9wb2xpY3kvb3BhLXBvbGljeS5yZWdvIiwiaGFzaCI6IjQyY2ZlNjc2"
    "OGI1N2JiNWY3NTAzYzE2NWMyOGRkMDdhYzViODEzNTU0ZWJjODUwZjJjYzM1ODQzZTcxMzdiMWQifV0sImlhdCI6MTU5MjI0ODAyNywiaXNz"
    "IjoiSldUU2VydmljZSIsInNjb3BlIjoid3JpdGUifQ.u7b_h88osJpU6VQLhIUmZjblsPNCO_kTqsVtpEAHavs"
)
# The same files, no kid header, the key named by the deprecated `keyid` claim instead.
OPA_HS256_KEYID_CLAIM = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJmaWxlcyI6W3sibmFtZSI6ImRiL3VhbTIvZW50aXRsZW1lbnRzL2RhdGEuanNvbiIsImhh"
    "c2giOiJjMjEzMTU0NGM3MTZhMjVhNWUzMWY1MDQzMDBmNTI0MGU4MjM1Y2FkYjlhNTdmMGJkMWI2ZjRiZDc0YjI2NjEyIiwiYWxnb3JpdGht"
    "Ijoic2hhMjU2In0seyJuYW1lIjoiZGIvdWFtMi9wb2xpY3kvb3BhLXBvbGljeS5yZWdvIiwiaGFzaCI6IjQyY2ZlNjc2OGI1N2JiNWY3NTAz"
    "YzE2NWMyOGRkMDdhYzViODEzNTU0ZWJjODUwZjJjYzM1ODQzZTcxMzdiMWQifV0sImlhdCI6MTU5MjI0ODAyNywiaXNzIjoiSldUU2Vydmlj"
    "ZSIsImtleWlkIjoiZm9vIiwic2NvcGUiOiJ3cml0ZSJ9.4nrInalqppAc9EjsNUD9Y35amVpDGoRk4bkxzdY8fhs"
)
OPA_HS256_NO_KID = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJmaWxlcyI6W3sibmFtZSI6ImRiL3VhbTIvZW50aXRsZW1lbnRzL2RhdGEuanNvbiIsImhh"
    "c2giOiJjMjEzMTU0NGM3MTZhMjVhNWUzMWY1MDQzMDBmNTI0MGU4MjM1Y2FkYjlhNTdmMGJkMWI2ZjRiZDc0YjI2NjEyIiwiYWxnb3JpdGht"
    "Ijoic2hhMjU2In0seyJuYW1lIjoiZGIvdWFtMi9wb2xpY3kvb3BhLXBvbGljeS5yZWdvIiwiaGFzaCI6IjQyY2ZlNjc2OGI1N2JiNWY3NTAz"
    "YzE2NWMyOGRkMDdhYzViODEzNTU0ZWJjODUwZjJjYzM1ODQzZTcxMzdiMWQifV0sImlhdCI6MTU5MjI0ODAyNywiaXNzIjoiSldUU2Vydmlj"
    "ZSIsInNjb3BlIjoid3JpdGUifQ.N2DaEyhfACMAij2sRC0ZDwNz4wI7BX_flH3IkKqMvE4"
)
# RS256, kid "foo", scope "write", and the public key OPA's test verifies it with.
OPA_RS256 = (
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZvbyJ9.eyJmaWxlcyI6W3sibmFtZSI6ImRiL3VhbTIvZW50aXRsZW1lbnRzL2Rh"
    "dGEuanNvbiIsImhhc2giOiJjMjEzMTU0NGM3MTZhMjVhNWUzMWY1MDQzMDBmNTI0MGU4MjM1Y2FkYjlhNTdmMGJkMWI2ZjRiZDc0YjI2NjEy"
    "IiwiYWxnb3JpdGhtIjoic2hhMjU2In0seyJuYW1lIjoiZGIvdWFtMi9wb2xpY3kvb3BhLXBvbGljeS5yZWdvIiwiaGFzaCI6IjQyY2ZlNjc2"
    "OGI1N2JiNWY3NTAzYzE2NWMyOGRkMDdhYzViODEzNTU0ZWJjODUwZjJjYzM1ODQzZTcxMzdiMWQifV0sImlhdCI6MTU5MjI1MTQwNiwiaXNz"
    "IjoiSldUU2VydmljZSIsInNjb3BlIjoid3JpdGUifQ.UZcX_Qj29o213nwZ5mysiyNcgAp1AOqCkDLkj1KGZ7Cw3l17TbkF8t3FJd654sf762"
    "NGcABA0WQ2zxq-labXl_d5TKQmq23lurO3qLHI1cKQPyoxPbddGo78sJpMwWsiMyEYcyyKC9FpNUpa8cT81GPo4q9Zui8TAD0wtHh2YxBL7E8Q"
    "YLJxcLMJTJxVBgrQGLXFT7vYRc6hJz9Vu-i0SWuLBGxOCmYoHr4DWFfy0IhAbhiUFyLRpukfBPjCJNYY5LgaZdN6LaYivtIEUms5jUuXubBimL"
    "Jm7KOT5-bgJMXTcUsbrbl2Ma7PwG5IOKjjgyEvH8KVfGFZSzNrpuxKmA"
)
OPA_RS256_PUBLIC = b"""-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA9KaakMv1XKKDaSch3PFR
3a27oaHp1GNTTNqvb1ZaHZXp+wuhYDwc/MTE67x9GCifvQBWzEGorgTq7aisiOyl
vKifwz6/wQ+62WHKG/sqKn2Xikp3P63aBIPlZcHbkyyRmL62yeyuzYoGvLEYel+m
z5SiKGBwviSY0Th2L4e5sGJuk2HOut6emxDi+E2Fuuj5zokFJvIT6Urlq8f3h6+l
GeR6HUOXqoYVf7ff126GP7dticTVBgibxkkuJFmpvQSW6xmxruT4k6iwjzbZHY7P
ypZ/TdlnuGC1cOpAVyU7k32IJ9CRbt3nwEf5U54LRXLLQjFixWZHwKdDiMTF4ws0
+wIDAQAB
-----END PUBLIC KEY-----
"""


# --- OPA's published vectors -------------------------------------------------------------------

def test_manifest_digest_matches_the_one_opa_computes() -> None:
    # verify_test.go: OPA reports "got: a005c38a..." for this .manifest under MD5: structured
    # files are hashed as their canonical form, not their bytes.
    assert file_digest(".manifest", b'{"revision": "quickbrownfaux"}', "MD5") == "a005c38a509dc2d5a7407b9494efb2ad"
    assert file_digest("x/policy.rego", b'{"revision": "quickbrownfaux"}', "MD5") != "a005c38a509dc2d5a7407b9494efb2ad"


def test_canonical_form_is_go_compact_sorted_json_with_number_text_kept() -> None:
    # hash_test.go: the walk of this map equals Go's json.Marshal of it (sorted keys, compact), and
    # its json.Number keeps every digit; a float would round it and change the digest.
    text = '{"key2": {"c": 123.45678911111111111111111111111111111111111111111111111, "b": 1, "a": 0},' \
           ' "key1": ["element1", "element2"]}'
    assert canonical(parse_structured("data.json", text.encode())) == (
        b'{"key1":["element1","element2"],"key2":{"a":0,"b":1,'
        b'"c":123.45678911111111111111111111111111111111111111111111111}}')
    # Go encodes without HTML escaping but always escapes the JavaScript line separators.
    assert canonical(["<foo></foo>&", "\u2028", "\u00e9\u00a9", "tab\t"]) == \
        '["<foo></foo>&","\\u2028","\u00e9\u00a9","tab\\t"]'.encode()


def test_tokens_signed_by_opa_verify() -> None:
    secret = b"secret"
    assert verify_token(OPA_HS256_KID_FOO, secret, "HS256", scope="write")[0] == "foo"
    assert verify_token(OPA_HS256_KEYID_CLAIM, secret, "HS256", scope="write")[0] == "foo"
    public = load_verification_key(OPA_RS256_PUBLIC, "RS256")
    key_id, payload = verify_token(OPA_RS256, public, "RS256", scope="write")
    assert key_id == "foo" and [f["name"] for f in payload["files"]] == [
        "db/uam2/entitlements/data.json", "db/uam2/policy/opa-policy.rego"]


@pytest.mark.parametrize(("token", "key", "scope", "error"), [
    (OPA_HS256_KID_FOO, b"secret", "bad_scope", "scope mismatch"),
    (OPA_HS256_KID_FOO, b"bad_secret", "write", "failed to verify the JWS signature"),
    (OPA_HS256_NO_KID, b"secret", "write", "verification key ID is empty"),
])
def test_tokens_opa_rejects_are_rejected(token: str, key: bytes, scope: str, error: str) -> None:
    with pytest.raises(BundleSignatureError, match=error):
        verify_token(token, key, "HS256", scope=scope)


# --- bundles cleangate signs -------------------------------------------------------------------

@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """(signing key, verification key) files per algorithm."""
    folder = tmp_path_factory.mktemp("keys")
    out: dict[str, tuple[Path, Path]] = {}
    pairs = {"RS256": rsa.generate_private_key(65537, 2048), "ES256": ec.generate_private_key(ec.SECP256R1())}
    for alg, private in pairs.items():
        (folder / f"{alg}.pem").write_bytes(private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        (folder / f"{alg}.pub").write_bytes(private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
        out[alg] = (folder / f"{alg}.pem", folder / f"{alg}.pub")
    (folder / "hs.key").write_bytes(b"0123456789abcdef0123456789abcdef")  # the exact bytes, no newline
    out["HS256"] = (folder / "hs.key", folder / "hs.key")
    other = ec.generate_private_key(ec.SECP256R1())
    (folder / "other.pub").write_bytes(other.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return out


def _sign(tmp_path: Path, key: Path, alg: str, *extra: str) -> Path:
    out = tmp_path / f"bundle-{alg}.tar.gz"
    assert main(["policy", "bundle", "-o", str(out), "--signing-key", str(key), "--signing-alg", alg,
                 "--key-id", "gate-1", *extra]) == 0
    return out


def _verify(bundle: Path, key: Path, alg: str, *extra: str) -> int:
    return main(["policy", "bundle", "verify", str(bundle), "--verification-key", str(key), "--signing-alg", alg,
                 *extra])


def _rewrite(bundle: Path, change: dict[str, bytes | None]) -> Path:
    """The bundle with files replaced (bytes), added, or removed (None)."""
    files = read_tarball(bundle.read_bytes())
    for name, content in change.items():
        if content is None:
            files.pop(name)
        else:
            files[name] = content
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo("/" + name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    out = bundle.with_name("tampered-" + bundle.name)
    out.write_bytes(gzip.compress(raw.getvalue()))
    return out


@pytest.mark.parametrize("alg", ["RS256", "ES256", "HS256"])
def test_a_signed_bundle_verifies(alg: str, keys: dict[str, tuple[Path, Path]], tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    signing, verification = keys[alg]
    bundle = _sign(tmp_path, signing, alg, "--scope", "production")
    files = read_tarball(bundle.read_bytes())
    token = json.loads(files[".signatures.json"])["signatures"][0]
    signed = verify_token(token, load_verification_key(verification.read_bytes(), alg), alg, scope="production")[1]
    # Every file but the signatures themselves, each with OPA's SHA-256 name and a digest of it.
    assert sorted(f["name"] for f in signed["files"]) == sorted(set(files) - {".signatures.json"})
    assert {f["algorithm"] for f in signed["files"]} == {"SHA-256"} and signed["keyid"] == "gate-1"
    capsys.readouterr()
    assert _verify(bundle, verification, alg, "--scope", "production") == 0
    assert "OK: signed by key 'gate-1'" in capsys.readouterr().out


def test_reformatted_json_still_verifies_as_in_opa(keys: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    bundle = _sign(tmp_path, *keys["ES256"][:1], "ES256")
    data = json.loads(read_tarball(bundle.read_bytes())["data.json"])
    compact = json.dumps(data, separators=(",", ":"), sort_keys=False).encode()
    assert _verify(_rewrite(bundle, {"data.json": compact}), keys["ES256"][1], "ES256") == 0


@pytest.mark.parametrize(("change", "message"), [
    ("rego-byte", "digest mismatch"),
    ("unsigned-file", "not included in bundle signature"),
    ("signed-file-missing", "specified in bundle signatures but not found"),
    ("two-signatures", "multiple JWTs not supported"),
    ("no-signatures", "has no .signatures.json"),
    ("data-value", "data.json: digest mismatch"),
])
def test_a_tampered_bundle_is_rejected(change: str, message: str, keys: dict[str, tuple[Path, Path]],
                                       tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = _sign(tmp_path, keys["RS256"][0], "RS256")
    files = read_tarball(bundle.read_bytes())
    rego = next(n for n in sorted(files) if n.endswith("c2pa/c2pa.rego"))
    token = json.loads(files[".signatures.json"])["signatures"][0]
    edits: dict[str, dict[str, bytes | None]] = {
        "rego-byte": {rego: files[rego].replace(b"block", b"bl0ck", 1)},
        "unsigned-file": {"builtin/extra/backdoor.rego": b"package backdoor\n"},
        "signed-file-missing": {rego: None},
        "two-signatures": {".signatures.json": json.dumps({"signatures": [token, token]}).encode()},
        "no-signatures": {".signatures.json": None},
        "data-value": {"data.json": json.dumps({**json.loads(files["data.json"]), "cleangate": {}}).encode()},
    }
    capsys.readouterr()
    assert _verify(_rewrite(bundle, edits[change]), keys["RS256"][1], "RS256") == 1
    assert message in capsys.readouterr().out


def test_a_wrong_key_or_scope_or_algorithm_is_rejected(keys: dict[str, tuple[Path, Path]], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    bundle = _sign(tmp_path, keys["ES256"][0], "ES256", "--scope", "prod")
    capsys.readouterr()
    assert _verify(bundle, keys["ES256"][1].with_name("other.pub"), "ES256", "--scope", "prod") == 1
    assert "failed to verify the JWS signature" in capsys.readouterr().out
    assert _verify(bundle, keys["ES256"][1], "ES256") == 1
    assert "scope mismatch" in capsys.readouterr().out
    assert _verify(bundle, keys["HS256"][1], "HS256", "--scope", "prod") == 1  # alg confusion: refused
    assert "not allowed" in capsys.readouterr().out


def test_bad_signing_keys_are_usage_errors(keys: dict[str, tuple[Path, Path]], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "b.tar.gz")
    short = tmp_path / "short.key"
    short.write_bytes(b"secret")
    cases = [
        (["--signing-key", str(keys["ES256"][0]), "--signing-alg", "RS256", "--key-id", "k"], "not an RSA key"),
        (["--signing-key", str(short), "--signing-alg", "HS256", "--key-id", "k"], "at least 32 random bytes"),
        (["--signing-key", str(keys["RS256"][0])], "needs --key-id"),
        (["--signing-key", str(tmp_path / "absent.pem"), "--key-id", "k"], "cannot read the signing key"),
    ]
    for extra, message in cases:
        assert main(["policy", "bundle", "-o", out, *extra]) == 2
        assert message in capsys.readouterr().err
    assert not Path(out).exists()


def test_an_unsigned_bundle_is_byte_for_byte_what_it_was(tmp_path: Path, keys: dict[str, tuple[Path, Path]]) -> None:
    plain = tmp_path / "plain.tar.gz"
    assert main(["policy", "bundle", "-o", str(plain)]) == 0
    signed = read_tarball(_sign(tmp_path, keys["HS256"][0], "HS256").read_bytes())
    assert {k: v for k, v in signed.items() if k != ".signatures.json"} == read_tarball(plain.read_bytes())


def test_a_file_that_is_no_bundle_is_a_usage_error(keys: dict[str, tuple[Path, Path]], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    not_gzip = tmp_path / "not.tar.gz"
    not_gzip.write_bytes(b"PK\x03\x04 a zip file")
    assert _verify(not_gzip, keys["RS256"][1], "RS256") == 2
    assert "not a gzip-compressed bundle" in capsys.readouterr().err
    # A gzip bomb stops at the size limit instead of being inflated whole.
    from service.bundle import bundle_signing

    monkeypatch.setattr(bundle_signing, "MAX_BUNDLE_BYTES", 1024 * 1024)
    bomb = tmp_path / "bomb.tar.gz"
    bomb.write_bytes(gzip.compress(b"\0" * (4 * 1024 * 1024)))
    assert _verify(bomb, keys["RS256"][1], "RS256") == 2
    assert "unpacks to more than 1048576 bytes" in capsys.readouterr().err


def test_hostile_json_in_a_signed_bundle_is_rejected_not_a_crash(keys: dict[str, tuple[Path, Path]], tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    bundle = _sign(tmp_path, keys["RS256"][0], "RS256")
    deep = b"[" * 200_000 + b"]" * 200_000
    capsys.readouterr()
    assert _verify(_rewrite(bundle, {"data.json": deep}), keys["RS256"][1], "RS256") == 1
    assert "data.json: cannot hash" in capsys.readouterr().out


# --- real OPA: its JWS verification and digests over bundles cleangate signs ----------------------
#
# The OPA Go library cannot load a bundle (its bindings export no bundle reader), but its Rego
# built-ins run OPA's own code on the two things a bundle signature stands on: the JWS
# (io.jwt.verify_*, the jwx library OPA's bundle verifier uses) and SHA-256 digests of the files
# (crypto.sha256; for .manifest and data.json over Go's JSON encoder, whose sorted compact output is
# OPA's canonical form once the HTML escaping that bundle hashing turns off is undone).

OPA_CHECK = r'''
package bundlecheck

import rego.v1

token := json.unmarshal(input.files[".signatures.json"]).signatures[0]

default signature_ok := false

signature_ok if {
	input.alg == "RS256"
	io.jwt.verify_rs256(token, input.key)
}

signature_ok if {
	input.alg == "ES256"
	io.jwt.verify_es256(token, input.key)
}

signature_ok if {
	input.alg == "HS256"
	io.jwt.verify_hs256(token, input.key)
}

signed := {f.name: f.hash | some f in io.jwt.decode(token)[1].files}

structured := {".manifest", "data.json"}

go_json(content) := replace(replace(replace(json.marshal(json.unmarshal(content)),
	"\\u003c", "<"), "\\u003e", ">"), "\\u0026", "&")

digest(name, content) := crypto.sha256(content) if not name in structured

digest(name, content) := crypto.sha256(go_json(content)) if name in structured

files := {name | some name, _ in input.files; name != ".signatures.json"}

mismatched contains name if {
	some name in files
	digest(name, input.files[name]) != signed[name]
}

unsigned contains name if {
	some name in files
	not signed[name]
}

missing contains name if {
	some name, _ in signed
	not name in files
}

result := {"signature_ok": signature_ok, "mismatched": mismatched, "unsigned": unsigned, "missing": missing}
'''


def _opa_check(bundle: Path, key: Path, alg: str) -> dict[str, object]:
    from tests.test_engine_oracle import _require_opa

    _require_opa()
    import opa_bindings

    engine = opa_bindings.OpaEngine()
    engine.add_policy("bundlecheck.rego", OPA_CHECK)
    files = {name: content.decode() for name, content in read_tarball(bundle.read_bytes()).items()}
    result: dict[str, object] = engine.eval_document(
        "bundlecheck.result", input={"files": files, "key": key.read_text(), "alg": alg})
    return result


@pytest.mark.parametrize("alg", ["RS256", "ES256", "HS256"])
def test_real_opa_verifies_the_signature_and_every_digest(alg: str, keys: dict[str, tuple[Path, Path]],
                                                          tmp_path: Path) -> None:
    bundle = _sign(tmp_path, keys[alg][0], alg)
    assert _opa_check(bundle, keys[alg][1], alg) == {
        "signature_ok": True, "mismatched": [], "unsigned": [], "missing": []}


def test_real_opa_rejects_what_policy_bundle_verify_rejects(keys: dict[str, tuple[Path, Path]], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    bundle = _sign(tmp_path, keys["ES256"][0], "ES256")
    files = read_tarball(bundle.read_bytes())
    rego = next(n for n in sorted(files) if n.endswith("c2pa/c2pa.rego"))
    public = keys["ES256"][1]

    changed = _rewrite(bundle, {rego: files[rego].replace(b"block", b"bl0ck", 1)})
    assert _opa_check(changed, public, "ES256")["mismatched"] == [rego]
    assert _verify(changed, public, "ES256") == 1

    changed = _rewrite(bundle, {"data.json": json.dumps({**json.loads(files["data.json"]), "x": 1}).encode()})
    assert _opa_check(changed, public, "ES256")["mismatched"] == ["data.json"]
    assert _verify(changed, public, "ES256") == 1

    added = _rewrite(bundle, {"builtin/extra/backdoor.rego": b"package backdoor\n"})
    assert _opa_check(added, public, "ES256")["unsigned"] == ["builtin/extra/backdoor.rego"]
    assert _verify(added, public, "ES256") == 1

    removed = _rewrite(bundle, {rego: None})
    assert _opa_check(removed, public, "ES256")["missing"] == [rego]
    assert _verify(removed, public, "ES256") == 1

    other = public.with_name("other.pub")
    assert _opa_check(bundle, other, "ES256")["signature_ok"] is False
    assert _verify(bundle, other, "ES256") == 1

    # A payload edited to match a changed file, under the original signature: OPA refuses the JWS.
    token = json.loads(files[".signatures.json"])["signatures"][0]
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["files"][0]["hash"] = "0" * 64
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    forged = _rewrite(bundle, {".signatures.json": json.dumps(
        {"signatures": [f"{header}.{forged_payload}.{signature}"]}).encode()})
    assert _opa_check(forged, public, "ES256")["signature_ok"] is False
    capsys.readouterr()
    assert _verify(forged, public, "ES256") == 1
    assert "failed to verify the JWS signature" in capsys.readouterr().out
