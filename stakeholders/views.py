"""The directory's own pages: importing organisations and contacts, a contact person's privacy (AVG)
and the retention report. The lists and the organisation page are in `overview`."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, FormView, View
from django.views.generic.detail import SingleObjectMixin

from core.access import PermissionRequiredMixin, PostOnlyMixin
from core.dataexchange_views import ImportView
from stakeholders import privacy
from stakeholders.forms import EraseForm, PrivacyFlagsForm, RetentionForm
from stakeholders.models import ContactPerson, PrivacyLog
from stakeholders.resources import ContactPersonResource, OrganisationResource
from stakeholders.services import anonymise_stale_contacts, erase_contact, export_personal_data, set_privacy_flags

# -- Privacy (AVG) ------------------------------------------------------------------------------


def privacy_page_context(request, contact, **forms):
    """Everything the privacy page shows; `forms` replaces a form that came back with errors."""
    return {
        "contact": contact,
        "flags_form": forms.get("flags_form") or PrivacyFlagsForm(instance=contact),
        "erase_form": forms.get("erase_form") or EraseForm(),
        "can_manage": request.user.has_perm("stakeholders.manage_personal_data"),
        "linked_counts": privacy.linked_counts(contact),
        "namesakes": list(privacy.namesakes(contact)),
        "privacy_log": PrivacyLog.objects.filter(contact_number=contact.pk).select_related("user"),
        "pseudonym": privacy.pseudonym(contact.pk),
    }


PRIVACY_TEMPLATE = "stakeholders/contact_privacy.html"


class ContactPrivacyView(PermissionRequiredMixin, DetailView):
    """/directory/contacts/<pk>/privacy/: what the CRM holds on a person, their flags, export, erasure and the log.

    Redacteur and Beheerder see the page and set the flags; exporting and erasing need the
    `manage_personal_data` permission (Beheerder).
    """

    permission_required = "stakeholders.change_contactperson"
    template_name = PRIVACY_TEMPLATE
    queryset = ContactPerson.objects.select_related("organisation").prefetch_related("themes")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**privacy_page_context(self.request, self.object), **kwargs)


class ContactPrivacyFlagsView(PermissionRequiredMixin, PostOnlyMixin, SingleObjectMixin, View):
    """POST: restrict processing / do not contact."""

    permission_required = "stakeholders.change_contactperson"
    model = ContactPerson

    def post(self, request, *args, **kwargs):
        contact = self.get_object()
        form = PrivacyFlagsForm(request.POST, instance=contact)
        if form.is_valid():
            try:
                _contact, changes = set_privacy_flags(
                    contact=contact,
                    processing_restricted=form.cleaned_data["processing_restricted"],
                    do_not_contact=form.cleaned_data["do_not_contact"],
                    user=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                if changes:
                    messages.success(request, _("The privacy settings have been saved."))
                else:
                    messages.info(request, _("Nothing changed."))
            return redirect(contact.get_privacy_url())
        return TemplateResponse(
            request, PRIVACY_TEMPLATE, privacy_page_context(request, contact, flags_form=form), status=400
        )


class ContactDataExportView(PermissionRequiredMixin, PostOnlyMixin, SingleObjectMixin, View):
    """POST: everything held on the person as a JSON file; the export is logged."""

    permission_required = "stakeholders.manage_personal_data"
    model = ContactPerson

    def post(self, request, *args, **kwargs):
        contact = self.get_object()
        document = export_personal_data(contact=contact, user=request.user)
        response = HttpResponse(document, content_type="application/json; charset=utf-8")
        filename = f"contactpersoon-{contact.pk}-gegevens-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ContactEraseView(PermissionRequiredMixin, PostOnlyMixin, SingleObjectMixin, View):
    """POST: anonymise the person everywhere, after an explicit confirmation."""

    permission_required = "stakeholders.manage_personal_data"
    model = ContactPerson

    def post(self, request, *args, **kwargs):
        contact = self.get_object()
        form = EraseForm(request.POST)
        if not form.is_valid():
            return TemplateResponse(
                request, PRIVACY_TEMPLATE, privacy_page_context(request, contact, erase_form=form), status=400
            )
        try:
            erase_contact(contact=contact, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The contact person has been anonymised everywhere. Meetings and contact moments keep their count."),
            )
        return redirect(contact.get_privacy_url())


class RetentionReportView(PermissionRequiredMixin, FormView):
    """/directory/contacts/retention/: contact persons not involved in anything for the retention period."""

    permission_required = "stakeholders.manage_personal_data"
    template_name = "stakeholders/retention_report.html"
    form_class = RetentionForm
    limit = 500

    def get_stale(self):
        return privacy.stale_contacts().select_related("organisation").order_by("updated_at", "name", "pk")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "queryset": self.get_stale()}

    def get_context_data(self, **kwargs):
        stale = self.get_stale()
        total = stale.count()
        return super().get_context_data(
            stale=stale[: self.limit],
            total=total,
            limit=self.limit,
            months=settings.CONTACT_RETENTION_MONTHS,
            cutoff=privacy.retention_cutoff(),
            **kwargs,
        )

    def form_valid(self, form):
        ids = [contact.pk for contact in form.cleaned_data["contacts"]]
        count = anonymise_stale_contacts(contact_ids=ids, user=self.request.user)
        messages.success(
            self.request,
            ngettext(
                "%(count)d contact person has been anonymised.",
                "%(count)d contact persons have been anonymised.",
                count,
            )
            % {"count": count},
        )
        return redirect("stakeholders:retention_report")


# -- Import and export ---------------------------------------------------------------------------


class OrganisationImportView(ImportView):
    """/directory/stakeholders/import/: organisations with their membership, members and stakeholders alike."""

    resource_class = OrganisationResource
    kind = "organisations"
    permission_required = ["stakeholders.add_organisation", "stakeholders.change_organisation"]
    title = _("Import organisations")
    intro = _(
        "Organisations and their membership, one per row. An organisation is found by its member number, "
        "else by name and kind: then it is updated, otherwise added."
    )
    back_url_name = "overview:organisation_list"
    export_url_name = "overview:organisation_export"
    import_url_name = "stakeholders:organisation_import"


class ContactImportView(ImportView):
    """/directory/contacts/import/."""

    resource_class = ContactPersonResource
    kind = "contacts"
    permission_required = ["stakeholders.add_contactperson", "stakeholders.change_contactperson"]
    title = _("Import contact persons")
    intro = _(
        "Contact persons, one per row, at an organisation already in the CRM. A person is found by "
        "organisation and e-mail address, else by organisation and name."
    )
    back_url_name = "overview:contact_list"
    export_url_name = "overview:contact_export"
    import_url_name = "stakeholders:contact_import"


# -- Coalitions ------------------------------------------------------------------------------------


# -- Contact moments ---------------------------------------------------------------------------


# -- Mijn acties: follow-ups -------------------------------------------------------------------
