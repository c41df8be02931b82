"""Head office's report on the fleet: every kiosk-day object read back, queried with DuckDB,
drawn with matplotlib, written as one self-contained HTML page in Khmer or English."""
from __future__ import annotations
