"""The panel's "Change the staff PIN" page: the new PIN twice on the pad, then saved.

A flow in plain values (`PinChange`), as the interview is: `typed(flow, digits)` is the next
step. The first PIN must be a PIN (kiosk.pin: 4 to 12 digits, Latin or Khmer, the same PIN
either way); the second must be the same, or nothing changes and the flow starts again with
one line saying why. Hashing it costs about 0.4 s (scrypt), so the screen does that off the
GUI thread (`new_hash`) and reports `saved` or `failed`. The PIN typed once stays in the flow
only until it is hashed, and never in its repr.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kiosk.i18n import format_number, tr
from kiosk.pages.parts import Link, route
from kiosk.pin import PIN_MAX_DIGITS, PIN_MIN_DIGITS, BadPin, hash_pin, normalize_pin

Step = Literal["first", "again", "saving", "saved"]
Problem = Literal["", "length", "mismatch", "failed"]


@dataclass(frozen=True)
class PinChange:
    step: Step = "first"
    pin: str = field(default="", repr=False)  # the new PIN (Latin digits) until it is saved
    problem: Problem = ""


@dataclass(frozen=True)
class PinChangePage:
    title: str
    prompt: str
    problem: str  # one line: too short or long, not the same twice, not saved
    done: str  # "The new PIN is saved…" once it is
    busy: bool  # the pad is off while the PIN is hashed and saved
    back: Link


def typed(flow: PinChange, digits: str) -> PinChange:
    """The flow after the digits typed on the pad and OK."""
    try:
        pin = normalize_pin(digits)
    except BadPin:
        pin = ""
    if flow.step in ("first", "saved"):
        return PinChange("again", pin) if pin else PinChange("first", problem="length")
    if flow.step == "again":
        if pin != flow.pin:
            return PinChange("first", problem="mismatch")
        return PinChange("saving", pin)
    return flow  # saving: the pad is off


def new_hash(flow: PinChange) -> str:
    """The hash to store (slow: call it off the GUI thread)."""
    if flow.step != "saving":
        raise ValueError("no new PIN to save")
    return hash_pin(flow.pin)


def saved(flow: PinChange) -> PinChange:
    return PinChange("saved")


def failed(flow: PinChange) -> PinChange:
    return PinChange("first", problem="failed")


def pin_change_page(flow: PinChange, locale: str) -> PinChangePage:
    low, high = format_number(PIN_MIN_DIGITS, locale), format_number(PIN_MAX_DIGITS, locale)
    prompts = {
        "first": tr("Type the new PIN ({low} to {high} digits), then OK.", locale).format(low=low,
                                                                                 high=high),
        "again": tr("Type the new PIN again, then OK.", locale),
        "saving": tr("Saving the new PIN…", locale),
        "saved": tr("Type another new PIN to change it again, or go back to the panel.", locale),
    }
    problems = {
        "": "",
        "length": tr("A PIN has {low} to {high} digits. Nothing was changed.", locale).format(
            low=low, high=high),
        "mismatch": tr("The two PINs were not the same. Nothing was changed: type the new PIN "
                      "again from the start.", locale),
        "failed": tr("The new PIN could not be saved. The old PIN still works.", locale),
    }
    return PinChangePage(
        title=tr("Change the staff PIN", locale),
        prompt=prompts[flow.step],
        problem=problems[flow.problem],
        done=tr("The new PIN is saved. Use it from now on; the old one no longer opens the "
               "panel.", locale) if flow.step == "saved" else "",
        busy=flow.step == "saving",
        back=Link(tr("Back to the staff panel", locale), "arrow-left", route("staff")),
    )
