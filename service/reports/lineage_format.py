"""Markdown for the lineage reports (readable as plain text in a terminal, renders in a ticket).

The JSON form is the report models themselves (`model_dump_json`), the same as the API's answer.
"""

from __future__ import annotations

from service.reports.lineage import DecisionRef, DependencyPath, Deployment, ImpactReport, LineageReport, Unreadable


def _version(version: str | None) -> str:
    return f" {version}" if version else ""


def _deployment(dep: Deployment) -> str:
    parts = [", ".join(dep.regions) if dep.regions else "regions not stated"]
    parts.append(dep.environment or "environment not stated")
    if dep.placed_on_market:
        parts.append(f"placed on the market {dep.placed_on_market.isoformat()}")
    if dep.go_live:
        parts.append(f"live {dep.go_live.isoformat()}")
    return "; ".join(parts)


def _decision(ref: DecisionRef) -> str:
    as_of = f", judged as of {ref.as_of}" if ref.as_of else ""
    return f"latest verdict **{ref.verdict.upper()}** (decision `{ref.decision_id}`, recorded {ref.recorded_at}{as_of})"


def _path(p: DependencyPath) -> str:
    uses = f" (used for {', '.join(p.used_for)})" if p.used_for else ""
    if p.layer == "unattributed":
        return f"listed in the manifest's datasets but named by no model or adapter: treated as weights{uses}"
    model = f"model `{p.model}`{_version(p.model_version)}"
    if p.layer == "adapter":
        verdict = "removing or retraining it suffices" if p.adapter_suffices else (
            "not stated removable: treat as weights")
        return f"{model}, adapter `{p.adapter}` ({p.adapter_kind}): {verdict}{uses}"
    chain = "".join(f" ← base `{name}`" for name in p.via)
    source = ""
    if p.declared_by is not None:
        d = p.declared_by
        source = (f"; trained on `{d.dataset}` per {d.system}{_version(d.system_version)} "
                  f"(model `{d.model}`, decision `{d.decision_id}`)")
    return f"{model}{chain}: in the weights{source}{uses}"


def _unreadable(items: list[Unreadable]) -> list[str]:
    if not items:
        return []
    lines = ["", f"**Not covered**: {len(items)} latest decision(s) whose manifest could not be read:"]
    lines += [f"- {u.system}{_version(u.system_version)} (decision `{u.decision_id}`): {u.problem}" for u in items]
    return lines


def impact_markdown(report: ImpactReport) -> str:
    lines = [f"# Dataset blast radius: `{report.dataset}`", ""]
    if not report.matched and not report.systems:
        lines.append(f"No manifest among the latest decisions of {report.systems_read} system version(s) names "
                     "this dataset (by name or digest).")
        return "\n".join(lines + _unreadable(report.unreadable)) + "\n"
    lines.append(f"{len(report.systems)} of {report.systems_read} system version(s) depend on it "
                 f"({sum(s.adapter_only for s in report.systems)} only through removable adapters).")
    if report.matched:
        lines += ["", "Matched dataset entries:"]
        for m in report.matched:
            digests = f" [{', '.join(m.digests)}]" if m.digests else ""
            lines.append(f"- `{m.name}`{digests} in {m.system}{_version(m.system_version)}")
    for s in report.systems:
        lines += ["", f"## {s.system}{_version(s.system_version)}", "",
                  f"- {_decision(s.decision)}", f"- deployed: {_deployment(s.deployment)}",
                  f"- **{'adapter only' if s.adapter_only else 'base weights'}**: {s.action}"]
        lines += [f"  - {_path(p)}" for p in s.paths]
    return "\n".join(lines + _unreadable(report.unreadable)) + "\n"


def lineage_markdown(report: LineageReport) -> str:
    lines = [f"# Lineage: {report.system}"]
    if not report.versions:
        lines += ["", "No readable decision for this system in the log."]
    for v in report.versions:
        lines += ["", f"## {v.system}{_version(v.system_version)}", "", f"- {_decision(v.decision)}",
                  f"- deployed: {_deployment(v.deployment)}"]
        for m in v.models:
            base = f", base model `{m.base_model}`" if m.base_model else ""
            lines.append(f"- model `{m.name}`{_version(m.version)}{base}: weights trained on "
                         + (", ".join(f"`{d}`" for d in m.datasets) or "no dataset stated"))
            for d in m.datasets_elsewhere:
                lines.append(f"  - same model per {d.system}{_version(d.system_version)}: weights trained on "
                             f"`{d.dataset}` (model `{d.model}`, decision `{d.decision_id}`)")
            for a in m.adapters:
                removable = {True: "removable", False: "not removable", None: "removability not stated"}[a.removable]
                lines.append(f"  - adapter `{a.name}` ({a.kind}, {removable}): "
                             + (", ".join(f"`{d}`" for d in a.datasets) or "no dataset stated"))
            for b in m.base_models:
                known = ", ".join(f"`{d.dataset}` (per {d.system}{_version(d.system_version)})" for d in b.datasets)
                lines.append(f"  - base (depth {b.depth}) `{b.name}`: " + (known or "no manifest in the log states "
                                                                            "its training datasets"))
        if v.unattributed_datasets:
            lines.append("- datasets no model names: " + ", ".join(f"`{d}`" for d in v.unattributed_datasets))
    return "\n".join(lines + _unreadable(report.unreadable)) + "\n"
