"""Page models of the staff panel: what it says and what its taps do, without Qt.

    state.read_state(device, library)                     -> KioskState (read from the data dir)
    panel.panel_page(state, locale, syncing=, test=, note=) -> StaffPanelPage
    identity.identity_page(locale, active=, problem=)     -> IdentityPage
    pin_change.pin_change_page(flow, locale)              -> PinChangePage
    printer.printer_page(settings, found, locale, note=)  -> PrinterPage
    rollback.rollback_page(state, locale, step, problem=) -> RollbackPage

The panel is one screen ("staff"); its own pages are `Route("staff", {"page": ...})` (one of
`panel.PAGES`), so the top bar's Back returns to the panel. The actions beside each page change
the device and save at once: `panel.set_idle`, `set_default_locale`, `set_large_text`,
`identity.save_identity`, `pin_change.typed`/`new_hash`, `printer.choose_printer`,
`choose_paper`, `rollback.roll_back`. `today` is a bounded stand-in for the daily counts.
"""
