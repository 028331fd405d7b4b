"""Output formats: one module per format behind `interface.Formatter`; add new ones to FORMATS."""

from service.formats.interface import Formatter, Report, ReportEntry
from service.formats.json_format import JsonFormatter
from service.formats.text import TextFormatter

FORMATS: dict[str, type[Formatter]] = {
    "text": TextFormatter,
    "json": JsonFormatter,
}

__all__ = ["FORMATS", "Formatter", "Report", "ReportEntry"]
