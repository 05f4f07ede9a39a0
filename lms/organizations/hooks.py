"""The two hooks through which higher apps show what they own on organisation pages (DESIGN.md:
a lower app defines a hook, a higher app registers a panel for it). See api.py for how to
register; this module collects what was registered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from wagtail import hooks

if TYPE_CHECKING:
    from .api import CohortInfo

ROSTER_COLUMNS_HOOK = "sebaya_roster_columns"
COHORT_ACTIONS_HOOK = "sebaya_cohort_actions"

# What a member can consent to share; a roster column belongs to exactly one.
SCOPE_PROGRESS = "progress"
SCOPE_CREDENTIALS = "credentials"
SCOPES = (SCOPE_PROGRESS, SCOPE_CREDENTIALS)


@dataclass(frozen=True)
class RosterColumn:
    """An extra column of an organisation's roster (page and CSV).

    `key`: stable and unique (e.g. "courses.completed"); `label`: the column's heading (may be
    lazily translated); `scope`: SCOPE_PROGRESS or SCOPE_CREDENTIALS; `values`: a function
    called as `values(organization_id=int, user_ids=frozenset[int])` once per roster page (or
    CSV chunk) with the ids of the members who consented to `scope` only, returning
    `{user_id: text}`. Any id it returns that was not asked for is ignored.
    """

    key: str
    label: Any
    scope: str
    values: Callable[..., Mapping[int, str]]

    def __post_init__(self):
        if self.scope not in SCOPES:
            raise ValueError(f"Roster column {self.key!r}: scope must be one of {SCOPES}.")


def roster_columns() -> list[RosterColumn]:
    """Every registered roster column, in hook order."""
    columns: list[RosterColumn] = []
    for declare in hooks.get_hooks(ROSTER_COLUMNS_HOOK):
        declared = declare()
        if isinstance(declared, RosterColumn):
            declared = [declared]
        for column in declared or ():
            if not isinstance(column, RosterColumn):
                raise TypeError(f"{declare!r} must return RosterColumn objects, not {column!r}.")
            columns.append(column)
    keys = [column.key for column in columns]
    if len(keys) != len(set(keys)):
        raise ValueError(f"Two roster columns share a key: {keys}.")
    return columns


def cohort_actions(*, cohort: CohortInfo, request) -> list[SafeString]:
    """The HTML of every registered cohort action, in hook order, empty ones left out."""
    actions = []
    for action in hooks.get_hooks(COHORT_ACTIONS_HOOK):
        html = action(cohort=cohort, request=request)
        if html:
            actions.append(conditional_escape(html))
    return actions
