"""/overleggen/: the list with its filters, the overleg page, and planning overleggen in the application."""

import datetime

import pytest

from meetings.choices import AttendanceStatus, MeetingStatus, OverlegKind
from meetings.models import Meeting, Overleg
from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    OrganisationFactory,
    OverlegFactory,
    ThemeFactory,
    UserFactory,
)
from tests.helpers import AMSTERDAM, days_from_now, post_edit

pytestmark = pytest.mark.django_db


def monthly_overleg(**kwargs):
    defaults = {
        "recurrence_rule": "FREQ=MONTHLY;BYDAY=2TU",
        "recurrence_start": datetime.date(2026, 1, 1),
        "start_time": datetime.time(10),
        "end_time": datetime.time(12),
    }
    return OverlegFactory(**(defaults | kwargs))


# -- the list -----------------------------------------------------------------------------------


def test_list_shows_rhythm_next_meeting_and_delegates(viewer_client):
    overleg = monthly_overleg(name="VNG Commissie Zorg", organiser=OrganisationFactory(name="VNG"))
    overleg.delegates.set([UserFactory(first_name="Lex", last_name="Staal")])
    MeetingFactory(overleg=overleg, start=days_from_now(3), end=days_from_now(3, 12), status=MeetingStatus.GEANNULEERD)
    nxt = MeetingFactory(overleg=overleg, start=days_from_now(10), end=days_from_now(10, 12))
    MeetingFactory(overleg=overleg, start=days_from_now(40), end=days_from_now(40, 12))

    response = viewer_client.get("/overleggen/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "VNG Commissie Zorg" in html
    assert "elke 2e dinsdag van de maand, 10:00–12:00" in html
    assert "Lex Staal" in html
    assert f'href="/meetings/{nxt.pk}/"' in html  # the cancelled one is skipped
    assert list(response.context["object_list"])[0].next_meeting_id == nxt.pk


def test_list_says_sociaal_werk_nederland_when_swn_organises(viewer_client):
    OverlegFactory(name="Ledencommissie Armoede", organiser=None)
    assert "Sociaal Werk Nederland" in viewer_client.get("/overleggen/").content.decode()


def names(response):
    return sorted(overleg.name for overleg in response.context["object_list"])


def test_list_filters_on_theme_kind_organiser_delegate_active_and_text(viewer_client):
    armoede, jeugd = ThemeFactory(slug="armoede"), ThemeFactory(slug="jeugd")
    vng = OrganisationFactory(name="Vereniging van Nederlandse Gemeenten", acronym="VNG")
    lex, sanne = UserFactory(username="lex"), UserFactory(username="sanne")
    a = OverlegFactory(name="A-overleg", kind=OverlegKind.WERKGROEP, themes=[armoede], organiser=vng)
    a.delegates.set([lex])
    b = OverlegFactory(name="B-overleg", kind=OverlegKind.LEDENCOMMISSIE, themes=[jeugd], purpose="Over schulden")
    b.delegates.set([sanne])
    OverlegFactory(name="C-overleg", kind=OverlegKind.NETWERK, themes=[armoede, jeugd], is_active=False)

    def get(query):
        return names(viewer_client.get(f"/overleggen/?{query}"))

    assert get("theme=armoede") == ["A-overleg", "C-overleg"]
    assert get("kind=ledencommissie") == ["B-overleg"]
    assert get(f"organiser={vng.pk}") == ["A-overleg"]
    assert get("organiser=swn") == ["B-overleg", "C-overleg"]
    assert get(f"delegate={sanne.pk}") == ["B-overleg"]
    assert get("active=false") == ["C-overleg"]
    assert get("active=true") == ["A-overleg", "B-overleg"]
    assert get("q=schulden") == ["B-overleg"]
    assert get("q=vng") == ["A-overleg"]
    assert get("theme=armoede&active=true") == ["A-overleg"]


@pytest.mark.parametrize(
    "query",
    [
        "organiser=abc",
        "delegate=xyz",
        "theme=bestaat-niet",
        "kind=soep",
        "active=misschien",
        "page=999",
        "page=abc",
        "organiser=99999999999999999999",
    ],
)
def test_bad_filter_values_give_a_normal_page(viewer_client, query):
    OverlegFactory(name="Het enige overleg")
    response = viewer_client.get(f"/overleggen/?{query}")
    assert response.status_code == 200
    assert "Het enige overleg" in response.content.decode()


def test_an_invalid_filter_value_is_explained_in_dutch(viewer_client):
    html = viewer_client.get("/overleggen/?delegate=xyz").content.decode()
    assert "Onbekende waarde “xyz”; dit filter is genegeerd." in html
    assert "Niet alle filterwaarden zijn geldig" in html


def test_list_explains_what_to_do_when_nothing_matches(viewer_client, editor_client):
    assert "Er zijn nog geen overleggen" in viewer_client.get("/overleggen/").content.decode()
    OverlegFactory(name="Iets")
    html = viewer_client.get("/overleggen/?q=niets-dat-past").content.decode()
    assert "Geen overleg past bij deze filters" in html
    assert "Wis de filters" in html


def test_list_shows_the_new_buttons_only_to_who_may_plan(viewer_client, client, editor):
    html = viewer_client.get("/overleggen/").content.decode()
    assert "Nieuw overleg" not in html and "Nieuwe bijeenkomst" not in html
    client.force_login(editor)
    html = client.get("/overleggen/").content.decode()
    assert "Nieuw overleg" in html and "Nieuwe bijeenkomst" in html


def make_overleggen(count):
    theme = ThemeFactory(slug="thema-lijst")
    for _ in range(count):
        overleg = monthly_overleg(organiser=OrganisationFactory(), themes=[theme])
        overleg.delegates.set([UserFactory(), UserFactory()])
        MeetingFactory(overleg=overleg, start=days_from_now(5), end=days_from_now(5, 12))


def test_list_query_count_does_not_grow_with_overleggen(viewer_client, django_assert_num_queries):
    make_overleggen(1)
    with django_assert_num_queries(12) as few:
        viewer_client.get("/overleggen/?theme=thema-lijst")
    make_overleggen(20)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get("/overleggen/?theme=thema-lijst")
    assert len(response.context["object_list"]) == 21


# -- the overleg page ---------------------------------------------------------------------------


def test_overleg_page_shows_purpose_organiser_organisations_delegates_rhythm_and_meetings(viewer_client):
    overleg = monthly_overleg(name="Stuurgroep Preventieakkoord", purpose="Samen werken aan preventie.")
    overleg.organisations.set([OrganisationFactory(name="GGD GHOR Nederland")])
    overleg.delegates.set([UserFactory(first_name="Nienke", last_name="Kuyvenhoven")])
    past = MeetingFactory(
        overleg=overleg,
        start=days_from_now(-30),
        end=days_from_now(-30, 12),
        status=MeetingStatus.GEHOUDEN,
        outcome="Notitie komt.",
    )
    AttendanceFactory(meeting=past, user=UserFactory(first_name="Mohamed", last_name="El Amrani"), status="aanwezig")
    upcoming = MeetingFactory(overleg=overleg, start=days_from_now(12), end=days_from_now(12, 12))
    cancelled = MeetingFactory(
        overleg=overleg, start=days_from_now(40), end=days_from_now(40, 12), status=MeetingStatus.GEANNULEERD
    )

    response = viewer_client.get(f"/overleggen/{overleg.pk}/")
    html = response.content.decode()

    assert response.status_code == 200
    for text in [
        "Samen werken aan preventie.",
        "Sociaal Werk Nederland",
        "GGD GHOR Nederland",
        "Nienke Kuyvenhoven",
        "elke 2e dinsdag van de maand, 10:00–12:00",
        "Notitie komt.",
        "Mohamed El Amrani",
        "Geannuleerd",
    ]:
        assert text in html, text
    assert [m.pk for m in response.context["upcoming"]] == [upcoming.pk, cancelled.pk]
    assert [m.pk for m in response.context["past"]] == [past.pk]
    assert 'class="meeting-cancelled"' in html


def test_overleg_page_of_an_unknown_overleg_is_404(viewer_client):
    assert viewer_client.get("/overleggen/999999/").status_code == 404


def make_overleg_with_meetings(count):
    overleg = monthly_overleg()
    overleg.organisations.set([OrganisationFactory() for _ in range(count)])
    overleg.delegates.set([UserFactory() for _ in range(count)])
    overleg.themes.set([ThemeFactory() for _ in range(count)])
    for n in range(count):
        for days in (-20 * (n + 1), 20 * (n + 1)):
            meeting = MeetingFactory(overleg=overleg, start=days_from_now(days), end=days_from_now(days, 12))
            AttendanceFactory(meeting=meeting, status=AttendanceStatus.AANWEZIG)
            AttendanceFactory(meeting=meeting)
    return overleg


def test_overleg_page_query_count_does_not_grow_with_meetings(viewer_client, django_assert_num_queries):
    from tests.factories import OverlegReviewFactory

    small = make_overleg_with_meetings(1)
    OverlegReviewFactory(overleg=small)
    # 9 of them for the history section (swn_crm/history.py): its count is fixed, whatever it shows.
    with django_assert_num_queries(25) as few:
        viewer_client.get(f"/overleggen/{small.pk}/")
    large = make_overleg_with_meetings(8)
    for _ in range(5):
        OverlegReviewFactory(overleg=large, reviewer=UserFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        viewer_client.get(f"/overleggen/{large.pk}/")


# -- planning overleggen ------------------------------------------------------------------------


def overleg_data(**overrides):
    data = {
        "name": "Werkgroep Wijkteams",
        "kind": OverlegKind.WERKGROEP,
        "purpose": "Kennis delen.",
        "organiser": "",
        "is_active": "on",
        "frequency": "monthly",
        "interval": "1",
        "weekday": "1",
        "week_of_month": "2",
        "recurrence_start": "2026-01-01",
        "start_time": "10:00",
        "end_time": "12:00",
        "location": "Utrecht",
        "online_url": "",
    }
    return data | overrides


@pytest.mark.parametrize("url", ["/overleggen/new/", "/overleggen/{pk}/edit/"])
def test_viewers_cannot_plan_overleggen(viewer_client, url):
    overleg = OverlegFactory(name="Onaangeroerd")
    url = url.format(pk=overleg.pk)
    assert viewer_client.get(url).status_code == 403
    assert viewer_client.post(url, overleg_data()).status_code == 403
    assert Overleg.objects.get().name == "Onaangeroerd"


def test_editor_creates_an_overleg_with_a_rhythm_and_its_meetings_are_planned(editor_client):
    lex = UserFactory(username="lex", first_name="Lex", is_colleague=True)
    vng = OrganisationFactory(name="VNG")
    response = editor_client.post(
        "/overleggen/new/", overleg_data(delegates=[lex.pk], organisations=[vng.pk]), follow=True
    )

    overleg = Overleg.objects.get(name="Werkgroep Wijkteams")
    assert response.redirect_chain[-1][0] == f"/overleggen/{overleg.pk}/"
    assert overleg.recurrence_rule == "FREQ=MONTHLY;BYDAY=2TU"
    assert list(overleg.delegates.all()) == [lex]
    meetings = Meeting.objects.filter(overleg=overleg)
    assert 5 <= meetings.count() <= 7  # six months of 2nd Tuesdays
    assert all(m.start.astimezone(AMSTERDAM).time() == datetime.time(10) for m in meetings)
    assert all(m.attendances.get().user == lex for m in meetings)
    html = response.content.decode()
    assert "Het overleg is opgeslagen" in html
    assert "elke 2e dinsdag van de maand, 10:00–12:00" in html


def test_editing_an_overleg_shows_its_rhythm_as_choices_not_as_rrule(editor_client):
    overleg = monthly_overleg(recurrence_rule="FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR")
    response = editor_client.get(f"/overleggen/{overleg.pk}/edit/")
    form = response.context["form"]
    assert form["frequency"].value() == "monthly"
    assert form["interval"].value() == 2
    assert form["weekday"].value() == 4
    assert form["week_of_month"].value() == -1
    html = response.content.decode()
    assert "FREQ=" not in html
    assert "Elke maand, of om de paar maanden, op een vaste weekdag" in html
    assert 'type="time"' in html and 'type="date"' in html


def test_changing_the_rhythm_in_the_app_moves_the_untouched_meetings(editor_client):
    overleg = monthly_overleg(name="Werkgroep Wijkteams")
    post_edit(editor_client, f"/overleggen/{overleg.pk}/edit/", overleg_data())
    before = set(Meeting.objects.values_list("uid", flat=True))
    assert before

    post_edit(editor_client, f"/overleggen/{overleg.pk}/edit/", overleg_data(frequency="weekly", weekday="3"))

    overleg.refresh_from_db()
    assert overleg.recurrence_rule == "FREQ=WEEKLY;BYDAY=TH"
    starts = [m.start.astimezone(AMSTERDAM) for m in Meeting.objects.filter(overleg=overleg)]
    assert all(start.weekday() == 3 for start in starts)
    assert before <= set(Meeting.objects.values_list("uid", flat=True))  # moved, not replaced


def test_a_rule_set_in_the_admin_is_kept_when_the_form_cannot_show_it(editor_client):
    overleg = monthly_overleg(recurrence_rule="FREQ=MONTHLY;BYMONTHDAY=15")
    response = editor_client.get(f"/overleggen/{overleg.pk}/edit/")
    assert response.context["form"]["frequency"].value() == "custom"
    post_edit(editor_client, f"/overleggen/{overleg.pk}/edit/", overleg_data(frequency="custom", name="Nieuw"))
    overleg.refresh_from_db()
    assert (overleg.name, overleg.recurrence_rule) == ("Nieuw", "FREQ=MONTHLY;BYMONTHDAY=15")


def test_no_fixed_rhythm_clears_the_rule(editor_client):
    overleg = monthly_overleg()
    post_edit(editor_client, f"/overleggen/{overleg.pk}/edit/", overleg_data(frequency=""))
    overleg.refresh_from_db()
    assert overleg.recurrence_rule == ""


def test_end_before_start_redisplays_the_overleg_form_with_a_dutch_error(editor_client):
    response = editor_client.post("/overleggen/new/", overleg_data(start_time="14:00", end_time="13:00"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "De eindtijd moet na de begintijd liggen." in html
    assert 'value="Werkgroep Wijkteams"' in html and 'value="14:00"' in html
    assert not Overleg.objects.exists()


def test_a_rhythm_without_weekday_asks_for_it_in_dutch(editor_client):
    response = editor_client.post("/overleggen/new/", overleg_data(weekday="", week_of_month="", recurrence_start=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Een ritme heeft dit nodig.") == 3
    assert not Overleg.objects.exists()


def test_letters_in_the_overleg_form_numbers_are_form_errors(editor_client):
    response = editor_client.post("/overleggen/new/", overleg_data(interval="twee", weekday="dinsdag"))
    assert response.status_code == 200
    assert not Overleg.objects.exists()


def test_participating_organisations_are_kept_ticked_and_more_are_added_from_a_list(editor_client):
    vng, actiz, lhv = (OrganisationFactory(name=name) for name in ("VNG", "ActiZ", "LHV"))
    overleg = monthly_overleg(name="Werkgroep Wijkteams")
    overleg.organisations.set([vng, actiz])

    page = editor_client.get(f"/overleggen/{overleg.pk}/edit/").content.decode()
    assert page.count('name="organisations"') == 2  # one checkbox per organisation now at the table
    assert 'name="add_organisations"' in page

    post_edit(
        editor_client,
        f"/overleggen/{overleg.pk}/edit/",
        overleg_data(organisations=[vng.pk], add_organisations=[lhv.pk]),
    )
    assert set(overleg.organisations.values_list("name", flat=True)) == {"VNG", "LHV"}


def test_the_page_links_of_the_overleg_list_keep_the_filters(viewer_client):
    for number in range(30):
        OverlegFactory(name=f"Werkgroep {number:02d}", kind=OverlegKind.WERKGROEP)
    other = next(kind for kind in OverlegKind.values if kind != OverlegKind.WERKGROEP)
    for number in range(30):
        OverlegFactory(name=f"Ander overleg {number:02d}", kind=other)
    html = viewer_client.get("/overleggen/", {"kind": OverlegKind.WERKGROEP}).content.decode()
    assert "Pagina 1 van 2" in html
    assert f'href="?kind={OverlegKind.WERKGROEP}&amp;page=2" rel="next">Volgende</a>' in html
    second = viewer_client.get("/overleggen/", {"kind": OverlegKind.WERKGROEP, "page": 2})
    html = second.content.decode()
    assert "Pagina 2 van 2" in html and "Werkgroep 29" in html
    assert f'href="?kind={OverlegKind.WERKGROEP}&amp;page=1" rel="prev">Vorige</a>' in html
