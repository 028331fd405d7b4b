"""Read the structure of Rego source text: package line, finding-set heads, tests, `applies`.

Neither engine hands back a module's rule list, so the gate, the catalogue, the linter and the
test runner read it from the text. They used to do that with five sets of regexes that had
drifted apart (one allowed an indented `applies`, another did not); this module is the one
reading all of them share, so a new form of rule head is taught once. It is a line reader, not
a parser: it looks only at statements that start a line, which is how `opa fmt` writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FINDING_SETS = ("deny", "warn", "info", "undetermined")
"""The sets whose entries the gate reads as findings (`undetermined`: missing deciding facts)."""
ENGINE_SETS = (*FINDING_SETS, "applies")
"""Every set an engine evaluates per package; `applies` names the rules that bind."""

PACKAGE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
"""A package path the engines can query as `data.<path>` (the `package` line allows more)."""
_PACKAGE = re.compile(r"^[ \t]*package\s+(?P<name>[A-Za-z0-9_.]+)", re.M)
# A set named at the start of a line (indentation allowed), in any form: `deny contains x if`,
# `deny[x] if`, `deny := ...`, `deny if`. Finding sets must be partial sets (`contains`); the
# other forms are still evaluated and reported as malformed, so a rule written in an unexpected
# form can never be skipped.
_SET_HEAD = re.compile(
    r"^[ \t]*(?P<name>" + "|".join(ENGINE_SETS) + r")\b(?=(?P<form>\s*(?:contains\b|\[|:=|=|if\b|\{)))", re.M)
_TEST_RULE = re.compile(r"^(?P<name>test_[A-Za-z0-9_]*)\b", re.M)
_RULE_NAME = re.compile(r"^(?P<name>[a-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class SetHead:
    name: str
    """deny, warn, info, undetermined or applies."""
    line: int
    """1-based."""
    partial: bool
    """Written as a partial set (`name contains ...`), the only form the gate accepts."""


def package_name(source: str) -> str:
    """The module's package ("" when it has no `package` line)."""
    match = _PACKAGE.search(source)
    return match["name"] if match else ""


def set_heads(source: str) -> list[SetHead]:
    """Every head of a deny/warn/info/undetermined/applies rule, in source order."""
    return [SetHead(m["name"], source.count("\n", 0, m.start()) + 1, m["form"].lstrip().startswith("contains"))
            for m in _SET_HEAD.finditer(source)]


def declares_applies(source: str) -> bool:
    """Whether the module adds to an `applies` set: its package's silent rules are then "not applicable"."""
    return any(h.name == "applies" and h.partial for h in set_heads(source))


def test_rules(source: str) -> list[tuple[str, int]]:
    """(name, 1-based line) of every `test_*` rule head, in source order, repeats included."""
    return [(m["name"], source.count("\n", 0, m.start()) + 1) for m in _TEST_RULE.finditer(source)]


def rule_name(head: str) -> str:
    """The rule a statement defines (`deny contains f if {` -> "deny"); "" if it is no rule head."""
    match = _RULE_NAME.match(head.strip())
    return match["name"] if match else ""


def applies_rules(source: str) -> list[tuple[int, str]]:
    """(line, text) of every `applies contains ...` rule: its head and, for a braced body, the body.

    Comments are dropped from the text, so an id mentioned in a comment does not count as named.
    """
    lines = source.splitlines()
    out = []
    for head in set_heads(source):
        if head.name != "applies" or not head.partial:
            continue
        i, depth, chunk = head.line - 1, 0, []
        while i < len(lines):
            code = without_comment(lines[i])
            chunk.append(code)
            depth += code.count("{") - code.count("}")
            i += 1
            if depth <= 0:
                break
        out.append((head.line, "\n".join(chunk)))
    return out


def without_comment(line: str) -> str:
    """The line up to a `#` that is outside string literals (ids in strings are kept)."""
    in_string = False
    for i, ch in enumerate(line):
        if ch == '"' and (i == 0 or line[i - 1] != "\\"):
            in_string = not in_string
        elif ch == "#" and not in_string:
            return line[:i]
    return line
