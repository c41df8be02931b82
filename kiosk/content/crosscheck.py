"""Checks across records, after each record is valid on its own: links in texts, the glossary's
one word for one thing, stories and benefits that name each other, guides, and offices.

Every problem is `path:line: message`, as the loader reports its own.
"""
from __future__ import annotations

from pathlib import Path

from kiosk.content.links import link_problems
from kiosk.content.loader import ContentSet, RawRecord
from kiosk.content.model import Benefit, Guide, Office, Story
from kiosk.content.terms import term_problems
from kiosk.yamlsrc import line_of

MAP_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


def cross_problems(content: ContentSet, raws: list[RawRecord], assets: Path) -> list[str]:
    by_key = {(raw.kind, raw.data.get("id")): raw for raw in raws if isinstance(raw.data, dict)}
    out = link_problems(content, raws) + term_problems(content, raws)
    out += _story_problems(content, by_key)
    out += _guide_problems(content, by_key)
    out += _office_problems(content, by_key, assets)
    return out


def _at(by_key: dict, kind: str, rid: str, loc: tuple) -> str:
    raw = by_key[(kind, rid)]
    return f"{raw.path}:{line_of(raw.data, loc, raw.line)}"


def _story_problems(content: ContentSet, by_key: dict) -> list[str]:
    """A benefit's stories and a story's benefits are two ends of one link: both must be set,
    or the benefit shows a story that does not say it is about it (or never shows its story)."""
    out = []
    benefits: dict[str, Benefit] = content.records["benefits"]  # type: ignore[assignment]
    stories: dict[str, Story] = content.records["stories"]  # type: ignore[assignment]
    for bid, benefit in benefits.items():
        for sid in benefit.stories:
            if sid in stories and bid not in stories[sid].benefits:
                out.append(f"{_at(by_key, 'benefits', bid, ('stories',))}: benefit {bid} lists "
                           f"story {sid}, but the story does not list the benefit in its benefits")
    for sid, story in stories.items():
        for bid in story.benefits:
            if bid in benefits and sid not in benefits[bid].stories:
                out.append(f"{_at(by_key, 'stories', sid, ('benefits',))}: story {sid} is about "
                           f"benefit {bid}, but the benefit does not list it in its stories")
    return out


def _guide_problems(content: ContentSet, by_key: dict) -> list[str]:
    out = []
    guides: dict[str, Guide] = content.records["guides"]  # type: ignore[assignment]
    for gid, guide in guides.items():
        if (guide.check is None) != (guide.check_label is None):
            out.append(f"{_at(by_key, 'guides', gid, ('check',))}: guide {gid}: give check and "
                       "check_label together (the benefit whose questions answer it, and the "
                       "button's words)")
    return out


def map_problem(relpath: str, assets: Path) -> str | None:
    """Why an office's map picture cannot be used, or None: it must be a picture that stays
    inside assets/ (checked after resolving, so a symlink out is refused too). A missing file
    is the loader's to report (`map` is one of its media fields, which publishing ships)."""
    if Path(relpath).is_absolute() or ".." in Path(relpath).parts or "\\" in relpath:
        return f"map picture {relpath!r} must be a path under assets/ (no '..', not absolute)"
    if not relpath.lower().endswith(MAP_SUFFIXES):
        return f"map picture {relpath!r} must be a picture ({', '.join(MAP_SUFFIXES)})"
    path = assets / relpath
    try:
        path.resolve().relative_to(assets.resolve())
    except ValueError:
        return f"map picture assets/{relpath} resolves outside assets/ (a symlink?); refused"
    return None


def _office_problems(content: ContentSet, by_key: dict, assets: Path) -> list[str]:
    out = []
    offices: dict[str, Office] = content.records["offices"]  # type: ignore[assignment]
    for oid, office in offices.items():
        if office.is_place and office.hours is None:
            out.append(f"{_at(by_key, 'offices', oid, ('kind',))}: office {oid}: a place people "
                       "visit needs hours (write that they are not known here, if so)")
        if office.map is not None:
            problem = map_problem(office.map, assets)
            if problem:
                out.append(f"{_at(by_key, 'offices', oid, ('map',))}: {problem}")
    return out
