"""Synthetic manifests for benchmarks: realistic shapes at sizes no example reaches."""

from __future__ import annotations

import json


def manifest_with_datasets(count: int) -> bytes:
    """A GPAI-based chatbot trained on `count` datasets, each with licence, TDM and GDPR facts."""
    datasets = [
        {
            "name": f"corpus-{i:04d}",
            "version": "2026.1",
            "source_type": ["licensed", "crawled", "user", "public"][i % 4],
            "licence": ["CC-BY-4.0", "LicenseRef-Vendor-Licence", "Apache-2.0", "CC0-1.0"][i % 4],
            "licence_holder": "Vendor Ltd" if i % 4 == 1 else None,
            "used_for": ["training"],
            "url": f"https://data.example/corpus/{i}",
            "tdm": {"crawler": "ExampleBot", "robots_txt_honoured": True, "tdmrep_honoured": True,
                    "c2pa_training_mining_checked": True, "reserved_items_included": 0, "check_date": "2026-05-01"},
            "personal_data": {"present": i % 4 == 2, "lawful_basis": "consent", "retention": "24 months",
                              "dpia": "https://example.org/dpia", "information_notice": "https://example.org/n"},
        }
        for i in range(count)
    ]
    for d in datasets:
        if d["licence_holder"] is None:
            del d["licence_holder"]
    doc = {
        "apiVersion": "cleangate/v1",
        "system": {
            "name": "Synthetic assistant", "version": "1.0", "roles": ["provider"],
            "deployment": {"regions": ["DE"], "placed_on_market": "2026-09-01"},
            "capabilities": {"interacts_with_persons": True, "synthetic_output_modalities": ["text"]},
            "transparency": {
                "ai_interaction": {"mechanism": "ui-banner", "timing": "first-interaction", "accessible": True},
                "marking": {"watermark": {"scheme": "wm", "modalities": ["text"]}, "detection": "https://x.example"},
            },
        },
        "models": [{"name": "synthetic-llm", "licence": "Apache-2.0", "datasets": [d["name"] for d in datasets]}],
        "datasets": datasets,
    }
    return json.dumps(doc).encode()
