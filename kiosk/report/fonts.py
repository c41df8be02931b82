"""The page's fonts: the bundled Noto Sans Khmer and Noto Sans, cut down to the characters the
page uses and embedded as data: URLs, so the report is one file that shows Khmer correctly on
any computer (and prints so), shaped by the browser."""
from __future__ import annotations

import base64
import io

from kiosk.paths import ASSETS

FACES = (  # family, weight, file
    ("Noto Sans Khmer", 400, "NotoSansKhmer-Regular.ttf"),
    ("Noto Sans Khmer", 700, "NotoSansKhmer-Bold.ttf"),
    ("Noto Sans", 400, "NotoSans-Regular.ttf"),
    ("Noto Sans", 700, "NotoSans-Bold.ttf"),
)


def subset(path_name: str, text: str) -> bytes:
    """The font with only the glyphs `text` needs, every shaping feature kept (Khmer's
    subscripts and reordered vowels are substitutions: without GSUB they come apart)."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options()
    options.layout_features = ["*"]
    options.flavor = "woff"
    options.hinting = False
    options.glyph_names = True  # kept so a test can compare shaping with the full font
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # keep the licence's naming records
    font = TTFont(ASSETS / "fonts" / path_name)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(text=text + "0123456789")
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()


def font_faces(text: str) -> str:
    """@font-face rules for the page whose visible text is `text`."""
    khmer = "".join(sorted({c for c in text if "\u1780" <= c <= "\u17ff" or "\u19e0" <= c <= "\u19ff"}))
    khmer += "\u200b\u25cc"  # zero-width space (word breaks), dotted circle (never needed, cheap)
    latin = "".join(sorted({c for c in text if c < "\u1780" and c.isprintable()}))
    rules = []
    for family, weight, name in FACES:
        chars = khmer if "Khmer" in family else latin
        data = base64.b64encode(subset(name, chars)).decode("ascii")
        rules.append(f"@font-face{{font-family:'{family}';font-weight:{weight};font-style:normal;"
                     f"src:url(data:font/woff;base64,{data}) format('woff');}}")
    return "\n".join(rules)
