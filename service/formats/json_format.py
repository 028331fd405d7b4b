"""Machine-readable output: the decisions exactly as the API returns them."""

from __future__ import annotations

import json

from service.formats.interface import Formatter, Report


class JsonFormatter(Formatter):
    name = "json"
    extension = "json"

    def render(self, report: Report) -> str:
        results = []
        for entry in report.entries:
            if entry.decision is not None:
                results.append({"source": entry.source, "decision": entry.decision.model_dump(mode="json")})
            elif entry.error is not None:
                results.append({
                    "source": entry.source,
                    "error": {
                        "title": entry.error.title,
                        "status": entry.error.status,
                        "errors": [
                            {"pointer": p.pointer, "message": p.message, "expected": p.expected}
                            for p in entry.error.problems
                        ],
                    },
                })
        return json.dumps({"verdict": report.verdict, "results": results}, indent=2) + "\n"
