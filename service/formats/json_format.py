"""Machine-readable output: the decisions exactly as the API returns them.

Beside a decision with gaps, `to_get_a_verdict` says in one line what `decision.gaps` lists.
"""

from __future__ import annotations

import json

from service.formats._shared import error_problems, gaps_headline
from service.formats.gaps import gaps_data
from service.formats.interface import Formatter, Report
from service.problems import http_status


class JsonFormatter(Formatter):
    name = "json"

    def render(self, report: Report) -> str:
        results = []
        for entry in report.entries:
            if entry.decision is not None:
                result: dict[str, object] = {"source": entry.source, "decision": entry.decision.model_dump(mode="json")}
                if entry.decision.gaps:
                    result["to_get_a_verdict"] = gaps_headline(entry.decision) + ": " + ", ".join(
                        g.fact for g in entry.decision.gaps)
                    result["gaps_by_regulation"] = gaps_data(entry.decision)
                results.append(result)
            elif entry.error is not None:
                results.append({
                    "source": entry.source,
                    "error": {
                        "title": entry.error.title,
                        "status": http_status(entry.error),
                        "errors": [
                            {"pointer": p.pointer, "message": p.message, "expected": p.expected,
                             **({"file": p.file} if p.file else {}),
                             "line": located.line, "column": located.column}
                            for p, located in zip(entry.error.problems, error_problems(entry, limit=None),
                                                  strict=False)
                        ],
                    },
                })
        return json.dumps({"verdict": report.verdict, "results": results}, indent=2) + "\n"
