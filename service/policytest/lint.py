"""Static checks `cleangate policy check` runs before a policy reaches the gate.

Each of these has bitten us or would bite a legal engineer silently:
- a finding rule without complete METADATA shows up in decisions with no article or fix; an
  `undetermined` set needs METADATA too, and each rule id it names must be a catalogued rule
  (the gap borrows that rule's article and severity);
- calling a *function* through an import alias (`lib.finding(...)`) works in OPA but fails in
  regorus with "could not find function", so the package fails closed in production only;
- a comprehension as the value of a rule that also has a body (`x := [a | ...] if {...}`) errors
  in regorus ("statements not scheduled"), and for a function it silently yields undefined;
- a negated call with a reference argument (`not present(model.missing)`): OPA evaluates the
  argument outside the negation, so when the reference is undefined the rule silently does not
  fire in OPA, while it fires in regorus. Evidence checks must fire when evidence is missing;
- an input field METADATA documents (custom.inputs, or a field path in the description or
  remediation) that no Rego reads, or that the input schema does not have: a stated fact the
  reader expects to be judged is ignored (inputs_lint.py);
- a finding id written in the Rego (`finding("ACME-l", ...)`, `"rule": "ACME-l"`) that is not a
  `custom.id` of the package's METADATA: at run time the finding has no article, severity or fix,
  and the gate blocks it as malformed (decide.py); and, in a package with an `applies` set, a rule
  id that `applies` never names: the rule then reads "not applicable" on every manifest it passes;
- a rule no test makes fire (coverage.py): it can stop firing unnoticed;
- a package spread over several non-test files: regorus 0.9.1 then reads some of its partial
  sets as empty through an import alias while OPA does not (docs/policy-authoring.md, "One
  package, one file"), so the engines disagree only on some inputs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.bundle import PolicyFile
from service.bundle.bundle import rule_ids_by_package
from service.bundle.metadata import Annotation, check_annotation
from service.bundle.rego_source import FINDING_SETS, applies_rules, package_name, set_heads, without_comment
from service.policytest.inputs_lint import check_inputs
from service.severity import SEVERITY_BY_KIND

UNDETERMINED_CALL = re.compile(r"undetermined_fact\(\s*\"(?P<rule>[^\"]+)\"")
EMITTED_ID = re.compile(r'(?:\bfinding\(\s*|"rule"\s*:\s*)"(?P<rule>[^"\\]+)"')
QUOTED = re.compile(r'"(?P<text>[^"\\]*)"')
IMPORT = re.compile(r"^import\s+(?P<path>data(?:\.[A-Za-z_][A-Za-z0-9_]*)+)(?:\s+as\s+(?P<alias>[A-Za-z_]\w*))?\s*$")
STRING = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`')
COMPREHENSION_HEAD = re.compile(r"^[a-z_]\w*(?:\([^)]*\))?\s*:=\s*[\[{][^\n]*\|[^\n]*\sif(?:\s|$)")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def check_bundle(files: list[PolicyFile], annotations: list[Annotation]) -> list[Problem]:
    problems: list[Problem] = []
    for f in files:
        if not f.is_test:
            problems += _unannotated_finding_rules(f)
        problems += _alias_function_calls(f)
        problems += _comprehension_heads(f)
        problems += _negated_calls_on_refs(f)
    for a in annotations:
        if a.is_test:
            continue
        label = f"{a.rule.id}: " if a.rule else (f"{a.target}: " if a.target in SEVERITY_BY_KIND else "")
        problems += [Problem(a.file, a.line, f"{label}{p}") for p in check_annotation(a)]
    problems += _untested_rules(files, annotations)
    problems += _undetermined_rule_ids(files, annotations)
    problems += _emitted_ids(files, annotations)
    problems += _ids_missing_from_applies(files, annotations)
    problems += _packages_in_several_files(files)
    problems += [Problem(p.file, p.line, p.message) for p in check_inputs(files, annotations)]
    return sorted(problems, key=lambda p: (p.file, p.line, p.message))


def _packages_in_several_files(files: list[PolicyFile]) -> list[Problem]:
    """Every non-test file after the first that declares an already-declared package."""
    first: dict[str, str] = {}
    out = []
    for f in sorted((f for f in files if not f.is_test), key=lambda f: f.path):
        name = package_name(f.source)
        if not name:
            continue
        if name in first:
            out.append(Problem(f.path, 1, f"package {name} is already declared in {first[name]}: with regorus a "
                                          "package split over several files can read its own rules as empty through "
                                          "an import alias (docs/policy-authoring.md, 'One package, one file'); put "
                                          "these rules in a new package"))
        else:
            first[name] = f.path
    return out


def _unannotated_finding_rules(f: PolicyFile) -> list[Problem]:
    """`deny/warn/info contains` heads with no `# METADATA` block right above them."""
    lines = f.source.splitlines()
    out = []
    for head in set_heads(f.source):
        if head.name not in FINDING_SETS:
            continue
        if not head.partial:
            out.append(Problem(f.path, head.line, "deny/warn/info must be partial sets of findings "
                               "(`deny contains finding if { ... }`, `undetermined contains u if { ... }`); "
                               "the gate reports anything else as malformed"))
            continue
        j = head.line - 2
        while j >= 0 and not lines[j].strip():
            j -= 1
        has_metadata = False
        while j >= 0 and lines[j].lstrip().startswith("#"):
            if lines[j].strip() == "# METADATA":
                has_metadata = True
                break
            j -= 1
        if not has_metadata:
            what = ("undetermined set without a METADATA block (title, description)"
                    if head.name == "undetermined" else "finding rule without a METADATA block (title, custom.id, ...)")
            out.append(Problem(f.path, head.line, what))
    return out


def _undetermined_rule_ids(files: list[PolicyFile], annotations: list[Annotation]) -> list[Problem]:
    """`undetermined_fact("ID", ...)` must name a rule with METADATA: the gap takes its article and severity."""
    known = {rule_id for ids in rule_ids_by_package(annotations).values() for rule_id in ids}
    out = []
    for f in files:
        if f.is_test:
            continue
        for i, line in enumerate(f.source.splitlines()):
            for match in UNDETERMINED_CALL.finditer(line.split("#", 1)[0]):
                if match["rule"] not in known:
                    out.append(Problem(
                        f.path, i + 1, f"undetermined_fact names rule {match['rule']!r}, which no METADATA "
                        "block declares (custom.id); undetermined entries must name a catalogued rule"))
    return out


def _package_of(files: list[PolicyFile]) -> dict[str, str]:
    """Each file's package, from its `package` line (a file may have no METADATA at all)."""
    return {f.path: package_name(f.source) for f in files}


