"""Rego engines behind one interface: the embedded regorus engine is the default."""

from service.engines.interface import EngineResult, PackageResult, PolicyEngine, PolicyLoadError
from service.engines.regorus_engine import RegorusEngine

__all__ = ["EngineResult", "PackageResult", "PolicyEngine", "PolicyLoadError", "RegorusEngine"]
