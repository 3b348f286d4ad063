"""Domain errors of the categorisation service; the kit's one handler renders them."""

from services.kit.errors import Conflict, NotFound, ValidationFailed


class YearNotFound(NotFound):
    title = "No data for that year"


class AreaNotFound(NotFound):
    title = "Area not found"


class NoRulesForYear(NotFound):
    title = "No statutory rules for that year"


class ApprovalNotFound(NotFound):
    title = "Approval not found"


class HousingFileRejected(ValidationFailed):
    title = "The file was rejected"


class NotReadyForApproval(Conflict):
    title = "The year cannot be approved yet"


class RevisionNeedsReason(ValidationFailed):
    title = "A revision needs a reason"
