"""The main navigation: each role sees only the pages it may use."""

from dataclasses import dataclass

from gateway.labels import N_
from services.kit.auth import Principal, Role


@dataclass(frozen=True)
class NavItem:
    label: str  # msgid, translated in the template
    href: str
    roles: frozenset[Role] | None  # None: everyone logged in


NAVIGATION = (
    NavItem(N_("Home"), "/", None),
    NavItem(
        N_("Categorisation"),
        "/kategorisering",
        frozenset({Role.ANALYST, Role.ADMIN, Role.ALLOCATION_OFFICER, Role.MANAGER}),
    ),
    NavItem(N_("Area plans"), "/planer", frozenset({Role.ANALYST, Role.ADMIN, Role.ALLOCATION_OFFICER})),
    NavItem(N_("Letting and allocation"), "/udlejning", frozenset({Role.ALLOCATION_OFFICER, Role.MANAGER})),
    NavItem(N_("Concern cases"), "/sager", frozenset({Role.CASEWORKER})),
    NavItem(N_("Concern figures"), "/sager/statistik", frozenset({Role.MANAGER})),
    NavItem(N_("Ladder of offers"), "/tilbudstrappen", frozenset({Role.ADMIN})),
    NavItem(N_("Personal data"), "/persondata", frozenset({Role.ADMIN})),
    NavItem(N_("Users"), "/admin/users", frozenset({Role.ADMIN})),
    NavItem(N_("Municipality configuration"), "/kommune", frozenset({Role.ADMIN})),
    NavItem(N_("Service APIs"), "/operations", frozenset({Role.ADMIN})),
)


def navigation_for(principal: Principal | None, current_path: str) -> list[dict[str, object]]:
    """The items `principal` may use, the current one marked."""
    if principal is None:
        return []
    items = []
    for item in NAVIGATION:
        if item.roles is None or principal.has_any(item.roles):
            current = current_path == item.href or (
                item.href != "/" and current_path.startswith(item.href + "/")
            )
            items.append({"label": item.label, "href": item.href, "current": current})
    return items
