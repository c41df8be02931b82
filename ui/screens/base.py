"""The base of every screen: built once, then filled from page models.

A screen's life:
- `__init__` builds every widget it will ever show (lists as pools of reusable rows:
  ui/widgets/rows.py). Nothing is deleted or rebuilt later.
- `render()` is called when the screen is entered (with `self.params`) and when the language
  changes: it calls `retranslate()` if the language differs from the last time (the screen's
  own fixed words, those no page model carries), then `show_page(make_page())`.
- `make_page()` asks the core (kiosk.pages) what the screen says now, from `self.params` and
  `self.ctx` (the content, the rules, the visitor's Visit, the language). No product rule lives
  in a screen: which benefits an audience sees, where a tap leads, what is still to bring, all
  come in the page.
- `show_page(page)` fills the widgets from the page, changing only what changed; a tick, a key
  or a stepper tap builds a new page and updates the one part it touches.
- `reset()`: the visitor left; every text is blanked and every ticked button unticked (nothing
  of them stays in a hidden screen) and the next `render()` writes everything again.

On a compact screen (ui/sizing.py) a screen that said `scrolls_in(layout, area)` becomes one
scrolling column once built (`built()`, called by the shell): its heading scrolls with the
area, and on a short screen its rows of actions too (ui.widgets.cards.scroll_heading).

A screen asks the shell to move with `go(name, params)` (or `follow(route)` for a page's
Route), `back()` or `home()`; it never creates another screen itself. A screen with steps of its
own (the interview's questions) takes the top bar's Back itself while it has a step to go back
to: `step_back()`; the shell leaves the screen only when it returns False. Which screen a name is:
`ui/navigation.py`. A screen that does everything in one place (the staff panel, test probes)
may override `render()` alone.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QWidget

from ui.context import AppContext
from ui.sizing import current
from ui.widgets.cards import CardArea, scroll_heading
from ui.widgets.rows import forget_choices, forget_texts

if TYPE_CHECKING:
    from kiosk.pages.parts import Route


class Screen(QWidget):
    name: ClassVar[str] = ""
    # reset() blanks every text; a screen that writes only some of its texts in render() (the
    # staff panel) says False and forgets the visitor its own way
    blank_on_reset: ClassVar[bool] = True
    go = Signal(str, dict)  # screen name, params
    back = Signal()
    home = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.params: dict[str, Any] = {}
        self.page: Any = None  # the page model shown last
        self._locale: str | None = None  # the language retranslate() last wrote
        self._scrolling: tuple[Any, ...] | None = None  # scrolls_in(...)
        self.setObjectName(self.name or type(self).__name__)

    def scrolls_in(self, layout: QBoxLayout, area: CardArea, until: object = None) -> None:
        """On a compact screen, what `layout` holds above `area` (or `until`) scrolls with it,
        and on a short one what it holds below too (applied by `built`)."""
        self._scrolling = (layout, area, until)

    def built(self) -> None:
        """The screen is made (the shell calls this once): fit it to a compact screen."""
        if self._scrolling is not None and current().compact:
            scroll_heading(*self._scrolling)

    def tr(self, message: str) -> str:
        return self.ctx.tr(message)

    def enter(self, params: dict[str, Any] | None = None) -> None:
        """Shown (again) with these parameters."""
        self.params = dict(params or {})
        self.render()

    def render(self) -> None:
        """Show what this screen says now, in `ctx.locale`."""
        if self._locale != self.ctx.locale:
            self.retranslate()
            self._locale = self.ctx.locale
        page = self.make_page()
        self.show_page(page)
        self.page = page

    def retranslate(self) -> None:
        """The screen's own fixed words (accessible names, placeholders), in `ctx.locale`."""

    def make_page(self) -> Any:
        raise NotImplementedError

    def show_page(self, page: Any) -> None:
        raise NotImplementedError

    def step_back(self) -> bool:
        """The top bar's Back: go back one step of this screen's own and return True, or False
        (nothing to step back to here: the shell goes back a screen)."""
        return False

    def can_step_back(self) -> bool:
        return False

    def follow(self, route: Route | None) -> None:
        """Go where a page's route leads (nothing, for None)."""
        if route is not None:
            self.go.emit(*route.args())

    def speech(self) -> Any:
        """The content `Text` the top bar's speaker reads aloud here (None: no speaker
        button): the page's `speech`, if it has one."""
        return getattr(self.page, "speech", None)

    def reset(self) -> None:
        """The visitor left: drop whatever this screen shows of them."""
        self.params = {}
        self.page = None
        self._locale = None
        if self.blank_on_reset:
            forget_texts(self)
            forget_choices(self)
