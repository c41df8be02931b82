"""Where a language switch's time goes, per screen: the GUI thread's CPU time of each phase.

The real shell in this process (bench/driver.py), a worker's visit in Khmer. Each screen is
opened on a record (every benefit and checklist, and the other content screens), then the
language is switched twice, to English (texts this screen has never laid out in English) and
back to Khmer (texts it has shown), as the top bar's button does, phase by phase:
- render: the page model built again and the widgets' texts set (`Screen.render`);
- layout: the layouts settled before the frame (`settle_layouts`: labels sized for the new
  texts, at every width their layouts ask);
- frame: the event loop's turn that paints the window (with the press and release of a real
  tap, bench_taps.py times about 1 ms more).
CPU time, not wall time: other work on a shared machine does not inflate it. With
`--count-layouts`, also how many times a label's text was laid out by Qt to answer a height
(what the labels' size memory, ui/widgets/label_sizes.py, could not answer itself); the
counting costs a little time of its own.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_switch.py [--count-layouts]
"""
from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_taps import build_bundle_file  # noqa: E402
from bench.common import load_average, machine  # noqa: E402
from bench.driver import Kiosk, Visitor  # noqa: E402


def switch(k: Kiosk) -> tuple[float, float, float]:
    """One language switch on the screen showing: CPU ms of render, layout, frame."""
    from ui.widgets.rows import settle_layouts

    shell, screen = k.shell, k.shell.current
    began = time.thread_time()
    k.ctx.locale = "en" if k.ctx.locale == "km" else "km"  # what set_locale does, minus the log
    shell.topbar.retranslate(k.ctx.tr)
    screen.render()
    rendered = time.thread_time()
    settle_layouts()
    shell._update_topbar()
    settled = time.thread_time()
    k.spin(2)
    painted = time.thread_time()
    return ((rendered - began) * 1000, (settled - rendered) * 1000, (painted - settled) * 1000)


LAYOUTS = [0]  # Qt's own text layouts for a height, with --count-layouts


def count_layouts() -> None:
    """Diagnosis: count the heights the labels' size memory hands to Qt to lay out."""
    from PySide6.QtWidgets import QLabel

    import ui.widgets.label_sizes as label_sizes

    class Counting:
        @staticmethod
        def heightForWidth(label: QLabel, width: int) -> int:  # noqa: N802 - Qt's name
            LAYOUTS[0] += 1
            return QLabel.heightForWidth(label, width)

        def __getattr__(self, name: str) -> object:
            return getattr(QLabel, name)

    label_sizes.QLabel = Counting()  # type: ignore[assignment]


def main() -> None:
    counting = "--count-layouts" in sys.argv[1:]
    if counting:
        count_layouts()
    print(f"machine: {machine()}; load before {load_average()}")
    with tempfile.TemporaryDirectory(prefix="nssf-bench-switch-") as name:
        tmp = Path(name)
        bundle = tmp / "content.db"
        build_bundle_file(bundle)
        k = Kiosk(tmp / "data", bundle, print_to=tmp / "print.pdf")
        Visitor(k, random.Random(3)).arrive(locale="km", audience="worker")
        lib = k.ctx.library
        targets = ([("benefit", {"id": b.id}) for b in lib.benefits()]
                   + [("checklist", {"id": c.id}) for c in lib.checklists()]
                   + [("guide", {"id": g.id}) for g in lib.guides()]
                   + [(screen, {}) for screen in ("home", "benefits", "claims", "employer",
                                                  "monthly", "stories", "contacts", "search")])
        first, again, laid = [], [], []
        print("screen record: new texts (render + layout + frame) | shown before, ms CPU")
        for screen, params in targets:
            if k.ctx.locale != "km":
                k.ctx.set_locale("km")
                k.spin(2)
            k.shell.go(screen, params)
            k.spin(3)
            LAYOUTS[0] = 0
            a = switch(k)
            laid_a, LAYOUTS[0] = LAYOUTS[0], 0
            b = switch(k)
            laid.append((laid_a, LAYOUTS[0]))
            first.append(a)
            again.append(b)
            label = f"{screen} {params.get('id', '')}"[:40]
            counts = f" | Qt layouts {laid_a} / {LAYOUTS[0]}" if counting else ""
            print(f"  {label:<40} {sum(a):5.1f} ({a[0]:.1f} + {a[1]:.1f} + {a[2]:.1f}) | "
                  f"{sum(b):5.1f} ({b[0]:.1f} + {b[1]:.1f} + {b[2]:.1f}){counts}")
        k.close()
    for title, rows in (("new texts", first), ("shown before", again)):
        total = [sum(r) for r in rows]
        parts = list(zip(*rows, strict=True))
        print(f"{title}: n={len(rows)} median {statistics.median(total):.1f} ms, max "
              f"{max(total):.1f} ms CPU; medians render {statistics.median(parts[0]):.1f}, layout "
              f"{statistics.median(parts[1]):.1f}, frame {statistics.median(parts[2]):.1f}")
    if counting:
        print(f"Qt text layouts per switch: new texts median "
              f"{statistics.median(a for a, _ in laid)}, total {sum(a for a, _ in laid)}; shown "
              f"before median {statistics.median(b for _, b in laid)}, total "
              f"{sum(b for _, b in laid)}")
    print(f"load after {load_average()}")


if __name__ == "__main__":
    main()
