"""The base of every screen: entered with parameters, rendered from the shared context.

A screen asks the shell to move with `go(name, params)`, `back()` or `home()`; it never creates
another screen itself. Which screen follows which is data in `ui/navigation.py`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.context import AppContext

if TYPE_CHECKING:
    from kiosk.content.model import Text


class Screen(QWidget):
    name: ClassVar[str] = ""
    go = Signal(str, dict)  # screen name, params
    back = Signal()
    home = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.params: dict[str, Any] = {}
        self.setObjectName(self.name or type(self).__name__)

    def tr(self, message: str) -> str:
        return self.ctx.tr(message)

    def enter(self, params: dict[str, Any] | None = None) -> None:
        """Shown (again) with these parameters: build everything visible."""
        self.params = dict(params or {})
        self.render()

    def render(self) -> None:
        """(Re)build the visible texts from `self.params` and `self.ctx` in `ctx.locale`."""
        raise NotImplementedError

    def speech(self) -> Text | None:
        """The content text the top bar's speaker reads aloud here (None: no speaker button).
        Asked after every enter and render; the button shows only if the text has a recording."""
        return None

    def reset(self) -> None:
        """The visitor left: drop whatever this screen shows of them."""
        self.params = {}
