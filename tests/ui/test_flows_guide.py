"""Bopha's questions, by taps: "Asked to pay?" from the home screen as its own short path (its
sections, numbered steps with their pictures, what the kiosk does not know, its story, "Is my
card working?"), printed; links in content texts that open what they name, by a tap on the link
itself and on its button; benefits in the order a worker needs them."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QWidget
from test_flows_visitor import Visitor, visitor  # noqa: F401 - the fixture

from kiosk.i18n import format_number
from ui.widgets.linked_text import LinkedLabel, pieces_html

GUIDE = "asked-to-pay"


def tap_link(v: Visitor, label_name: str, text: str) -> None:
    """A real click on the link `text` drawn in label `label_name`: at the place the label's
    own text layout puts it (the same rich text, font and width)."""
    label = v.find(label_name)
    assert isinstance(label, LinkedLabel), label_name
    href = next(str(i) for i, piece in enumerate(label._pieces)
                if getattr(piece, "text", None) == text)
    v.ui.scroll_to(label)
    v.settle()
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    doc.setHtml(pieces_html(label._pieces))  # what the label drew
    doc.setTextWidth(label.contentsRect().width())
    doc.documentLayout().documentSize()  # lay it out
    block = doc.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().isAnchor() and fragment.charFormat().anchorHref() == href:
                at = fragment.position() - block.position() + 1
                line = block.layout().lineForTextPosition(at)
                assert line.isValid()
                origin = doc.documentLayout().blockBoundingRect(block).topLeft()
                x = origin.x() + line.cursorToX(at)[0]
                y = origin.y() + line.y() + line.height() / 2
                where = label.contentsRect().topLeft() + QPoint(int(x) + 2, int(y))
                v.qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=where)
                v.settle()
                return
            fragments += 1
        block = block.next()
    raise AssertionError(f"no link {text!r} in {label_name}")


def test_asked_to_pay_is_its_own_path_from_home(visitor) -> None:  # noqa: F811
    guide = visitor.ctx.library.guide(GUIDE)
    visitor.open("home", locale="km")
    tiles = visitor.shell.current.grid
    first = tiles.itemAtPosition(0, 0).widget()
    assert first.objectName() == f"home-tile-guide-{GUIDE}" and first.text() == guide.title.km
    visitor.tap(f"home-tile-guide-{GUIDE}")
    assert (visitor.screen, visitor.params) == ("guide", {"id": GUIDE})
    assert visitor.text("guide-title") == guide.title.km
    assert visitor.text("guide-intro") == guide.intro.km
    for index, section in enumerate(guide.sections, start=1):
        key = f"guide-section-{index}"
        assert visitor.text(key) == section.heading.km
        for n, point in enumerate(section.points, start=1):
            text = visitor.find(f"{key}-point-{n}")
            assert text.text() == point.text.get("km")
            row = text.parentWidget()
            assert row.icon.icon_name == point.icon and row.icon.isVisibleTo(row)
            number = row.number
            assert number.isVisibleTo(row) == section.numbered
            if section.numbered:  # the steps at the counter, in order, in Khmer digits
                assert number.text() == format_number(n, "km")
    assert "១២៨៦" in visitor.text("guide-gaps")
    story = visitor.ctx.library.story(guide.stories[0])
    assert visitor.text("guide-story-text") == story.text.get("km")
    # "Is my card working?": the questions of medical care, and Back comes back here
    assert visitor.text("guide-check") == guide.check_label.km
    visitor.tap("guide-check")
    assert (visitor.screen, visitor.params) == ("interview", {"benefit": "medical-care"})
    visitor.tap("topbar-back")
    assert (visitor.screen, visitor.params) == ("guide", {"id": GUIDE})


def test_the_guide_prints_and_a_search_finds_it(visitor) -> None:  # noqa: F811
    visitor.open("guide", {"id": GUIDE}, locale="en")
    assert visitor.sends("guide-print") == ["print", {"kind": "guide", "id": GUIDE}]
    visitor.open("search", locale="en")
    visitor.type("asked")
    visitor.tap(f"result-guides-{GUIDE}")
    assert (visitor.screen, visitor.params) == ("guide", {"id": GUIDE})


def test_see_medical_care_is_a_real_link(visitor) -> None:  # noqa: F811
    visitor.open("benefit", {"id": "maternity-allowance"}, locale="en")
    label = visitor.find("benefit-what")
    assert [link.text for link in label.links] == ["Medical care"]
    assert label.textFormat() == Qt.TextFormat.RichText  # drawn as a link
    tap_link(visitor, "benefit-what", "Medical care")
    assert (visitor.screen, visitor.params) == ("benefit", {"id": "medical-care"})
    visitor.tap("topbar-back")
    # the same link as a finger-sized button under the text, with the benefit's picture
    button = visitor.find("link-benefit-medical-care")
    assert button.text() == "Medical care"
    visitor.tap("link-benefit-medical-care")
    assert (visitor.screen, visitor.params) == ("benefit", {"id": "medical-care"})


def test_links_in_a_guide_and_a_story_lead_on(visitor) -> None:  # noqa: F811
    medical = visitor.ctx.library.benefit("medical-care")
    visitor.open("guide", {"id": GUIDE}, locale="km")
    visitor.tap("guide-link-benefit-medical-care")
    assert (visitor.screen, visitor.params) == ("benefit", {"id": "medical-care"})
    # medical care's "how to claim" links back to the guide, in Khmer
    tap_link(visitor, "benefit-claim", visitor.ctx.library.guide(GUIDE).title.km)
    assert (visitor.screen, visitor.params) == ("guide", {"id": GUIDE})
    visitor.open("stories", {"id": GUIDE}, locale="en")
    visitor.tap(f"story-{GUIDE}-guide-{GUIDE}")
    assert (visitor.screen, visitor.params) == ("guide", {"id": GUIDE})
    assert medical.title.en  # the card it named exists


def test_benefits_come_in_the_order_a_worker_needs_them(visitor) -> None:  # noqa: F811
    visitor.open("benefits", locale="km")
    tiles = [w for w in visitor.shell.current.findChildren(QWidget)
             if w.objectName().startswith("benefit-tile-") and w.isVisibleTo(visitor.shell)]
    shown = [w.objectName().removeprefix("benefit-tile-") for w in
             sorted(tiles, key=lambda w: (w.mapTo(visitor.shell, QPoint(0, 0)).y(),
                                          w.mapTo(visitor.shell, QPoint(0, 0)).x()))]
    lib = visitor.ctx.library
    content = [b.id for b in lib.benefits("worker")]
    # by scheme, in the content's order (health care first), each scheme's in content order
    expected = [b for s in lib.schemes() for b in content if lib.benefit(b).scheme == s.id]
    assert shown == expected and shown[0] == "medical-care"
    visitor.tap("benefits-walk")  # one by one: the content's order itself
    walked = []
    while True:
        walked.append(visitor.params["id"])
        if not visitor.find("benefit-next").isEnabled():
            break
        visitor.tap("benefit-next")
    assert walked == content


def test_asked_to_pay_says_what_the_brief_says_and_no_more(visitor) -> None:  # noqa: ANN001, F811
    """Bopha's answer in words she can check against the brief: only a contracted facility is
    free, the card's condition (2 months in a row or 6 of the last 12), an employer who keeps
    paying, what is free, the receipt and 1286; what the brief does not know is said so."""
    visitor.open("home", locale="en")
    visitor.tap(f"home-tile-guide-{GUIDE}")
    shown = " ".join(visitor.texts())
    for words in ("Only a contracted health facility gives free care.",
                  "2 months in a row, or for 6 months in the last 12 months",
                  "keep paying contributions every month", "up to 180 days in 12 months",
                  "Essential medicines", "ask for a receipt and keep it", "Call 1286",
                  "In an emergency, go to the nearest facility"):
        assert words in shown, words
    assert visitor.text("guide-gaps") == (
        "This kiosk does not have the list of contracted facilities, and does not know if NSSF "
        "pays back money you paid. Ask NSSF staff or call 1286.")
    visitor.language("km")
    assert "កន្លែងព្យាបាលដែលមានកិច្ចសន្យា" in visitor.text("guide-intro")  # the glossary's name
    assert visitor.text("guide-gaps").endswith("សូមសួរបុគ្គលិក ប.ស.ស. ឬហៅលេខ ១២៨៦។")
