"""Is SHOT (grim's screenshot of the kiosk under cage) the kiosk's first screen?

Compared with REFERENCE, the same screen rendered offscreen by `nssf-kiosk --shots --size`:
the same size, real content (not one colour: a black or blank frame fails), mostly the NSSF
navy, and the parts of the attract screen that do not change as its slides turn (the header
with the fund's name, the "Touch to start" band at the bottom) matching the reference. One line
per problem, exit 1 if any.   Usage: check-first-screen.py SHOT REFERENCE
"""
from __future__ import annotations

import sys

from PIL import Image, ImageChops, ImageStat

NAVY = (11, 58, 110)
STILL_BANDS = {"header": (0.0, 0.15), "touch-to-start band": (0.78, 0.97)}  # share of height


def near(pixel: tuple[int, int, int], colour: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def problems(shot: Image.Image, reference: Image.Image) -> list[str]:
    found = []
    if shot.size != reference.size:
        return [f"the screenshot is {shot.width}x{shot.height}, the screen {reference.width}x"
                f"{reference.height}"]
    colours = shot.getcolors(1 << 24) or []
    if len(colours) < 50:
        found.append(f"the screenshot has {len(colours)} colours: a blank or black frame")
    navy = sum(count for count, pixel in colours if near(pixel, NAVY)) / (shot.width * shot.height)
    if navy < 0.4:
        found.append(f"only {navy:.0%} of it is the NSSF navy of the attract screen")
    for name, (top, bottom) in STILL_BANDS.items():
        box = (0, int(top * shot.height), shot.width, int(bottom * shot.height))
        diff = ImageStat.Stat(ImageChops.difference(shot.crop(box), reference.crop(box))).mean
        if max(diff) > 10:
            found.append(f"the {name} differs from the kiosk's own rendering "
                         f"(mean difference {max(diff):.0f}/255)")
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    shot, reference = (Image.open(path).convert("RGB") for path in argv)
    found = problems(shot, reference)
    for line in found:
        print(f"{argv[0]}: {line}", file=sys.stderr)
    if not found:
        print(f"{argv[0]}: the kiosk's first screen, {shot.width}x{shot.height}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
