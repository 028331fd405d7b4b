"""From normalised documents to one validated policy input document.

One place joins what the documents state (the BOM, and the facts file beside it when there is
one: sbom/facts.py), fills in what the gate inferred from standard fields where nothing is
stated, and validates the result once, so that an error names the file, pointer and line of
whichever file the offending fact came from.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from pydantic import ValidationError

from sbom.errors import FieldProblem, ManifestError
from sbom.facts import Merge, map_subtree
from sbom.loaders.interface import InferredFact, LoadedManifest, Normalised, SourceMap, SourceText
from sbom.locate import LineIndex, index_text
from sbom.model import ManifestDocument, PolicyInput
from sbom.validation import problems_from


def assemble(primary: Normalised, facts: Normalised | None = None, *, primary_label: str | None = None,
             facts_label: str | None = None) -> LoadedManifest:
    sources: dict[str | None, SourceText] = {None: _source(primary, None)}
    if facts is None:
        stated = copy.deepcopy(primary.stated) if primary.inferred else primary.stated
        source_map = primary.source_map
        label = None
    else:
        label = primary_label or "manifest"
        facts_label = facts_label or "facts"
        merge = Merge(primary, label, facts, facts_label)
        stated = merge.run()
        source_map = merge.combined
        if not primary.describes_system:
            # The BOM names no system, so missing deployment facts belong in the facts file.
            for section in ("", "/system", "/governance", "/context", "/evidence", "/extensions"):
                source_map.add(section, section if section[1:] in facts.stated else "", facts_label)
        if primary.source_map.identity:
            map_subtree(source_map, primary.stated, "", "", label)
        else:
            for pointer, target in primary.source_map.entries.items():
                source_map.add(pointer, target, primary.source_map.files.get(pointer, label))
        sources[facts_label] = _source(facts, facts_label)
        sources[label] = sources[None]
    used = apply_inferred(stated, primary.inferred, source_map, label)
    policy_input = _validated(stated, source_map, sources)
    notices = locate([FieldProblem(n.pointer, n.message, n.expected, file=label) for n in primary.notices], sources)
    return LoadedManifest(
        format=primary.format, format_version=primary.format_version, syntax=primary.syntax, text=primary.text,
        policy_input=policy_input, source_map=source_map,
        yaml_node=primary.yaml_node, inferred=used, notices=notices,
        extra_sources={k: v for k, v in sources.items() if isinstance(k, str) and k != label}, label=label,
    )


def _validated(stated: dict[str, Any], source_map: SourceMap, sources: dict[str | None, SourceText]) -> PolicyInput:
    """The stated facts as a PolicyInput, validated once.

    `derived` and `verified` are the gate's to write, so a document stating either is validated as
    a ManifestDocument, which refuses them by name. Any other document is validated as PolicyInput
    directly (the same fields and validators: PolicyInput only adds those two), instead of as a
    ManifestDocument that is then dumped and validated again, which was ~60% of this step
    (10,000 datasets: ~220 ms). A document that fails is validated again as a ManifestDocument,
    so its problems are reported exactly as before.
    """
    if "derived" not in stated and "verified" not in stated:
        try:
            return PolicyInput.model_validate(stated)
        except ValidationError:
            pass
    try:
        stated_doc = ManifestDocument.model_validate(stated)
    except ValidationError as exc:
        problems = [_origin(p, source_map) for p in problems_from(exc, ManifestDocument)]
        raise ManifestError("manifest does not match the expected shape", locate(problems, sources)) from None
    return PolicyInput.model_validate(stated_doc.model_dump())


def apply_inferred(stated: dict[str, Any], inferred: list[InferredFact], source_map: SourceMap,
                   label: str | None) -> list[InferredFact]:
    """Set each inferred fact where nothing is stated; a stated fact always wins."""
    used = []
    for fact in inferred:
        parts = [p.replace("~1", "/").replace("~0", "~") for p in fact.fact.split("/")[1:]]
        node: Any = stated
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
        if parts[-1] in node:
            continue
        node[parts[-1]] = fact.value
        source_map.entries[fact.fact] = fact.source
        if label is not None:
            source_map.files[fact.fact] = fact.file or label
        used.append(InferredFact(fact.fact, fact.value, fact.source, fact.field, fact.file or label))
    return used


def _origin(problem: FieldProblem, source_map: SourceMap) -> FieldProblem:
    file, pointer = source_map.origin(problem.pointer)
    return FieldProblem(pointer, problem.message, problem.expected, file=file)


def _source(doc: Normalised, label: str | None) -> SourceText:
    return SourceText(label=label, text=doc.text, syntax=doc.syntax, yaml_node=doc.yaml_node,
                      format=doc.format, format_version=doc.format_version,
                      digest=hashlib.sha256(doc.text.encode()).hexdigest())


def locate(problems: list[FieldProblem], sources: dict[str | None, SourceText]) -> list[FieldProblem]:
    """Give every problem the line and column of its pointer in the file it names."""
    indexes: dict[str | None, LineIndex] = {}
    out = []
    for p in problems:
        source = sources.get(p.file) or sources.get(None)
        if source is None or source.syntax == "xml":
            out.append(p)
            continue
        if p.file not in indexes:
            indexes[p.file] = index_text(source.text, source.syntax, node=source.yaml_node)
        line, column = indexes[p.file].locate(p.pointer)
        out.append(FieldProblem(p.pointer, p.message, p.expected, file=p.file, line=line, column=column))
    return out
