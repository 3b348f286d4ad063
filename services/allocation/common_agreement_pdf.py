"""The common letting agreement as a PDF, in Danish or English (DOMAIN § 7, CONTRACT § 9).

Rendered from the document as it stands: a stored version's document exactly as it was sent (so an agreed
version's PDF never changes), or today's draft, marked as one. The body is plain HTML (headings, paragraphs,
lists, bold), which the kit's PDF code (services/kit/pdf.py: fpdf2, IBM Plex Sans) renders as it renders the
decision letters.
"""

from collections.abc import Iterable
from datetime import datetime
from html import escape

from babel.dates import format_date
from babel.numbers import format_decimal

from services.allocation.schemas.agreements import CriteriaGroup
from services.allocation.schemas.common_agreements import (
    AreaAgreementRead,
    CommonAgreementAreaRead,
    CommonAgreementContent,
    CommonAgreementPlanRead,
)
from services.kit.clock import MUNICIPAL_TIME_ZONE
from services.kit.letters import Language
from services.kit.pdf import html_to_pdf

Words = dict[str, str]

WORDS: dict[Language, Words] = {
    "da": {
        "title": "Fællesaftale om udlejning %(year)s",
        "between": "Aftale mellem %(municipality)s og %(organisation)s om udlejningen i %(year)s.",
        "intro": "Aftalen er dannet af kommunens data: kategoriseringen af boligorganisationens områder "
        "(bilag 1), udlejningsaftalen for hvert område (bilag 2) og områdeplanerne (bilag 3).",
        "version": "Version %(version)s",
        "draft": "Udkast, dannet %(day)s. Udkastet er ikke sendt.",
        "sent": "Sendt %(day)s.",
        "agreed": "Sendt %(sent)s og aftalt %(day)s.",
        "generated": "Dannet",
        "annex_categorisation": "Bilag 1. Kategoriseringen %(year)s",
        "categorisation_approved": "Kategoriseringen af listeåret %(year)s er godkendt.",
        "categorisation_proposed": "Kategoriseringen af listeåret %(year)s er ikke godkendt endnu.",
        "not_categorised": "ikke med i kategoriseringen",
        "approved": "godkendt",
        "proposed": "forslag",
        "no_designation": "ingen udpegning",
        "annex_agreements": "Bilag 2. Udlejningsaftalerne %(year)s",
        "no_agreement": "Området har ingen udlejningsaftale for %(year)s.",
        "municipal_share": "Kommunal anvisning",
        "flexible_share": "Fleksibel udlejning af de øvrige boliger",
        "rehousing_share": "Genhusning",
        "mandatory": "Fleksibel udlejning er obligatorisk efter udpegningen (almenboligloven § 60, stk. 4).",
        "criteria": "Fleksible kriterier",
        "period": "Kriterierne gælder %(start)s–%(end)s.",
        "legal_basis": "Hjemmel",
        "status": "Udlejningsaftalens status",
        "combined": "Kombineret udlejning (almenboligloven § 51 b)",
        "combined_extended": "påbudt og udvidet til ydelserne i stk. 1, 2. pkt.",
        "combined_ordered": "påbudt",
        "combined_none": "ikke påbudt",
        "note": "Bemærkning",
        "source": "Udarbejdet på grundlag af kategoriseringen %(year)s.",
        "manual": "Udarbejdet uden for kategoriseringen.",
        "annex_plans": "Bilag 3. Områdeplaner",
        "no_plans": "Ingen områdeplan dækker boligorganisationens områder i %(year)s.",
        "areas": "Områder",
        "plan_period": "Periode",
        "visions": "Visioner",
        "requirements": "Krav",
        "community": "Fællesskab",
        "targets": "Mål",
        "target": "%(area)s: %(indicator)s %(comparator)s %(value)s senest %(year)s",
        "no_areas": "Boligorganisationen har ingen områder.",
    },
    "en": {
        "title": "Common letting agreement %(year)s",
        "between": "Agreement between %(municipality)s and %(organisation)s on letting in %(year)s.",
        "intro": "The agreement is generated from the municipality's data: the categorisation of the "
        "housing organisation's areas (annex 1), each area's letting agreement (annex 2) and the area plans "
        "(annex 3).",
        "version": "Version %(version)s",
        "draft": "Draft, generated %(day)s. The draft has not been sent.",
        "sent": "Sent %(day)s.",
        "agreed": "Sent %(sent)s and agreed %(day)s.",
        "generated": "Generated",
        "annex_categorisation": "Annex 1. The categorisation %(year)s",
        "categorisation_approved": "The categorisation of list year %(year)s is approved.",
        "categorisation_proposed": "The categorisation of list year %(year)s is not approved yet.",
        "not_categorised": "not in the categorisation",
        "approved": "approved",
        "proposed": "proposal",
        "no_designation": "no designation",
        "annex_agreements": "Annex 2. The letting agreements %(year)s",
        "no_agreement": "The area has no letting agreement for %(year)s.",
        "municipal_share": "Municipal allocation",
        "flexible_share": "Flexible letting of the other dwellings",
        "rehousing_share": "Rehousing",
        "mandatory": "Flexible letting is mandatory by the designation (Social Housing Act, section 60(4)).",
        "criteria": "Flexible criteria",
        "period": "The criteria run %(start)s–%(end)s.",
        "legal_basis": "Legal basis",
        "status": "Status of the letting agreement",
        "combined": "Combined letting (Social Housing Act, section 51 b)",
        "combined_extended": "ordered and extended to the benefits of subsection 1, 2nd sentence",
        "combined_ordered": "ordered",
        "combined_none": "not ordered",
        "note": "Note",
        "source": "Drafted from the categorisation %(year)s.",
        "manual": "Drafted outside the categorisation.",
        "annex_plans": "Annex 3. Area plans",
        "no_plans": "No area plan covers the housing organisation's areas in %(year)s.",
        "areas": "Areas",
        "plan_period": "Period",
        "visions": "Visions",
        "requirements": "Requirements",
        "community": "Community",
        "targets": "Targets",
        "target": "%(area)s: %(indicator)s %(comparator)s %(value)s by %(year)s",
        "no_areas": "The housing organisation owns no areas.",
    },
}
CATEGORIES: dict[Language, dict[str, str]] = {
    "da": {"red": "rød", "pink": "lyserød", "yellow": "gul", "green": "grøn"},
    "en": {"red": "red", "pink": "pink", "yellow": "yellow", "green": "green"},
}
DESIGNATIONS: dict[Language, dict[str, str]] = {
    "da": {
        "vulnerable_area": "udsat boligområde",
        "parallel_society": "parallelsamfund",
        "transformation_area": "omdannelsesområde",
        "prevention_area": "forebyggelsesområde",
        "combined_letting_area": "område med kombineret udlejning",
    },
    "en": {
        "vulnerable_area": "vulnerable area",
        "parallel_society": "parallel society",
        "transformation_area": "transformation area",
        "prevention_area": "prevention area",
        "combined_letting_area": "combined letting area",
    },
}
LEGAL_BASES: dict[Language, dict[str, str]] = {
    "da": {
        "imposed": "pålagt af kommunen (almenboligloven § 59, stk. 1)",
        "agreement": "frivillig aftale med boligorganisationen (almenboligloven § 59, stk. 2)",
    },
    "en": {
        "imposed": "imposed by the municipality (Social Housing Act, section 59(1))",
        "agreement": "voluntary agreement with the housing organisation (Social Housing Act, section 59(2))",
    },
}
AGREEMENT_STATUSES: dict[Language, dict[str, str]] = {
    "da": {"draft": "udkast", "agreed": "aftalt"},
    "en": {"draft": "draft", "agreed": "agreed"},
}
INDICATORS: dict[Language, dict[str, str]] = {
    "da": {
        "outside_labour_market_pct": "andel uden for arbejdsmarkedet",
        "convicted_pct": "andel dømt for overtrædelse af straffeloven m.v.",
        "basic_education_pct": "andel med grundskole som højeste uddannelse",
        "income_pct_of_region": "gennemsnitlig bruttoindkomst i procent af regionens",
    },
    "en": {
        "outside_labour_market_pct": "share outside the labour market",
        "convicted_pct": "share convicted of offences",
        "basic_education_pct": "share with basic schooling only",
        "income_pct_of_region": "average gross income as a percentage of the region's",
    },
}
COMPARATORS: dict[Language, dict[str, str]] = {
    "da": {"<": "under", "<=": "højst", ">": "over", ">=": "mindst"},
    "en": {"<": "below", "<=": "at most", ">": "above", ">=": "at least"},
}
CONDITIONS: dict[Language, dict[str, str]] = {
    "da": {
        "single_hours_per_week_min": "enlig: mindst %(value)s timers arbejde om ugen",
        "couple_one_full_time_or_both_hours_min": "par: én på fuld tid, eller begge mindst %(value)s timer",
        "employed_months_min": "ansat i mindst %(value)s måneder",
        "full_time_student": "studerende på fuld tid",
        "age_min": "mindst %(value)s år",
        "resident_of_municipality": "bor i kommunen",
    },
    "en": {
        "single_hours_per_week_min": "single: at least %(value)s hours of work a week",
        "couple_one_full_time_or_both_hours_min": "couple: one full-time, or both at least %(value)s hours",
        "employed_months_min": "employed for at least %(value)s months",
        "full_time_student": "full-time student",
        "age_min": "at least %(value)s years old",
        "resident_of_municipality": "lives in the municipality",
    },
}


