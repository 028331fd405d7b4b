"""The published JSON Schema of the policy input document, generated from the pydantic models."""

from __future__ import annotations

import functools
from typing import Any

from sbom.model import NativeManifest, PolicyInput


@functools.cache
def input_schema() -> dict[str, Any]:
    schema = PolicyInput.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://cleangate.dev/schema/input/v1.json"
    return schema


@functools.cache
def manifest_schema() -> dict[str, Any]:
    schema = NativeManifest.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://cleangate.dev/schema/manifest/v1.json"
    return schema
