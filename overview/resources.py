"""The directory lists as their pages show them, for the readable download beside the import format.

Each resource gets the rows of its list page's queryset (`core.dataexchange.ListResource`), so the
select/prefetch that page declares is what these rows may use.
"""

from django.utils.translation import gettext_lazy as _

from core.dataexchange import ListResource, export_date


def _themes(obj):
    return ", ".join(theme.name for theme in obj.themes.all())


class OrganisationListResource(ListResource):
    """/stakeholders/: the stakeholders with their last contact and next meeting."""

    def headers(self):
        return [
            _("Name"),
            _("Acronym"),
            _("Kind"),
            _("Level"),
            _("Municipality"),
            _("Province"),
            _("Themes"),
            _("Relationship owner"),
            _("Member"),
            _("Influence"),
            _("Interest"),
            _("Last contact"),
            _("Last contact by"),
            _("Next meeting"),
            _("Website"),
            _("Page in the CRM"),
        ]

    def row(self, org):
        membership = getattr(org, "membership", None)
        return [
            org.name,
            org.acronym,
            org.get_kind_display(),
            org.get_level_display(),
            org.municipality,
            org.get_province_display(),
            _themes(org),
            org.owner or "",
            membership.get_status_display() if membership else "",
            org.influence,
            org.interest,
            export_date(org.last_contact_at),
            org.last_contact_by or "",
            export_date(org.next_meeting_at),
            org.website,
            self.link(org.get_absolute_url()),
        ]


class MemberListResource(ListResource):
    """/members/: the member organisations with their membership."""

    def headers(self):
        return [
            _("Member number"),
            _("Name"),
            _("Kind"),
            _("Municipality"),
            _("Province"),
            _("Membership status"),
            _("Member since"),
            _("Member until"),
            _("Themes"),
            _("Relationship owner"),
            _("Website"),
            _("Page in the CRM"),
        ]

    def row(self, org):
        membership = org.membership
        return [
            membership.member_number,
            org.name,
            org.get_kind_display(),
            org.municipality,
            org.get_province_display(),
            membership.get_status_display(),
            export_date(membership.since),
            export_date(membership.until),
            _themes(org),
            org.owner or "",
            org.website,
            self.link(org.get_absolute_url()),
        ]


class ContactListResource(ListResource):
    """/contacts/: the contact persons with their organisation."""

    def headers(self):
        return [
            _("Name"),
            _("Job title"),
            _("Organisation"),
            _("E-mail"),
            _("Phone"),
            _("Themes"),
            _("Active"),
            _("Organisation page in the CRM"),
        ]

    def row(self, contact):
        return [
            contact.name,
            contact.job_title,
            contact.organisation.name,
            contact.email,
            contact.phone,
            _themes(contact),
            _("yes") if contact.is_active else _("no"),
            self.link(contact.organisation.get_absolute_url()),
        ]