def _locale(language: Language) -> str:
    return "da" if language == "da" else "en_GB"


def _day(moment: datetime, language: Language) -> str:
    return format_date(moment.astimezone(MUNICIPAL_TIME_ZONE).date(), format="long", locale=_locale(language))


def _number(value: float, language: Language) -> str:
    return format_decimal(value, locale=_locale(language))


def _pct(value: float, language: Language) -> str:
    return f"{_number(value, language)} %"


def _text(value: str) -> str:
    """Free text as HTML: escaped, its line breaks kept."""
    return "<br>".join(escape(line) for line in value.splitlines())


def _items(lines: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


def _status_line(
    words: Words,
    language: Language,
    *,
    generated_at: datetime,
    sent_at: datetime | None,
    agreed_at: datetime | None,
) -> str:
    if agreed_at is not None and sent_at is not None:
        return words["agreed"] % {"sent": _day(sent_at, language), "day": _day(agreed_at, language)}
    if sent_at is not None:
        return words["sent"] % {"day": _day(sent_at, language)}
    return words["draft"] % {"day": _day(generated_at, language)}


def _categorisation(area: CommonAgreementAreaRead, words: Words, language: Language) -> str:
    name = f"<b>{escape(area.area_name)} ({escape(area.area_code)})</b>"
    found = area.categorisation
    if found is None:
        return f"{name}: {words['not_categorised']}"
    designations = ", ".join(DESIGNATIONS[language].get(d, d) for d in found.designations)
    return (
        f"{name}: {CATEGORIES[language].get(found.category, found.category)}; "
        f"{designations or words['no_designation']}; {words[found.status.value]}"
    )


def _condition(code: str, value: float | None, language: Language) -> str:
    shown = _number(value, language) if value is not None else ""
    wording = CONDITIONS[language].get(code)
    if wording is None:
        return escape(f"{code} {shown}".strip())
    return escape(wording % {"value": shown})


def _group(group: CriteriaGroup, language: Language) -> str:
    label = (group.label_da if language == "da" else group.label_en) or group.code
    conditions = "; ".join(
        _condition(c.code, float(c.value) if c.value is not None else None, language)
        for c in group.conditions
    )
    return f"{escape(label)}: {_pct(float(group.share_pct), language)}" + (
        f" ({conditions})" if conditions else ""
    )


def _agreement(agreement: AreaAgreementRead, words: Words, language: Language) -> str:
    lines = [
        f"{words['municipal_share']}: {_pct(agreement.municipal_share_pct, language)}",
        f"{words['flexible_share']}: {_pct(agreement.flexible_share_pct, language)}",
        f"{words['rehousing_share']}: {_pct(agreement.rehousing_share_pct, language)}",
        f"{words['legal_basis']}: {LEGAL_BASES[language][agreement.legal_basis.value]}",
    ]
    if agreement.flexible_mandatory:
        lines.append(words["mandatory"])
    if agreement.flexible_criteria:
        groups = "; ".join(_group(g, language) for g in agreement.flexible_criteria)
        lines.append(f"{words['criteria']}: {groups}")
    if agreement.flexible_period_from is not None and agreement.flexible_period_to is not None:
        lines.append(
            words["period"] % {"start": agreement.flexible_period_from, "end": agreement.flexible_period_to}
        )
    combined = (
        words["combined_extended"]
        if agreement.combined_letting_extended
        else words["combined_ordered"]
        if agreement.combined_letting_ordered
        else words["combined_none"]
    )
    lines.append(f"{words['combined']}: {combined}")
    lines.append(f"{words['status']}: {AGREEMENT_STATUSES[language][agreement.status.value]}")
    lines.append(
        words["source"] % {"year": agreement.source_year}
        if agreement.source_year is not None
        else words["manual"]
    )
    if agreement.note:
        lines.append(f"{words['note']}: {_text(agreement.note)}")
    return _items(lines)


def _plan(plan: CommonAgreementPlanRead, words: Words, language: Language) -> str:
    parts = [
        f"<h3>{escape(plan.title)}</h3>",
        f"<p>{words['areas']}: {escape(', '.join(plan.area_codes))}. "
        f"{words['plan_period']}: {plan.period_from}–{plan.period_to}.</p>",
    ]
    for key in ("visions", "requirements", "community"):
        text = getattr(plan, key)
        if text:
            parts.append(f"<p><b>{words[key]}</b>: {_text(text)}</p>")
    if plan.targets:
        parts.append(f"<p><b>{words['targets']}</b></p>")
        parts.append(
            _items(
                escape(
                    words["target"]
                    % {
                        "area": t.area_code,
                        "indicator": INDICATORS[language].get(t.indicator, t.indicator),
                        "comparator": COMPARATORS[language].get(t.comparator, t.comparator),
                        "value": _pct(t.value, language)
                        if t.indicator != "income_pct_of_region"
                        else _number(t.value, language),
                        "year": t.by_year,
                    }
                )
                for t in plan.targets
            )
        )
    return "".join(parts)


def render_html(
    content: CommonAgreementContent,
    *,
    municipality: str,
    version: int,
    sent_at: datetime | None,
    agreed_at: datetime | None,
    language: Language,
) -> str:
    """The document's body as HTML (no page around it: the PDF is made from it)."""
    words = WORDS[language]
    organisation = content.organisation
    standing = _status_line(
        words, language, generated_at=content.generated_at, sent_at=sent_at, agreed_at=agreed_at
    )
    parts = [
        f"<p>{escape(municipality)}<br>{words['version'] % {'version': version}}<br>{standing}</p>",
        f"<h1>{words['title'] % {'year': content.year}}: {escape(organisation.name)}</h1>",
        "<p>"
        + escape(
            words["between"]
            % {"municipality": municipality, "organisation": organisation.name, "year": content.year}
        )
        + f" {words['intro']}</p>",
        f"<h2>{words['annex_categorisation'] % {'year': content.categorisation_year}}</h2>",
        "<p>"
        + (
            words["categorisation_approved"]
            if content.categorisation_approved
            else words["categorisation_proposed"]
        )
        % {"year": content.categorisation_year}
        + "</p>",
    ]
    if not content.areas:
        parts.append(f"<p>{words['no_areas']}</p>")
    else:
        parts.append(_items(_categorisation(area, words, language) for area in content.areas))
    parts.append(f"<h2>{words['annex_agreements'] % {'year': content.year}}</h2>")
    for area in content.areas:
        parts.append(f"<h3>{escape(area.area_name)} ({escape(area.area_code)})</h3>")
        if area.agreement is None:
            parts.append(f"<p>{words['no_agreement'] % {'year': content.year}}</p>")
        else:
            parts.append(_agreement(area.agreement, words, language))
    parts.append(f"<h2>{words['annex_plans']}</h2>")
    if not content.area_plans:
        parts.append(f"<p>{words['no_plans'] % {'year': content.year}}</p>")
    parts.extend(_plan(plan, words, language) for plan in content.area_plans)
    return "\n".join(parts)


def render_pdf(
    content: CommonAgreementContent,
    *,
    municipality: str,
    version: int,
    sent_at: datetime | None,
    agreed_at: datetime | None,
    language: Language,
) -> bytes:
    """The document as a PDF with embedded fonts (fpdf2 is pure Python: call it off the event loop)."""
    html = render_html(
        content,
        municipality=municipality,
        version=version,
        sent_at=sent_at,
        agreed_at=agreed_at,
        language=language,
    )
    title = f"{WORDS[language]['title'] % {'year': content.year}}: {content.organisation.name}"
    return html_to_pdf(html, title=title, author=municipality, language=language)


def filename(content: CommonAgreementContent, *, version: int, draft: bool, language: Language) -> str:
    """faellesaftale-2026-<organisation>-v2.pdf: the year, the organisation's code, the version; no person."""
    suffix = ("-udkast" if draft else "") + ("-en" if language == "en" else "")
    return f"faellesaftale-{content.year}-{content.organisation.code}-v{version}{suffix}.pdf"
