"""The native manifest, `cleangate.yaml`: the policy input document plus `apiVersion`.

Because the manifest *is* the input document, its source map is the identity and validation
errors already point at the author's fields. A `cleangate.yaml` that names a generated BOM
(`bom: ./aibom.cdx.json`) is a facts file instead: sbom/load.py joins the two.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from sbom.errors import FieldProblem, ManifestError
from sbom.loaders.interface import LoadedManifest, ManifestLoader, Normalised, SourceMap, Syntax
from sbom.model import API_VERSION, NativeManifest
from sbom.validation import validation_error


class NativeLoader(ManifestLoader):

    def accepts(self, tree: Any) -> bool:
        return isinstance(tree, dict) and "apiVersion" in tree

    def normalise(self, tree: Any, text: str, syntax: Syntax) -> Normalised:
        self._check_version(tree)
        stated = {k: v for k, v in tree.items() if k != "apiVersion"}
        return Normalised(format="cleangate", format_version="v1", syntax=syntax, text=text,
                          stated=stated, source_map=SourceMap(identity=True))

    def load(self, tree: Any, text: str, syntax: Syntax) -> LoadedManifest:
        self._check_version(tree)
        try:
            manifest = NativeManifest.model_validate(tree)
        except ValidationError as exc:
            raise validation_error(exc, NativeManifest) from None
        return LoadedManifest(
            format="cleangate",
            format_version="v1",
            syntax=syntax,
            text=text,
            policy_input=manifest.to_policy_input(),
            source_map=SourceMap(identity=True),
        )

    @staticmethod
    def _check_version(tree: Any) -> None:
        if tree.get("apiVersion") != API_VERSION:
            raise ManifestError(
                "unsupported manifest version",
                [FieldProblem("/apiVersion", f"got {str(tree.get('apiVersion'))[:60]!r}", repr(API_VERSION))],
            )
