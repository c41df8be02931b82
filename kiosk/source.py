"""The content source as one unit: the content records and the eligibility rules with them.

`kiosk content validate`, `kiosk content build`, `kiosk publish` and a kiosk's first boot all
read it here, so the rules a bundle carries are always the ones checked with its content: each
rule file valid, and (for a real kiosk's content) every benefit with its rules and every rule set
with its benefit and checklist.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content.loader import ContentSet, check_records, read_source
from kiosk.errors import ContentError
from kiosk.paths import ASSETS

if TYPE_CHECKING:
    from kiosk.eligibility.source import RuleFiles

NO_RULES = "-"  # `--rules -`: content alone (test repositories)


def rules_dir(value: Path | str | None) -> Path | None:
    """A `--rules` argument: a folder, or None for `-` (no rules)."""
    if value is None:
        from kiosk.eligibility import RULES_DIR

        return RULES_DIR
    return None if str(value) == NO_RULES else Path(value)


def validate_source(content_dir: Path, rules: Path | None, *, assets: Path = ASSETS,
                    require_benefits: bool = True) -> tuple[ContentSet, list[str]]:
    """The content with its rule files attached, and every problem of either, or between them
    (`require_benefits`: they must agree benefit for benefit)."""
    raws, problems = read_source(Path(content_dir))
    content, more = check_records(raws, assets=assets, require_benefits=require_benefits)
    problems += more
    if rules is None:
        return content, problems
    from kiosk.content.terms import rules_term_problems
    from kiosk.eligibility.source import RuleFiles

    files = RuleFiles.from_dir(rules)
    content.rules = dict(files.files)
    problems += rule_problems(content, files, require_benefits=require_benefits)
    # the rules' texts use the glossary's words, as the content's do (not re-run on a kiosk)
    return content, problems + rules_term_problems(content, rules)


def rule_problems(content: ContentSet, files: RuleFiles, *, require_benefits: bool) -> list[str]:
    """The problems of the rule files, and (`require_benefits`) between them and the content."""
    from kiosk.eligibility.agree import agreement_problems
    from kiosk.eligibility.loader import read_rules

    loaded, problems = read_rules(files)
    if require_benefits and not problems:
        benefits = {rid: (record.checklist, ":".join(map(str, content.where[("benefits", rid)])))
                    for rid, record in content.records["benefits"].items()}
        problems += agreement_problems(loaded, benefits, content.records["checklists"])
    return problems


def load_source(content_dir: Path, rules: Path | None, *, assets: Path = ASSETS,
                require_benefits: bool = True) -> ContentSet:
    """As validate_source; ContentError listing every problem if there is one."""
    content, problems = validate_source(content_dir, rules, assets=assets,
                                        require_benefits=require_benefits)
    if problems:
        raise ContentError(problems)
    return content
