"""Texts of the referrals pages chosen by code (states, outcomes, errors, notices), for the message catalogue.

English msgids; the templates translate them with `_()`. Passed to the referrals and the concern-form
templates as `rl`.
"""

from gateway.labels import N_

STATES = {
    "received": N_("Received"),
    "assigned": N_("Assigned"),
    "outreach_planned": N_("Outreach visit planned"),
    "outreach_done": N_("Outreach visit done"),
    "outreach_no_contact": N_("Outreach: no contact"),
    "advice_support": N_("Advice and support"),
    "assessment": N_("Assessment"),
    "referred": N_("Referred to offer"),
    "citizen_declined": N_("Citizen declined"),
    "no_further_action": N_("No further action"),
    "closed": N_("Closed"),
}

# What the button for each step says.
ACTIONS = {
    "outreach_planned": N_("Plan an outreach visit"),
    "outreach_done": N_("The visit is done"),
    "outreach_no_contact": N_("No contact at the visit"),
    "advice_support": N_("Advice and support"),
    "assessment": N_("Start the assessment"),
    "referred": N_("Referred to offer(s)"),
    "citizen_declined": N_("The citizen declines help"),
    "no_further_action": N_("No further action"),
    "closed": N_("Close the case"),
}

PROBLEMS = {
    "transition_not_allowed": N_("That step is not allowed from where the case is."),
    "use_assignment": N_("Assign the case first."),
    "reason_required": N_("Write why (who, when and why are recorded with every step)."),
    "follow_up_date_required": N_("Give a follow-up date when the citizen declines."),
    "follow_up_date_in_past": N_("The follow-up date cannot be in the past."),
    "referral_required": N_("Propose at least one offer before the case is referred."),
    "children_question_unanswered": N_("Answer whether children under 18 live in the household first."),
    "child_notification_unrecorded": N_("Record whether a notification about the children was made."),
    "case_closed": N_("The case is closed."),
    "referral_not_allowed_in_state": N_(
        "Offers are proposed after contact with the citizen, not on a closed case."
    ),
    "referral_status_not_allowed": N_("The referral cannot take that step."),
    "follow_up_date_not_reached": N_(
        "A case where the citizen declined closes on its follow-up date at the earliest."
    ),
    "new_outreach_before_follow_up_date": N_(
        "A new outreach on a case where the citizen declined starts on its follow-up date at the earliest."
    ),
    "care_consideration_required": N_(
        "Before the case closes, record that the duty of care (SEL § 82) and the coercion rules "
        "(SEL chapter 24) were considered, and your conclusion."
    ),
    "care_consideration_not_for_this_step": N_(
        "The answer on the duty of care and the coercion rules belongs to closing a case where the "
        "citizen declined. Leave it empty for this step."
    ),
    # disclosures
    "consent_required": N_("Choose the consent the disclosure rests on."),
    "consent_scope_required": N_("Write what the citizen consented to: to whom and about what."),
    "consent_not_in_force": N_("The consent was not in force on the day of the disclosure."),
    "consent_not_on_case": N_("The consent is not one of this case's."),
    "legal_provision_required": N_("Name the legal provision the disclosure rests on."),
    "justification_required": N_(
        "Write why the information is of substantial importance to the recipient (forvaltningsloven "
        "§ 28, stk. 2)."
    ),
    "not_for_this_basis": N_("Leave this field empty for the basis you chose."),
    "disclosure_in_future": N_("The date of the disclosure cannot be in the future."),
    # decisions on offers that need an assessment
    "offer_needs_no_assessment": N_("This offer needs no assessment, so there is no decision to make."),
    "referral_not_decidable": N_("A referral that is declined, started or ended cannot be decided now."),
    "referral_already_decided": N_(
        "The referral has a decision. A new decision replaces it: choose the decision it replaces."
    ),
    "correction_of_unknown_decision": N_("Choose the decision in force as the one the new one replaces."),
    "assessment_decision_required": N_("The offer needs an assessment: it starts once it is granted."),
}

