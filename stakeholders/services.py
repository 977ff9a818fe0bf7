"""Writes that touch a coalition together with its partners, or a statement with its signatories.

Writes on contact persons that touch several tables: the privacy (AVG) actions.

Every export, erasure and change of a privacy flag is written to PrivacyLog (who, when, whom).

Writes of relationship work that touch several rows: contact moments with their colleagues and contacts."""

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stakeholders import privacy
from stakeholders.models import (
    CoalitionPartner,
    ContactMoment,
    ContactPerson,
    PrivacyAction,
    PrivacyLog,
    StatementSignatory,
)


@transaction.atomic
def save_coalition(*, coalition, themes, partners):
    """Create or update a coalition with its themes and partners.

    `partners` maps each partner organisation to its role and is the complete list: partners
    not in it are taken off the coalition (the statements they signed keep their signature).
    """
    coalition.full_clean()
    coalition.save()
    coalition.themes.set(themes)
    wanted = {organisation.pk: role for organisation, role in partners.items()}
    CoalitionPartner.objects.filter(coalition=coalition).exclude(organisation_id__in=wanted).delete()
    existing = {partner.organisation_id: partner for partner in coalition.partners.all()}
    for organisation, role in partners.items():
        partner = existing.get(organisation.pk) or CoalitionPartner(coalition=coalition, organisation=organisation)
        if partner.pk and partner.role == role:
            continue
        partner.role = role
        partner.full_clean(validate_constraints=False)
        partner.save()
    return coalition


@transaction.atomic
def save_statement(*, statement, signatories):
    """Create or update a joint statement with the organisations that co-signed it.

    `signatories` maps each co-signing organisation to whether its logo may be used, and is the
    complete list: earlier signatories not in it are removed.
    """
    statement.full_clean()
    statement.save()
    wanted = {organisation.pk: logo for organisation, logo in signatories.items()}
    StatementSignatory.objects.filter(statement=statement).exclude(organisation_id__in=wanted).delete()
    existing = {signatory.organisation_id: signatory for signatory in statement.signatories.all()}
    for organisation, logo_allowed in signatories.items():
        signatory = existing.get(organisation.pk) or StatementSignatory(statement=statement, organisation=organisation)
        if signatory.pk and signatory.logo_allowed == logo_allowed:
            continue
        signatory.logo_allowed = logo_allowed
        signatory.full_clean(validate_constraints=False)
        signatory.save()
    return statement


def _log(*, contact, action, user, name=None, note=""):
    return PrivacyLog.objects.create(
        contact=contact,
        contact_number=contact.pk,
        contact_name=contact.name if name is None else name,
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        note=note,
    )


@transaction.atomic
def export_personal_data(*, contact, user):
    """The JSON document with everything held on `contact`; the export is logged first (name at the time)."""
    _log(contact=contact, action=PrivacyAction.EXPORT, user=user)
    return privacy.personal_data_json(contact)


@transaction.atomic
def set_privacy_flags(*, contact, processing_restricted, do_not_contact, user):
    """Restrict processing and/or mark "do not contact"; each change is logged and kept in the history."""
    contact = ContactPerson.objects.select_for_update().get(pk=contact.pk)
    if contact.is_anonymised:
        raise ValidationError(_("This contact person has been anonymised; there is nothing left to restrict."))
    changes = []
    if contact.processing_restricted != processing_restricted:
        changes.append(PrivacyAction.RESTRICT if processing_restricted else PrivacyAction.UNRESTRICT)
    if contact.do_not_contact != do_not_contact:
        changes.append(PrivacyAction.DO_NOT_CONTACT if do_not_contact else PrivacyAction.MAY_CONTACT)
    if not changes:
        return contact, []
    contact.processing_restricted = processing_restricted
    contact.do_not_contact = do_not_contact
    contact._history_user = user if user is not None and user.is_authenticated else None
    contact.full_clean()
    contact.save(update_fields=["processing_restricted", "do_not_contact", "updated_at"])
    for action in changes:
        _log(contact=contact, action=action, user=user)
    return contact, changes


