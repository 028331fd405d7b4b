"""Bytes to a plain JSON-like tree, safely: UTF-8 only, bounded size, depth and node count.

YAML is parsed with the YAML 1.2 core idea of booleans (only true/false), so a region code
`NO` stays the string "NO" and does not become False; duplicate keys are refused in both
JSON and YAML, because a duplicated key silently hides a value from the reviewer.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from sbom.errors import FieldProblem, Kind, ManifestError, pointer_from_parts
from sbom.limits import DEFAULT_LIMITS, Limits, check_size


def decode_text(data: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    check_size(len(data), limits.max_bytes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(
            "manifest is not UTF-8 text",
            [FieldProblem("", f"byte {exc.start} is not valid UTF-8", "UTF-8 encoded JSON or YAML")],
            kind=Kind.MALFORMED,
        ) from None
    if "\x00" in text:
        raise ManifestError(
            "manifest contains a NUL character",
            [FieldProblem("", "NUL character in text", "JSON or YAML text")],
            kind=Kind.MALFORMED,
        )
    return text


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def parse_json(text: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    try:
        tree = json.loads(text, object_pairs_hook=_reject_duplicates)
    except _DuplicateKey as exc:
        raise ManifestError(
            "manifest has a duplicated key",
            [FieldProblem("", f"key {exc.key!r} appears twice in one object", "unique keys")],
            kind=Kind.MALFORMED,
        ) from None
    except RecursionError:
        raise _too_deep(limits) from None
    except json.JSONDecodeError as exc:
        raise ManifestError(
            "manifest is not valid JSON",
            [FieldProblem("", f"{exc.msg} at line {exc.lineno} column {exc.colno}", "a JSON document")],
            kind=Kind.MALFORMED,
        ) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise _bad_value(exc) from None
    check_shape(tree, limits)
    return tree


def _bad_value(exc: Exception) -> ManifestError:
    return ManifestError(
        "manifest holds a value that cannot be read",
        [FieldProblem("", str(exc).split(";")[0][:200], "numbers of at most 4300 digits")],
        kind=Kind.MALFORMED,
    )


def _too_deep(limits: Limits) -> ManifestError:
    return ManifestError(
        "manifest is nested too deeply",
        [FieldProblem("", "nesting too deep", f"at most {limits.max_depth} levels")],
        kind=Kind.MALFORMED,
    )


def check_shape(tree: Any, limits: Limits) -> None:
    """Walk the tree without recursion and refuse it past the depth or node limits.

    Every value counts as a node, but only containers are walked: a container's scalars are
    counted by its length. Pushing each scalar onto the stack made this a quarter of the Python
    side of a 10,000-dataset evaluation.
    """
    nodes = 1
    stack: list[tuple[dict[Any, Any] | list[Any], int]] = [(tree, 1)] if isinstance(tree, (dict, list)) else []
    while stack:
        node, depth = stack.pop()
        values = node.values() if isinstance(node, dict) else node
        if depth + (1 if values else 0) > limits.max_depth:  # its values sit one level down
            raise _too_deep(limits)
        nodes += len(values)
        if nodes > limits.max_nodes:
            raise ManifestError(
                "manifest has too many values",
                [FieldProblem("", "too many values", f"at most {limits.max_nodes}")],
                kind=Kind.TOO_LARGE,
            )
        stack.extend((v, depth + 1) for v in values if isinstance(v, (dict, list)))


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ManifestYamlLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader (libyaml-backed where available) with YAML 1.2 booleans."""


_ManifestYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_ManifestYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# PyYAML follows YAML 1.1, whose floats need a dot and a signed exponent, so `8e24` and `8e+24`
# (FLOP counts as people write them, and valid YAML 1.2 core floats) stayed strings and were
# refused as "not a number". This resolver accepts the YAML 1.2 forms as well as PyYAML's
# (underscores, sexagesimal). Huge values still fail later: `1e999` becomes inf, which the
# input model refuses (allow_inf_nan=False) with the field's pointer.
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)
    |[-+]?(?:[0-9][0-9_]*)\.[0-9_]*
    |[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_ManifestYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:float"]
    for first, resolvers in _ManifestYamlLoader.yaml_implicit_resolvers.items()
}
_ManifestYamlLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))


