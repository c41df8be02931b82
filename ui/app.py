"""Start-up of the kiosk app (placeholder until the UI issue lands)."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv if argv is None else argv)
    label = QLabel("NSSF kiosk")
    label.show()
    return app.exec()
