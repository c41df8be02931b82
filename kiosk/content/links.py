"""Links from one content text to another record: `[Medical care](benefit:medical-care)`.

A text names the record it points to with its kind (singular: benefit, checklist, story, guide,
office, duty, scheme, term) and id. The label is what a reader sees; it must be the target's own
title in that language (checked by `link_problems`), so a link never calls a benefit by another
name. `Text.get` shows the label alone, so a screen, a printout or a search index that knows
nothing of links still reads right; `Text.parts` gives the pieces for those that draw links.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.content.loader import ContentSet, RawRecord

# label: anything but brackets and line breaks; target: kind:id in the content's id alphabet
LINK = re.compile(r"\[([^\[\]\n]+)\]\(([a-z]+):([a-z0-9][a-z0-9-]*)\)")
# something that looks like a link but is not one: a typo the reader would see as is
BROKEN = re.compile(r"\]\(|\[[^\]\n]*\]\s*\(")

# singular name in a link -> the kind of record, and the field that is its title
TARGETS: dict[str, tuple[str, str]] = {
    "benefit": ("benefits", "title"),
    "checklist": ("checklists", "title"),
    "story": ("stories", "title"),
    "guide": ("guides", "title"),
    "office": ("offices", "name"),
    "duty": ("duties", "title"),
    "scheme": ("schemes", "name"),
    "term": ("glossary", "term"),
}


@dataclass(frozen=True)
class Link:
    """A piece of a text that points to another record."""

    label: str
    kind: str  # the record kind ("benefits"), as Library and the bundle name it
    id: str

    @property
    def ref(self) -> str:
        """`benefit:medical-care`: how the content writes the target."""
        singular = next(name for name, (kind, _) in TARGETS.items() if kind == self.kind)
        return f"{singular}:{self.id}"


def plain(text: str) -> str:
    """The text as a reader sees it: each link replaced by its label."""
    if "](" not in text:  # the common case, kept cheap: Text.get runs on every render
        return text
    return LINK.sub(lambda m: m.group(1), text)


def parts(text: str) -> list[str | Link]:
    """The text split into plain pieces and links, in order (unknown kinds stay plain)."""
    if "](" not in text:
        return [text]
    out: list[str | Link] = []
    at = 0
    for match in LINK.finditer(text):
        label, singular, rid = match.groups()
        if singular not in TARGETS:
            continue
        if match.start() > at:
            out.append(text[at:match.start()])
        out.append(Link(label, TARGETS[singular][0], rid))
        at = match.end()
    if at < len(text):
        out.append(text[at:])
    return out


def links(text: str) -> list[Link]:
    return [p for p in parts(text) if isinstance(p, Link)]


def to_html(text: str, href: Callable[[Link], str]) -> str:
    """The text as HTML (escaped), each link an <a> to `href(link)`: for the phone site."""
    out = []
    for piece in parts(text):
        if isinstance(piece, Link):
            out.append(f'<a href="{html.escape(href(piece), quote=True)}">'
                       f"{html.escape(piece.label)}</a>")
        else:
            out.append(html.escape(piece))
    return "".join(out)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def link_problems(content: ContentSet, raws: list[RawRecord]) -> list[str]:
    """`path:line` for every link to an unknown kind or record, whose label is not the target's
    title, that looks broken, or that one language has and the other has not."""
    from kiosk.content.loader import text_nodes

    problems: list[str] = []
    for raw in raws:
        for node in text_nodes(raw):
            both = f"{node['en']}{node.get('km')}"
            if not isinstance(node.get("km"), str) or ("[" not in both and "](" not in both):
                continue  # no link and nothing like one (the common case), or no Khmer yet
            found: dict[str, list[str]] = {}
            for lang in ("en", "km"):
                line = node.lines.get(lang, raw.line)
                value = node[lang]
                where = f"{raw.path}:{line}"
                if BROKEN.search(LINK.sub("", value)):
                    problems.append(f"{where}: a link is not written as [label](kind:id): "
                                    f"{value[:60]!r}")
                found[lang] = []
                for match in LINK.finditer(value):
                    label, singular, rid = match.groups()
                    found[lang].append(f"{singular}:{rid}")
                    problems.extend(_check_link(content, where, lang, label, singular, rid))
            if sorted(found["en"]) != sorted(found["km"]):
                line = node.lines.get("km", raw.line)
                problems.append(f"{raw.path}:{line}: the Khmer links to "
                                f"{', '.join(found['km']) or 'nothing'} but the English to "
                                f"{', '.join(found['en']) or 'nothing'}: link the same records")
    return problems


def _check_link(content: ContentSet, where: str, lang: str, label: str, singular: str,
                rid: str) -> list[str]:
    if singular not in TARGETS:
        return [f"{where}: link to unknown kind {singular!r} (known: {', '.join(TARGETS)})"]
    kind, title_field = TARGETS[singular]
    target = content.records.get(kind, {}).get(rid)
    if target is None:
        return [f"{where}: link to unknown {singular} {rid!r}"]
    title = getattr(target, title_field).get(lang)  # the label a link must show
    if _norm(label) != _norm(title):
        return [f"{where}: link label {label!r} is not the title of {singular} {rid} "
                f"({title!r}); use its title"]
    return []
