"""Markdown, HTML and PDF from a `ReportDocument`; the report modules never format anything.

Every string that can come from a manifest is escaped for its format here and only here:
Markdown through service/formats/sanitize.md (no HTML, links or table breaks), HTML through
html.escape. The HTML is one self-contained file (inline style, a Content-Security-Policy that
forbids loading anything), so a report opened from a mail attachment fetches nothing. The PDF is
that HTML printed by WeasyPrint (the `reports` extra), which is told to fetch nothing either.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from service.formats.sanitize import md
from service.reports.document import NOT_STATED, ReportDocument, ReportField, ReportSection, ReportTable

SOURCE_LABELS = {"declared": "declared", "derived": "derived", "verified": "verified by the gate"}
STATUS_LABELS = {"complete": "complete", "incomplete": "incomplete", "informational": "for information"}


class RendererUnavailable(RuntimeError):
    """A format needs an optional package that is not installed (PDF: the `reports` extra)."""


# -- Markdown -------------------------------------------------------------------------------------

def markdown(doc: ReportDocument) -> str:
    lines = [f"# {md(doc.title)}", ""]
    for notice in doc.notices:
        lines += [f"> {md(notice)}", ""]
    lines += [f"- **{md(f.label)}:** {_md_value(f)}" for f in doc.header]
    if doc.header:
        lines.append("")
    if doc.completeness:
        lines += [f"**Completeness.** {md(doc.completeness)}", ""]
    for item in doc.sections:
        lines += _md_section(item, 2)
    lines += [f"{md(line)}" + "  " for line in doc.footer]
    return "\n".join(lines).rstrip() + "\n"


def _md_value(f: ReportField) -> str:
    if f.value is None:
        return f"*{NOT_STATED}*"
    return f"{md(f.value)} *({SOURCE_LABELS[f.source]})*"


def _md_section(item: ReportSection, level: int) -> list[str]:
    heading = f"{item.number} {item.title}".strip()
    lines = [f"{'#' * min(level, 6)} {md(heading)}", ""]
    status = f"*Status: {STATUS_LABELS[item.status]}*"
    if item.gaps:
        status += " — " + "; ".join(md(g) for g in item.gaps)
    if not item.subsections or item.gaps:
        lines += [status, ""]
    for f in item.fields:
        lines.append(f"- **{md(f.label)}:** {_md_value(f)}")
    if item.fields:
        lines.append("")
    for table in item.tables:
        lines += _md_table(table)
    for note in item.notes:
        lines += [md(note), ""]
    for sub in item.subsections:
        lines += _md_section(sub, level + 1)
    return lines


def _md_table(table: ReportTable) -> list[str]:
    lines = []
    if table.caption:
        lines += [f"*{md(table.caption)}* ({SOURCE_LABELS[table.source]})", ""]
    lines.append("| " + " | ".join(md(c) for c in table.columns) + " |")
    lines.append("|" + "---|" * len(table.columns))
    for row in table.rows:
        lines.append("| " + " | ".join(md(c) if c is not None else f"*{NOT_STATED}*" for c in row) + " |")
    return [*lines, ""]


# -- HTML -----------------------------------------------------------------------------------------

STYLE = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 10.5pt; color: #1b1b1b;
       max-width: 60em; margin: 2em auto; padding: 0 1em; line-height: 1.4; }
h1 { font-size: 18pt; margin-bottom: .3em; } h2 { font-size: 14pt; border-bottom: 1px solid #999; }
h3 { font-size: 12pt; } h4 { font-size: 11pt; }
.notice { border-left: 4px solid #b36b00; background: #fff6e5; padding: .5em .8em; margin: .6em 0; }
.gap { color: #a10000; font-style: italic; }
.source { color: #555; font-size: 85%; }
.status { font-size: 90%; } .status.incomplete { color: #a10000; } .status.complete { color: #146c2e; }
dl { display: grid; grid-template-columns: minmax(8em, 18em) auto; gap: .2em 1em; margin: .4em 0; }
dt { font-weight: bold; } dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: .5em 0; width: 100%; font-size: 9.5pt; }
th, td { border: 1px solid #bbb; padding: .25em .4em; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #eee; } caption { text-align: left; font-style: italic; padding-bottom: .2em; }
.completeness { background: #f2f2f2; padding: .5em .8em; }
footer { margin-top: 2em; color: #555; font-size: 85%; }
@page { size: A4; margin: 18mm 15mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def html_page(doc: ReportDocument) -> str:
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',  # ours, no quotes to escape
           '<meta name="referrer" content="no-referrer">',
           f"<title>{_e(doc.title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
           f"<h1>{_e(doc.title)}</h1>"]
    out += [f'<p class="notice">{_e(n)}</p>' for n in doc.notices]
    if doc.header:
        out.append(_html_fields(doc.header))
    if doc.completeness:
        out.append(f'<p class="completeness"><strong>Completeness.</strong> {_e(doc.completeness)}</p>')
    for item in doc.sections:
        out += _html_section(item, 2)
    if doc.footer:
        out.append("<footer>" + "<br>".join(_e(line) for line in doc.footer) + "</footer>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_value(f: ReportField) -> str:
    if f.value is None:
        return f'<span class="gap">{NOT_STATED}</span>'
    return f'{_e(f.value)} <span class="source">({SOURCE_LABELS[f.source]})</span>'


def _html_fields(fields: list[ReportField]) -> str:
    return "<dl>" + "".join(f"<dt>{_e(f.label)}</dt><dd>{_html_value(f)}</dd>" for f in fields) + "</dl>"


def _html_section(item: ReportSection, level: int) -> list[str]:
    tag = f"h{min(level, 6)}"
    out = [f"<section><{tag}>{_e(f'{item.number} {item.title}'.strip())}</{tag}>"]
    if not item.subsections or item.gaps:
        gaps = (" — " + "; ".join(_e(g) for g in item.gaps)) if item.gaps else ""
        out.append(f'<p class="status {item.status}">Status: {STATUS_LABELS[item.status]}{gaps}</p>')
    if item.fields:
        out.append(_html_fields(item.fields))
    for table in item.tables:
        out.append(_html_table(table))
    out += [f"<p>{_e(note)}</p>" for note in item.notes]
    for sub in item.subsections:
        out += _html_section(sub, level + 1)
    out.append("</section>")
    return out


def _html_table(table: ReportTable) -> str:
    caption = (f"<caption>{_e(table.caption)} <span class=\"source\">({SOURCE_LABELS[table.source]})</span>"
               "</caption>") if table.caption else ""
    head = "".join(f"<th>{_e(c)}</th>" for c in table.columns)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" if c is not None else
                                    f'<td><span class="gap">{NOT_STATED}</span></td>' for c in row) + "</tr>"
                   for row in table.rows)
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# -- PDF ------------------------------------------------------------------------------------------

def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"reports fetch nothing (refused {url[:80]!r})")


def pdf(doc: ReportDocument) -> bytes:
    """The HTML page printed to PDF; needs WeasyPrint (`pip install 'cleangate[reports]'`)."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:  # OSError: the package is there but pango is not
        raise RendererUnavailable(f"PDF output needs WeasyPrint and the pango libraries: pip install "
                                  f"'cleangate[reports]' ({type(exc).__name__}: {str(exc)[:200]})") from None
    result: bytes = weasyprint.HTML(string=html_page(doc), url_fetcher=_no_fetch).write_pdf()
    return result


TEXT_RENDERERS: dict[str, Callable[[ReportDocument], str]] = {"md": markdown, "html": html_page}

__all__ = ["TEXT_RENDERERS", "RendererUnavailable", "html_page", "markdown", "pdf"]
