"""CycloneDX XML (1.5-1.7): validated with cyclonedx-python-lib's XML validator, then mapped to
the JSON shape the CycloneDX loader reads.

cyclonedx-python-lib validates XML against the official XSD (it needs lxml: the `xml` extra,
imported only when an XML BOM arrives), but its object model drops `modelCard` and component
`data`, so the validated XML is turned into the JSON form by the serialisation rules the two
formats share: attributes and child elements become keys, a plural wrapper (`components`,
`hashes`, `properties`, ...) becomes a list of its children, repeated siblings become a list,
and text with attributes becomes `content` (`value` for a property). Pointers in findings are
then JSON-shaped (`/components/0/licenses`); XML errors carry the line the validator names.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from sbom.errors import FieldProblem, Kind, ManifestError
from sbom.limits import Limits
from sbom.parsing import check_shape

NAMESPACE = re.compile(r"^\{http://cyclonedx\.org/schema/bom/(\d\.\d)\}")
SUPPORTED = ("1.5", "1.6", "1.7")
# Wrapper element -> the JSON array it becomes (children of any tag are its items).
LIST_WRAPPERS = frozenset({
    "components", "services", "datasets", "inputs", "outputs", "properties", "hashes", "externalReferences",
    "licenses", "users", "useCases", "technicalLimitations", "performanceTradeoffs", "ethicalConsiderations",
    "fairnessAssessments", "performanceMetrics", "collection", "dependencies", "authors", "data",
    "sensitiveData", "tools", "energyConsumptions", "energyProviders", "activities", "contacts",
    "annotations", "vulnerabilities", "formulation", "compositions", "lifecycles", "tags",
})
TEXT_KEY = {"property": "value"}
WRAPPED_CHOICES = {"licenses": {"license": "license", "expression": None}}
"""Children of these wrappers keep their own tag as a key ({"license": {...}}); None: the text is it."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _convert(element: Any, parent: str | None = None) -> Any:
    tag = _local(element.tag)
    children = [c for c in element if isinstance(c.tag, str)]
    attrs = {_local(k): v for k, v in element.attrib.items() if not k.startswith("{")}
    text = (element.text or "").strip()
    if tag in LIST_WRAPPERS and not attrs and (children or not text):
        items = []
        for child in children:
            name = _local(child.tag)
            if tag in WRAPPED_CHOICES and name in WRAPPED_CHOICES[tag]:
                items.append({name: _convert(child, tag)} if WRAPPED_CHOICES[tag][name] else
                             {name: (child.text or "").strip()})
            elif tag == "datasets" and name == "ref":
                items.append({"ref": (child.text or "").strip()})
            else:
                items.append(_convert(child, tag))
        return items
    if not children:
        if attrs:
            return {**attrs, TEXT_KEY.get(tag, "content"): text} if text else attrs
        return text
    result: dict[str, Any] = dict(attrs)
    for child in children:
        name = _local(child.tag)
        value = _convert(child, tag)
        if name in result:
            if not isinstance(result[name], list) or name in LIST_WRAPPERS:
                result[name] = [result[name]]
            result[name].append(value)
        else:
            result[name] = value
    for key in ("url",):
        # Repeated-in-XML, array-in-JSON fields that may appear once (supplier url).
        if isinstance(result.get(key), str) and tag in ("supplier", "manufacturer", "organization"):
            result[key] = [result[key]]
    return result


def parse_xml(text: str, limits: Limits) -> Any:
    """Validate against the CycloneDX XSD, then return the BOM in its JSON shape."""
    try:
        from lxml import etree
    except ImportError:
        raise ManifestError("CycloneDX XML needs the xml extra", [FieldProblem(
            "", "lxml is not installed", "pip install 'cleangate[xml]', or the BOM as CycloneDX JSON")],
            kind=Kind.UNSUPPORTED) from None
    if re.search(r"<!DOCTYPE|<!ENTITY", text[:4096], re.I):
        raise ManifestError("XML with a DOCTYPE is refused", [FieldProblem(
            "", "DOCTYPE or ENTITY declaration", "a CycloneDX XML BOM without DTDs or entities")], kind=Kind.MALFORMED)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise ManifestError("manifest is not valid XML", [FieldProblem(
            "", str(exc)[:200], "a well-formed XML document", line=exc.lineno or None)], kind=Kind.MALFORMED) from None
    match = NAMESPACE.match(root.tag)
    if _local(root.tag) != "bom" or match is None:
        raise ManifestError("unknown manifest format", [FieldProblem(
            "", f"XML root {root.tag[:80]!r}", "a CycloneDX 1.5-1.7 XML BOM (<bom xmlns=\"http://cyclonedx.org/"
            "schema/bom/1.6\">)")], kind=Kind.UNSUPPORTED)
    version = match.group(1)
    if version not in SUPPORTED:
        raise ManifestError("unsupported CycloneDX version", [FieldProblem(
            "", f"XML namespace of CycloneDX {version}", "one of 1.5, 1.6, 1.7")])
    _validate(text, version)
    tree = _convert(root)
    tree = {"bomFormat": "CycloneDX", "specVersion": version, **tree}
    check_shape(tree, limits)
    return tree


@functools.lru_cache(maxsize=4)
def _validator(version: str) -> Any:
    """Loading the XSD costs ~0.1 s: once per version and process."""
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.xml import XmlValidator

    return XmlValidator(SchemaVersion.from_version(version))


def _validate(text: str, version: str) -> None:
    errors = _validator(version).validate_str(text, all_errors=True)
    if errors is None:
        return
    problems = []
    for err in list(errors)[:20]:
        entry = err.data
        message = re.sub(r"\{http://cyclonedx\.org/schema/bom/\d\.\d\}", "", str(getattr(entry, "message", err)))
        problems.append(FieldProblem(str(getattr(entry, "path", "") or ""), message[:300],
                                     f"an element the CycloneDX {version} XML schema allows here",
                                     line=getattr(entry, "line", None)))
    raise ManifestError(f"BOM does not validate against the CycloneDX {version} XML schema", problems)
