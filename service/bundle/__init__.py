"""Policies as a versioned unit: which Rego files, their digest, and their rule catalogue."""

from service.bundle.bundle import PolicyBundle, PolicyFile, builtin_policy_dir, load_bundle
from service.bundle.metadata import Annotation, RuleInfo

__all__ = ["Annotation", "PolicyBundle", "PolicyFile", "RuleInfo", "builtin_policy_dir", "load_bundle"]
