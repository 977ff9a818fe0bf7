"""Two colleagues edit the same record: the second save is refused and keeps their input."""

import pytest
from django import forms

from core.concurrency import FIELD, ConcurrencyGuardMixin
from stakeholders.models import Organisation
from tests.factories import OrganisationFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


class OrganisationForm(ConcurrencyGuardMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "owner", "themes", "notes"]


def opened(instance):
    """The POST data a browser sends back for an unchanged form opened now."""
    form = OrganisationForm(instance=instance)
    data = {name: form[name].value() for name in form.fields}
    data["themes"] = [str(pk) for pk in data["themes"] or []]
    data["owner"] = data["owner"] or ""
    return data


def test_save_without_a_concurrent_change_goes_through():
    org = OrganisationFactory(name="VNG")
    data = opened(org) | {"notes": "Nieuw contact bij VNG"}
    form = OrganisationForm(data, instance=org)
    assert form.is_valid(), form.errors
    form.save()
    org.refresh_from_db()
    assert org.notes == "Nieuw contact bij VNG"


def test_second_save_is_refused_and_shows_what_the_colleague_changed():
    owner = UserFactory(first_name="Sanne", last_name="de Vries")
    org = OrganisationFactory(name="VNG", notes="oud")
    mine = opened(org)
    theirs = opened(org)

    colleague = OrganisationForm(theirs | {"notes": "Sanne was hier", "owner": str(owner.pk)}, instance=org)
    assert colleague.is_valid(), colleague.errors
    colleague.save()

    me = OrganisationForm(mine | {"name": "Vereniging van Nederlandse Gemeenten"}, instance=Organisation.objects.get())
    assert not me.is_valid()
    errors = " ".join(me.non_field_errors())
    assert "Sanne was hier" in errors and "oud" in errors
    assert "Sanne de Vries" in errors
    assert me["name"].value() == "Vereniging van Nederlandse Gemeenten"  # input kept
    org.refresh_from_db()
    assert org.name == "VNG" and org.notes == "Sanne was hier"

    # Having seen it, saving again overwrites deliberately.
    again = OrganisationForm(me.data, instance=Organisation.objects.get())
    assert again.is_valid(), again.errors
    again.save()
    org.refresh_from_db()
    assert org.name == "Vereniging van Nederlandse Gemeenten"


def test_a_change_to_a_many_to_many_field_counts_too():
    org = OrganisationFactory()
    mine = opened(org)
    org.themes.add(ThemeFactory(name="Armoede"))
    form = OrganisationForm(mine | {"notes": "x"}, instance=org)
    assert not form.is_valid()
    assert "Armoede" in " ".join(form.non_field_errors())


def test_a_tampered_snapshot_is_not_trusted():
    org = OrganisationFactory()
    data = opened(org) | {FIELD: "vervalst"}
    form = OrganisationForm(data, instance=org)
    assert not form.is_valid()


def test_new_records_need_no_snapshot():
    form = OrganisationForm({"name": "Nieuw", "kind": "bedrijf", "owner": "", "themes": [], "notes": ""})
    assert form.is_valid(), form.errors
