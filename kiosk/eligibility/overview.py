"""The "what can I get?" answer in groups, instead of a column of red crosses.

"You can get now", "when it happens, or not yet", "ask NSSF staff", "what your workers get"
(an employer is sent to what their workers get, not nine refusals), "not for you now", and
"more answers needed". Each decision says its group (engine.py: from the condition or result
that decided it, else from its outcome); this only gathers them, in the order of model.GROUPS.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.eligibility.decision import Decision
from kiosk.eligibility.estimate import Estimate
from kiosk.eligibility.model import GROUPS, Bilingual, Rules


@dataclass(frozen=True)
class Group:
    id: str  # one of model.GROUPS
    title: Bilingual
    decisions: list[Decision] = field(default_factory=list)
    estimate: Estimate | None = None  # workers: what is paid for one worker, if a wage is known

    def to_json(self, locale: str) -> dict[str, object]:
        return {"group": self.id, "title": self.title[locale],
                "benefits": [d.benefit for d in self.decisions],
                "estimate": self.estimate.to_json(locale) if self.estimate else None}


def group_decisions(rules: Rules, decisions: list[Decision]) -> list[Group]:
    """The non-empty groups, in display order; decisions keep their order within a group."""
    by_group: dict[str, list[Decision]] = {group: [] for group in GROUPS}
    for decision in decisions:
        by_group.setdefault(decision.group, []).append(decision)
    out = []
    for group, members in by_group.items():
        if members:
            estimate = next((d.estimate for d in members if d.estimate is not None
                             and group == "workers"), None)
            out.append(Group(group, rules.groups.get(group, {"km": group, "en": group}),
                             members, estimate))
    return out
