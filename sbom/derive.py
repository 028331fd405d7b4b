"""Facts the gate computes from a manifest before the policies see it (`input.derived`).

Rego cannot call Python, and some questions a policy must ask need a real library: is
"apache-2.0 OR CC-BY-NC-4.0" a valid SPDX expression, which licences does it name, and which
sets of licences may a user choose between? This module answers them once per evaluation with
`license-expression` (the SPDX licence list it ships), so licence rules in
policies/copyright/ read plain facts. A manifest can never supply `derived` itself: the native
manifest has no such field and the gate overwrites whatever a loader produced.
"""

from __future__ import annotations

import functools

from license_expression import ExpressionError, Licensing, get_spdx_licensing

from sbom.model import Derived, LicenceFacts, ManifestDocument

LICENSE_REF = "LicenseRef-"


@functools.cache
def _licensing() -> Licensing:
    """Building the SPDX symbol table takes ~0.1 s; do it once per process."""
    return get_spdx_licensing()


def warm() -> None:
    """Build the SPDX symbol table and the expression tokenizer now, not in the first evaluation.

    license-expression builds its tokenizer on the first parse (~17 ms on top of the table), which
    made a process's first evaluation ~10x a warm one; a Gate calls this when it is built. The
    parse bypasses the `licence_facts` cache, so nothing an evaluation reads is set here.
    """
    _licensing().parse("MIT OR Apache-2.0 WITH LLVM-exception", validate=False, strict=False)


def _keys(licensing: Licensing, expression: object) -> list[str]:
    return [str(k) for k in licensing.license_keys(expression)]


def _is_exception(licensing: Licensing, key: str) -> bool:
    symbol = licensing.known_symbols.get(key)
    return bool(symbol is not None and symbol.is_exception)


def _choices(licensing: Licensing, parsed: object) -> list[list[str]]:
    """The expression in disjunctive normal form: each inner list is one set a user may pick."""
    dnf = licensing.dnf(parsed)
    branches = list(dnf.args) if isinstance(dnf, licensing.OR) else [dnf]
    return [sorted({k for k in _keys(licensing, branch) if not _is_exception(licensing, k)}) for branch in branches]


@functools.lru_cache(maxsize=4096)
def licence_facts(expression: str) -> LicenceFacts:
    """Parse one licence expression against the SPDX list; never raises on bad input.

    Cached: parsing costs ~0.7 ms and BOMs repeat the same few expressions across hundreds of
    components and evaluations. Callers must not mutate the returned facts.
    """
    licensing = _licensing()
    try:
        parsed = licensing.parse(expression, validate=False, strict=False)
    except ExpressionError as exc:
        return LicenceFacts(expression=expression, valid_spdx=False, error=str(exc)[:300])
    if parsed is None:
        return LicenceFacts(expression=expression, valid_spdx=False, error="empty licence expression")
    keys = _keys(licensing, parsed)
    unknown_keys = set(map(str, licensing.unknown_license_keys(parsed)))
    refs = sorted({k for k in keys if k.startswith(LICENSE_REF) and k in unknown_keys})
    unknown = sorted(k for k in unknown_keys if not k.startswith(LICENSE_REF))
    known = {k for k in keys if k not in unknown_keys}
    exceptions = sorted(k for k in known if _is_exception(licensing, k))
    spdx_ids = sorted(known - set(exceptions))
    # Multi-word free text ("Voyager proprietary licence") parses as one unknown symbol: it is a
    # licence *name*, not an SPDX expression, and the policies treat it as such.
    return LicenceFacts(
        expression=expression,
        valid_spdx=not unknown and not refs,
        spdx_ids=spdx_ids,
        exceptions=exceptions,
        licence_refs=refs,
        unknown=unknown,
        choices=_choices(licensing, parsed),
    )


def derive(doc: ManifestDocument) -> Derived:
    """Everything `input.derived` holds, computed from the validated document."""
    licences: dict[str, LicenceFacts] = {}
    for i, model in enumerate(doc.models):
        if model.licence is not None:
            licences[f"/models/{i}"] = licence_facts(model.licence)
    for i, dataset in enumerate(doc.datasets):
        if dataset.licence is not None:
            licences[f"/datasets/{i}"] = licence_facts(dataset.licence)
    return Derived(licences=licences)

