"""The kiosk's core: content, eligibility, guidance and sync. Never imports Qt."""