@transaction.atomic
def erase_contact(*, contact, user, note=""):
    """Anonymise a contact person everywhere, keeping the rows (and so every count) that link to them.

    The name becomes "Geanonimiseerd contact #<pk>", every other text field is emptied, in the
    record and in all its history rows; the name and e-mail address are replaced in free text
    anywhere else (meeting titles and outcomes, contact moments, the admin log, earlier privacy log
    entries). The erasure is logged without the name.
    """
    contact = ContactPerson.objects.select_for_update().get(pk=contact.pk)
    if contact.is_anonymised:
        raise ValidationError(_("This contact person has already been anonymised."))
    replacement = privacy.pseudonym(contact.pk)
    blank = dict.fromkeys(privacy.identifying_fields(), "")
    now = timezone.now()
    # Text elsewhere first, while the record still holds the name and e-mail address to look for.
    privacy.scrub_everywhere(contact, replacement)
    ContactPerson.objects.filter(pk=contact.pk).update(
        **blank, name=replacement, is_active=False, anonymised_at=now, updated_at=now
    )
    privacy.own_history(contact.pk).update(**blank, name=replacement, history_change_reason=None)
    privacy.anonymise_admin_log(contact.pk, replacement)
    PrivacyLog.objects.filter(contact_number=contact.pk).update(contact_name=replacement)
    contact.refresh_from_db()
    _log(contact=contact, action=PrivacyAction.ERASE, user=user, name=replacement, note=note)
    return contact


def anonymise_stale_contacts(*, contact_ids, user, months=None):
    """Erase the chosen contact persons that are (still) past the retention period; returns how many.

    Each one is checked again here, so a contact involved in something since the report was shown
    is left alone. Each erasure is its own transaction and its own log entry.
    """
    stale = privacy.stale_contacts(months=months).filter(pk__in=contact_ids)
    count = 0
    for contact in stale:
        erase_contact(contact=contact, user=user, note=_("Retention period passed"))
        count += 1
    return count


@transaction.atomic
def save_contact_moment(*, moment, colleagues, contacts):
    """Create or update a contact moment with the colleagues involved and the contact persons spoken to.

    Contact persons must belong to the moment's organisation.
    """
    strangers = [c for c in contacts if c.organisation_id != moment.organisation_id]
    if strangers:
        raise ValidationError(
            _("%(names)s do not work at this organisation.") % {"names": ", ".join(c.name for c in strangers)}
        )
    moment.full_clean()
    moment.save()
    moment.colleagues.set(colleagues)
    moment.contacts.set(contacts)
    return moment


@dataclasses.dataclass(frozen=True)
class MeetingMomentRow:
    """What one organisation at a meeting's table gets as its contact moment."""

    organisation: object
    summary: str
    contacts: list
    theme: object = None
    follow_up: str = ""
    follow_up_due: object = None
    follow_up_assignee: object = None


@transaction.atomic
def record_meeting_contact_moments(*, meeting, happened_at, time_known, channel, colleagues, rows, created_by):
    """Record the outcome of `meeting` as one contact moment per organisation in `rows`, all or nothing.

    Every moment links back to the meeting; an organisation that already has a contact moment
    from this meeting is refused (ValidationError), so recording twice cannot duplicate them.
    """
    moments = []
    for row in rows:
        moment = ContactMoment(
            organisation=row.organisation,
            happened_at=happened_at,
            time_known=time_known,
            channel=channel,
            summary=row.summary.strip(),
            theme=row.theme,
            meeting=meeting,
            follow_up=row.follow_up.strip(),
            follow_up_due=row.follow_up_due if row.follow_up.strip() else None,
            follow_up_assignee=row.follow_up_assignee if row.follow_up.strip() else None,
            created_by=created_by,
        )
        moments.append(save_contact_moment(moment=moment, colleagues=colleagues, contacts=row.contacts))
    return moments
