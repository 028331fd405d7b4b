"""The cleangate gate: policy bundle, engines, decisions, HTTP API, CLI and output formats."""

__version__ = "0.1.0"
