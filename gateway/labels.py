"""Texts chosen by code (role names, field errors, notices), marked for the message catalogue.

They are English msgids; templates translate them with `_()` at render time. Every page's template reads
this module as `labels`; the texts of one service's pages live beside those pages
(`gateway/pages/<service>/labels.py`).
"""


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message


ROLES = {
    "admin": N_("Administrator"),
    "analyst": N_("Housing analyst"),
    "allocation_officer": N_("Allocation officer"),
    "caseworker": N_("Caseworker"),
    "manager": N_("Manager"),
    "housing_org": N_("Housing organisation (system)"),
    "system": N_("Municipal system"),
}

FIELDS = {
    "username": N_("User name"),
    "display_name": N_("Full name"),
    "password": N_("Password (at least 12 characters)"),
}

FIELD_ERRORS = {
    "required": N_("Fill in this field."),
    "username_invalid": N_("Use letters, digits, dot, hyphen or underscore."),
    "username_taken": N_("That user name is already in use."),
    "password_short": N_("The password must be at least 12 characters."),
    "roles_required": N_("Choose at least one role."),
}

NOTICES = {
    "created": N_("The user was created."),
    "activated": N_("The user was reactivated."),
    "deactivated": N_("The user was deactivated and can no longer log in."),
    "password_reset": N_("The new password is set. Give it to the user in a safe way."),
    "password_short": N_("The password was not changed: it must be at least 12 characters."),
}

SERVICES = {
    "categorisation": N_("Categorisation"),
    "allocation": N_("Allocation"),
    "referrals": N_("Referrals"),
}

NAV_DESCRIPTIONS = {
    "/kategorisering": N_(
        "The yearly categorisation of housing areas: national designations, Red / Pink / Yellow / Green, "
        "the reasons criterion by criterion, what-if and approval."
    ),
    "/admin/users": N_("Create users, assign roles, deactivate users and reset passwords."),
    "/operations": N_("Readiness of each service and its OpenAPI documentation."),
}

ERROR_PAGES = {
    403: (
        N_("No access"),
        N_("Your role does not give access to this page. Ask an administrator if you need it."),
    ),
    404: (
        N_("Page not found"),
        N_("The page does not exist. Check the address or start from the home page."),
    ),
    503: (
        N_("A service is not answering"),
        N_("Part of the platform is not answering right now. Try again in a few minutes."),
    ),
    504: (
        N_("A service is too slow"),
        N_("Part of the platform did not answer in time. Try again in a few minutes."),
    ),
}
GENERIC_ERROR = (
    N_("Something went wrong"),
    N_("The page could not be shown. Try again in a moment; if it keeps happening, contact support."),
)

# Categories and designations: read by the categorisation and the allocation pages alike.

CATEGORIES = {
    "red": N_("Red"),
    "pink": N_("Pink"),
    "yellow": N_("Yellow"),
    "green": N_("Green"),
}

DESIGNATIONS = {
    "vulnerable_area": N_("Vulnerable area"),
    "parallel_society": N_("Parallel society"),
    "transformation_area": N_("Transformation area"),
    "prevention_area": N_("Prevention area"),
    "combined_letting_area": N_("Combined letting"),
}
