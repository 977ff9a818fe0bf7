"""Spreadsheet import and export of overleggen and of meetings with their attendance.

Keys: an overleg is found by its name, a meeting by its calendar UID (a row without a UID is a new
meeting). Importing an overleg does not plan its meetings: `generate_meetings` (run nightly and on
every save in the application) does that. See swn_crm/dataexchange.py.
"""

import uuid

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dataexchange import (
    LIST_SEPARATOR,
    BooleanWidget,
    ChoiceWidget,
    Column,
    DateTimeWidget,
    DateWidget,
    ListResource,
    LookupWidget,
    RowProblem,
    SWNResource,
    TimeWidget,
    UUIDWidget,
    Widget,
)
from meetings.choices import AttendanceRole, AttendanceStatus, MeetingStatus, OverlegKind
from meetings.models import Attendance, Meeting, Overleg
from meetings.services import Seat, save_meeting
from stakeholders.lookups import DirectoryLookups, OrganisationWidget, ThemeWidget, UserWidget
from stakeholders.models import Organisation
from swn_crm.models import User
from themes.models import Theme


class OverlegWidget(LookupWidget):
    lookup = "overleggen"

    @property
    def unknown_message(self):
        return _("Unknown overleg “%(value)s”.")

    def resolve(self, text, resource, row):
        found = resource.overleggen_by_name().get(text.casefold(), [])
        if not found:
            raise ValueError(self.unknown_message % {"value": text})
        if len(found) > 1:
            raise ValueError(_("There are several overleggen called “%(value)s”.") % {"value": text})
        return found[0]

    def key(self, overleg, resource=None):
        return overleg.name


class OverlegLookupMixin:
    def overleggen_by_name(self):
        if not hasattr(self, "_overleggen_by_name"):
            self._overleggen_by_name = {}
            queryset = Overleg.objects.select_related("organiser").prefetch_related(
                Prefetch("themes", queryset=Theme.objects.order_by("slug")),
                Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
                Prefetch("delegates", queryset=User.objects.order_by("username")),
            )
            for overleg in queryset.order_by("pk"):
                self._overleggen_by_name.setdefault(overleg.name.casefold(), []).append(overleg)
        return self._overleggen_by_name


class OverlegResource(OverlegLookupMixin, SWNResource):
    lookups_class = DirectoryLookups
    name = Column("name", label=gettext_lazy("name"), required=True)
    kind = Column(
        "kind",
        label=gettext_lazy("kind of overleg"),
        widget=ChoiceWidget(OverlegKind.choices, required=True),
        required=True,
    )
    purpose = Column("purpose", label=gettext_lazy("purpose"))
    organiser = Column("organiser", label=gettext_lazy("organiser"), widget=OrganisationWidget())
    themes = Column("themes", label=gettext_lazy("themes"), widget=ThemeWidget(many=True), m2m=True)
    organisations = Column(
        "organisations",
        label=gettext_lazy("participating organisations"),
        widget=OrganisationWidget(many=True),
        m2m=True,
    )
    delegates = Column("delegates", label=gettext_lazy("SWN delegates"), widget=UserWidget(many=True), m2m=True)
    recurrence_rule = Column("recurrence_rule", label=gettext_lazy("rhythm (recurrence rule)"))
    recurrence_start = Column("recurrence_start", label=gettext_lazy("rhythm starts on"), widget=DateWidget())
    start_time = Column("start_time", label=gettext_lazy("usual start time"), widget=TimeWidget())
    end_time = Column("end_time", label=gettext_lazy("usual end time"), widget=TimeWidget())
    location = Column("location", label=gettext_lazy("usual location"))
    online_url = Column("online_url", label=gettext_lazy("usual video link"))
    is_active = Column("is_active", label=gettext_lazy("active"), widget=BooleanWidget(default=True))

    order_by = ("name", "pk")
    key_label = gettext_lazy("name")

    class Meta(SWNResource.Meta):
        model = Overleg
        fields = (
            "name", "kind", "purpose", "organiser", "themes", "organisations", "delegates", "recurrence_rule",
            "recurrence_start", "start_time", "end_time", "location", "online_url", "is_active",
        )  # fmt: skip

    def export_queryset(self, queryset):
        return (
            super()
            .export_queryset(queryset)
            .select_related("organiser")
            .prefetch_related(
                Prefetch("themes", queryset=Theme.objects.order_by("slug")),
                Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
                Prefetch("delegates", queryset=User.objects.order_by("username")),
            )
        )

    def match_key(self, values):
        return [("name", values["name"].casefold())] if values.get("name") else []

    def find_existing(self, values):
        found = self.overleggen_by_name().get((values.get("name") or "").casefold(), [])
        if len(found) > 1:
            raise RowProblem({"name": _("There are several overleggen with this name; rename one first.")})
        return found[0] if found else None


