"""Which screens exist and where each lives: plain data the shell reads.

Screens are imported on first use, so start-up only pays for the attract screen.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.screens.base import Screen

# screen name -> "module:Class"
SCREENS: dict[str, str] = {
    "attract": "ui.screens.attract:AttractScreen",
    "start": "ui.screens.start:StartScreen",  # language and audience
    "home": "ui.screens.home:HomeScreen",
    "benefits": "ui.screens.benefits:BenefitsScreen",  # schemes, then benefits
    "benefit": "ui.screens.benefit:BenefitScreen",  # params: id
    "claims": "ui.screens.claims:ClaimsScreen",  # which claim? list of checklists
    "checklist": "ui.screens.checklist:ChecklistScreen",  # params: id
    "interview": "ui.screens.interview:InterviewScreen",  # params: benefit ("" = all)
    "decision": "ui.screens.decision:DecisionScreen",  # params: benefit ("" = all)
    "employer": "ui.screens.employer:EmployerScreen",  # what I must do; params: card?
    "stories": "ui.screens.stories:StoriesScreen",
    "contacts": "ui.screens.contacts:ContactsScreen",  # params: card?
    "search": "ui.screens.search:SearchScreen",
    "print": "ui.screens.print_screen:PrintScreen",  # params: kind, id, ...
    "guide": "ui.screens.guide:GuideScreen",  # params: id ("Asked to pay?")
    "monthly": "ui.screens.monthly:MonthlyScreen",  # an employer's monthly total
    "staff": "ui.staff.panel:StaffPanel",
}

# Screens with a "Print / take it with you" button (their page models link to "print"):
# entering one has a print process made ready (ui/print_worker.prepare), so the paper does
# not wait for a child's start and its fonts (tests/ui/test_print_spare.py checks the list)
PRINTS_FROM = frozenset({"benefit", "checklist", "decision", "employer", "guide", "monthly"})

# Screens whose words are laid out in the other language too while the visitor reads them
# (Shell.lay_out_other_language): their render() only shows, it changes nothing of the visit.
# A first switch on a record otherwise lays out every new text, twice the time of a switch
# back. Not the attract loop, start, print, search (its field has the focus) or staff screens.
LAID_OUT_IN_BOTH = frozenset({"benefit", "benefits", "checklist", "claims", "contacts",
                              "decision", "employer", "guide", "home", "interview", "monthly",
                              "stories"})

# Where a visit starts, and the first screen after a touch on the attract loop.
IDLE_SCREEN = "attract"
FIRST_SCREEN = "start"
HOME_SCREEN = "home"


def screen_class(name: str) -> type[Screen]:
    module_name, _, class_name = SCREENS[name].partition(":")
    return getattr(importlib.import_module(module_name), class_name)
