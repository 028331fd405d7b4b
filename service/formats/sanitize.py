"""Manifest strings made inert for each output format, so a report cannot be forged.

System, model and field names and file names come from the manifest author, and reports are
read by people and by machines that act on them: a JUnit file with a NUL in it does not parse
(so the CI shows no failures), raw `<img>` or a link in a step summary fetches or misleads, a
CR/LF or an ANSI escape in a log line forges a verdict line, and a line starting with `::` is
a GitHub workflow command. Every format passes untrusted text through one of these:

- `plain`: one inert line for text logs (CR/LF/control characters shown as `\\r`, `\\n`,
  `\\x1b`..., `::` broken up as `: :`);
- `xml`: only characters XML 1.0 allows (the others shown as `\\xNN`);
- `md` / `md_code`: Markdown text with HTML and inline Markdown escaped and bare URLs kept from
  autolinking / the inside of a code span, with backticks replaced, so nothing breaks out of it.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Inline syntax only: these strings land in table cells and headings' tails, where block syntax
# (lists, headings) cannot start; `(` `!` `.` need no escape once `[` cannot open a link.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_AUTOLINK = re.compile(r"(://|www\.)", re.IGNORECASE)


def _visible(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def controls(text: str) -> str:
    """Control characters (C0 but tab/CR/LF, DEL, C1: ANSI escapes among them) shown, not obeyed."""
    return _CONTROL.sub(_visible, text)


def plain(text: str) -> str:
    """One inert line for a terminal or CI log."""
    text = controls(text).replace("\r", "\\r").replace("\n", "\\n")
    while "::" in text:
        text = text.replace("::", ": :")
    return text


def xml(text: str) -> str:
    """Text XML 1.0 can hold (ElementTree escapes markup, not illegal characters)."""
    return _XML_ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else "\ufffd",
                            controls(text))


def md(text: str) -> str:
    """Markdown text that renders as exactly these characters: no HTML, links, emphasis, tables."""
    text = controls(text).replace("\r", " ").replace("\n", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # GitHub turns bare URLs into links: a zero-width space keeps them text
    text = _AUTOLINK.sub(lambda m: m.group()[0] + "\u200b" + m.group()[1:], text)
    while "::" in text:
        text = text.replace("::", ": :")
    return text


def md_code(text: str) -> str:
    """The inside of a `code span` in a table: no backtick to close it, no pipe to split the cell,
    no angle brackets a lax renderer could take for HTML (shown as look-alikes U+02CB, U+2039, U+203A)."""
    text = controls(text).replace("\r", " ").replace("\n", " ").replace("`", "\u02cb")
    text = text.replace("<", "\u2039").replace(">", "\u203a")
    while "::" in text:
        text = text.replace("::", ": :")
    return text.replace("|", "\\|")


__all__ = ["controls", "md", "md_code", "plain", "xml"]
