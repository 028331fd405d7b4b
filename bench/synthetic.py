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
            # Every deciding fact stated, so that the gate's missing-fact probes (service/scope_probe.py)
            # do not add evaluations to what these shapes measure.
            "deployment": {"regions": ["DE"], "environment": "production", "placed_on_market": "2026-09-01"},
            "capabilities": {"interacts_with_persons": True, "synthetic_output_modalities": ["text"],
                             "public_interest_text": False},
            "transparency": {
                "ai_interaction": {"mechanism": "ui-banner", "timing": "first-interaction", "accessible": True},
                "marking": {"watermark": {"scheme": "wm", "modalities": ["text"]}, "detection": "https://x.example"},
            },
        },
        "models": [{"name": "synthetic-llm", "licence": "Apache-2.0", "datasets": [d["name"] for d in datasets]}],
        "datasets": datasets,
    }
    return json.dumps(doc).encode()


def manifest_with_models(count: int) -> bytes:
    """A provider system composed of `count` models (each fine-tuned on its own dataset)."""
    doc = json.loads(manifest_with_datasets(count))
    doc["models"] = [
        {"name": f"model-{i:04d}", "version": "1.0", "provider": "Vendor Ltd", "licence": "Apache-2.0",
         "datasets": [f"corpus-{i:04d}"]}
        for i in range(count)
    ]
    return json.dumps(doc).encode()


def gpai_provider_with_datasets(count: int) -> bytes:
    """A GPAI model provider (scenario 10's shape) whose model was trained on `count` crawled datasets."""
    datasets = [
        {"name": f"crawl-{i:04d}", "source_type": "crawled", "url": f"https://crawl.example/{i}",
         "licence": "LicenseRef-Various-Web-Content", "used_for": ["training"],
         "tdm": {"crawler": "ExampleBot", "robots_txt_honoured": True, "tdmrep_honoured": True,
                 "c2pa_training_mining_checked": True, "reserved_items_included": 0, "excluded_count": i,
                 "check_date": "2025-12-01"}}
        for i in range(count)
    ]
    doc = {
        "apiVersion": "cleangate/v1",
        "system": {
            "name": "Synthetic open model release", "version": "1.0", "roles": ["gpai-provider"],
            "established_in_eu": True, "open_source": True,
            "deployment": {"regions": ["EU"], "environment": "production", "placed_on_market": "2026-02-10"},
            "capabilities": {"interacts_with_persons": False, "synthetic_output_modalities": []},
        },
        "models": [{
            "name": "synthetic-gpai", "version": "1.0", "provider": "Synthetic AI SE", "role": "provider",
            "gpai": True, "licence": "Apache-2.0", "weights_public": True,
            "distribution": "https://models.example/synthetic-gpai", "training_flop": 3.0e24,
            "parameter_count": 3_000_000_000, "placed_on_market": "2026-02-10",
            "datasets": [d["name"] for d in datasets],
            "documentation": {
                "model_card": "https://models.example/card", "copyright_policy": "https://models.example/copyright",
                "training_summary": {"url": "https://models.example/summary", "public": True,
                                     "last_update": "2026-06-01",
                                     "sections": ["1.1", "1.2", "1.3", "2.1", "2.3", "3.1", "3.2"]},
            },
            "code_of_practice_signatory": True, "copyright_contact": "copyright@models.example",
            "tdm_protocols_honoured": ["robots.txt", "tdmrep", "c2pa-cawg-training-mining"],
        }],
        "datasets": datasets,
    }
    return json.dumps(doc).encode()


def cyclonedx_with_components(count: int) -> bytes:
    """The travel-assistant example BOM plus `count` components: libraries, every tenth a dataset."""
    from pathlib import Path

    bom = json.loads((Path(__file__).resolve().parents[1] / "examples" / "travel-assistant.cdx.json").read_text())
    data_template = next(c for c in bom["components"] if c["type"] == "data")
    extra: list[dict[str, object]] = []
    for i in range(count):
        if i % 10 == 9:
            comp = json.loads(json.dumps(data_template))
            comp["bom-ref"], comp["name"] = f"data-{i}", f"corpus-{i}"
            comp["data"][0]["name"] = f"corpus-{i}"
        else:
            comp = {"type": "library", "bom-ref": f"lib-{i}", "name": f"lib-{i}", "version": "1.0.0",
                    "purl": f"pkg:pypi/lib-{i}@1.0.0", "licenses": [{"license": {"id": "MIT"}}]}
        extra.append(comp)
    bom["components"] = bom["components"] + extra
    return json.dumps(bom, indent=1).encode()
