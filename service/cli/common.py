"""Pieces several commands share: loading the gate from CLI options, reading the environment."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from service.bundle import PolicyBundle, load_bundle
from service.engines import PolicyLoadError, make_engine
from service.evidence.trust import TrustListError
from service.gate import Gate
from service.settings import Settings


def add_policy_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policies", action="append", type=Path, default=[], metavar="DIR",
                        help="extra policy folder (an organisation's own packages); repeatable")
    parser.add_argument("--data", action="append", type=Path, default=[], metavar="FILE",
                        help="JSON file merged over policies/data (organisation settings); repeatable")


def settings_from(args: argparse.Namespace) -> Settings:
    settings = Settings()
    updates = {}
    if getattr(args, "policies", None):
        updates["policy_dirs"] = [*settings.policy_dirs, *args.policies]
    if getattr(args, "data", None):
        updates["policy_data"] = [*settings.policy_data, *args.data]
    return settings.model_copy(update=updates)


BUNDLE_ERRORS = (PolicyLoadError, FileNotFoundError, ValueError, UnicodeDecodeError)
"""What reading or compiling a policy folder raises for a folder the user got wrong."""


def bundle_from(settings: Settings, command: str = "cleangate") -> PolicyBundle | None:
    """Built-in policies plus the configured folders and data, or None after saying why not."""
    try:
        return load_bundle(settings.policy_dirs, settings.policy_data)
    except BUNDLE_ERRORS as exc:
        print(f"{command}: cannot load policies: {exc}", file=sys.stderr)
        return None


def gate_from(settings: Settings) -> Gate | None:
    """The embedded gate, or None after printing why the policies could not be loaded."""
    bundle = bundle_from(settings)
    if bundle is None:
        return None
    try:
        evidence = settings.evidence_config()
    except TrustListError as exc:
        print(f"cleangate: cannot load evidence settings: {exc}", file=sys.stderr)
        return None
    try:
        return Gate(bundle, make_engine(settings.engine, bundle, settings=settings), limits=settings.limits(),
                    evidence=evidence)
    except BUNDLE_ERRORS as exc:
        print(f"cleangate: cannot load policies: {exc}", file=sys.stderr)
        return None
