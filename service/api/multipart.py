"""multipart/form-data bodies for POST /v1/evaluate: a BOM and the files that come with it.

A generated BOM travels with the deployment facts a team wrote beside it (part `facts`), and
later with evidence files; each part keeps its own bytes, so its digest is the digest of the
file the team committed. Parsing is python-multipart's streaming parser over a body the route
has already bounded (CLEANGATE_MAX_BODY_BYTES); on top of that this module refuses unknown part
names, too many parts, repeated single parts and oversized headers, each as a 4xx naming the
part, never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from sbom.errors import FieldProblem, ManifestError

MULTIPART = "multipart/form-data"
MAX_PARTS = 16
MAX_HEADER_BYTES = 4096


@dataclass
class Part:
    name: str
    data: bytes
    filename: str | None = None
    content_type: str | None = None


@dataclass
class PartSpec:
    """One part name the caller accepts: required or not, and how many times it may appear."""

    name: str
    required: bool = False
    repeatable: bool = False


@dataclass
class _State:
    parts: list[Part] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    header_field: bytearray = field(default_factory=bytearray)
    header_value: bytearray = field(default_factory=bytearray)
    data: bytearray = field(default_factory=bytearray)
    header_bytes: int = 0


def _problem(message: str, expected: str, pointer: str = "") -> ManifestError:
    return ManifestError("multipart body is not usable", [FieldProblem(pointer, message, expected)], status=400)


def boundary_of(content_type: str) -> bytes:
    media, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if media.decode("latin-1").lower() != MULTIPART or not boundary or len(boundary) > 200:
        raise _problem("no usable boundary in Content-Type", "multipart/form-data; boundary=...")
    return boundary


def parse_multipart(body: bytes, content_type: str, specs: list[PartSpec],
                    max_parts: int = MAX_PARTS) -> dict[str, list[Part]]:
    """The parts by name; every name must be in `specs`, required ones present, single ones once."""
    state = _State()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state.header_field += data[start:end]
        state.header_bytes += end - start

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state.header_value += data[start:end]
        state.header_bytes += end - start
        if state.header_bytes > MAX_HEADER_BYTES:
            raise _problem("part headers too large", f"at most {MAX_HEADER_BYTES} bytes of headers per part")

    def on_header_end() -> None:
        state.headers[state.header_field.decode("latin-1").lower()] = state.header_value.decode("latin-1")
        state.header_field.clear()
        state.header_value.clear()

    def on_part_begin() -> None:
        if len(state.parts) >= max_parts:
            raise _problem(f"more than {max_parts} parts", f"at most {max_parts} parts")
        state.headers, state.header_bytes = {}, 0
        state.data = bytearray()

    def on_part_data(data: bytes, start: int, end: int) -> None:
        state.data += data[start:end]

    def on_part_end() -> None:
        _, options = parse_options_header(state.headers.get("content-disposition", ""))
        name = options.get(b"name", b"").decode("utf-8", errors="replace")
        filename = options.get(b"filename")
        state.parts.append(Part(name, bytes(state.data), filename.decode("utf-8", errors="replace")[:500]
                                if filename else None, state.headers.get("content-type")))

    callbacks = {
        "on_part_begin": on_part_begin, "on_part_data": on_part_data, "on_part_end": on_part_end,
        "on_header_field": on_header_field, "on_header_value": on_header_value, "on_header_end": on_header_end,
    }
    parser = MultipartParser(boundary_of(content_type), callbacks)  # type: ignore[arg-type]
    try:
        parser.write(body)
        parser.finalize()
    except MultipartParseError as exc:
        raise _problem(f"not valid multipart/form-data: {str(exc)[:200]}", "a multipart/form-data body") from None
    return _check(state.parts, specs)


def _check(parts: list[Part], specs: list[PartSpec]) -> dict[str, list[Part]]:
    by_name: dict[str, list[Part]] = {}
    known = {s.name: s for s in specs}
    names = ", ".join(s.name for s in specs)
    for part in parts:
        if part.name not in known:
            raise _problem(f"unknown part {part.name[:60]!r}", f"parts named {names}", f"/{part.name[:60]}")
        by_name.setdefault(part.name, []).append(part)
    for spec in specs:
        found = by_name.get(spec.name, [])
        if spec.required and not found:
            raise _problem(f"part {spec.name!r} is missing", f"a part named {spec.name!r}", f"/{spec.name}")
        if len(found) > 1 and not spec.repeatable:
            raise _problem(f"part {spec.name!r} appears {len(found)} times", "at most once", f"/{spec.name}")
    return by_name
