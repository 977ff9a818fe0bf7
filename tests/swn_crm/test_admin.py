import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import CalendarToken
from tests.factories import (
    AttendanceFactory,
    CoalitionPartnerFactory,
    ContactMomentFactory,
    ContactPersonFactory,
    MeetingFactory,
    MembershipFactory,
    OverlegFactory,
    OverlegReviewFactory,
    StakeholderPositionFactory,
    StatementSignatoryFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODELS = list(admin.site._registry)
# Logs written only by the application itself have a read-only admin (tests/stakeholders/test_privacy.py).
READ_ONLY = {"stakeholders.privacylog"}
OUR_MODELS = [
    model
    for model in MODELS
    if model._meta.app_label in {"swn_crm", "themes", "stakeholders", "meetings"}
    and model._meta.label_lower not in READ_ONLY
]


def model_id(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def add_rows(count):
    for _ in range(count):
        theme = ThemeFactory()
        membership = MembershipFactory()
        membership.organisation.themes.add(theme)
        contact = ContactPersonFactory(organisation=membership.organisation)
        contact.themes.add(theme)
        overleg = OverlegFactory(organiser=membership.organisation, themes=[theme])
        overleg.organisations.add(membership.organisation)
        meeting = MeetingFactory(overleg=overleg)
        meeting.organisations.add(membership.organisation)
        meeting.contacts.add(contact)
        attendance = AttendanceFactory(meeting=meeting, user=UserFactory())
        CalendarToken.objects.issue(user=attendance.user)
        partner = CoalitionPartnerFactory(organisation=membership.organisation)
        partner.coalition.themes.add(theme)
        StatementSignatoryFactory(statement__coalition=partner.coalition, organisation=membership.organisation)
        StakeholderPositionFactory(
            dossier__theme=theme, organisation=membership.organisation, assessed_by=attendance.user
        )
        ContactMomentFactory(
            organisation=membership.organisation,
            theme=theme,
            meeting=meeting,
            colleagues=[attendance.user],
            contacts=[contact],
            follow_up="Stukken nasturen",
            follow_up_assignee=attendance.user,
            created_by=attendance.user,
        )
        OverlegReviewFactory(overleg=overleg, reviewer=attendance.user)


def changelist_queries(client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_changelist_query_count_does_not_grow_with_the_rows(admin_client_, model):
    add_rows(2)
    few = changelist_queries(admin_client_, model)
    add_rows(10)
    many = changelist_queries(admin_client_, model)
    assert few == many


@pytest.mark.parametrize("model", OUR_MODELS, ids=model_id)
def test_add_and_change_pages_open_for_a_superuser(admin_client_, model):
    add_rows(1)
    opts = model._meta
    add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    assert admin_client_.get(add_url).status_code == 200
    obj = model._default_manager.order_by("pk").first()
    change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert admin_client_.get(change_url).status_code == 200


def test_every_domain_model_is_in_the_admin():
    from django.apps import apps

    from core.history import is_historical_model

    for label in ("swn_crm", "themes", "stakeholders", "meetings"):
        for model in apps.get_app_config(label).get_models():
            if is_historical_model(model):
                continue  # shown through "Geschiedenis" on its model's admin page (SimpleHistoryAdmin)
            assert model in admin.site._registry, model
