"""The shared widgets: the speaker button, icons, touch sizes, kinetic scrolling."""
from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWidgets import QLabel, QPushButton, QScroller, QVBoxLayout, QWidget

from kiosk import icons
from kiosk.content.model import Text
from ui.widgets.buttons import BigButton
from ui.widgets.cards import CardArea
from ui.widgets.icon import FALLBACK, IconLabel, icon, icon_label
from ui.widgets.rows import RowPool, fill_hidden
from ui.widgets.speaker import SpeakerButton, multimedia_available


def write_tone(path: Path, seconds: float = 0.3, rate: int = 16000) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = (int(12000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(int(seconds * rate)))
        out.writeframes(b"".join(struct.pack("<h", f) for f in frames))
    return path


@pytest.mark.skipif(not multimedia_available(), reason="QtMultimedia (PySide6-Addons) not installed")
def test_speaker_plays_the_recording_of_the_current_language(qtbot, tmp_path) -> None:
    from PySide6.QtMultimedia import QMediaPlayer

    tone = write_tone(tmp_path / "maternity-km.wav")
    text = Text(en="Maternity allowance", km="ប្រាក់ឧបត្ថម្ភមាតុភាព", audio_km=str(tone))
    speaker = SpeakerButton(assets=tmp_path)
    qtbot.addWidget(speaker)
    speaker.show()
    speaker.set_text(text, "en")
    assert not speaker.isVisible()  # no English recording
    speaker.set_text(text, "km")
    assert speaker.isVisible()
    qtbot.mouseClick(speaker, Qt.MouseButton.LeftButton)
    assert speaker.player.source() == QUrl.fromLocalFile(str(tone))
    loaded = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia,
              QMediaPlayer.MediaStatus.BufferingMedia, QMediaPlayer.MediaStatus.EndOfMedia)
    qtbot.waitUntil(lambda: speaker.player.mediaStatus() in loaded, timeout=5000)
    assert speaker.player.duration() == pytest.approx(300, abs=60)
    # let the tone end: stopping QtMultimedia's ffmpeg backend mid-play, with no audio device,
    # hung once in a loaded full-suite run (not reproduced alone)
    qtbot.waitUntil(lambda: speaker.player.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia,
                    timeout=5000)
    speaker.set_text(None, "km")
    assert not speaker.isVisible()
    assert speaker.player.playbackState() == QMediaPlayer.PlaybackState.StoppedState


def test_speaker_hides_when_the_recording_is_missing(qtbot, tmp_path) -> None:
    speaker = SpeakerButton(assets=tmp_path)
    qtbot.addWidget(speaker)
    speaker.show()
    speaker.set_text(Text(en="x", km="ក", audio_km="audio/none.wav"), "km")
    assert not speaker.isVisible()


def test_icon_label_draws_the_mdi_glyph_and_falls_back_for_unknown_names(qtbot) -> None:
    label = icon_label("hospital-box", 64)
    qtbot.addWidget(label)
    assert label.text() == icons.glyph("hospital-box")
    label.set_icon("no-such-icon")
    assert label.text() == icons.glyph(FALLBACK)
    assert not icon("printer", 32).isNull()


def test_large_buttons_keep_their_text_and_wrap(qtbot) -> None:
    button = BigButton("ខ្ញុំជួយអ្នកដទៃ (បុគ្គលិក) " * 4, "face-agent")
    qtbot.addWidget(button)
    button.resize(300, 10)
    assert button.heightForWidth(300) > button.heightForWidth(1200)
    button.set_text("Hello")
    assert button.text() == "Hello" and button.accessibleName() == "Hello"


def test_a_finger_drag_scrolls_a_card_area_and_a_tap_still_clicks(qtbot) -> None:
    area = CardArea()
    qtbot.addWidget(area)
    area.resize(500, 400)
    buttons = [area.add(QPushButton(f"row {i}")) for i in range(30)]
    area.show()
    qtbot.waitExposed(area)
    viewport = area.viewport()
    start = QPoint(250, 350)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 11):
        qtbot.mouseMove(viewport, start - QPoint(0, 30 * step))
        qtbot.wait(16)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start - QPoint(0, 300))
    scroller = QScroller.scroller(viewport)
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive, timeout=5000)  # settled
    assert area.verticalScrollBar().value() > 100
    target = next(b for b in buttons if b.visibleRegion().boundingRect().height() == b.height())
    clicked = []
    target.clicked.connect(lambda: clicked.append(True))
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    assert clicked


def test_every_shell_target_is_touch_sized(shell, ui, qtbot) -> None:
    """Buttons at least 60 px high, text at least 20 pt (27 px at scale 1: the stylesheet's
    sizes reach Qt in pixels), on the screens this shell owns."""
    qtbot.mouseClick(shell.current, Qt.MouseButton.LeftButton)
    for screen in ("start", "home", "staff"):
        shell.go(screen)
        qtbot.wait(20)
        for button in shell.findChildren(QPushButton):
            if button.isVisible():
                assert button.height() >= 60, (screen, button.objectName(), button.height())
        for label in shell.findChildren(QLabel):
            if label.isVisible() and not isinstance(label, IconLabel) and label.text():
                assert label.font().pixelSize() >= 20 * 96 / 72, (screen, label.objectName(),
                                                                  label.text())


def test_a_pool_filled_hidden_shows_the_same_rows_and_keeps_the_focus(qtbot) -> None:
    """fill_hidden: the rows a fill shows, and the pool shown again once (or left hidden when
    it has no rows); with the focus on one of its rows the pool is not hidden meanwhile."""
    window = QWidget()
    qtbot.addWidget(window)
    pool: RowPool[QPushButton] = RowPool(QPushButton)
    QVBoxLayout(window).addWidget(pool)
    window.show()
    qtbot.waitExposed(window)
    hidden_during: list[bool] = []

    def show(button: QPushButton, text: str) -> None:
        hidden_during.append(pool.isHidden())
        button.setText(text)

    fill_hidden(pool, ["a", "b", "c"], show)
    assert hidden_during == [True] * 3  # filled under a hidden pool
    shown = [r.text() for r in pool.rows if r.isVisibleTo(window)]
    assert pool.isVisible() and shown == ["a", "b", "c"]
    hidden_during.clear()
    fill_hidden(pool, ["d"], show)
    assert [r.text() for r in pool.rows if r.isVisibleTo(window)] == ["d"] and pool.isVisible()
    fill_hidden(pool, [], show)
    assert pool.isHidden()  # no rows: hidden, as fill leaves it
    fill_hidden(pool, ["e", "f"], show)
    pool.rows[1].setFocus()
    qtbot.waitUntil(lambda: pool.rows[1].hasFocus())
    hidden_during.clear()
    fill_hidden(pool, ["g", "h"], show)
    assert hidden_during == [False, False] and pool.rows[1].hasFocus()
