"""Forms for planning in the application: overleggen with their rhythm, meetings with their colleagues."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import from_current_timezone
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from core.concurrency import ConcurrencyGuardMixin
from core.ids import ModelMultipleChoiceField, formfield, parse_id
from meetings.choices import (
    ADDED_VALUE_CHOICES,
    AttendanceRole,
    AttendanceStatus,
    ReviewDecision,
    RhythmFrequency,
    WeekOfMonth,
)
from meetings.models import Meeting, Overleg, OverlegReview
from meetings.recurrence import Rhythm, describe_rule, validate_rule
from stakeholders.models import ContactPerson, Organisation
from swn_crm.models import User

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
LIST_SIZE = 10


def _colleagues(including=()):
    """The colleagues to choose from, plus anyone already chosen who is no longer one."""
    ids = [user.pk for user in including]
    return User.objects.filter(Q(is_active=True, is_colleague=True) | Q(pk__in=ids)).order_by("first_name", "last_name")


class KeepOrAddMixin:
    """Many-to-many choices among hundreds of options, made safe without JavaScript.

    What is chosen shows as ticked checkboxes (untick to remove) and a separate list adds more,
    so one click without Ctrl in a long multiple select can never silently drop the others.
    `keep_or_add` maps a field name to the label of its "add" list; after `clean()` the field's
    cleaned value holds the kept and the added objects together.
    """

    keep_or_add = {}

    def _ids(self, name):
        """The ids chosen in field `name`: posted ones on a bound form, else the initial ones."""
        if self.is_bound:
            posted = (parse_id(str(value)) for value in self.data.getlist(self.add_prefix(name)))
            return [pk for pk in posted if pk is not None]
        value = self.initial.get(name) or []
        return [getattr(item, "pk", item) for item in value]

    def _setup_keep_or_add(self):
        for name, add_label in self.keep_or_add.items():
            field = self.fields[name]
            everything = field.queryset
            shown = set(self._ids(name))
            if self.instance.pk:
                shown |= set(getattr(self.instance, name).values_list("pk", flat=True))
            field.widget = forms.CheckboxSelectMultiple()  # before the queryset, which hands it the choices
            field.queryset = everything.filter(pk__in=shown)
            field.required = False
            field.help_text = _("Untick to remove.") if shown else _("None yet: add them in the list below.")
            self.fields[f"add_{name}"] = ModelMultipleChoiceField(
                label=add_label,
                queryset=everything,
                required=False,
                widget=forms.SelectMultiple(attrs={"size": LIST_SIZE}),
                help_text=_("Hold Ctrl (Cmd on a Mac) to choose more than one."),
            )

    def _merge_keep_or_add(self, cleaned):
        for name in self.keep_or_add:
            chosen = [*(cleaned.get(name) or []), *(cleaned.get(f"add_{name}") or [])]
            cleaned[name] = list({item.pk: item for item in chosen}.values())


class OverlegForm(ConcurrencyGuardMixin, KeepOrAddMixin, forms.ModelForm):
    """An overleg with its rhythm, chosen in plain words; the RRULE is built from the choices."""

    keep_or_add = {"organisations": _("Add participating organisations")}

    frequency = forms.ChoiceField(label=_("Rhythm"), choices=RhythmFrequency.choices, required=False)
    interval = forms.IntegerField(
        label=_("Every how many weeks or months"),
        min_value=1,
        max_value=12,
        initial=1,
        required=False,
        help_text=_("1 = every week or month, 2 = every other week or month, and so on."),
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        choices=[("", "---------"), *((day, label) for day, label in WEEKDAYS.items())],
        coerce=int,
        empty_value=None,
        required=False,
    )
    week_of_month = forms.TypedChoiceField(
        label=_("Which week of the month"),
        choices=[("", "---------"), *WeekOfMonth.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Only for a monthly rhythm: e.g. the 2nd Tuesday, or the last Friday."),
    )

    class Meta:
        formfield_callback = formfield
        model = Overleg
        fields = [
            "name",
            "kind",
            "purpose",
            "organiser",
            "themes",
            "is_active",
            "organisations",
            "delegates",
            "recurrence_start",
            "start_time",
            "end_time",
            "location",
            "online_url",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
            "delegates": forms.CheckboxSelectMultiple,
            "recurrence_start": DATE_WIDGET,
            "start_time": TIME_WIDGET,
            "end_time": TIME_WIDGET,
        }
        labels = {"recurrence_start": _("First possible date")}
        help_texts = {"recurrence_start": _("Meetings are planned from this date on.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = Organisation.objects.order_by("name")
        self.fields["organiser"].empty_label = _("Sociaal Werk Nederland (organises it itself)")
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")
        self._setup_keep_or_add()
        current = list(self.instance.delegates.all()) if self.instance.pk else []
        self.fields["delegates"].queryset = _colleagues(current)
        self.fields["start_time"].label = _("Start time")
        self.fields["end_time"].label = _("End time")
        rule = self.instance.recurrence_rule
        rhythm = Rhythm.from_rule(rule) if rule else None
        frequency = self.fields["frequency"]
        if rule and rhythm is None:
            # A rule the form cannot express (set in the admin) is kept unless another is chosen.
            frequency.initial = RhythmFrequency.CUSTOM
            frequency.choices = [
                (value, label if value != RhythmFrequency.CUSTOM else f"{label}: {describe_rule(rule)}")
                for value, label in RhythmFrequency.choices
            ]
        else:
            frequency.choices = [c for c in RhythmFrequency.choices if c[0] != RhythmFrequency.CUSTOM]
        if rhythm:
            self.initial.update(
                frequency=rhythm.frequency,
                interval=rhythm.interval,
                weekday=rhythm.weekday,
                week_of_month=rhythm.week_of_month,
            )
        self.helper = FormHelper()
        self.helper.render_hidden_fields = True  # the concurrency snapshot
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("The overleg"),
                "name",
                Row(Column("kind", css_class="col-md-6"), Column("organiser", css_class="col-md-6")),
                "purpose",
                "themes",
                "is_active",
            ),
            Fieldset(
                _("At the table"),
                Row(Column("organisations", css_class="col-md-6"), Column("add_organisations", css_class="col-md-6")),
                "delegates",
            ),
            Fieldset(
                _("Rhythm"),
                Row(Column("frequency", css_class="col-md-6"), Column("interval", css_class="col-md-6")),
                Row(Column("weekday", css_class="col-md-6"), Column("week_of_month", css_class="col-md-6")),
                Row(
                    Column("recurrence_start", css_class="col-md-4"),
                    Column("start_time", css_class="col-md-4"),
                    Column("end_time", css_class="col-md-4"),
                ),
            ),
            Fieldset(
                _("Place"),
                Row(Column("location", css_class="col-md-6"), Column("online_url", css_class="col-md-6")),
            ),
        )

    def _post_clean(self):
        # The model's own checks repeat the form's; run them only on input the form accepted.
        if not self.errors:
            super()._post_clean()

    def clean(self):
        cleaned = super().clean()
        self._merge_keep_or_add(cleaned)
        start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
        if start_time and end_time and end_time <= start_time:
            self.add_error("end_time", _("The end time must be after the start time."))
        frequency = cleaned.get("frequency")
        if frequency == RhythmFrequency.CUSTOM:
            return cleaned  # keep the stored rule as it is
        if not frequency:
            self.instance.recurrence_rule = ""
            return cleaned
        needed = ["weekday", "recurrence_start", "start_time", "end_time"]
        if frequency == RhythmFrequency.MONTHLY:
            needed.append("week_of_month")
        for name in needed:
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, _("A rhythm needs this."))
        if self.errors:
            return cleaned
        rhythm = Rhythm(
            frequency=frequency,
            weekday=cleaned["weekday"],
            interval=cleaned.get("interval") or 1,
            week_of_month=cleaned.get("week_of_month") if frequency == RhythmFrequency.MONTHLY else None,
        )
        rule = rhythm.to_rule()
        try:
            validate_rule(rule, dtstart=datetime.datetime.combine(cleaned["recurrence_start"], cleaned["start_time"]))
        except ValidationError as error:
            self.add_error("frequency", error)
            return cleaned
        self.instance.recurrence_rule = rule
        return cleaned


class MeetingForm(ConcurrencyGuardMixin, KeepOrAddMixin, forms.ModelForm):
    """A meeting: when and where, what is on the agenda, who is at the table."""

    # Set from the separate date and time inputs; the seats are saved with the form.
    concurrency_extra_fields = ("start", "end")

    def extra_snapshot(self, instance):
        return attendance_snapshot(instance)

    def extra_snapshot_labels(self):
        return {"attendance": _("Colleagues")}

    keep_or_add = {"organisations": _("Add organisations"), "contacts": _("Add contact persons")}

    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    start_time = forms.TimeField(label=_("From"), widget=TIME_WIDGET)
    end_time = forms.TimeField(label=_("Until"), widget=TIME_WIDGET)
    end_date = forms.DateField(
        label=_("End date"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Only when it lasts more than one day."),
    )

    class Meta:
        formfield_callback = formfield
        model = Meeting
        fields = ["overleg", "title", "location", "online_url", "agenda", "organisations", "contacts"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overleg"].queryset = Overleg.objects.order_by("name")
        self.fields["overleg"].empty_label = _("None: a meeting on its own")
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")
        self._setup_keep_or_add()
        if self.instance.pk:
            start, end = timezone.localtime(self.instance.start), timezone.localtime(self.instance.end)
            self.initial.setdefault("date", start.date())
            self.initial.setdefault("start_time", start.time())
            self.initial.setdefault("end_time", end.time())
            if end.date() != start.date():
                self.initial.setdefault("end_date", end.date())
        self._limit_contacts()
        self.helper = FormHelper()
        self.helper.render_hidden_fields = True  # the concurrency snapshot
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("When and where"),
                "overleg",
                "title",
                Row(
                    Column("date", css_class="col-6 col-md-3"),
                    Column("start_time", css_class="col-6 col-md-3"),
                    Column("end_time", css_class="col-6 col-md-3"),
                    Column("end_date", css_class="col-6 col-md-3"),
                ),
                Row(Column("location", css_class="col-md-6"), Column("online_url", css_class="col-md-6")),
                "agenda",
            ),
            Fieldset(
                _("At the table"),
                Row(Column("organisations", css_class="col-md-6"), Column("add_organisations", css_class="col-md-6")),
                Row(Column("contacts", css_class="col-md-6"), Column("add_contacts", css_class="col-md-6")),
            ),
        )

    def _limit_contacts(self):
        """Offer to add the contacts of the chosen organisations (all when none yet), grouped, in one query."""
        organisation_ids = self._ids("organisations") + self._ids("add_organisations")
        if self.instance.pk and not self.is_bound:
            organisation_ids += list(self.instance.organisations.values_list("pk", flat=True))
        contacts = ContactPerson.objects.select_related("organisation").filter(is_active=True)
        if organisation_ids:
            # Contacts picked from the full list in the same go stay valid.
            contacts = contacts.filter(Q(organisation__in=organisation_ids) | Q(pk__in=self._ids("add_contacts")))
        contacts = contacts.order_by("organisation__name", "name")
        groups = {}
        for contact in contacts:
            groups.setdefault(str(contact.organisation), []).append((contact.pk, _contact_label(contact)))
        add = self.fields["add_contacts"]
        add.queryset = contacts
        add.choices = list(groups.items())
        add.help_text = _(
            "The contact persons of the organisations at the table (all contact persons while no organisation is "
            "chosen; save to narrow the list). Hold Ctrl (Cmd on a Mac) to choose more than one."
        )
        kept = self.fields["contacts"]
        kept.queryset = kept.queryset.select_related("organisation").order_by("name")
        kept.label_from_instance = lambda contact: f"{_contact_label(contact)} ({contact.organisation})"

    def _post_clean(self):
        # The model's own checks repeat the form's; run them only on input the form accepted.
        if not self.errors:
            super()._post_clean()

    def clean(self):
        cleaned = super().clean()
        self._merge_keep_or_add(cleaned)
        day, start_time, end_time = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if "end_date" in self.errors or not (day and start_time and end_time):
            return cleaned
        start = datetime.datetime.combine(day, start_time)
        end = datetime.datetime.combine(cleaned.get("end_date") or day, end_time)
        if end <= start:
            self.add_error("end_time", _("The end time must be after the start time."))
            return cleaned
        # Entered on the Dutch wall clock; a time that does not exist or occurs twice on the day
        # the clocks change is a form error, not a guess.
        try:
            self.instance.start = from_current_timezone(start)
        except ValidationError as error:
            self.add_error("start_time", error)
        try:
            self.instance.end = from_current_timezone(end)
        except ValidationError as error:
            self.add_error("end_time", error)
        return cleaned


def attendance_snapshot(meeting):
    """Who goes, in which role and with which answer: a colleague's answer must not be overwritten unseen."""
    attendances = sorted(meeting.attendances.select_related("user"), key=lambda a: a.user_id)
    value = ";".join(f"{a.user_id}:{a.role}:{a.status}" for a in attendances)
    shown = "; ".join(
        f"{a.user} ({a.get_role_display().lower()}, {a.get_status_display().lower()})" for a in attendances
    )
    return {"attendance": [value, shown]}


