"""Where a JSON pointer sits in the manifest text, so CI annotations can point at a line.

Findings carry RFC 6901 pointers into the submitted manifest; GitHub annotations, SARIF and
GitLab Code Quality want a line. Findings often point at a field that is *missing* (no
`detection` under `marking`), so a pointer that does not exist resolves to its deepest existing
ancestor: the user is sent to the block that should hold the fact.

YAML is composed with the manifest's own safe loader (sbom.parsing), whose nodes carry marks.
JSON gets a small position scanner of its own, because PyYAML cannot read every JSON text (it
refuses tabs used as whitespace, for example). A key's position is where the key is written;
an array item's position is where the item starts. Lines and columns are 1-based.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

import yaml

from sbom.errors import ManifestError, pointer_from_parts
from sbom.limits import DEFAULT_LIMITS, Limits
from sbom.parsing import compose_yaml

Position = tuple[int, int]


@dataclass
class LineIndex:
    """Pointer -> (line, column) for every key and array item in one manifest text."""

    positions: dict[str, Position] = field(default_factory=dict)

    def locate(self, pointer: str) -> Position:
        """The position of `pointer`, else of its deepest existing ancestor; (1, 1) for the root."""
        probe = pointer
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe.rsplit("/", 1)[0]
        return self.positions.get("", (1, 1))


def index_text(text: str, syntax: Literal["json", "yaml"], limits: Limits = DEFAULT_LIMITS) -> LineIndex:
    """Index a manifest the loaders already accepted; an unreadable text gives an empty index."""
    try:
        positions = _index_json(text) if syntax == "json" else _index_yaml(text, limits)
    except (ManifestError, ValueError, IndexError, RecursionError):
        positions = {}
    return LineIndex(positions)


# -- YAML ---------------------------------------------------------------------------------------

def _index_yaml(text: str, limits: Limits) -> dict[str, Position]:
    root = compose_yaml(text, limits)
    positions: dict[str, Position] = {}
    if root is None:
        return positions
    positions[""] = _mark(root)
    stack: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, parts = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    continue
                child = (*parts, key.value)
                positions.setdefault(pointer_from_parts(child), _mark(key))
                if len(positions) < limits.max_nodes:
                    stack.append((value, child))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                child = (*parts, i)
                positions.setdefault(pointer_from_parts(child), _mark(item))
                if len(positions) < limits.max_nodes:
                    stack.append((item, child))
    return positions


def _mark(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


# -- JSON ---------------------------------------------------------------------------------------

_WHITESPACE = " \t\r\n"
_DECODER = json.JSONDecoder()


class _JsonScanner:
    """Walks valid JSON text once, recording the position of every key and array item."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.positions: dict[str, Position] = {}
        # Offsets of line starts, to turn a character offset into (line, column).
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def where(self, offset: int) -> Position:
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self.line_starts[lo] + 1

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in _WHITESPACE:
            self.pos += 1

    def value(self, parts: tuple[str | int, ...]) -> None:
        self.skip()
        ch = self.text[self.pos]
        if ch == "{":
            self.pos += 1
            self.skip()
            if self.text[self.pos] == "}":
                self.pos += 1
                return
            while True:
                self.skip()
                start = self.pos
                key, self.pos = _DECODER.raw_decode(self.text, self.pos)
                child = (*parts, str(key))
                self.positions.setdefault(pointer_from_parts(child), self.where(start))
                self.skip()
                self.pos += 1  # the colon
                self.value(child)
                self.skip()
                closing = self.text[self.pos]
                self.pos += 1
                if closing == "}":
                    return
        elif ch == "[":
            self.pos += 1
            self.skip()
            if self.text[self.pos] == "]":
                self.pos += 1
                return
            index = 0
            while True:
                self.skip()
                child = (*parts, index)
                self.positions.setdefault(pointer_from_parts(child), self.where(self.pos))
                self.value(child)
                self.skip()
                closing = self.text[self.pos]
                self.pos += 1
                index += 1
                if closing == "]":
                    return
        else:
            _, self.pos = _DECODER.raw_decode(self.text, self.pos)


def _index_json(text: str) -> dict[str, Position]:
    scanner = _JsonScanner(text)
    scanner.skip()
    scanner.positions[""] = scanner.where(scanner.pos)
    scanner.value(())
    return scanner.positions


__all__ = ["LineIndex", "Position", "index_text"]
