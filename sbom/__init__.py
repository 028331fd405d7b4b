"""AI-BOM loading: manifest bytes in, the policy input document out (see `sbom.load`).

jsonschema imports rfc3987-syntax when it is installed, which builds an Earley grammar at
import time (2.3 s, most of `cleangate check`'s start-up) and then checks each `iri-reference`
at ~50 ms. cleangate registers its own linear-time check (sbom/loaders/iri.py), so the package
is kept from loading here, before anything imports jsonschema.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
