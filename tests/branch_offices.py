"""Two branch offices as content (YAML), for the tests of the contacts page model and screen:
one with its address, province, hours, phone and map picture, one with only its province (content
validation asks for hours; an old bundle may still lack them). The map picture itself is the
test's to make, under `assets/maps/kandal.png`."""
from __future__ import annotations

from kiosk.content.model import source_hash


def _text(en: str, km: str) -> str:
    return f'{{en: "{en}", km: "{km}", km_src: "{source_hash(en)}"}}'


BRANCHES = f"""\
offices:
  - id: branch-kandal
    sources: [test]
    review: sample
    reviewed_on: 2026-12-01
    name: {_text("NSSF Kandal branch", "សាខា ប.ស.ស. កណ្តាល")}
    kind: branch
    address: {_text("Street one", "ផ្លូវទីមួយ")}
    province: {_text("Kandal", "កណ្តាល")}
    hours: {_text("Monday to Friday, 8:00 to 17:00", "ថ្ងៃច័ន្ទ ដល់ថ្ងៃសុក្រ ម៉ោង ៨:០០ ដល់ ១៧:០០")}
    phone: "023000000"
    map: maps/kandal.png
    icon: office-building
    order: 10
  - id: branch-takeo
    sources: [test]
    review: sample
    reviewed_on: 2026-12-01
    name: {_text("NSSF Takeo branch", "សាខា ប.ស.ស. តាកែវ")}
    kind: branch
    province: {_text("Takeo", "តាកែវ")}
    icon: office-building
    order: 11
"""
