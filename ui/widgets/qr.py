"""A QR code on screen, drawn module by module from the same matrix the printouts use."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.guidance.qr import QUIET_ZONE, QRMatrix, qr_matrix
from ui.sizing import px


class QRCodeView(QWidget):
    """A QR code drawn module by module, as large as the widget allows (whole pixels per module,
    so a phone camera sees sharp edges)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix: QRMatrix | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(px(160), px(160))

    def set_data(self, data: str) -> None:
        self.matrix = qr_matrix(data) if data else None
        self.setAccessibleName(data)
        self.update()

    @property
    def data(self) -> str:
        return self.matrix.data if self.matrix else ""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(420, 420)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if self.matrix is None:
            return
        cells = self.matrix.size + 2 * QUIET_ZONE
        module = max(1, min(self.width(), self.height()) // cells)
        side = module * cells
        left = (self.width() - side) // 2
        top = (self.height() - side) // 2
        painter = QPainter(self)
        painter.fillRect(left, top, side, side, QColor("white"))
        black = QColor("black")
        for r, row in enumerate(self.matrix.rows):
            for c, dark in enumerate(row):
                if dark:
                    painter.fillRect(QRectF(left + (c + QUIET_ZONE) * module,
                                            top + (r + QUIET_ZONE) * module, module, module), black)
        painter.end()
