"""What every manifest loader provides, and what a loaded manifest carries downstream.

A loader recognises one manifest format from its parsed tree and turns it into the policy
input document plus a `SourceMap`, so that a finding about `/models/0/licence` can be shown to
the user at *their* field (`/components/3/licenses` in a CycloneDX BOM).

Loading has two stages so that a generated BOM can be joined with a hand-written facts file
(sbom/facts.py): `normalise` gives the facts a document *states* (a plain dict, nothing
defaulted), the facts it lets the gate *infer* and where each came from; `sbom.assemble` merges,
applies inferences where nothing was stated, and validates the result once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Literal

from sbom.errors import FieldProblem
from sbom.model import PolicyInput

Syntax = Literal["json", "yaml", "xml"]


@dataclass
class SourceMap:
    """Maps pointers in the policy input document to pointers in the submitted files.

    `files` names the file an entry points into when it is not the primary document (the facts
    file beside a BOM, or the BOM a `cleangate.yaml` references); None means the primary one.
    """

    entries: dict[str, str] = field(default_factory=dict)
    identity: bool = False
    """True when the manifest *is* the input document (native format): pointers map to themselves."""
    files: dict[str, str] = field(default_factory=dict)

    def add(self, input_pointer: str, manifest_pointer: str, file: str | None = None) -> None:
        if input_pointer not in self.entries:
            self.entries[input_pointer] = manifest_pointer
            if file is not None:
                self.files[input_pointer] = file

    def _probe(self, input_pointer: str) -> str | None:
        probe = input_pointer
        while True:
            if probe in self.entries:
                return probe
            if not probe:
                return None
            probe = probe.rsplit("/", 1)[0]

    def resolve(self, input_pointer: str) -> str:
        """The manifest pointer for an input pointer: exact, else the nearest mapped ancestor."""
        if self.identity:
            return input_pointer
        found = self._probe(input_pointer)
        return "" if found is None else self.entries[found]

    def origin(self, input_pointer: str) -> tuple[str | None, str]:
        """(file, pointer) for an input pointer; file None is the primary document."""
        if self.identity:
            return None, input_pointer
        found = self._probe(input_pointer)
        if found is None:
            return None, ""
        return self.files.get(found), self.entries[found]


@dataclass
class SourceText:
    """One submitted file, kept for line numbers (the YAML node graph saves a second parse)."""

    label: str | None
    text: str
    syntax: Syntax
    yaml_node: Any = None
    format: str = ""
    format_version: str = ""
    digest: str = ""


@dataclass
class InferredFact:
    """A fact the gate read from a standard field that does not state it directly."""

    fact: str
    """Pointer into the policy input document."""
    value: Any
    source: str
    """Pointer into the file it was read from."""
    field: str
    """The standard field in words, e.g. `modelCard.modelParameters.task`."""
    file: str | None = None


@dataclass
class Normalised:
    """What one document states (plain dict, nothing defaulted) and what it lets us infer."""

    format: Literal["cleangate", "cyclonedx", "spdx"]
    format_version: str
    syntax: Syntax
    text: str
    stated: dict[str, Any]
    source_map: SourceMap
    inferred: list[InferredFact] = field(default_factory=list)
    notices: list[FieldProblem] = field(default_factory=list)
    """Problems the loader repaired and accepted (a licence id in the wrong case): warnings."""
    yaml_node: Any = None
    describes_system: bool = True
    """False when the document names no system (a CycloneDX BOM without metadata.component)."""


@dataclass
class LoadedManifest:
    format: Literal["cleangate", "cyclonedx", "spdx"]
    format_version: str
    syntax: Syntax
    text: str
    policy_input: PolicyInput
    source_map: SourceMap
    yaml_node: Any = None
    """The composed YAML node graph (YAML input only), kept so line mapping need not parse again."""
    inferred: list[InferredFact] = field(default_factory=list)
    notices: list[FieldProblem] = field(default_factory=list)
    extra_sources: dict[str, SourceText] = field(default_factory=dict)
    """Other files the facts came from, by label (the facts file, or the referenced BOM)."""
    label: str | None = None
    """The primary document's label when other files are involved (findings then name files)."""


class ManifestLoader(ABC):
    """One manifest format."""

    @abstractmethod
    def accepts(self, tree: Any) -> bool:
        """Whether the parsed tree claims to be this format (by its marker keys, not its validity)."""

    @abstractmethod
    def normalise(self, tree: Any, text: str, syntax: Syntax) -> Normalised:
        """Check the format and map it; raise `sbom.errors.ManifestError` naming the field on failure."""

    def load(self, tree: Any, text: str, syntax: Syntax) -> LoadedManifest:
        """Normalise and validate one document on its own (no facts file)."""
        from sbom.assemble import assemble

        return assemble(self.normalise(tree, text, syntax))
