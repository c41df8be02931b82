"""The staff panel's page models, without Qt: what the panel says about the kiosk in each
language, and what its actions change (settings saved and checked, the PIN flow, the printer
choice, going back to the previous content, today's visits)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from kiosk.content.khmer import khmer_share
from kiosk.content.library import Library
from kiosk.device import Device, Settings, SyncState
from kiosk.errors import KioskError
from kiosk.guidance.state import PrinterStatus
from kiosk.i18n import LOCALES
from kiosk.pages.routes import SCREEN_NAMES
from kiosk.pages.staff import identity, panel, pin_change, printer, rollback
from kiosk.pages.staff.state import BundleInfo, FoundPrinter, KioskState, read_state, when
from kiosk.pages.staff.today import TodayCounts, today_counts
from kiosk.sync.errors import SyncBusy
from kiosk.sync.layout import SyncPaths
from kiosk.sync.running import exclusive


def state(**changes: object) -> KioskState:
    base = KioskState(
        settings=Settings(kiosk_name="Chaom Chau factory", location="HR corner"),
        provisioned_at="2026-11-20T08:00:00Z", app_version="0.1.0",
        content=BundleInfo(8, "2026-11-30T09:00:00Z", 87),
        previous=BundleInfo(7, "2026-11-26T09:00:00Z"), sync=SyncState(), sync_since=None,
        printer=PrinterStatus(), today=TodayCounts(12, 5, 3, 1))
    return dataclasses.replace(base, **changes)


def all_text(page: panel.StaffPanelPage) -> str:
    return "\n".join([*page.warnings, *(line for b in page.blocks for line in
                                         (b.heading, *b.lines, b.warning, b.note,
                                          *(a.text for a in b.actions))),
                      page.idle_label, page.idle.text(), page.language_label,
                      page.large_text_label, *(c.text for c in page.large_text), page.leave.text])


# --- the panel ---------------------------------------------------------------------------------
def test_a_sync_never_tried_says_so_once_in_words() -> None:
    page = panel.panel_page(state(), "en")
    sync = page.block("sync")
    assert sync.lines == ("No sync server is set.", "No sync has been tried yet.",
                          "No sync has succeeded yet.")
    assert "never" not in all_text(page)  # not "Last try: never (never)"
    assert sync.warning == "Ask NSSF IT to set the sync server (setting server_url)."
    assert not sync.actions[0].enabled  # nothing to sync from


def test_sync_results_in_words_and_a_failure_labelled_for_it() -> None:
    tried = SyncState(last_try="2026-11-30T08:00:00Z", last_success="2026-11-29T08:00:00Z",
                      last_result="updated to 8", bytes_fetched=4024, pending_version=9)
    s = Settings(server_url="https://repo.example/kiosk")
    page = panel.panel_page(state(sync=tried, settings=s, sync_since="2026-11-30T08:05:00Z"),
                            "km")
    lines = "\n".join(page.block("sync").lines)
    assert "បានធ្វើបច្ចុប្បន្នភាពទៅកំណែ ៨" in lines and "៤.០២៤" in lines  # Khmer digits
    assert "កំពុងធ្វើបច្ចុប្បន្នភាពតាំងពី" in lines.replace("\u200b", "")
    assert "កំណែ ៩ រួចរាល់ហើយ" in lines
    assert not page.block("sync").actions[0].enabled  # a sync (here the CLI's) is running
    failed = dataclasses.replace(tried, last_result="failed", last_error="HTTP 500 from server")
    warning = panel.panel_page(state(sync=failed, settings=s), "km").block("sync").warning
    assert warning == ("ការធ្វើបច្ចុប្បន្នភាពចុងក្រោយបរាជ័យ។ សារដែលវាបានសរសេរ សម្រាប់ផ្នែក"
                       "ព័ត៌មានវិទ្យា ប.ស.ស.៖ HTTP 500 from server")


def test_paper_and_printer_in_words_in_both_languages() -> None:
    for paper, km, en in (("receipt", "ក្រដាសបង្កាន់ដៃ (៨០ មីលីម៉ែត្រ)", "receipt (80 mm)"),
                          ("a4", "ក្រដាស A4", "A4 sheet")):
        s = Settings(printer_format=paper)
        assert f"ក្រដាស៖ {km}" in panel.panel_page(state(settings=s), "km").block("printer").lines
        assert f"Paper: {en}" in panel.panel_page(state(settings=s), "en").block("printer").lines
    none = panel.panel_page(state(settings=Settings(printer_kind="none")), "en").block("printer")
    assert none.lines[0] == "Printer: none: visitors scan the QR code"
    assert not next(a for a in none.actions if a.key == "test-page").enabled


def test_every_khmer_line_of_the_panel_is_khmer() -> None:
    problem = PrinterStatus(printer="TM-T20", problem_en="out of paper", problem_km="អស់ក្រដាស",
                            problem_at="2026-11-30T08:00:00.000000Z", fallbacks=2)
    for extra in ({}, {"provisioned_at": None}, {"printer": problem}, {"previous": None},
                  {"today": None}, {"sync": SyncState(content_fallback="shipped")}):
        page = panel.panel_page(state(**extra), "km", test=panel.TestPrint("printing"),
                                note="បានរក្សាទុក។")
        for line in all_text(page).splitlines():
            for as_written in ("Chaom Chau factory", "HR corner", "0.1.0"):  # names, a version
                line = line.replace(as_written, "")
            if line.strip():
                assert khmer_share(line) > 0.5, line


def test_the_panel_routes_to_its_own_pages() -> None:
    page = panel.panel_page(state(), "en")
    routes = {a.key: a.route for b in page.blocks for a in b.actions if a.route}
    assert set(routes) == set(panel.PAGES)
    assert all(r.screen == "staff" and r.screen in SCREEN_NAMES for r in routes.values())
    assert {r.params["page"] for r in routes.values()} == set(panel.PAGES)
    no_previous = panel.panel_page(state(previous=None), "en").block("content").actions[0]
    assert no_previous.route is None and not no_previous.enabled


def test_times_are_shown_on_the_kiosks_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Phnom_Penh")
    time.tzset()
    try:
        assert when("2026-11-30T20:30:00Z", "en") == "1 December 2026 03:30"
        assert when("2026-11-30", "km") == "៣០ វិច្ឆិកា ២០២៦"
        assert when("", "en") == "" and when("not a time", "en") == "not a time"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_one_tap_settings_are_checked_and_saved(tmp_path: Path) -> None:
    device = Device.open(tmp_path / "d")
    panel.set_idle(device, 5)
    assert Device.open(device.root).settings.idle_timeout_s == panel.IDLE_MIN_S
    panel.set_idle(device, 10_000)
    assert Device.open(device.root).settings.idle_timeout_s == panel.IDLE_MAX_S
    panel.set_default_locale(device, "en")
    panel.set_large_text(device, True)
    saved = Device.open(device.root).settings
    assert saved.default_locale == "en" and saved.large_text
    with pytest.raises(KioskError):
        panel.set_default_locale(device, "fr")
    assert Device.open(device.root).settings.default_locale == "en"


def test_read_state_from_a_kiosks_data_dir(tmp_path: Path, bundle_path: Path) -> None:
    device = Device.open(tmp_path / "d")
    device.content_dir.mkdir(parents=True)
    shutil.copyfile(bundle_path, device.previous_bundle_path)
    with Library(bundle_path) as library:
        got = read_state(device, library)
    assert got.provisioned_at is None and got.previous == BundleInfo(3, "")
    assert got.content.version == 3 and got.today == TodayCounts()
    assert got.settings is not device.settings  # a copy
    (device.previous_bundle_path).write_bytes(b"not a bundle")
    with Library(bundle_path) as library:
        assert read_state(device, library).previous is None


# --- today's counts and the last upload (the outbox of daily counts) ---------------------------
def test_todays_counts_and_the_last_upload_from_the_outbox(tmp_path: Path) -> None:
    from kiosk.counts.outbox import LastUpload, Outbox

    device = Device.open(tmp_path / "d")
    today = dt.date(2026, 11, 30)
    with Outbox.of(device.root) as outbox:
        outbox.add("2026-11-30", {("visits", ""): 12, ("funnel", "decision"): 5,
                                  ("print", "checklist:paper"): 2, ("print", "decision:paper"): 1,
                                  ("print", "benefit:qr"): 1})
        outbox.add("2026-11-29", {("visits", ""): 40})  # yesterday: not today's
        outbox.note_upload(LastUpload(at="2026-11-30T07:15", result="failed",
                                      error="HTTP 403 from the bucket", target="s3://b/k"))
    counts = today_counts(device.root, today)
    assert (counts.visits, counts.answers, counts.printed, counts.qr_instead,
            counts.waiting_days) == (12, 5, 3, 1, 2)
    s = Settings(upload_target="s3://nssf-counts/kiosks")
    block = panel.panel_page(state(today=counts, settings=s), "km").block("today")
    assert block.lines[0] == "ចំនួនភ្ញៀវ៖ ១២" and "ចំនួនត្រូវផ្ញើទៅ៖ s3://nssf-counts/kiosks" in block.lines
    assert any(line.startswith("ការផ្ញើចុងក្រោយ៖ ៣០ វិច្ឆិកា ២០២៦ ០៧:១៥") for line in block.lines)
    assert block.warning.endswith("HTTP 403 from the bucket")
    fresh = panel.panel_page(state(today=TodayCounts()), "en").block("today")
    assert "No upload has gone out yet." in fresh.lines and not fresh.warning
    assert "Counts are kept here: no upload target is set." in fresh.lines
    (device.root / "outbox.db").unlink()
    (device.root / "outbox.db").mkdir()  # something that is no database
    assert today_counts(device.root) is None
    unread = panel.panel_page(state(today=None), "en").block("today")
    assert unread.warning == "Today's counts cannot be read on this computer."


# --- name and location ---------------------------------------------------------------------------
def test_name_and_location_limits_are_the_settings_own() -> None:
    assert Settings.problem("kiosk_name", "x" * identity.NAME_MAX) is None
    assert Settings.problem("kiosk_name", "x" * (identity.NAME_MAX + 1))
    assert Settings.problem("location", "x" * identity.LOCATION_MAX) is None
    assert Settings.problem("location", "x" * (identity.LOCATION_MAX + 1))


@pytest.mark.parametrize(("name", "location", "problem"), [
    ("", "", "The kiosk needs a name: type one."),
    ("   ", "x", "The kiosk needs a name: type one."),
    ("x" * 81, "", "The name is too long: at most 80 letters."),
    ("ok", "y" * 121, "The location is too long: at most 120 letters."),
    ("bad\x07name", "", "Use letters, digits, spaces and punctuation only."),
    ("  រោងចក្រ   ចោមចៅ ", "", ""),
])
def test_name_and_location_problems(name: str, location: str, problem: str) -> None:
    assert identity.identity_problem(name, location, "en") == problem
    if problem:
        assert khmer_share(identity.identity_problem(name, location, "km")) > 0.5


def test_save_identity_tidies_and_refuses_whole(tmp_path: Path) -> None:
    device = Device.open(tmp_path / "d")
    identity.save_identity(device, "  រោងចក្រ   ចោមចៅ ", " HR  corner")
    saved = Device.open(device.root).settings
    assert (saved.kiosk_name, saved.location) == ("រោងចក្រ ចោមចៅ", "HR corner")
    with pytest.raises(KioskError):
        identity.save_identity(device, "fine", "\x00")
    assert (device.settings.kiosk_name, device.settings.location) == ("រោងចក្រ ចោមចៅ", "HR corner")
    assert Device.open(device.root).settings.kiosk_name == "រោងចក្រ ចោមចៅ"


# --- the PIN -----------------------------------------------------------------------------------
def test_the_new_pin_twice_khmer_or_latin_digits() -> None:
    flow = pin_change.typed(pin_change.PinChange(), "២៤៦៨១៣៥៧")
    assert flow.step == "again" and "24681357" not in repr(flow)
    flow = pin_change.typed(flow, "24681357")
    assert flow.step == "saving"
    stored = pin_change.new_hash(flow)
    from kiosk.pin import pin_matches

    assert stored.startswith("scrypt$17$8$1$")  # what `kiosk pin set` stores
    assert pin_matches("24681357", stored) and pin_change.saved(flow).pin == ""
    with pytest.raises(ValueError):
        pin_change.new_hash(pin_change.PinChange())


@pytest.mark.parametrize(("first", "again", "problem"), [
    ("123", None, "length"), ("1234567890123", None, "length"), ("12a4", None, "length"),
    ("123456", "654321", "mismatch"), ("123456", "", "mismatch"),
])
def test_a_bad_or_different_pin_starts_again_with_its_reason(first: str, again: str | None,
                                                              problem: str) -> None:
    flow = pin_change.typed(pin_change.PinChange(), first)
    if again is not None:
        flow = pin_change.typed(flow, again)
    assert (flow.step, flow.problem, flow.pin) == ("first", problem, "")
    for locale in LOCALES:
        page = pin_change.pin_change_page(flow, locale)
        assert page.problem and not page.busy and page.back.route.screen == "staff"


def test_the_pin_page_in_each_step() -> None:
    steps = {"first": pin_change.PinChange(), "again": pin_change.PinChange("again", "1234"),
             "saving": pin_change.PinChange("saving", "1234"), "saved": pin_change.PinChange("saved")}
    pages = {step: pin_change.pin_change_page(flow, "km") for step, flow in steps.items()}
    assert "៤ ទៅ ១២" in pages["first"].prompt
    assert pages["saving"].busy and not pages["again"].busy
    assert pages["saved"].done and not pages["first"].done
    assert all(khmer_share(p.prompt) > 0.6 for p in pages.values())


# --- printer and paper -------------------------------------------------------------------------
FOUND = (FoundPrinter("TM-T20", True), FoundPrinter("Office-A4"))


def test_the_printer_choices_are_what_the_computer_offers_and_none() -> None:
    page = printer.printer_page(Settings(), FOUND, "en")
    assert [(c.key, c.chosen) for c in page.printers] == [
        ("default", True), ("printer:TM-T20", False), ("printer:Office-A4", False), ("none", False)]
    assert page.printers[0].text == "The system default printer (TM-T20)"
    assert [(c.key, c.chosen) for c in page.papers] == [("a4", False), ("receipt", True)]
    gone = printer.printer_page(Settings(printer="Old"), FOUND, "en")
    assert gone.printers[1].key == "printer:Old" and gone.printers[1].chosen
    assert gone.printers[1].text == "Old (not found on this computer now)"
    receipt = printer.printer_page(Settings(printer_kind="escpos", printer_address="/dev/usb/lp0",
                                            printer_format="receipt"), FOUND, "en",
                                   receipts=["/dev/usb/lp0", "/dev/usb/lp1"])
    assert [c.key for c in receipt.printers if c.chosen] == ["escpos:/dev/usb/lp0"]
    assert receipt.printers[4].text == "Receipt printer (ESC/POS) at /dev/usb/lp1"
    assert [(c.key, c.enabled) for c in receipt.papers] == [("a4", False), ("receipt", True)]
    assert receipt.receipts == "" and page.receipts.startswith("No receipt printer is plugged in")
    looking = printer.printer_page(Settings(), None, "km")
    assert looking.found == "កំពុងរកម៉ាស៊ីនបោះពុម្ពដែលកុំព្យូទ័រនេះមាន…"
    assert printer.printer_page(Settings(), (), "en").found.startswith("This computer offers no")


def test_choosing_a_printer_and_paper_saves(tmp_path: Path) -> None:
    device = Device.open(tmp_path / "d")
    printer.choose_printer(device, "printer:Office-A4")
    printer.choose_paper(device, "a4")
    saved = Device.open(device.root).settings
    assert (saved.printer, saved.printer_kind, saved.printer_format) == ("Office-A4", "system", "a4")
    printer.choose_printer(device, "none")
    assert Device.open(device.root).settings.printer_kind == "none"
    printer.choose_printer(device, "default")
    saved = Device.open(device.root).settings
    assert (saved.printer, saved.printer_kind) == ("", "system")
    printer.choose_printer(device, "escpos:tcp://10.0.0.9:9100")
    saved = Device.open(device.root).settings
    assert (saved.printer_kind, saved.printer_address, saved.printer_format) == (
        "escpos", "tcp://10.0.0.9:9100", "receipt")
    with pytest.raises(ValueError):
        printer.choose_paper(device, "a4")  # an ESC/POS printer prints receipts only
    with pytest.raises(KioskError):
        printer.choose_printer(device, "escpos:/tmp/../etc/passwd")  # the address is checked
    assert Device.open(device.root).settings.printer_address == "tcp://10.0.0.9:9100"
    with pytest.raises(ValueError):
        printer.choose_printer(device, "elsewhere")
    printer.choose_printer(device, "default")
    with pytest.raises(KioskError):
        printer.choose_paper(device, "letter")
    with pytest.raises(KioskError):
        printer.choose_printer(device, "printer:" + "x" * 400)  # refused whole
    assert device.settings.printer_kind == "system" and device.settings.printer == ""


# --- going back to the previous content ----------------------------------------------------------
def test_the_rollback_page_says_what_happens() -> None:
    ask = rollback.rollback_page(state(), "en")
    assert ask.text.startswith("The kiosk shows content version 8. Going back shows version 7")
    assert ask.confirm.text == "Yes, go back to version 7" and ask.confirm.enabled
    assert ask.back.text == "No, keep this content"
    nothing = rollback.rollback_page(state(previous=None), "km")
    assert not nothing.confirm.enabled and "៨" in nothing.text
    working = rollback.rollback_page(state(), "en", "working")
    assert not working.confirm.enabled
    done = rollback.rollback_page(state(content=BundleInfo(7, "")), "km", "done")
    assert done.done == "រួចរាល់។ ឥឡូវម៉ាស៊ីនព័ត៌មានបង្ហាញមាតិកាកំណែ ៧។" and not done.text


def test_roll_back_swaps_refuses_during_a_sync_and_clears_what_waited(
        tmp_path: Path, bundle_path: Path) -> None:
    device = Device.open(tmp_path / "d")
    device.content_dir.mkdir(parents=True)
    shutil.copyfile(bundle_path, device.bundle_path)
    with pytest.raises(KioskError) as none:
        rollback.roll_back(device)
    assert "no previous content" in none.value.en
    shutil.copyfile(bundle_path, device.previous_bundle_path)
    before = device.bundle_path.read_bytes()
    with exclusive(SyncPaths(device.root)), pytest.raises(SyncBusy) as busy:
        rollback.roll_back(device)  # a sync holds the data dir: nothing moves
    assert device.bundle_path.read_bytes() == before
    assert "A sync is running" in rollback.problem_text(busy.value, "en")
    device.save_sync_state(SyncState(pending_version=9))
    assert rollback.roll_back(device) == 3
    assert device.sync_state().pending_version == 0
    assert rollback.problem_text(none.value, "km").startswith("គ្មានអ្វីត្រូវបានប្តូរទេ៖ គ្មានមាតិកាមុន")
