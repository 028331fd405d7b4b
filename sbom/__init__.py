"""AI-BOM loading: manifest bytes in, the policy input document out (see `sbom.load`)."""
