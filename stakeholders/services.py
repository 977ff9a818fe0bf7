"""Writes about contact persons' privacy (AVG): flags, data export, erasure and anonymisation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stakeholders import privacy
from stakeholders.models import ContactPerson, PrivacyAction, PrivacyLog


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
