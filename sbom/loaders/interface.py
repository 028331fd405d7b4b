"""What every manifest loader provides, and what a loaded manifest carries downstream.

A loader recognises one manifest format from its parsed tree and turns it into the policy
input document plus a `SourceMap`, so that a finding about `/models/0/licence` can be shown to
the user at *their* field (`/components/3/licenses` in a CycloneDX BOM).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from sbom.model import PolicyInput


@dataclass
class SourceMap:
    """Maps pointers in the policy input document to pointers in the submitted manifest."""

    entries: dict[str, str] = field(default_factory=dict)
    identity: bool = False
    """True when the manifest *is* the input document (native format): pointers map to themselves."""

    def add(self, input_pointer: str, manifest_pointer: str) -> None:
        self.entries.setdefault(input_pointer, manifest_pointer)

    def resolve(self, input_pointer: str) -> str:
        """The manifest pointer for an input pointer: exact, else the nearest mapped ancestor."""
        if self.identity:
            return input_pointer
        probe = input_pointer
        while True:
            if probe in self.entries:
                return self.entries[probe]
            if not probe:
                return ""
            probe = probe.rsplit("/", 1)[0]


@dataclass
class LoadedManifest:
    format: Literal["cleangate", "cyclonedx"]
    format_version: str
    syntax: Literal["json", "yaml"]
    text: str
    document: Any
    """The submitted manifest as parsed (not normalised): line mapping and storage use it."""
    policy_input: PolicyInput
    source_map: SourceMap
    yaml_node: Any = None
    """The composed YAML node graph (YAML input only), kept so line mapping need not parse again."""


class ManifestLoader(ABC):
    """One manifest format."""

    format_name: ClassVar[str]

    @abstractmethod
    def accepts(self, tree: Any) -> bool:
        """Whether the parsed tree claims to be this format (by its marker keys, not its validity)."""

    @abstractmethod
    def load(self, tree: Any, text: str, syntax: Literal["json", "yaml"]) -> LoadedManifest:
        """Validate and normalise; raise `sbom.errors.ManifestError` naming the field on failure."""
