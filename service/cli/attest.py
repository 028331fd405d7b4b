"""`cleangate attest verify|keygen`: check a signed verdict before deploying, make a key pair.

`verify ATTESTATION --bom FILE` works offline with the slim install: it needs the public key
(`--key`, repeatable, or CLEANGATE_VERIFY_KEYS) and the AI-BOM being deployed. It checks the
signature, that the attestation is about exactly these bytes, the verdict (`--require`), the
policy bundle (`--policy-revision`, `--policy-digest`) and the age (`--max-age`).
Exit codes, like `check`: 0 verified, 1 not verified (do not deploy), 2 usage or unreadable input.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import timedelta
from pathlib import Path

from service.cli.exitcodes import ExitCode

DURATION = re.compile(r"^(\d{1,6})([smhdw])$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
MAX_FILE = 16 * 1024 * 1024


def duration(text: str) -> timedelta:
    match = DURATION.match(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a number and a unit, e.g. 30m, 12h, 7d, 2w")
    return timedelta(seconds=int(match.group(1)) * UNITS[match.group(2)])


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("attest", help="verify signed verdicts; make signing keys", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="attest_action", metavar="ACTION", required=True)
    v = actions.add_parser("verify", help="verify an attestation against the AI-BOM being deployed")
    v.add_argument("attestation", type=Path, metavar="ATTESTATION", help="DSSE envelope, or JSON Lines of them")
    v.add_argument("--bom", type=Path, required=True, metavar="FILE", help="the AI-BOM (manifest) being deployed")
    v.add_argument("--facts", type=Path, metavar="FILE", help="the facts file, when the decision merged one")
    v.add_argument("--key", action="append", default=[], metavar="[KEYID=]PUB",
                   help="trusted public key (PEM); repeatable (rotation); also CLEANGATE_VERIFY_KEYS")
    v.add_argument("--require", choices=["pass", "warn"], default="warn",
                   help="lowest verdict accepted: pass, or warn (pass or warn, the default)")
    v.add_argument("--max-age", type=duration, metavar="AGE", help="refuse a verdict older than this (30m, 12h, 7d)")
    v.add_argument("--policy-revision", metavar="REV", help="require this policy bundle revision")
    v.add_argument("--policy-digest", metavar="SHA256", help="require this policy bundle digest")
    v.add_argument("--json", action="store_true", help="print the result as JSON")
    v.set_defaults(run=run_verify)
    k = actions.add_parser("keygen", help="write a new signing key (PEM, private) and its public key")
    k.add_argument("--type", choices=["ed25519", "ecdsa-p256"], default="ed25519")
    k.add_argument("--out", type=Path, required=True, metavar="KEY.pem",
                   help="private key file (created 0600); the public key goes to KEY.pub.pem")
    k.set_defaults(run=run_keygen)


def _read(path: Path, what: str) -> bytes | None:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE + 1)
    except OSError as exc:
        print(f"cleangate attest verify: cannot read {what} {path}: {exc.strerror or exc}", file=sys.stderr)
        return None
    if len(data) > MAX_FILE:
        print(f"cleangate attest verify: {what} {path} is larger than {MAX_FILE} bytes", file=sys.stderr)
        return None
    return data


def run_verify(args: argparse.Namespace) -> int:
    from service.attest.keys import KeyError_
    from service.attest.signing import trusted_keys
    from service.attest.verify import AttestationFormatError, Requirements, read_envelopes, verify
    from service.settings import Settings

    raw = _read(args.attestation, "attestation")
    bom = _read(args.bom, "AI-BOM")
    facts = _read(args.facts, "facts file") if args.facts else None
    if raw is None or bom is None or (args.facts and facts is None):
        return ExitCode.USAGE
    try:
        keys = trusted_keys(Settings(), args.key)
    except KeyError_ as exc:
        print(f"cleangate attest verify: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    if not keys:
        print("cleangate attest verify: no trusted key: pass --key PUB.pem (or set CLEANGATE_VERIFY_KEYS)",
              file=sys.stderr)
        return ExitCode.USAGE
    req = Requirements(require=args.require, max_age=args.max_age, policy_revision=args.policy_revision,
                       policy_digest=args.policy_digest)
    try:
        text = raw.decode("utf-8")
        result = verify(read_envelopes(text), keys, bom, req, facts)
    except UnicodeDecodeError:
        print(f"cleangate attest verify: {args.attestation} is not UTF-8 text: not an attestation", file=sys.stderr)
        return ExitCode.USAGE
    except AttestationFormatError as exc:
        print(f"cleangate attest verify: {args.attestation}: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    if args.json:
        print(json.dumps(result.public(), indent=2))
    elif result.ok:
        out = result.public()
        print(f"attestation OK: {args.bom} was judged {out['verdict']!r} at {out['time_verified']} "
              f"(decision {out['decision_id']}, policy {(out['policy'] or {}).get('revision')}, key {result.keyid})")
    else:
        print(f"attestation NOT accepted for {args.bom}:", file=sys.stderr)
        for problem in result.problems:
            print(f"  - {problem}", file=sys.stderr)
    return ExitCode.PASS if result.ok else ExitCode.BLOCK


def run_keygen(args: argparse.Namespace) -> int:
    import os

    from service.attest.keys import generate, private_pem

    key = generate(args.type)
    public = args.out.with_name(args.out.name.removesuffix(".pem") + ".pub.pem")
    try:
        fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        print(f"cleangate attest keygen: cannot create {args.out}: {exc.strerror or exc} "
              "(an existing key is never overwritten)", file=sys.stderr)
        return ExitCode.USAGE
    with os.fdopen(fd, "wb") as handle:
        handle.write(private_pem(key))
    public.write_text(key.public_pem(), encoding="utf-8")
    print(f"key id {key.keyid}\nprivate key: {args.out}\npublic key:  {public}")
    return ExitCode.PASS
