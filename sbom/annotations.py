"""Read a pydantic field's annotation down to the type it holds.

Three places walk the input document's models by field name (error messages listing the
accepted fields, the `cleangate:` property namespace, the generated field reference); they
all need the same question answered: under Optional/Annotated, which type is this, and is it a
list of them?
"""

from __future__ import annotations

import types
import typing
from typing import Any


def unwrap(annotation: Any, dict_values: bool = True) -> tuple[Any, bool]:
    """The type a field holds (Optional and Annotated stripped) and whether it is a list of it.

    A union of several non-None types is returned as it is; a dict yields its value type, or
    itself with `dict_values=False` (for callers that treat a mapping as one value).
    """
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation, is_list
            annotation = members[0]
        elif origin in (list, tuple, set):
            is_list = True
            params = typing.get_args(annotation)
            annotation = params[0] if params else Any
        elif origin is dict and dict_values:
            params = typing.get_args(annotation)
            annotation = params[-1] if params else Any
        else:
            return annotation, is_list