def _emitted_ids(files: list[PolicyFile], annotations: list[Annotation]) -> list[Problem]:
    """Ids written literally as a finding's rule must be a custom.id of the same package.

    A computed id (`finding(gap.rule, ...)`) is not visible here; the gate fails closed on it
    at run time instead. Ids the package takes from another package's METADATA are named too:
    the catalogue would list the rule under the wrong package.
    """
    ids = rule_ids_by_package(annotations)
    owner = {rule_id: pkg for pkg, pkg_ids in ids.items() for rule_id in pkg_ids}
    package_of = _package_of(files)
    out = []
    for f in files:
        if f.is_test:
            continue
        package = package_of.get(f.path, "")
        own = ids.get(package, frozenset())
        for i, line in enumerate(f.source.splitlines()):
            for match in EMITTED_ID.finditer(without_comment(line)):
                rule_id = match["rule"]
                if rule_id in own:
                    continue
                near = _nearest(rule_id, own)
                hint = f" (did you mean {near!r}?)" if near else ""
                if rule_id in owner:
                    why = (f"; it is declared in package {owner[rule_id]}, so the finding would be reported with "
                           "that package's article and fix, and listed there in the catalogue")
                else:
                    why = "; no package declares it, and the gate blocks such a finding as malformed"
                out.append(Problem(f.path, i + 1, f"emits finding id {rule_id!r}, which is not a custom.id of "
                                   f"package {package}{hint}{why}"))
    return out


def _nearest(rule_id: str, candidates: frozenset[str]) -> str | None:
    import difflib

    close = difflib.get_close_matches(rule_id, sorted(candidates), n=1, cutoff=0.8)
    return close[0] if close else None


