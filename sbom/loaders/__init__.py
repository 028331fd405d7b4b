"""Manifest formats: one module per format behind `interface.ManifestLoader`."""

from sbom.loaders.cyclonedx import CycloneDxLoader
from sbom.loaders.interface import LoadedManifest, ManifestLoader, SourceMap
from sbom.loaders.native import NativeLoader
from sbom.loaders.spdx3 import Spdx3Loader

LOADERS: list[ManifestLoader] = [NativeLoader(), CycloneDxLoader(), Spdx3Loader()]

__all__ = ["LOADERS", "CycloneDxLoader", "LoadedManifest", "ManifestLoader", "NativeLoader", "SourceMap", "Spdx3Loader"]
