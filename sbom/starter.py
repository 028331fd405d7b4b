"""The commented starter manifest `cleangate bom init` writes.

It is a working manifest (it loads, and the gate evaluates it), with the facts that decide
which rules apply written out and explained, so a team's first run shows real findings
instead of a schema error. Kept as text, not generated, because the comments are the point.
"""

from __future__ import annotations

import json

STARTER = """\
# cleangate.yaml: the AI-BOM of one AI system, evaluated by `cleangate check cleangate.yaml`.
# Every fact you leave out counts as "not stated": rules that need it report it as missing,
# never as fine. Field reference: docs/input-reference.md. CycloneDX instead? `cleangate bom convert`.
apiVersion: cleangate/v1

system:
  name: {name}
  version: 0.1.0
  description: What the system does, in one sentence.
  intended_purpose: Who uses it for what (and what it must not be used for).
  # Your organisation's AI Act roles: provider, deployer, importer, distributor,
  # downstream-provider, gpai-provider.
  roles: [provider]
  deployment:
    # ISO 3166-1 alpha-2 codes, or EU. The AI Act applies when any region is in the EU/EEA.
    regions: [EU]
    environment: production
    # First placed on the market / put into service (decides transition periods).
    placed_on_market: 2026-09-01
  capabilities:
    # These facts decide which Article 50 duties apply.
    interacts_with_persons: true          # chatbots, voice assistants: Art 50(1)
    synthetic_output_modalities: [text]   # text, image, audio, video: Art 50(2)
    output_kinds: [content]
    deepfake_output: false                # Art 50(4)
    emotion_recognition: false            # Art 50(3)
  transparency:
    ai_interaction:
      # How people are told they are talking to an AI, and when (Art 50(1), 50(5)).
      mechanism: ui-banner
      timing: first-interaction
      accessible: true
    marking:
      # Machine-readable marking of generated output (Art 50(2)): C2PA and/or a watermark,
      # and a way for others to detect it.
      watermark:
        scheme: your-watermark-scheme
        modalities: [text]
      detection: https://example.com/ai-detect

models:
  - name: your-model
    version: 1.0.0
    provider: Model Provider Ltd
    licence: Apache-2.0                   # SPDX expression, or LicenseRef-... with licence_holder
    datasets: [your-training-data]
    documentation:
      model_card: https://example.com/model-card

datasets:
  - name: your-training-data
    source_type: licensed                 # public, licensed, crawled, user, synthetic, ...
    licence: LicenseRef-Your-Data-Licence
    licence_holder: Data Owner Ltd
    used_for: [training]
    personal_data:
      present: false                      # true: add lawful_basis, dpia, retention (GDPR)

governance:
  # ISO/IEC 42001 evidence: links to your documents.
  ai_policy: https://example.com/ai-policy
  risk_assessment: https://example.com/ai-risk-assessment
"""


def starter_manifest(name: str = "My AI system") -> str:
    # JSON string quoting is valid YAML and keeps any name (colons, quotes) one scalar.
    return STARTER.format(name=json.dumps(name, ensure_ascii=False))
