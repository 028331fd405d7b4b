"""Reading the console's form posts: URL-encoded fields, or multipart with uploaded files.

No third-party form parser: URL-encoded bodies go through the standard library's parse_qsl
(with a cap on the number of fields) and multipart through its email package, as
service/api/multipart.py does for the API; both are linear in the body, which the BodyLimit
middleware has bounded before it gets here. A malformed body is a `FormError`, shown to the
user as a 400 page, never a traceback.
"""

from __future__ import annotations

import email.parser
import email.policy
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import parse_qsl

from fastapi import Request

MAX_FIELDS = 50


class FormError(Exception):
    """A form body that cannot be read; the message says what was expected."""


@dataclass
class Upload:
    data: bytes
    filename: str | None


@dataclass
class Form:
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)


async def read_form(request: Request, max_field_bytes: int) -> Form:
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";")[0].strip().lower()
    if media == "application/x-www-form-urlencoded":
        return _urlencoded(body)
    if media == "multipart/form-data":
        return _multipart(content_type, body, max_field_bytes)
    raise FormError(f"unsupported form encoding {media[:80] or '(none)'!r}; expected a form post")


def _urlencoded(body: bytes) -> Form:
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False,
                          max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError) as exc:
        raise FormError(f"form body is not valid: {str(exc)[:200]}") from None
    form = Form()
    for name, value in pairs:
        form.fields.setdefault(name, value)
    return form


def _multipart(content_type: str, body: bytes, max_field_bytes: int) -> Form:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart() or not message.get_boundary():
        raise FormError("multipart form without a boundary")
    form = Form()
    for count, part in enumerate(message.iter_parts()):
        if count >= MAX_FIELDS:
            raise FormError(f"more than {MAX_FIELDS} form fields")
        assert isinstance(part, EmailMessage)
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or not name:
            raise FormError(f"form part {count} has no name")
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if len(data) > max_field_bytes:
            raise FormError(f"form field {name[:50]!r} is {len(data)} bytes; at most {max_field_bytes}")
        filename = part.get_filename()
        if filename is not None:
            form.files.setdefault(name, Upload(data, filename))
            continue
        try:
            form.fields.setdefault(name, data.decode("utf-8"))
        except UnicodeDecodeError:
            raise FormError(f"form field {name[:50]!r} is not UTF-8 text") from None
    return form
