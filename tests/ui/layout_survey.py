"""What tests/ui/test_layouts.py checks on every screen: a survey of one window, built for one
screen size, showing each screen with its fullest content in each language and text size.

For every visible widget it finds:
- text that does not fit: a word-wrapped label whose laid-out height (heightForWidth) is more
  than its height, or one of whose lines is wider than the label (a word that cannot wrap); a
  label that does not wrap, or a button's own text, wider or taller than it is;
- a widget outside its parent (so outside the window, or clipped by its parent), but for the
  content of a scroll area, which may run on below the fold (never sideways: no side scroll);
- two visible sibling widgets that overlap;
- a touch target (button, text field) under 15 mm either way at the screen's assumed DPI
  (on-screen keyboard keys: KEY_MIN_MM, see ui/widgets/keyboard.py);
- on a Khmer screen, a line of a label that starts inside a word of the glossary or of a
  benefit title (`word_splits`).

Run it by hand for a report: `QT_QPA_PLATFORM=offscreen .venv/bin/python
tests/ui/layout_survey.py BUNDLE [WxH ...]`.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QRect, Qt
from PySide6.QtGui import QFontMetricsF, QTextDocument, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QScrollArea,
    QScrollBar,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.i18n import LOCALES
from kiosk.pages.parts import route
from kiosk.pages.routes import Rehearsal, rehearsals
from ui import navigation
from ui.sizing import (
    KEY_MIN_MM,  # on-screen keyboard keys (ui/sizing.py)
    MIN_TARGET_MM,
    Sizing,
)
from ui.widgets.icon import IconLabel
from ui.widgets.rows import settle_layouts

ZWSP = "\u200b"
SLACK = 2  # pixels of rounding allowed (Qt lays text out in fractions of one)


@dataclass
class Survey:
    problems: list[str] = field(default_factory=list)
    splits: list[str] = field(default_factory=list)
    states: int = 0  # screens looked at
    labels: int = 0  # Khmer labels whose lines were checked for split words
    smallest_mm: float = 1e9  # the smallest touch target seen (keys apart)
    smallest_key_mm: float = 1e9


# --- what each screen shows at its fullest -----------------------------------------------------
def states(shell) -> Iterator[tuple[str, Rehearsal]]:  # a Shell
    """(label, rehearsal) for every screen: the shell's pretend visits (the fullest page of
    each content screen) and the screens they do not cover."""
    ctx = shell.ctx
    try:
        rules = ctx.rules
    except KioskError:
        rules = None
    covered: set[str] = set()
    for rehearsal in rehearsals(ctx.library, rules):
        covered.add(rehearsal.route.screen)
        yield rehearsal.route.screen, rehearsal
    if rules is not None:  # a question of each kind (yes/no, choices, a number)
        for kind, interview in _at_each_kind(rules):
            yield f"interview {kind}", Rehearsal(route("interview", benefit=""), {"": interview})
    checklists = ctx.library.checklists()
    extra = {"print": route("print", kind="checklist", id=checklists[0].id) if checklists
             else None}
    for name in navigation.SCREENS:
        if name in covered or name == "staff":
            continue
        target = extra.get(name) or route(name)
        yield name, Rehearsal(target)


def _at_each_kind(rules) -> Iterator[tuple[str, Any]]:  # a RuleBook
    """An across-all interview stopped at the first question of each kind."""
    from kiosk.eligibility import Question

    seen: set[str] = set()
    given: list[Any] = []
    interview = rules.interview(None)
    for _ in range(len(rules.questions) + 1):
        question = interview.current()
        if not isinstance(question, Question):
            return
        if question.kind not in seen:
            seen.add(question.kind)
            replay = rules.interview(None)
            for value in given:
                replay.answer(value)
            yield question.kind, replay
        given.append(_an_answer(question))
        interview.answer(given[-1])


def _an_answer(question) -> Any:  # a Question
    if question.kind == "yes_no":
        return True
    if question.kind == "choice":
        return question.choices[0][0]
    low, high = question.min or 0, question.max if question.max is not None else 100
    return (low + high) // 2


def show(shell, rehearsal: Rehearsal, locale: str, audience: str = "worker") -> bool:
    ctx = shell.ctx
    shell.reset_visit()
    ctx.set_locale(locale)
    ctx.visit.audience = audience
    ctx.visit.interviews.update(rehearsal.interviews)
    ctx.visit.search_text = rehearsal.search_text
    shell.go(rehearsal.route.screen, dict(rehearsal.route.params))
    settle()
    return shell.current_name == rehearsal.route.screen


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        settle_layouts()


# --- the checks ----------------------------------------------------------------------------------
def where(widget: QWidget) -> str:
    names = []
    while widget is not None and len(names) < 4:
        names.append(widget.objectName() or type(widget).__name__)
        widget = widget.parentWidget()
    return "/".join(reversed(names))


def shown_text(label: QLabel) -> str:
    """What Qt draws (a WrapLabel's text() is the text as set); for a label of rich text (a
    text with links: ui/widgets/linked_text.py), its words, not its markup."""
    text = QLabel.text(label)
    if label.textFormat() == Qt.TextFormat.RichText:
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def lines_of(text: str, label: QLabel, width: int) -> list[tuple[int, int, float]]:
    """(start, length, natural width) of each line of `text` laid out in `width` pixels in the
    label's font, as a word-wrapped QLabel lays it out."""
    layout = QTextLayout(text, label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    out = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        out.append((line.textStart(), line.textLength(), line.naturalTextWidth()))
    layout.endLayout()
    return out


def text_width(label: QLabel) -> int:
    rect = label.contentsRect()
    margin = label.margin() * 2 + max(label.indent(), 0)
    return rect.width() - margin


def check_label(label: QLabel, problems: list[str]) -> None:
    text = shown_text(label)
    if not text:
        return
    if isinstance(label, IconLabel):
        fm = QFontMetricsF(label.font())
        if fm.height() > label.height() + SLACK or fm.horizontalAdvance(text) > label.width() + SLACK:
            problems.append(f"icon {where(label)} is cut ({label.width()}x{label.height()})")
        return
    if label.wordWrap():
        need = QLabel.heightForWidth(label, label.width())
        if need > label.height() + SLACK:
            problems.append(f"label {where(label)} cut: needs {need} px, has {label.height()}: "
                            f"{text[:40]!r}")
        width = text_width(label)
        widest = max((w for _, _, w in lines_of(text, label, width)), default=0)
        if widest > width + SLACK:
            problems.append(f"label {where(label)} too narrow: a line of {widest:.0f} px in "
                            f"{width}: {text[:40]!r}")
    else:
        need = label.sizeHint()
        if need.width() > label.width() + SLACK or need.height() > label.height() + SLACK:
            problems.append(f"label {where(label)} cut: needs {need.width()}x{need.height()}, "
                            f"has {label.width()}x{label.height()}: {text[:40]!r}")


def check_button_text(button: QAbstractButton, sizing: Sizing, problems: list[str]) -> None:
    text = button.text()
    if not text or button.findChild(QLabel) is not None:  # labelled buttons: their labels
        return
    fm = QFontMetricsF(button.font())
    room = button.width() - 2 * sizing.px(2)  # inside its border
    if fm.horizontalAdvance(text.replace("&&", "&")) > room + SLACK or fm.height() > button.height():
        problems.append(f"button {where(button)} text {text!r} does not fit "
                        f"({fm.horizontalAdvance(text):.0f} px in {room})")


def in_keyboard(widget: QWidget) -> bool:
    while widget is not None:
        if widget.objectName() == "keyboard":
            return True
        widget = widget.parentWidget()
    return False


def check_target(widget: QWidget, sizing: Sizing, survey: Survey, problems: list[str]) -> None:
    size_mm = sizing.mm(min(widget.width(), widget.height()))
    key = in_keyboard(widget)
    if key:
        survey.smallest_key_mm = min(survey.smallest_key_mm, size_mm)
    else:
        survey.smallest_mm = min(survey.smallest_mm, size_mm)
    floor = KEY_MIN_MM if key else MIN_TARGET_MM
    if size_mm < floor:
        problems.append(f"target {where(widget)} is {sizing.mm(widget.width()):.1f} x "
                               f"{sizing.mm(widget.height()):.1f} mm (under {floor:g} mm)")


def scroll_content(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    area = parent.parentWidget() if parent is not None else None
    return isinstance(area, QScrollArea) and area.widget() is widget


def check_geometry(widget: QWidget, problems: list[str]) -> None:
    parent = widget.parentWidget()
    if parent is None:
        return
    rect, room = widget.geometry(), parent.rect()
    if scroll_content(widget):  # may be taller than its viewport, never wider
        if rect.width() > room.width() + SLACK:
            problems.append(f"{where(widget)} is {rect.width()} px wide in a {room.width()} px "
                            "scroll area (no side scroll: cut)")
        return
    if not room.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(rect):
        problems.append(f"{where(widget)} {_rect(rect)} leaves its parent {_rect(room)}")


def check_overlaps(parent: QWidget, children: list[QWidget], problems: list[str]) -> None:
    boxes = [(c, c.geometry().adjusted(SLACK, SLACK, -SLACK, -SLACK)) for c in children
             if not isinstance(c, QScrollBar)]
    for i, (a, ra) in enumerate(boxes):
        for b, rb in boxes[i + 1:]:
            if ra.intersects(rb):
                other = b.objectName() or type(b).__name__
                problems.append(f"{where(a)} {_rect(a.geometry())} overlaps {other} "
                                f"{_rect(b.geometry())}")


def _rect(r: QRect) -> str:
    return f"[{r.x()},{r.y()} {r.width()}x{r.height()}]"


OVERLAYS = ("idle-overlay",)  # drawn over the screen on purpose
STAFF_PAGES = ("identity", "pin", "printer", "rollback")  # the panel's pages (kiosk.pages.staff)


def survey_window(shell, sizing: Sizing, survey: Survey, label: str,
                  words: list[str] | None = None) -> None:
    """Check every visible widget of the window as it is now."""
    found: list[str] = []
    visible = [w for w in shell.findChildren(QWidget) if w.isVisibleTo(shell)]
    for widget in visible:
        if not widget.isWindow():
            check_geometry(widget, found)
        if isinstance(widget, QLabel):
            check_label(widget, found)
            if words and not isinstance(widget, IconLabel) and widget.wordWrap():
                survey.labels += _check_splits(widget, words, survey.splits, label)
        if isinstance(widget, QAbstractButton):
            check_button_text(widget, sizing, found)
        if isinstance(widget, (QAbstractButton, QLineEdit)) and widget.isEnabled():
            check_target(widget, sizing, survey, found)
    parents: dict[int, tuple[QWidget, list[QWidget]]] = {}
    for widget in visible:
        parent = widget.parentWidget()
        if parent is not None and widget.objectName() not in OVERLAYS:
            parents.setdefault(id(parent), (parent, []))[1].append(widget)
    for parent, children in parents.values():
        if len(children) > 1 and not isinstance(parent, QScrollArea):
            check_overlaps(parent, children, found)
    survey.problems += [f"{sizing.name} {label}: {p}" for p in found]
    survey.states += 1


WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "khmer_words_by_hand.txt"


def khmer_words() -> list[str]:
    """The glossary terms and benefit titles of the content, cut into words by hand (the list
    tests/core/test_breaks.py keeps complete)."""
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return [w for line in lines if not line.startswith("#") for w in line.split()]


# --- words cut in two --------------------------------------------------------------------------
SIGNS = "\u17b4-\u17d3\u17dd"


def _check_splits(label: QLabel, words: list[str], splits: list[str], where_: str) -> int:
    plain = label.text()
    if not any(word in plain for word in words):
        return 0
    shown = shown_text(label)
    # plain index of each shown index (the shown text has zero-width spaces added)
    to_plain, at = [], 0
    for ch in shown:
        to_plain.append(at)
        at += ch != ZWSP
    to_plain.append(at)
    starts = [to_plain[s] for s, _, _ in lines_of(shown, label, text_width(label))[1:]]
    for word in words:
        for m in re.finditer(f"(?<!\u17d2){re.escape(word)}(?![{SIGNS}])", plain):
            for start in starts:
                if m.start() < start < m.end():
                    splits.append(f"{where_}: {word} cut as {plain[m.start():start]}|"
                                  f"{plain[start:m.end()]} in {where(label)}")
    return 1


# --- a whole survey ------------------------------------------------------------------------------
def survey_shell(shell, sizing: Sizing, large: bool, words: list[str],
                 survey: Survey | None = None) -> Survey:
    """Every screen at its fullest, in each language, in this text size."""
    survey = survey or Survey()
    text = "large" if large else "normal"
    shell.ctx.device.settings.large_text = large  # each visit starts in it
    for name, rehearsal in list(states(shell)):
        for locale in LOCALES:
            if not show(shell, rehearsal, locale):
                survey.problems.append(f"{sizing.name} {name} {locale}: did not open")
                continue
            survey_window(shell, sizing, survey, f"{name} {locale} {text}",
                          words if locale == "km" else None)
    for locale in LOCALES:  # the home screen of an employer, the idle warning, the staff panel
        if not show(shell, Rehearsal(route("home")), locale, audience="employer"):
            survey.problems.append(f"{sizing.name} home {locale}: did not open")
        survey_window(shell, sizing, survey, f"home employer {locale} {text}")
        shell.overlay.show_countdown(15, shell.ctx.tr, locale)
        settle()
        survey_window(shell, sizing, survey, f"idle warning {locale} {text}")
        shell.overlay.hide()
        shell.show_error(KioskError("The printer is out of paper. Ask NSSF staff.",
                                    "ម៉ាស៊ីនបោះពុម្ពអស់ក្រដាស។ សូមសួរបុគ្គលិក ប.ស.ស.។"))
        settle()
        survey_window(shell, sizing, survey, f"error banner {locale} {text}")
        shell.banner.hide()
        for unlocked in (False, True):
            shell.reset_visit()
            shell.ctx.set_locale(locale)
            shell.go("staff")
            panel = shell.current
            if shell.current_name != "staff":
                survey.problems.append(f"{sizing.name} staff {locale}: did not open")
                continue
            panel.unlocked = unlocked
            panel.render()
            settle()
            survey_window(shell, sizing, survey,
                          f"staff {'open' if unlocked else 'PIN'} {locale} {text}")
            for page in STAFF_PAGES if unlocked else ():
                shell.go("staff", {"page": page})
                settle()
                survey_window(shell, sizing, survey, f"staff {page} {locale} {text}")
    shell.reset_visit()
    return survey


def make_shell(ctx, sizing: Sizing):
    from ui.shell import Shell

    shell = Shell(ctx, idle_ms=10**9, warning_ms=10**9, hide_cursor=False, sizing=sizing)
    shell.resize(sizing.width, sizing.height)
    shell.show()
    settle()
    return shell


def main(argv: list[str]) -> int:
    import tempfile

    from kiosk.device import Device
    from ui import sizing as screen_sizing
    from ui.app import setup_application
    from ui.context import AppContext
    from ui.printing import NoPrinterBackend, use_backend
    from ui.sizing import KIOSK_SCREENS, kiosk_sizing, parse_size

    app = QApplication([])
    setup_application(app)
    use_backend(NoPrinterBackend())
    ctx = AppContext(Device.open(Path(tempfile.mkdtemp(prefix="survey-"))), Path(argv[0]))
    words = khmer_words()
    sizes = [parse_size(a) for a in argv[1:] if "x" in a] or list(KIOSK_SCREENS)
    texts = [t == "large" for t in argv[1:] if t in ("normal", "large")] or [False, True]
    total = 0
    for size in sizes:
        sizing = kiosk_sizing(*size)
        shell = make_shell(ctx, sizing)
        for large in texts:
            survey = survey_shell(shell, sizing, large, words)
            print(f"== {sizing.describe()} {'large' if large else 'normal'}: {survey.states} "
                  f"states, {len(survey.problems)} problems, smallest target "
                  f"{survey.smallest_mm:.1f} mm, key {survey.smallest_key_mm:.1f} mm, "
                  f"{len(survey.splits)} split words")
            for problem in survey.problems:
                print("  ", problem)
            for split in survey.splits[:10]:
                print("   split:", split)
            total += len(survey.problems)
        shell.leave_kiosk = True
        shell.close()
        shell.deleteLater()
        settle()
    screen_sizing.use(Sizing())
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
