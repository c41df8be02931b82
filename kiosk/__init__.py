"""The kiosk's core: content, eligibility, guidance and sync. Never imports Qt."""

import os as _os

# pydantic looks for plugins by reading the entry points of every installed package the first
# time a model validates (~40 ms, on a visitor's first tap); the kiosk uses none.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