def _prescan(text: str, limits: Limits) -> None:
    """Count nodes and depth from the event stream, as they would be after alias expansion.

    Aliases point at already-built nodes, so a "billion laughs" document is small as text but
    enormous once constructed. Building the node graph costs Python time per node, so this
    pass runs first, on libyaml's event stream, and stops at the limit before anything is built.
    """
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = []  # [node count so far, anchor]
    total = 0

    def add(amount: int) -> None:
        nonlocal total
        total += amount
        if stack:
            stack[-1][0] += amount
        if total > limits.max_nodes:
            raise ManifestError(
                "manifest has too many values (after expanding YAML aliases)",
                [FieldProblem("", "too many values", f"at most {limits.max_nodes}")],
                kind=Kind.TOO_LARGE,
            )

    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.ScalarEvent):
            add(1)
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            add(1)
            stack.append([0, event.anchor])
            if len(stack) > limits.max_depth:
                raise _too_deep(limits)
        elif isinstance(event, yaml.CollectionEndEvent):
            count, anchor = stack.pop()
            if anchor:
                sizes[anchor] = count + 1
            if stack:
                stack[-1][0] += count
        elif isinstance(event, yaml.AliasEvent):
            add(sizes.get(event.anchor or "", 1))


SMALL_YAML = 64 * 1024
"""Below this size and without aliases a document cannot exceed the limits by much: libyaml
caps nesting at 1,000 and node count is bounded by length, so the pre-scan is skipped."""


def compose_yaml(text: str, limits: Limits = DEFAULT_LIMITS) -> yaml.Node | None:
    try:
        if len(text) > SMALL_YAML or "*" in text:
            _prescan(text, limits)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc) from None
    loader = _ManifestYamlLoader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
    except RecursionError:
        raise _too_deep(limits) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc) from None
    finally:
        loader.dispose()
    return node


def parse_yaml_with_node(text: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, yaml.Node]:
    """The plain tree and the node graph it was built from (nodes carry line marks)."""
    node = compose_yaml(text, limits)
    if node is None:
        raise ManifestError("manifest is empty", [FieldProblem("", "no document", "a YAML mapping")],
            kind=Kind.MALFORMED)
    loader = _ManifestYamlLoader("")
    try:
        _check_duplicate_keys(node)
        tree = loader.construct_document(node)
    except _DuplicateKey as exc:
        raise ManifestError(
            "manifest has a duplicated key",
            [FieldProblem("", f"key {exc.key!r} appears twice in one mapping", "unique keys")],
            kind=Kind.MALFORMED,
        ) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc) from None
    except (ValueError, OverflowError) as exc:
        raise _bad_value(exc) from None
    finally:
        loader.dispose()
    check_shape(tree, limits)
    return _plain(tree), node


def _check_duplicate_keys(root: yaml.Node) -> None:
    seen_nodes: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen_keys: set[str] = set()
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen_keys:
                        raise _DuplicateKey(key.value)
                    seen_keys.add(key.value)
            stack.extend(v for _, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _plain(tree: Any) -> Any:
    """Make YAML's extra scalar types JSON-shaped; dates are kept as ISO strings."""
    stack: list[Any] = [tree]
    while stack:
        node = stack.pop()
        items: Any = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in list(items):
            if isinstance(value, dict | list):
                stack.append(value)
            elif hasattr(value, "isoformat"):
                node[key] = value.isoformat()
            elif isinstance(value, bytes):
                node[key] = value.decode("latin-1")
        if isinstance(node, dict):
            bad = [k for k in node if not isinstance(k, str)]
            for k in bad:
                node[str(k)] = node.pop(k)
    return tree


def _yaml_error(exc: yaml.YAMLError) -> ManifestError:
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return ManifestError(
        "manifest is not valid YAML",
        [FieldProblem("", f"{problem}{where}", "a YAML or JSON document")],
        kind=Kind.MALFORMED,
    )


__all__ = ["check_shape", "compose_yaml", "decode_text", "parse_json", "parse_yaml_with_node", "pointer_from_parts"]
