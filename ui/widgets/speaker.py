"""The speaker button: reads a content text aloud from its recording, for people who read little.

`set_text(text, locale)` takes a content `Text` (or None); the button shows only when that text
has a recording for the locale (`Text.audio(locale)`, a path under assets/) and the file is there.
QtMultimedia is imported on the first play, not at start-up, and a machine without it (or
without its audio libraries) simply never shows the button.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.paths import ASSETS
from ui.widgets.icon import IconLabel

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

    from kiosk.content.model import Text

log = logging.getLogger(__name__)


def multimedia_available() -> bool:
    try:
        from PySide6 import QtMultimedia  # noqa: F401
    except ImportError:
        return False
    return True


class SpeakerButton(QPushButton):
    def __init__(self, parent: QWidget | None = None, assets: Path = ASSETS) -> None:
        super().__init__(parent)
        self.setObjectName("topbar-speaker")
        self.assets = assets
        self.audio_path: Path | None = None
        self._player: Any = None
        self._output: Any = None
        self._usable: bool | None = None  # unknown until first asked
        icon = IconLabel("volume-high", 40, self)
        icon.setObjectName("buttonIcon")
        icon.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._icon = icon
        self.clicked.connect(self.play)
        self.setVisible(False)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self._icon.setGeometry(self.rect())
        super().resizeEvent(event)

    def set_text(self, text: Text | None, locale: str) -> None:
        """Offer to read `text` in `locale`; hidden when there is no recording to play."""
        self.stop()
        relative = text.audio(locale) if text is not None else None
        path = (self.assets / relative) if relative else None
        self.audio_path = path if path is not None and path.is_file() else None
        if relative and self.audio_path is None:
            log.warning("audio file %s is not there", path)
        self.setVisible(self.audio_path is not None and self._multimedia_ok())

    def _multimedia_ok(self) -> bool:
        if self._usable is None:
            self._usable = multimedia_available()
            if not self._usable:
                log.warning("QtMultimedia is not available: recordings cannot be played")
        return self._usable

    @property
    def player(self) -> Any:
        """The QMediaPlayer, made on first use."""
        if self._player is None:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

            self._player = QMediaPlayer(self)
            self._output = QAudioOutput(self)
            self._player.setAudioOutput(self._output)
        return self._player

    def play(self) -> None:
        if self.audio_path is None or not self._multimedia_ok():
            return
        self.player.setSource(QUrl.fromLocalFile(str(self.audio_path)))
        self.player.play()

    def stop(self) -> None:
        if self._player is None:
            return
        if self._player.playbackState() != self._player.PlaybackState.StoppedState:
            self._player.stop()
