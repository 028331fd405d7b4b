"""Manifest formats: one module per format behind `interface.ManifestLoader`."""

from sbom.loaders.cyclonedx import CycloneDxLoader
from sbom.loaders.interface import LoadedManifest, ManifestLoader, SourceMap
from sbom.loaders.native import NativeLoader

LOADERS: list[ManifestLoader] = [NativeLoader(), CycloneDxLoader()]

__all__ = ["LOADERS", "CycloneDxLoader", "LoadedManifest", "ManifestLoader", "NativeLoader", "SourceMap"]
