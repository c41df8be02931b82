"""Where the project's own files live: bundled content, rules, fonts and icons."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CONTENT_DIR = DATA / "content"
ASSETS = ROOT / "assets"
FONTS = ASSETS / "fonts"
KHMER_FONT = FONTS / "NotoSansKhmer-Regular.ttf"
KHMER_FONT_BOLD = FONTS / "NotoSansKhmer-Bold.ttf"
LATIN_FONT = FONTS / "NotoSans-Regular.ttf"  # Noto Sans Khmer has no Latin letters
LATIN_FONT_BOLD = FONTS / "NotoSans-Bold.ttf"
ICON_FONT = ASSETS / "icons" / "materialdesignicons-webfont.ttf"
ICON_CHARMAP = ASSETS / "icons" / "materialdesignicons-charmap.json"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
