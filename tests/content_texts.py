"""Every `Text` inside a content record (or any model, list or tuple of them), depth first: the
texts the break, wrap and label tests run over."""
from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from kiosk.content.model import Text


def texts_in(value: object) -> Iterator[Text]:
    if isinstance(value, Text):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts_in(item)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts_in(getattr(value, name))
