"""Writes of contact moments with their colleagues and contact persons, alone or from a meeting."""

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from relations.models import ContactMoment


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