def _ids_missing_from_applies(files: list[PolicyFile], annotations: list[Annotation]) -> list[Problem]:
    """In a package with an `applies` set, each of its rule ids must be named (quoted) in one of its rules.

    `applies` is how a silent rule reads "passed" rather than "not applicable"; a rule left out
    of it never passes. The check is by literal: a quoted id, or a sprintf pattern that can build
    it (`sprintf("ISO42001-%s", [control])` names every ISO42001-... id); an id computed any
    other way is not seen.
    """
    package_of = _package_of(files)
    named: dict[str, set[str]] = {}
    declaring: set[str] = set()
    for f in files:
        if f.is_test:
            continue
        for _, text in applies_rules(f.source):
            package = package_of.get(f.path, "")
            declaring.add(package)
            named.setdefault(package, set()).update(m["text"] for m in QUOTED.finditer(text))
    out = []
    seen: set[tuple[str, str]] = set()
    for a in annotations:
        if a.rule is None or a.is_test or a.package not in declaring or (a.package, a.rule.id) in seen:
            continue
        seen.add((a.package, a.rule.id))
        texts = named.get(a.package, set())
        patterns = [re.compile(re.sub(r"%[a-z]", ".+", re.escape(t))) for t in texts if "%" in t]
        if a.rule.id not in texts and not any(p.fullmatch(a.rule.id) for p in patterns):
            out.append(Problem(a.file, a.line, f"{a.rule.id}: package {a.package} has an `applies` set that never "
                               "names this rule, so it reads \"not applicable\" whenever it does not fire; add it "
                               "to the `applies` rule for the conditions under which it binds"))
    return out


def _code(line: str) -> str:
    """The line without string literals and comments, so neither can look like a call."""
    return STRING.sub('""', line).split("#", 1)[0]


def _alias_function_calls(f: PolicyFile) -> list[Problem]:
    lines = f.source.splitlines()
    aliases: dict[str, str] = {}
    for line in lines:
        match = IMPORT.match(line.strip())
        if match:
            path = match["path"]
            aliases[match["alias"] or path.rsplit(".", 1)[1]] = path
    if not aliases:
        return []
    call = re.compile(r"(?<![\w.])(?P<alias>" + "|".join(map(re.escape, aliases)) + r")\.(?P<fn>[A-Za-z_]\w*)\s*\(")
    out = []
    for i, line in enumerate(lines):
        if line.strip().startswith("import "):
            continue
        for match in call.finditer(_code(line)):
            full = f"{aliases[match['alias']]}.{match['fn']}"
            out.append(Problem(
                f.path, i + 1,
                f"calls function {match['alias']}.{match['fn']}(...) through an import alias; regorus fails with "
                f"'could not find function'. Call {full}(...) instead",
            ))
    return out


def _comprehension_heads(f: PolicyFile) -> list[Problem]:
    return [
        Problem(f.path, i + 1, "a comprehension as the value of a rule with a body fails in regorus; "
                "bind it to a variable inside the body instead (x := v if { ...; v := [a | ...] })")
        for i, line in enumerate(f.source.splitlines()) if COMPREHENSION_HEAD.match(_code(line))
    ]


# Only evidence checks (`present`) are flagged: their argument is undefined exactly when the
# evidence is missing, which is when the rule must fire. Other negated calls take values that
# are always defined (settings with defaults, iteration variables) and are left alone.
NEGATED_CALL = re.compile(r"^\s*not\s+(?P<fn>(?:[A-Za-z_][\w]*\.)*present)\((?P<args>.*)\)\s*$")
BARE_REF = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[^\]]*\])+$")


def _split_args(args: str) -> list[str]:
    out, depth, current = [], 0, ""
    for ch in args:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(current.strip())
            current = ""
        else:
            current += ch
    return [*out, current.strip()]


def _negated_calls_on_refs(f: PolicyFile) -> list[Problem]:
    out = []
    for i, line in enumerate(f.source.splitlines()):
        match = NEGATED_CALL.match(_code(line))
        if not match:
            continue
        refs = [a for a in _split_args(match["args"]) if BARE_REF.match(a)]
        if refs:
            out.append(Problem(
                f.path, i + 1,
                f"`not {match['fn']}({refs[0]}, ...)`: OPA evaluates call arguments outside `not`, so when "
                f"{refs[0]} is undefined the rule does not fire in OPA (it does in regorus); pass a defined "
                "value, e.g. data.cleangate.lib.present_at(obj, [\"key\"]) or object.get(obj, key, default)",
            ))
    return out


def _untested_rules(files: list[PolicyFile], annotations: list[Annotation]) -> list[Problem]:
    """Each rule id must appear (quoted) in at least one test file."""
    test_text = "\n".join(f.source for f in files if f.is_test)
    out = []
    seen: set[str] = set()
    for a in annotations:
        if a.rule is None or a.is_test or a.rule.id in seen:
            continue
        seen.add(a.rule.id)
        if f'"{a.rule.id}"' not in test_text:
            out.append(Problem(a.file, a.line, f"{a.rule.id}: no test references this rule id"))
    return out