class AttendanceWidget(Widget):
    """Colleagues at a meeting in one cell: "nienke:voorzitter:bevestigd; lex:deelnemer:uitgenodigd".

    Role and status are optional (deelnemer, uitgenodigd) and may be codes or labels.
    """

    roles = ChoiceWidget(AttendanceRole.choices)
    statuses = ChoiceWidget(AttendanceStatus.choices)

    def clean(self, value, row=None, resource=None, **kwargs):
        seats, errors, seen = [], [], set()
        for part in [p.strip() for p in (value or "").split(";") if p.strip()]:
            username, role_text, status_text = ([*part.split(":"), "", ""])[:3]
            user = resource.lookups.users().get(username.strip().casefold())
            role = self.roles.parse(role_text) if role_text.strip() else AttendanceRole.DEELNEMER
            status = self.statuses.parse(status_text) if status_text.strip() else AttendanceStatus.UITGENODIGD
            if user is None:
                errors.append(_("Unknown colleague “%(value)s”; use the user name, e.g. nienke.") % {"value": username})
            elif role is None:
                errors.append(_("Unknown role “%(value)s”.") % {"value": role_text})
            elif status is None:
                errors.append(_("Unknown status “%(value)s”.") % {"value": status_text})
            elif user.pk in seen:
                errors.append(_("%(value)s is listed twice.") % {"value": username})
            else:
                seen.add(user.pk)
                seats.append(Seat(user=user, role=role, status=status))
        if errors:
            raise ValueError(" ".join(errors))
        return seats

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        return LIST_SEPARATOR.join(
            f"{seat.user.username}:{seat.role}:{seat.status}" for seat in sorted(value, key=lambda s: s.user.username)
        )


class MeetingResource(OverlegLookupMixin, SWNResource):
    """Meetings with the organisations at the table and the colleagues who go (role and status)."""

    lookups_class = DirectoryLookups

    uid = Column("uid", label=gettext_lazy("calendar UID"), widget=UUIDWidget())
    overleg = Column("overleg", label=gettext_lazy("overleg"), widget=OverlegWidget())
    title = Column("title", label=gettext_lazy("title"), required=True)
    start = Column("start", label=gettext_lazy("start"), widget=DateTimeWidget(), required=True)
    end = Column("end", label=gettext_lazy("end"), widget=DateTimeWidget(), required=True)
    location = Column("location", label=gettext_lazy("location"))
    online_url = Column("online_url", label=gettext_lazy("video link"))
    status = Column("status", label=gettext_lazy("status"), widget=ChoiceWidget(MeetingStatus.choices, required=True))
    agenda = Column("agenda", label=gettext_lazy("agenda"))
    outcome = Column("outcome", label=gettext_lazy("outcome"))
    organisations = Column(
        "organisations",
        label=gettext_lazy("organisations at the table"),
        widget=OrganisationWidget(many=True),
        m2m=True,
    )
    colleagues = Column(label=gettext_lazy("colleagues"), widget=AttendanceWidget())

    order_by = ("start", "title", "uid")
    key_label = gettext_lazy("calendar UID")

    class Meta(SWNResource.Meta):
        model = Meeting
        fields = (
            "uid", "overleg", "title", "start", "end", "location", "online_url", "status", "agenda", "outcome",
            "organisations", "colleagues",
        )  # fmt: skip

    def export_queryset(self, queryset):
        return (
            super()
            .export_queryset(queryset)
            .select_related("overleg")
            .prefetch_related(
                Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
                Prefetch("attendances", queryset=Attendance.objects.select_related("user")),
            )
        )

    def dehydrate_colleagues(self, meeting):
        seats = [Seat(user=a.user, role=a.role, status=a.status) for a in meeting.attendances.all()]
        return self.fields["colleagues"].widget.render(seats)

    def _meetings(self):
        if not hasattr(self, "_by_uid"):
            self._by_uid = {
                meeting.uid: meeting
                for meeting in Meeting.objects.select_related("overleg").prefetch_related(
                    Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
                    Prefetch("attendances", queryset=Attendance.objects.select_related("user")),
                )
            }
        return self._by_uid

    def match_key(self, values):
        return [("uid", values["uid"])] if values.get("uid") else []

    def find_existing(self, values):
        return self._meetings().get(values.get("uid")) if values.get("uid") else None

    def init_instance(self, row=None):
        return Meeting(uid=uuid.uuid4())

    def validate_row(self, instance, values):
        start, end = values.get("start", instance.start), values.get("end", instance.end)
        if start and end and end <= start:
            raise RowProblem({"end": _("The meeting must end after it starts.")})

    def do_instance_save(self, instance, is_create):
        # Through the planning service: a new calendar SEQUENCE, attendance diffed, history kept.
        values = instance._import_values
        current_seats = (
            []
            if is_create
            else [Seat(user=a.user, role=a.role, status=a.status) for a in instance.attendances.select_related("user")]
        )
        save_meeting(
            meeting=instance,
            organisations=values.get("organisations", [] if is_create else list(instance.organisations.all())),
            contacts=[] if is_create else list(instance.contacts.all()),
            seats=values.get("colleagues", current_seats),
        )

    def save_m2m(self, instance, row, **kwargs):
        """Organisations and colleagues are written by save_meeting in do_instance_save."""


class OverlegListResource(ListResource):
    """/overleggen/ as the page shows it: rhythm, next meeting and delegates of each overleg."""

    def headers(self):
        return [
            _("Name"),
            _("Kind"),
            _("Themes"),
            _("Organiser"),
            _("Rhythm"),
            _("Next meeting"),
            _("Delegates"),
            _("Active"),
            _("Page in the CRM"),
        ]

    def row(self, overleg):
        next_start = overleg.next_meeting_start
        return [
            overleg.name,
            overleg.get_kind_display(),
            ", ".join(theme.name for theme in overleg.themes.all()),
            overleg.organiser.name if overleg.organiser else _("Sociaal Werk Nederland"),
            overleg.rhythm_display,
            f"{timezone.localtime(next_start):%d-%m-%Y %H:%M}" if next_start else "",
            ", ".join(user.get_full_name() or user.username for user in overleg.delegates.all()),
            _("yes") if overleg.is_active else _("no"),
            self.link(reverse("meetings:overleg_detail", args=[overleg.pk])),
        ]
