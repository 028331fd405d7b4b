"""Output formats: one module per format behind `interface.Formatter`; add new ones to FORMATS."""

from service.formats.github import GithubFormatter
from service.formats.gitlab_codequality import GitlabCodeQualityFormatter
from service.formats.interface import Formatter, Report, ReportEntry
from service.formats.json_format import JsonFormatter
from service.formats.junit import JunitFormatter
from service.formats.markdown import MarkdownFormatter
from service.formats.sarif import SarifFormatter
from service.formats.text import TextFormatter

FORMATS: dict[str, type[Formatter]] = {
    "text": TextFormatter,
    "json": JsonFormatter,
    "markdown": MarkdownFormatter,
    "github": GithubFormatter,
    "junit": JunitFormatter,
    "sarif": SarifFormatter,
    "gitlab-codequality": GitlabCodeQualityFormatter,
}

__all__ = ["FORMATS", "Formatter", "Report", "ReportEntry"]
