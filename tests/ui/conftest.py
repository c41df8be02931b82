"""Fixtures for the UI tests (pytest-qt, offscreen).

- the QApplication is set up once by `ui.app.setup_application`, as the app does (bundled fonts,
  app font, stylesheet), so Khmer shapes and sizes are those a visitor sees;
- `bundle_path`: a content bundle built from data/content with the rules of data/rules in it
  (session-scoped), as a kiosk has them; while the content is still being written and does not
  validate, from the records that do;
- `device`: a fresh Device in a temp data dir; `ctx`: an AppContext on both; `staff_pin`: the
  PIN it has once provisioned (there is no default PIN);
- `shell`: the kiosk window at 1280x800 with short idle timers (2 s; idle tests shorten them
  further through `shell.clock.idle_ms`/`warning_ms`) and a 100 ms staff gesture;
- `probe_screens`: registers test-only screens ("probe", "probe2") in the SCREENS table;
- `ui`: `ui.click(root, objectName)` (a real mouse click), `ui.find(...)`, `ui.texts(widget)`.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from shell_closing import close_shell
from touch import tap

from kiosk.content.bundle import build_bundle
from kiosk.content.loader import check_records, read_source
from kiosk.device import Device
from kiosk.eligibility import RULES_DIR, RuleFiles
from kiosk.paths import CONTENT_DIR
from ui import navigation
from ui.app import setup_application
from ui.context import AppContext
from ui.screens.base import Screen
from ui.style import applied_large_text, apply_style

SHELL_SIZE = (1280, 800)


@pytest.fixture(scope="session", autouse=True)
def kiosk_app(qapp: QApplication) -> QApplication:
    setup_application(qapp)
    return qapp


@pytest.fixture(scope="session")
def bundle_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raws, _problems = read_source(CONTENT_DIR)
    content, _more = check_records(raws, require_benefits=False)  # every record that parses
    content.rules = RuleFiles.from_dir(RULES_DIR).files  # the app evaluates the bundle's rules
    path = tmp_path_factory.mktemp("ui-bundle") / "content.db"
    build_bundle(content, path, version=7, built_at="2026-11-26T09:00:00Z")
    return path


@pytest.fixture()
def device(tmp_path: Path) -> Device:
    return Device.open(tmp_path / "data")


STAFF_PIN = "908172"  # there is no default PIN: tests that open the panel set this one


@pytest.fixture(scope="session")
def staff_pin_hash() -> str:
    from kiosk.pin import hash_pin

    return hash_pin(STAFF_PIN)  # the real cost (0.4 s), once


@pytest.fixture()
def staff_pin(device: Device, staff_pin_hash: str) -> str:
    """The staff PIN of the test kiosk, provisioned (as `kiosk pin set` would)."""
    device.set_pin_hash(staff_pin_hash)
    return STAFF_PIN


@pytest.fixture()
def ctx(device: Device, bundle_path: Path) -> Iterator[AppContext]:
    context = AppContext(device, bundle_path)
    yield context
    context.library.close()


@pytest.fixture()
def shell(qtbot, ctx: AppContext, kiosk_app: QApplication):
    from ui.shell import Shell

    window = Shell(ctx, idle_ms=2000, warning_ms=2000, hold_ms=100, hide_cursor=False)
    qtbot.addWidget(window, before_close_func=close_shell)
    window.resize(*SHELL_SIZE)
    window.show()
    qtbot.waitExposed(window)
    yield window
    if applied_large_text(kiosk_app):
        apply_style(kiosk_app, False)


class ProbeScreen(Screen):
    """A test screen: shows its params and the visit's search text; can be told to fail."""

    name = "probe"
    fail_with: BaseException | None = None
    fail_on_click: BaseException | None = None

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.renders = 0
        layout = QVBoxLayout(self)
        self.label = QLabel()
        self.label.setObjectName(f"{self.name}-label")
        self.field = QLineEdit()
        self.field.setObjectName(f"{self.name}-field")
        self.field.textEdited.connect(self._typed)
        self.next = QPushButton("next")
        self.next.setObjectName(f"{self.name}-next")
        self.next.clicked.connect(self._next)
        for widget in (self.label, self.field, self.next):
            layout.addWidget(widget)

    def render(self) -> None:
        self.renders += 1
        if type(self).fail_with is not None:
            raise type(self).fail_with
        self.label.setText(f"{self.tr('Home')} {sorted(self.params.items())}")
        self.field.setText(self.ctx.visit.search_text)

    def _typed(self, text: str) -> None:
        self.ctx.visit.search_text = text

    def _next(self) -> None:
        if type(self).fail_on_click is not None:
            raise type(self).fail_on_click
        self.go.emit("probe2", {"from": self.name})

    def reset(self) -> None:
        super().reset()
        self.label.clear()
        self.field.clear()


class Probe2Screen(ProbeScreen):
    name = "probe2"


PROBES = {"probe": ProbeScreen, "probe2": Probe2Screen}


@pytest.fixture()
def probe_screens(monkeypatch: pytest.MonkeyPatch) -> dict[str, type[ProbeScreen]]:
    real = navigation.screen_class
    for name in PROBES:
        monkeypatch.setitem(navigation.SCREENS, name, f"tests:{name}")
        monkeypatch.setattr(PROBES[name], "fail_with", None)
        monkeypatch.setattr(PROBES[name], "fail_on_click", None)
    monkeypatch.setattr(navigation, "screen_class",
                        lambda name: PROBES[name] if name in PROBES else real(name))
    return PROBES


class UI:
    """Finding and touching widgets the way a visitor would (by objectName, with the mouse)."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot

    @staticmethod
    def find(root: QWidget, name: str) -> QWidget:
        """The visible widget called `name` under `root` (fails the test if there is none)."""
        found = [w for w in root.findChildren(QWidget, name) if w.isVisibleTo(root)]
        assert found, f"no visible widget named {name!r}"
        return found[0]

    def click(self, root: QWidget, name: str) -> QWidget:
        widget = self.find(root, name)
        assert isinstance(widget, QAbstractButton), name
        assert widget.isEnabled(), f"{name} is disabled"
        self.scroll_to(widget)
        tap(widget)  # through the window, as a finger's tap arrives
        return widget

    @staticmethod
    def scroll_to(widget: QWidget) -> None:
        """Scroll every area holding `widget` so that it is on screen, as a finger would."""
        QApplication.processEvents()  # pending layouts first: they set the scroll ranges
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(widget, 0, 0)
            parent = parent.parentWidget()

    @staticmethod
    def texts(root: QWidget) -> list[str]:
        """Every text a visitor could read (or a screen still holds) under `root`."""
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        out: list[str] = []
        for widget in [root, *root.findChildren(QWidget)]:
            if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
                out.append(widget.text())
            elif isinstance(widget, QTextEdit):
                out.append(widget.toPlainText())
        return out


@pytest.fixture()
def ui(qtbot) -> UI:
    return UI(qtbot)
