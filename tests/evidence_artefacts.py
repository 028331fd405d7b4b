"""Real evidence made in the test: throw-away CA chains, C2PA-signed images and audio, signed
model directories and JSF-signed CycloneDX BOMs. Nothing here is a mock: c2pa-python signs and
embeds real manifests, model_signing writes real bundles, cryptography makes real keys."""

from __future__ import annotations

import base64
import datetime
import io
import json
import math
import struct
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import c2pa
import rfc8785
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image

TAM = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
CAPTURE = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
NOW = datetime.datetime.now(datetime.UTC)


def _name(cn: str, org: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn), x509.NameAttribute(NameOID.ORGANIZATION_NAME, org)])


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


@dataclass
class SigningChain:
    """A root CA and a C2PA-capable end-entity certificate it issued."""

    org: str
    ca_key: ec.EllipticCurvePrivateKey
    ca: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    @classmethod
    def make(cls, org: str) -> SigningChain:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = _name(f"{org} Root CA", org)
        usage = dict(content_commitment=False, key_encipherment=False, data_encipherment=False, key_agreement=False,
                     encipher_only=False, decipher_only=False)
        ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
              .serial_number(x509.random_serial_number()).not_valid_before(NOW - datetime.timedelta(days=1))
              .not_valid_after(NOW + datetime.timedelta(days=30))
              .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
              .add_extension(x509.KeyUsage(digital_signature=False, key_cert_sign=True, crl_sign=True, **usage),
                             critical=True)
              .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
              .sign(ca_key, hashes.SHA256()))
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (x509.CertificateBuilder().subject_name(_name(f"{org} signer", org)).issuer_name(ca_name)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(NOW - datetime.timedelta(days=1)).not_valid_after(NOW + datetime.timedelta(days=30))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=False, crl_sign=False, **usage),
                               critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
                .sign(ca_key, hashes.SHA256()))
        return cls(org, ca_key, ca, key, cert)

    @property
    def anchor_pem(self) -> str:
        return _pem(self.ca)

    def signer(self) -> c2pa.Signer:
        key = self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption())
        info = c2pa.C2paSignerInfo(b"es256", (_pem(self.cert) + _pem(self.ca)).encode(), key, None)
        return c2pa.Signer.from_info(info)


def jpeg(colour: tuple[int, int, int] = (200, 30, 30), size: int = 64) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), colour).save(out, "JPEG", quality=90)
    return out.getvalue()


def wav(seconds: float = 0.2, rate: int = 8000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 5))) for i in range(int(seconds * rate))))
    return out.getvalue()


def manifest_definition(source_type: str = TAM, first_action: str = "c2pa.created",
                        training: str | None = "notAllowed", soft_binding: bool = False) -> dict[str, Any]:
    assertions: list[dict[str, Any]] = [{"label": "c2pa.actions", "data": {"actions": [
        {"action": first_action, "digitalSourceType": source_type}]}}]
    if training:
        assertions.append({"label": "cawg.training-mining", "data": {"entries": {
            "cawg.ai_generative_training": {"use": training}, "cawg.ai_training": {"use": training}}}})
    if soft_binding:
        assertions.append({"label": "c2pa.soft-binding", "data": {"alg": "com.example.watermark",
                                                                  "blocks": [{"scope": {}, "value": "AAEC"}]}})
    return {"claim_generator_info": [{"name": "pixelforge-test", "version": "1.0"}], "title": "sample",
            "assertions": assertions}


def sign_asset(chain: SigningChain, data: bytes, mime: str, **definition: Any) -> bytes:
    builder = c2pa.Builder(json.dumps(manifest_definition(**definition)))
    out = io.BytesIO()
    builder.sign(chain.signer(), mime, io.BytesIO(data), out)
    return out.getvalue()


def tamper_jpeg(signed: bytes) -> bytes:
    """Flip bytes in the entropy-coded image data (after the manifest, before EOI)."""
    edited = bytearray(signed)
    for offset in (100, 160, 220):
        edited[-offset] ^= 0xFF
    return bytes(edited)


def strip_manifest(signed: bytes) -> bytes:
    """Drop the APP11 (JUMBF) segments that carry the C2PA manifest, as a careless export step does."""
    assert signed[:2] == b"\xff\xd8"
    out, i = bytearray(signed[:2]), 2
    while i < len(signed) and signed[i] == 0xFF and signed[i + 1] != 0xDA:
        length = int.from_bytes(signed[i + 2:i + 4], "big")
        if signed[i + 1] != 0xEB:
            out += signed[i:i + 2 + length]
        i += 2 + length
    return bytes(out + signed[i:])


def fake_jumbf_jpeg() -> bytes:
    """A JPEG with an APP11 segment that claims to be a C2PA JUMBF box and holds garbage."""
    plain = jpeg()
    seg = (b"JP\x00\x00\x00\x00\x00\x01" + b"\x00\x00\x00\x20jumb" + b"\x00\x00\x00\x18jumdc2pa"
           + b"\x00\x11\x00\x10\x80\x00\x00\xaa\x00\x38\x9b\x71" + b"\xff" * 40)
    return plain[:2] + b"\xff\xeb" + (len(seg) + 2).to_bytes(2, "big") + seg + plain[2:]


# --- model signing ----------------------------------------------------------------------------

def ec_keypair(directory: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    private, public = directory / f"{name}.key", directory / f"{name}.pub"
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo))
    return private, public


def sign_model(model_dir: Path, private_key: Path, signature: Path) -> None:
    import model_signing

    model_signing.signing.Config().use_elliptic_key_signer(private_key=private_key).sign(model_dir, signature)


# --- JSF-signed CycloneDX ---------------------------------------------------------------------

def jsf_sign(bom: dict[str, Any], private_key: Path, key_id: str | None = None) -> dict[str, Any]:
    """Sign like cdx-sign --mode replace: ES256 over the JCS form with the signature metadata in it."""
    key = serialization.load_pem_private_key(private_key.read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    metadata: dict[str, Any] = {"algorithm": "ES256", **({"keyId": key_id} if key_id else {})}
    unsigned = {**{k: v for k, v in bom.items() if k != "signature"}, "signature": metadata}
    der = key.sign(rfc8785.dumps(unsigned), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    value = base64.urlsafe_b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).rstrip(b"=").decode()
    return {**unsigned, "signature": {**metadata, "value": value}}
