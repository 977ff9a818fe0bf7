"""Spreadsheet import and export of organisations (with membership) and contact persons.

Keys: an organisation is found by its member number, else by name + kind; a contact person by
organisation + e-mail address, else organisation + name. See swn_crm/dataexchange.py.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dataexchange import BooleanWidget, ChoiceWidget, Column, DateWidget, IntegerWidget, RowProblem, SWNResource
from stakeholders.choices import Level, MembershipStatus, OrganisationKind, Province
from stakeholders.lookups import DirectoryLookups, OrganisationWidget, ThemeWidget, UserWidget
from stakeholders.models import ContactPerson, Membership, Organisation
from themes.models import Theme

MEMBERSHIP_COLUMNS = ("member_number", "member_since", "member_until", "membership_status")


class OrganisationResource(SWNResource):
    """Organisations with their membership on the same row."""

    lookups_class = DirectoryLookups

    name = Column("name", label=gettext_lazy("name"), required=True)
    acronym = Column("acronym", label=gettext_lazy("acronym"))
    kind = Column(
        "kind",
        label=gettext_lazy("kind of organisation"),
        widget=ChoiceWidget(OrganisationKind.choices, required=True),
        required=True,
    )
    level = Column("level", label=gettext_lazy("level"), widget=ChoiceWidget(Level.choices, required=True))
    municipality = Column("municipality", label=gettext_lazy("municipality"))
    province = Column("province", label=gettext_lazy("province"), widget=ChoiceWidget(Province.choices))
    website = Column("website", label=gettext_lazy("website"))
    is_stakeholder = Column("is_stakeholder", label=gettext_lazy("stakeholder"), widget=BooleanWidget(default=True))
    themes = Column("themes", label=gettext_lazy("themes"), widget=ThemeWidget(many=True), m2m=True)
    owner = Column("owner", label=gettext_lazy("relationship owner"), widget=UserWidget())
    influence = Column(
        "influence", label=gettext_lazy("influence"), widget=IntegerWidget(minimum=1, maximum=5, default=3)
    )
    interest = Column("interest", label=gettext_lazy("interest"), widget=IntegerWidget(minimum=1, maximum=5, default=3))
    notes = Column("notes", label=gettext_lazy("notes"))
    member_number = Column(label=gettext_lazy("member number"))
    member_since = Column(label=gettext_lazy("member since"), widget=DateWidget())
    member_until = Column(label=gettext_lazy("member until"), widget=DateWidget())
    membership_status = Column(label=gettext_lazy("membership status"), widget=ChoiceWidget(MembershipStatus.choices))

    order_by = ("name", "kind", "pk")
    key_label = gettext_lazy("member number, or name and kind")

    class Meta(SWNResource.Meta):
        model = Organisation
        fields = (
            "name", "acronym", "kind", "level", "municipality", "province", "website", "is_stakeholder", "themes",
            "owner", "influence", "interest", "notes", *MEMBERSHIP_COLUMNS,
        )  # fmt: skip

    def get_queryset(self):
        return Organisation.objects.all()

    def export_queryset(self, queryset):
        return (
            super()
            .export_queryset(queryset)
            .select_related("owner", "membership")
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("slug")))
        )

    # export of the membership columns
    def _membership(self, organisation):
        return getattr(organisation, "membership", None)

    def dehydrate_member_number(self, organisation):
        membership = self._membership(organisation)
        return membership.member_number if membership else ""

    def dehydrate_member_since(self, organisation):
        membership = self._membership(organisation)
        return self.fields["member_since"].widget.render(membership.since) if membership else ""

    def dehydrate_member_until(self, organisation):
        membership = self._membership(organisation)
        return self.fields["member_until"].widget.render(membership.until) if membership else ""

    def dehydrate_membership_status(self, organisation):
        membership = self._membership(organisation)
        return self.fields["membership_status"].widget.render(membership.status) if membership else ""

    # matching
    def _organisations(self):
        if not hasattr(self, "_by_key"):
            self._by_number, self._by_key = {}, {}
            for organisation in (
                Organisation.objects.select_related("owner", "membership")
                .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("slug")))
                .order_by("pk")
            ):
                self._by_key[(organisation.name.casefold(), organisation.kind)] = organisation
                membership = getattr(organisation, "membership", None)
                if membership is not None:
                    self._by_number[membership.member_number.casefold()] = organisation
        return self._by_number, self._by_key

    def match_key(self, values):
        keys = []
        if values.get("member_number"):
            keys.append(("member", values["member_number"].casefold()))
        if values.get("name") and values.get("kind"):
            keys.append(("name", values["name"].casefold(), values["kind"]))
        return keys

    def find_existing(self, values):
        by_number, by_key = self._organisations()
        number = (values.get("member_number") or "").casefold()
        by_name = by_key.get(((values.get("name") or "").casefold(), values.get("kind")))
        found = by_number.get(number) if number else None
        if found is not None:
            if by_name is not None and by_name.pk != found.pk:
                raise RowProblem(
                    {
                        "name": _("Another organisation already has this name and kind (member number %(number)s).")
                        % {"number": values["member_number"]}
                    }
                )
            return found
        if by_name is not None and number:
            membership = getattr(by_name, "membership", None)
            if membership is not None and membership.member_number.casefold() != number:
                raise RowProblem(
                    {
                        "member_number": _("This organisation already has member number %(number)s.")
                        % {"number": membership.member_number}
                    }
                )
        return by_name

    def validate_row(self, instance, values):
        number = values.get("member_number")
        if not number:
            return
        membership = getattr(instance, "membership", None) if instance.pk else None
        since = values.get("member_since", membership.since if membership else None)
        until = values.get("member_until", membership.until if membership else None)
        errors = {}
        if since is None:
            errors["member_since"] = _("A member needs the date they became a member.")
        elif until is not None and until < since:
            errors["member_until"] = _("The membership cannot end before it began.")
        if errors:
            raise RowProblem(errors)

    def compared_columns(self, instance, row):
        columns = super().compared_columns(instance, row)
        if not instance._import_values.get("member_number"):
            # Without a member number the membership columns are not written, so not compared either.
            columns = {name: column for name, column in columns.items() if name not in MEMBERSHIP_COLUMNS}
        return columns

    def after_save_instance(self, instance, row, **kwargs):
        values = instance._import_values
        if not self.writes(kwargs) or not values.get("member_number"):
            return
        membership = Membership.objects.filter(organisation=instance).first() or Membership(organisation=instance)
        membership.member_number = values["member_number"]
        if "member_since" in values:
            membership.since = values["member_since"]
        if "member_until" in values:
            membership.until = values["member_until"]
        membership.status = values.get("membership_status") or membership.status or MembershipStatus.ACTIEF
        membership.full_clean()
        membership.save()


class ContactPersonResource(SWNResource):
    """Contact persons, with their organisation by name (and kind where two have the same name)."""

    lookups_class = DirectoryLookups

    organisation = Column(
        "organisation", label=gettext_lazy("organisation"), widget=OrganisationWidget(required=True), required=True
    )
    organisation_kind = Column(
        label=gettext_lazy("kind of organisation"), widget=ChoiceWidget(OrganisationKind.choices)
    )
    name = Column("name", label=gettext_lazy("name"), required=True)
    job_title = Column("job_title", label=gettext_lazy("job title"))
    email = Column("email", label=gettext_lazy("e-mail"))
    phone = Column("phone", label=gettext_lazy("phone"))
    themes = Column("themes", label=gettext_lazy("themes"), widget=ThemeWidget(many=True), m2m=True)
    is_active = Column("is_active", label=gettext_lazy("active"), widget=BooleanWidget(default=True))
    processing_restricted = Column(
        "processing_restricted", label=gettext_lazy("processing restricted"), widget=BooleanWidget()
    )
    do_not_contact = Column("do_not_contact", label=gettext_lazy("do not contact"), widget=BooleanWidget())
    notes = Column("notes", label=gettext_lazy("notes"))

    order_by = ("organisation__name", "organisation__kind", "name", "email", "pk")
    key_label = gettext_lazy("organisation and e-mail address, or organisation and name")

    class Meta(SWNResource.Meta):
        model = ContactPerson
        fields = (
            "organisation", "organisation_kind", "name", "job_title", "email", "phone", "themes", "is_active",
            "processing_restricted", "do_not_contact", "notes",
        )  # fmt: skip

    def get_queryset(self):
        return ContactPerson.objects.filter(anonymised_at__isnull=True)

    def export_queryset(self, queryset):
        return (
            super()
            .export_queryset(queryset.filter(anonymised_at__isnull=True))
            .select_related("organisation")
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("slug")))
        )

    def dehydrate_organisation_kind(self, contact):
        return self.fields["organisation_kind"].widget.render(contact.organisation.kind)

    def parse_row(self, row):
        values, errors = super().parse_row(row)
        # "Organisatie" is resolved together with "Soort organisatie" when both are given.
        kind = values.get("organisation_kind")
        column = self.fields["organisation"].column_name
        if "organisation" in errors and kind and row.get(column):
            try:
                values["organisation"] = self.lookups.organisation(row[column], kind=kind)
                del errors["organisation"]
            except ValueError as error:
                errors["organisation"] = str(error)
        elif values.get("organisation") is not None and kind and values["organisation"].kind != kind:
            try:
                values["organisation"] = self.lookups.organisation(row[column], kind=kind)
            except ValueError as error:
                errors["organisation"] = str(error)
        return values, errors

    def _contacts(self):
        if not hasattr(self, "_by_email"):
            self._by_email, self._by_name = {}, {}
            for contact in (
                ContactPerson.objects.select_related("organisation")
                .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("slug")))
                .order_by("pk")
            ):
                if contact.email:
                    self._by_email.setdefault((contact.organisation_id, contact.email.casefold()), []).append(contact)
                self._by_name.setdefault((contact.organisation_id, contact.name.casefold()), []).append(contact)
        return self._by_email, self._by_name

    def match_key(self, values):
        organisation = values.get("organisation")
        if organisation is None:
            return []
        if values.get("email"):
            return [("email", organisation.pk, values["email"].casefold())]
        return [("name", organisation.pk, (values.get("name") or "").casefold())]

    def find_existing(self, values):
        organisation = values.get("organisation")
        if organisation is None:
            return None
        by_email, by_name = self._contacts()
        email = (values.get("email") or "").casefold()
        candidates = by_email.get((organisation.pk, email), []) if email else []
        if not candidates:
            named = by_name.get((organisation.pk, (values.get("name") or "").casefold()), [])
            # Without a matching address, the same name counts only for a person with no address yet.
            candidates = [contact for contact in named if not contact.email or not email]
        if len(candidates) > 1:
            raise RowProblem(
                {"name": _("Several contact persons at this organisation match; give each an e-mail address.")}
            )
        if candidates and candidates[0].is_anonymised:
            raise RowProblem({"name": _("This contact person has been anonymised and cannot be changed by an import.")})
        return candidates[0] if candidates else None