REFERRAL_STATUSES = {
    "proposed": N_("Proposed"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "started": N_("Started"),
    "ended": N_("Ended"),
}

CHANNELS = {
    "public_form": N_("Public form"),
    "phone": N_("Phone"),
    "in_person": N_("In person"),
    "letter": N_("Letter"),
    "email": N_("By e-mail"),
    "system": N_("Other system"),
}

CHILDREN = {"yes": N_("Yes"), "no": N_("No"), "unknown": N_("Don't know")}
NOTIFICATIONS = {"made": N_("A notification was made"), "not_needed": N_("No notification needed")}

PURPOSES = {
    "casework": N_("Casework"),
    "citizen_contact": N_("Contact with the citizen"),
    "identification": N_("Identifying the citizen"),
    "cooperation_with_authority": N_("Cooperation with another authority"),
    "complaint": N_("Complaint"),
    "access_request": N_("The citizen's access request"),
    "case_list": N_("Case list"),
    "overdue_list": N_("Overdue list"),
}

LOG_ACTIONS = {
    "read": N_("Read the case"),
    "list": N_("Saw the case in a list"),
    "reveal_cpr": N_("Showed the full CPR number"),
    "lookup": N_("Looked up by CPR number"),
    "access_log_export": N_("Exported this log"),
    "withdraw_consent": N_("Withdrew a consent (its scope was shown)"),
    "referral_status": N_("Changed a referral's status (its note was shown)"),
    "disclosure": N_("Recorded a disclosure (it was shown)"),
    "decision": N_("Made a decision (it was shown)"),
    "decision_letter": N_("Read a decision letter"),
}

# The parts of a case a logged read showed (the access log's `fields`), as the citizen's access request
# names them.
LOG_FIELDS = {
    "citizen.name": N_("The citizen's name"),
    "citizen.address": N_("The citizen's address"),
    "citizen.phone": N_("The citizen's phone number"),
    "citizen.cpr_masked": N_("The citizen's CPR number, masked"),
    "citizen.cpr": N_("The citizen's full CPR number"),
    "reports.concern": N_("The concern reported"),
    "reports.reporter": N_("The reporter's details"),
    "reports.additions": N_("The reporter's additions"),
    "events": N_("The case's history"),
    "journal": N_("Journal notes"),
    "consents": N_("Consents"),
    "consents.scope": N_("A consent's scope"),
    "referrals": N_("Referrals to offers"),
    "referrals.note": N_("A referral's note"),
    "children": N_("Children in the household"),
    "case.reference": N_("The case's reference"),
    "case.state": N_("The case's state"),
    "access_log": N_("The access log"),
}

EVENTS = {
    "received": N_("Report received"),
    "assignment": N_("Assigned"),
    "transition": N_("Step"),
    "children_answered": N_("Children question answered"),
    "citizen_updated": N_("Citizen's details changed"),
    "new_information": N_("New information from the reporter"),
    "acute_marked": N_("Acute danger marked or removed"),
    "duty_of_care_considered": N_("Duty of care and coercion rules considered"),
    "disclosure": N_("Information passed on"),
    "decision": N_("Decision"),
}

DISCLOSURE_BASES = {
    "consent": N_("The citizen's consent"),
    "legal_provision": N_("A legal provision"),
    "substantial_importance": N_("Substantial importance (forvaltningsloven § 28, stk. 2)"),
}

DECISION_OUTCOMES = {
    "granted": N_("Granted in full"),
    "partly_granted": N_("Partly granted"),
    "refused": N_("Refused"),
}

DELIVERY_STATUSES = {
    "pending": N_("Waiting to be sent"),
    "sent": N_("Sent"),
    "refused": N_("Not sent"),
}

LETTER_CHANNELS = {
    "print": N_("Printed letter"),
    "digital_post": N_("Digital Post (the national service)"),
    "email": N_("By e-mail"),
}

SCOPES = {
    "open": N_("Open cases"),
    "mine": N_("My cases"),
    "unassigned": N_("Not assigned"),
    "closed": N_("Closed"),
}

FIELD_ERRORS = {
    "required": N_("Fill in this field."),
    "choose": N_("Choose one of the answers."),
    "cpr": N_("Write the CPR number as 10 digits (DDMMYY-XXXX); the first six must be a date."),
    "phone": N_("Write a phone number with digits only (spaces and + are fine)."),
    "email": N_("Write an e-mail address like name@example.dk."),
    "too_long": N_("The text is too long."),
    "no_markup": N_("Leave out the characters < and >."),
    "reach_you": N_("Give a name, phone number or e-mail, or choose to be anonymous."),
    "invalid": N_("Check this field."),
    "date": N_("Write a date (YYYY-MM-DD)."),
    "code": N_("Use lower-case letters, digits and hyphens only, at least two characters."),
    "code_taken": N_("An offer with this code exists already. Choose another code."),
    "level": N_("Choose the offer's level on the ladder."),
    "age": N_("Write an age as a whole number from 0 to 120."),
    "purpose": N_("Choose the purpose: it is written to the citizen's access log."),
}

FORM_PROBLEMS = {
    # Sent faster than a person writes: said truthfully, without blaming a field (what was typed is kept).
    "too_fast": N_("The form was sent very quickly. Check the details and send it again."),
    # The spam trap: said without blaming a missing field, since nothing is missing (what was typed is kept).
    "not_sent": N_(
        "The form was sent very soon after it was opened, so it could not be told apart from automatic spam. "
        "Wait a few seconds and send it again. If it keeps failing, call us."
    ),
    "throttled": N_("Many reports have been sent from here in a short time. Call us if it cannot wait."),
    "unavailable": N_("The form cannot be sent right now. Call us instead; the number is below."),
    "no_match": N_("The reference and the follow-up code do not match. Check them on your receipt."),
    "too_large": N_("What you sent is too large. Shorten the text and try again."),
}

NOTICES = {
    "assigned": N_("The case is assigned."),
    "step": N_("The step is recorded."),
    "journal": N_("The journal entry is added."),
    "children": N_("The answer about children is recorded."),
    "consent": N_("The consent is recorded."),
    "withdrawn": N_("The consent is withdrawn."),
    "referral": N_("The offer is proposed."),
    "referral_status": N_("The referral is updated."),
    "citizen": N_("The citizen's details are changed."),
    "created": N_("The report is taken in and the case created."),
    "offer_saved": N_("The offer is saved."),
    "offer_created": N_("The offer is created."),
    "acute": N_("The marking of acute danger is saved, and the first-contact deadline with it."),
    "disclosure": N_("The disclosure is recorded."),
    "decision": N_("The decision is made, and its letter is stored and sent."),
}

NAV_DESCRIPTIONS = {
    "/sager": N_("Concern reports about adults: the inbox, cases, journal, referrals and the overdue list."),
    "/sager/statistik": N_("Concern reports in figures: reports per month, time to first contact, outcomes."),
    "/tilbudstrappen": N_("The ladder of offers: levels, legal bases, contacts and capacity."),
    "/persondata": N_("Personal data in concern cases: the access log per citizen, retention and deletions."),
}

FIELD_NAMES = {
    "reason": N_("Why"),
    "text": N_("Text"),
    "scope": N_("Scope"),
    "given_on": N_("Given on"),
    "withdrawn_on": N_("Withdrawn on"),
    "follow_up_date": N_("Follow-up date"),
    "note": N_("Note"),
    "offer_id": N_("Offer"),
    "children_in_household": N_("Children in the household"),
    "notification": N_("Notification"),
    "status": N_("Referral status"),
    "to": N_("Next step"),
    "cpr": N_("CPR number"),
    "name": N_("Name"),
    "address": N_("Address"),
    "phone": N_("Phone"),
    "available": N_("Free places"),
    "maximum": N_("Places in all"),
    "law": N_("Law"),
    "paragraph": N_("Paragraph"),
    "valid_from": N_("Valid from"),
    "care_consideration": N_("Duty of care and coercion rules"),
    "duty_of_care_considered": N_("Duty of care (SEL § 82) considered"),
    "coercion_rules_considered": N_("Coercion rules (SEL chapter 24) considered"),
    "conclusion": N_("Conclusion"),
    "acute_danger": N_("Acute danger"),
    "recipient": N_("Recipient"),
    "information": N_("What was passed on"),
    "basis": N_("Basis"),
    "consent_id": N_("Consent"),
    "consent_scope": N_("What the citizen consented to"),
    "legal_provision": N_("Legal provision"),
    "justification": N_("Why it is of substantial importance"),
    "decided_by_name": N_("Who decided"),
    "disclosed_on": N_("Passed on"),
    "outcome": N_("Decision"),
    "decision": N_("What is decided"),
    "reasons": N_("Reasons"),
    "facts": N_("Facts relied on"),
    "hearing": N_("Hearing"),
    "rule": N_("Rule applied"),
    "corrects": N_("Replaces decision"),
}

OUTCOMES = {
    "referred": N_("Referred to offer"),
    "citizen_declined": N_("Citizen declined"),
    "no_further_action": N_("No further action"),
    "open": N_("No outcome yet"),
}
