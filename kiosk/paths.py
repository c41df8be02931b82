"""Where the project's own files live: bundled content, rules, trust root, fonts, icons, catalogs.

Everything is found through the `kiosk` package (importlib.resources), so the same code works
in a checkout, an editable install, the wheel, the Debian package and PyInstaller. In the wheel
these are `kiosk/data/...`, `kiosk/assets/...` and `kiosk/locale/...`. In the checkout `data/`
and `assets/` stay at the top of the repository (where content editors look for them) and
`kiosk/data`, `kiosk/assets` are symbolic links to them, which the wheel build follows.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_package = files("kiosk")
if not isinstance(_package, Path):  # a zip import: every consumer here needs real files
    raise ImportError(f"kiosk must be installed as files, not inside {_package}")
PACKAGE = _package.resolve()

# The checkout's root, for tests and tools that run from a clone (in an installed wheel this
# is site-packages, which nothing reads through it).
ROOT = PACKAGE.parent
DATA = (PACKAGE / "data").resolve()
CONTENT_DIR = DATA / "content"
RULES_DIR = DATA / "rules"
CASES_DIR = DATA / "cases"
SHIPPED_ROOT = DATA / "trust" / "root.json"  # the TUF root a new kiosk trusts
ASSETS = (PACKAGE / "assets").resolve()
FONTS = ASSETS / "fonts"
KHMER_FONT = FONTS / "NotoSansKhmer-Regular.ttf"
KHMER_FONT_BOLD = FONTS / "NotoSansKhmer-Bold.ttf"
LATIN_FONT = FONTS / "NotoSans-Regular.ttf"  # Noto Sans Khmer has no Latin letters
LATIN_FONT_BOLD = FONTS / "NotoSans-Bold.ttf"
ICON_FONT = ASSETS / "icons" / "materialdesignicons-webfont.ttf"
ICON_CHARMAP = ASSETS / "icons" / "materialdesignicons-charmap.json"
LOCALE_DIR = PACKAGE / "locale"
