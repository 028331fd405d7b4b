"""The gate's own warm-up documents: one of each shape a request may bring, judged once and discarded.

A process's first evaluation builds what it needs on first use: the CycloneDX schema validators
(~150 ms), the schema's and loaders' regular expressions, pydantic's and libyaml's first calls.
`Gate.warm` evaluates these documents so that a server worker pays that before it takes
requests. They are written to touch those paths (licences by id and by name, hashes, external
references, a model card, a dataset, `cleangate:` properties, a purl), not to pass the gate.
"""

from __future__ import annotations

import json
from typing import Any

NATIVE = b"""apiVersion: cleangate/v1
system:
  name: warm-up
  version: 1.0.0
  roles: [provider]
  deployment: {regions: [DE], placed_on_market: 2026-09-01}
  capabilities: {interacts_with_persons: true, synthetic_output_modalities: [text]}
models:
  - {name: warm-up-model, licence: Apache-2.0, datasets: [warm-up-data]}
datasets:
  - {name: warm-up-data, source_type: licensed, licence: CC-BY-4.0, used_for: [training]}
"""


def cyclonedx(version: str) -> bytes:
    """A small CycloneDX BOM in `version` with a system, a model, a dataset and a library."""
    url = "https://warm-up.example/"
    bom: dict[str, Any] = {
        "bomFormat": "CycloneDX", "specVersion": version, "version": 1,
        "serialNumber": "urn:uuid:00000000-0000-4000-8000-000000000000",
        "metadata": {
            "timestamp": "2026-09-01T00:00:00Z",
            "component": {
                "type": "application", "bom-ref": "system", "name": "warm-up", "version": "1.0.0",
                "externalReferences": [{"type": "documentation", "url": url + "policy", "comment": "AI policy"}],
                "properties": [{"name": "cleangate:role", "value": "provider"},
                               {"name": "cleangate:deployment.regions", "value": "DE"},
                               {"name": "cleangate:interacts_with_persons", "value": "true"}],
            },
        },
        "components": [
            {"type": "machine-learning-model", "bom-ref": "model", "name": "warm-up-model", "version": "1",
             "supplier": {"name": "Warm-up Ltd"},
             "licenses": [{"license": {"name": "Warm-up licence",
                                       "licensing": {"licensor": {"organization": {"name": "Warm-up Ltd"}}}}}],
             "hashes": [{"alg": "SHA-256", "content": "0" * 64}],
             "externalReferences": [{"type": "model-card", "url": url + "card"}],
             "modelCard": {"modelParameters": {"task": "text-generation", "datasets": [{"ref": "data"}],
                                               "inputs": [{"format": "text"}], "outputs": [{"format": "text"}]},
                           "properties": [{"name": "cleangate:role", "value": "provider"}]}},
            {"type": "data", "bom-ref": "data", "name": "warm-up-data", "version": "1",
             "licenses": [{"license": {"id": "CC-BY-4.0"}}],
             "data": [{"type": "dataset", "name": "warm-up-data", "contents": {"url": url + "data"},
                       "classification": "public"}],
             "properties": [{"name": "cleangate:dataset.source_type", "value": "public"},
                            {"name": "cleangate:used_for", "value": "fine-tuning"}]},
            {"type": "library", "bom-ref": "lib", "name": "warm-up-lib", "version": "1.0.0",
             "purl": "pkg:pypi/warm-up-lib@1.0.0", "licenses": [{"expression": "MIT OR Apache-2.0"}]},
        ],
    }
    return json.dumps(bom).encode()
