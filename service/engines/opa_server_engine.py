"""An OPA server as the engine, through `opa-python-client` (CLEANGATE_ENGINE=opa-server).

Platform teams that already run OPA keep their policies there; the gate then only loads the
manifest, asks OPA's Data API for each finding set, and decides. Every way this can go wrong
fails closed, per package, with a finding that says what happened: OPA unreachable or timing
out, an HTTP error, an answer of the wrong shape, or an OPA that serves another revision of
the policies than the gate holds (checked on every evaluation through OPA's `provenance`).

With `CLEANGATE_OPA_PUSH=true` the gate pushes its policies (Policy API) and data at start;
otherwise it expects OPA to have loaded the bundle that `cleangate policy bundle` builds, whose
`.manifest` revision is the gate's bundle revision.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit

from service.bundle import PolicyBundle
from service.engines.interface import EngineResult, PackageResult, PolicyEngine, PolicyLoadError
from service.engines.regorus_engine import _as_findings

DATA_QUERY = re.compile(r"^data(\.[A-Za-z_][A-Za-z0-9_]*)+$")


class OpaServerEngine(PolicyEngine):
    name = "opa-server"

    def __init__(self, bundle: PolicyBundle, url: str, token: str | None = None, *, timeout: float = 5.0,
                 retries: int = 1, push: bool = False) -> None:
        try:
            from opa_client.opa import OpaClient
        except ImportError:
            raise PolicyLoadError("the opa-server engine needs opa-python-client: "
                                  "pip install 'cleangate[opa]'") from None
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
            raise PolicyLoadError(f"CLEANGATE_OPA_URL must be http(s)://host[:port] with no path, got {url!r}")
        port = parts.port or (443 if parts.scheme == "https" else 8181)
        self.url = f"{parts.scheme}://{parts.hostname}:{port}"
        self.version = metadata.version("opa-python-client")
        self.revision = bundle.revision
        self.targets = bundle.finding_sets()
        self._client = OpaClient(host=parts.hostname, port=port, ssl=parts.scheme == "https", token=token,
                                 timeout=timeout, retries=retries)
        self._pushed = push
        if push:
            self._push(bundle)

    def _push(self, bundle: PolicyBundle) -> None:
        """Policy API for each module, Data API for the settings; any refusal stops start-up."""
        try:
            for f in bundle.policy_files:
                self._client.update_policy_from_string(f.source, f"cleangate/{f.path}", rego_compat=False)
            for key, value in bundle.data.items():
                self._client.update_or_create_data(value, key)
        except Exception as exc:  # the client raises requests' and its own errors alike
            raise PolicyLoadError(f"cannot push the policies to OPA at {self.url}: {exc}") from None

    def _ask(self, package: str, kind: str, input_value: Any, provenance: bool) -> dict[str, Any]:
        answer: dict[str, Any] = self._client.query_rule(
            input_value, package, kind, query_params={"provenance": True} if provenance else None)
        return answer

    def _revision_problem(self, answer: dict[str, Any]) -> str | None:
        if self._pushed:
            return None  # pushed modules carry no revision; the gate loaded them itself
        bundles = ((answer.get("provenance") or {}).get("bundles") or {})
        revisions = {b.get("revision") for b in bundles.values() if isinstance(b, dict)}
        if self.revision in revisions:
            return None
        served = ", ".join(sorted(str(r) for r in revisions)) or "no bundle revision"
        return (f"OPA at {self.url} serves {served}, but this gate's policies are revision {self.revision}; "
                "load the bundle from `cleangate policy bundle` into OPA (or set CLEANGATE_OPA_PUSH=true)")

    def evaluate(self, input_json: str) -> EngineResult:
        input_value = json.loads(input_json)
        result = EngineResult()
        revision_checked = False
        for package, kind in self.targets:
            if package in result.errors:
                continue
            try:
                answer = self._ask(package, kind, input_value, provenance=not revision_checked)
            except Exception as exc:  # connection, timeout, HTTP status: all fail closed for this package
                result.errors[package] = f"OPA at {self.url} did not answer data.{package}.{kind}: {_reason(exc)}"
                result.packages.pop(package, None)
                continue
            if not revision_checked:
                problem = self._revision_problem(answer)
                if problem is not None:
                    return EngineResult(errors={p: problem for p, _ in self.targets})
                revision_checked = True
            pkg = result.packages.setdefault(package, PackageResult())
            setattr(pkg, kind, _as_findings(answer.get("result")))
        return result

    def query(self, query: str, input_json: str | None = None) -> str:
        """Only `data.<path>` queries: that is all OPA's Data API answers."""
        if not DATA_QUERY.match(query):
            raise RuntimeError(f"the opa-server engine answers data.<path> queries only, not {query[:80]!r}")
        path = query.split(".")[1:]
        try:
            answer = self._client.query_rule(json.loads(input_json) if input_json else {}, ".".join(path))
        except Exception as exc:
            raise RuntimeError(f"OPA at {self.url}: {_reason(exc)}") from None
        result = [{"expressions": [{"value": answer["result"]}]}] if "result" in answer else []
        return json.dumps({"result": result})


def _reason(exc: Exception) -> str:
    """The first line of what went wrong, without the request's URL query or headers."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"{type(exc).__name__}: {text[:300]}"