def _contact_label(contact):
    return f"{contact.name}, {contact.job_title}" if contact.job_title else contact.name


class SeatForm(forms.Form):
    """One row of the colleagues list on the meeting form."""

    user = forms.TypedChoiceField(label=_("Colleague"), coerce=int, empty_value=None, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=AttendanceRole.choices, initial=AttendanceRole.DEELNEMER)
    status = forms.ChoiceField(
        label=_("Status"), choices=AttendanceStatus.choices, initial=AttendanceStatus.UITGENODIGD
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.colleagues = colleagues
        self.fields["user"].choices = [("", "---------"), *((user.pk, str(user)) for user in colleagues.values())]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def clean_user(self):
        user_id = self.cleaned_data["user"]
        return self.colleagues.get(user_id) if user_id is not None else None


class BaseSeatFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            user = form.cleaned_data.get("user")
            if user is None:
                continue
            if user.pk in seen:
                raise ValidationError(_("%(name)s is on the list twice.") % {"name": user})
            seen.add(user.pk)

    def seats(self):
        """The colleagues as chosen: rows without a colleague and rows marked for removal left out."""
        from meetings.services import Seat

        return [
            Seat(user=form.cleaned_data["user"], role=form.cleaned_data["role"], status=form.cleaned_data["status"])
            for form in self.forms
            if form.cleaned_data.get("user") and not (self.can_delete and self._should_delete_form(form))
        ]


SeatFormSet = forms.formset_factory(SeatForm, formset=BaseSeatFormSet, extra=3, can_delete=True, max_num=60)


def seat_formset(*, data=None, seats=(), prefix="seats"):
    """The colleagues list, prefilled with `seats` (users with role and status), sharing one colleague query."""
    colleagues = {user.pk: user for user in _colleagues([seat["user"] for seat in seats])}
    initial = [{"user": seat["user"].pk, "role": seat["role"], "status": seat["status"]} for seat in seats]
    return SeatFormSet(data=data, initial=initial, prefix=prefix, form_kwargs={"colleagues": colleagues})


class OutcomeForm(ConcurrencyGuardMixin, forms.Form):
    """After the meeting: what came out of it and which colleagues were there."""

    concurrency_extra_fields = ("status",)

    def concurrency_instance(self):
        return self.meeting

    def extra_snapshot(self, instance):
        return attendance_snapshot(instance)

    def extra_snapshot_labels(self):
        return {"attendance": _("Colleagues")}

    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was decided or agreed, and what SWN will do next."),
    )
    present = ModelMultipleChoiceField(
        label=_("Colleagues who were there"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, meeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)
        attendances = list(meeting.attendances.select_related("user"))
        self.fields["present"].queryset = User.objects.filter(pk__in=[a.user_id for a in attendances]).order_by(
            "first_name", "last_name"
        )
        if meeting.is_held:
            present = [a.user_id for a in attendances if a.status == AttendanceStatus.AANWEZIG]
        else:
            present = [a.user_id for a in attendances if a.status != AttendanceStatus.AFGEMELD]
        self.initial.setdefault("present", present)
        self.initial.setdefault("outcome", meeting.outcome)
        self.helper = FormHelper()
        self.helper.render_hidden_fields = True  # the concurrency snapshot
        self.helper.form_tag = False


class OverlegReviewForm(forms.ModelForm):
    """The yearly value review: added value, what it yielded, the decision and why.

    The time cost is not asked: it is computed from the meetings when the review is saved.
    """

    confirm_stop = forms.BooleanField(
        label=_("I understand that “Stop” ends this overleg now."),
        required=False,
    )

    class Meta:
        model = OverlegReview
        fields = ["added_value", "yielded", "decision", "rationale"]
        widgets = {
            "added_value": forms.RadioSelect,
            "decision": forms.RadioSelect,
            "yielded": forms.Textarea(attrs={"rows": 4}),
            "rationale": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"added_value": _("Added value for SWN and its members")}
        help_texts = {
            "yielded": _("What did taking part bring SWN or its members in the past year?"),
            "decision": _(
                "“Scale down” and “Hand over to a member” are recorded only: plan the change yourself. "
                "“Stop” ends the overleg at once: the overleg becomes inactive, its future meetings are "
                "cancelled (kept, struck through) and its delegates are released."
            ),
            "rationale": _("Why this decision? Colleagues will read this when the overleg comes up again."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["added_value"].choices = ADDED_VALUE_CHOICES
        self.fields["decision"].choices = ReviewDecision.choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        # "confirm_stop" is rendered by the template, below what stopping would change.
        self.helper.layout = Layout("added_value", "yielded", "decision", "rationale")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == ReviewDecision.STOPPEN and not cleaned.get("confirm_stop"):
            self.add_error("confirm_stop", _("Tick this to confirm that the overleg stops."))
        return cleaned
