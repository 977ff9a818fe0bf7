"""Pictures of the field: relationship health, the stakeholder map, the network, and staff load.

Everything here is computed, never typed in: health from the last contact
(`relations.selectors.with_contact_summary()`, which later also counts contact moments), the
network from who sat at the same meeting table or in the same coalition, staff load from
meetings, their durations and the colleagues present. Each function runs a fixed number of
queries whatever the amount of data; the numbers are aggregated in SQL where they can grow.
"""

import dataclasses
import datetime
import math

from django.db.models import Count, DurationField, F, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lobby.models import Coalition, CoalitionPartner
from meetings.choices import AttendanceStatus, MeetingStatus
from meetings.models import Attendance, Meeting, Overleg
from overview.selectors import _count
from relations.selectors import COLD_AFTER
from stakeholders.choices import OrganisationKind
from stakeholders.models import Organisation
from swn_crm.models import User

# -- Relationship health ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class HealthBand:
    """A band of "days since the last contact", with a colour (CSS class) and a shape of its own."""

    key: str
    label: str
    short: str
    shape: str
    below_days: int | None  # the band holds contacts fewer than this many days ago; None: the rest

    @property
    def icon_path(self):
        """The band's shape for a 16 x 16 icon (legend, tables)."""
        return shape_path(self.shape, 8, 8, 5.5)


# 3, 6 and 12 months; 6 months is the same boundary as the "no contact for 6 months" filter.
HEALTH_BANDS = [
    HealthBand("recent", _("Contact in the last 3 months"), _("under 3 months"), "circle", 91),
    HealthBand("fading", _("Last contact 3 to 6 months ago"), _("3–6 months"), "square", COLD_AFTER.days),
    HealthBand("cold", _("Last contact 6 to 12 months ago"), _("6–12 months"), "triangle", 365),
    HealthBand("lost", _("Last contact over a year ago, or never"), _("over a year or never"), "diamond", None),
]
BANDS_BY_KEY = {band.key: band for band in HEALTH_BANDS}
# From this band on a relationship counts as cold (no contact for 6 months or more).
COLD_BANDS = ("cold", "lost")


def days_since(moment, *, today):
    """Whole days between `moment` (an aware datetime, or None) and `today` in Dutch time; None stays None."""
    if moment is None:
        return None
    return (today - timezone.localdate(moment)).days


def health_band(days):
    """The HealthBand for a contact `days` ago (None: never)."""
    if days is not None:
        for band in HEALTH_BANDS:
            if band.below_days is not None and days < band.below_days:
                return band
    return HEALTH_BANDS[-1]


def shape_path(shape, cx, cy, size):
    """An SVG path for a marker of `shape` centred on (cx, cy); `size` is about its radius."""
    if shape == "circle":
        return (
            f"M {cx - size:.1f} {cy:.1f} a {size:.1f} {size:.1f} 0 1 0 {2 * size:.1f} 0 "
            f"a {size:.1f} {size:.1f} 0 1 0 {-2 * size:.1f} 0 Z"
        )
    if shape == "square":
        s = size * 0.9
        return f"M {cx - s:.1f} {cy - s:.1f} H {cx + s:.1f} V {cy + s:.1f} H {cx - s:.1f} Z"
    if shape == "triangle":
        s = size * 1.2
        return f"M {cx:.1f} {cy - s:.1f} L {cx + s:.1f} {cy + s * 0.8:.1f} L {cx - s:.1f} {cy + s * 0.8:.1f} Z"
    s = size * 1.25  # diamond
    return f"M {cx:.1f} {cy - s:.1f} L {cx + s:.1f} {cy:.1f} L {cx:.1f} {cy + s:.1f} L {cx - s:.1f} {cy:.1f} Z"


def with_health(organisations, *, today):
    """Set `days_since_contact` and `health` on each organisation (annotated by with_contact_summary)."""
    for organisation in organisations:
        organisation.days_since_contact = days_since(organisation.last_contact_at, today=today)
        organisation.health = health_band(organisation.days_since_contact)
    return organisations


def relationship_health(organisations, *, today, listed=50):
    """The relationship health report over `organisations` (a list annotated by with_contact_summary).

    Returns the counts per band, the stakeholders without an owner, the ones going cold per band
    (longest ago first, at most `listed` each) and the owners with the most cold relationships.
    """
    organisations = with_health(list(organisations), today=today)
    by_band = {band.key: [] for band in HEALTH_BANDS}
    for organisation in organisations:
        by_band[organisation.health.key].append(organisation)

    def longest_ago(org):
        return (org.days_since_contact is not None, -(org.days_since_contact or 0), org.name)

    bands = []
    for band in HEALTH_BANDS:
        rows = sorted(by_band[band.key], key=longest_ago)
        bands.append(
            {
                "band": band,
                "count": len(rows),
                "never": sum(1 for org in rows if org.days_since_contact is None),
                "rows": rows[:listed],
            }
        )
    owners = {}
    for organisation in organisations:
        if organisation.owner is None:
            continue
        entry = owners.setdefault(organisation.owner.pk, {"owner": organisation.owner, "total": 0, "cold": 0})
        entry["total"] += 1
        entry["cold"] += organisation.health.key in COLD_BANDS
    owner_rows = sorted(
        (entry for entry in owners.values() if entry["cold"]),
        key=lambda entry: (-entry["cold"], -entry["cold"] / entry["total"], str(entry["owner"])),
    )
    for entry in owner_rows:
        entry["share"] = round(100 * entry["cold"] / entry["total"])
    no_owner = sorted((org for org in organisations if org.owner is None), key=longest_ago)
    return {
        "total": len(organisations),
        "bands": bands,
        "going_cold": [entry for entry in bands if entry["band"].key != "recent"],
        "no_owner": no_owner[:listed],
        "no_owner_count": len(no_owner),
        "owners": owner_rows,
        "listed": listed,
    }


# -- Stakeholder map (influence x interest) -----------------------------------------------------------

MAP_LEFT, MAP_TOP, MAP_CELL = 64, 16, 100
MAP_SIZE = 5 * MAP_CELL
MAP_WIDTH, MAP_HEIGHT = MAP_LEFT + MAP_SIZE + 16, MAP_TOP + MAP_SIZE + 56


@dataclasses.dataclass(frozen=True)
class Quadrant:
    key: str
    label: str
    advice: str
    high_influence: bool
    high_interest: bool


# A score of 3 counts as high: in doubt, pay attention. So the "high" half is three cells wide.
QUADRANTS = [
    Quadrant("tevreden", _("Keep satisfied"), _("High influence, less interest"), True, False),
    Quadrant("betrekken", _("Manage closely"), _("High influence and high interest"), True, True),
    Quadrant("monitoren", _("Monitor"), _("Less influence, less interest"), False, False),
    Quadrant("informeren", _("Keep informed"), _("Less influence, high interest"), False, True),
]
HIGH_FROM = 3


def quadrant_of(influence, interest):
    for quadrant in QUADRANTS:
        if quadrant.high_influence == (influence >= HIGH_FROM) and quadrant.high_interest == (interest >= HIGH_FROM):
            return quadrant
    raise ValueError(influence, interest)  # pragma: no cover


def _cell_origin(interest, influence):
    """The top-left corner of the cell for these scores (interest to the right, influence upwards)."""
    return MAP_LEFT + (interest - 1) * MAP_CELL, MAP_TOP + (5 - influence) * MAP_CELL


def place_in_cell(count):
    """Offsets (dx, dy) within a cell for `count` points, on a small grid, and the marker size.

    Deterministic: the same number of points always gets the same arrangement.
    """
    columns = math.ceil(math.sqrt(count)) if count else 1
    rows = math.ceil(count / columns) if count else 1
    step_x, step_y = MAP_CELL / (columns + 1), MAP_CELL / (rows + 1)
    size = max(2.5, min(8.0, min(step_x, step_y) * 0.38))
    offsets = [((index % columns + 1) * step_x, (index // columns + 1) * step_y) for index in range(count)]
    return offsets, size


def map_point_label(organisation):
    """What a point of the map says (its title and aria-label): name, scores and the last contact."""
    values = {"name": organisation, "influence": organisation.influence, "interest": organisation.interest}
    if organisation.last_contact_at:
        return gettext("%(name)s: influence %(influence)s, interest %(interest)s, last contact %(date)s (%(band)s)") % {
            **values,
            "date": date_format(timezone.localtime(organisation.last_contact_at), "j F Y"),
            "band": organisation.health.short,
        }
    return gettext("%(name)s: influence %(influence)s, interest %(interest)s, never any contact") % values


def stakeholder_map(organisations, *, today):
    """Points, quadrant areas, axes and legend for the influence x interest map of `organisations`.

    `organisations` is a list annotated by with_contact_summary; points sharing a cell are spread
    over it in name order, so the picture is the same every time.
    """
    organisations = with_health(list(organisations), today=today)
    cells = {}
    for organisation in sorted(organisations, key=lambda org: (org.name.lower(), org.pk)):
        organisation.quadrant = quadrant_of(organisation.influence, organisation.interest)
        cells.setdefault((organisation.interest, organisation.influence), []).append(organisation)
    points = []
    for (interest, influence), members in sorted(cells.items()):
        x0, y0 = _cell_origin(interest, influence)
        offsets, size = place_in_cell(len(members))
        for organisation, (dx, dy) in zip(members, offsets, strict=True):
            cx, cy = x0 + dx, y0 + dy
            points.append(
                {
                    "organisation": organisation,
                    "x": round(cx, 1),
                    "y": round(cy, 1),
                    "path": shape_path(organisation.health.shape, cx, cy, size),
                    "label": map_point_label(organisation),
                }
            )
    split = MAP_CELL * (HIGH_FROM - 1)  # cells below HIGH_FROM on each axis
    low_w, high_w = split, MAP_SIZE - split
    areas = []
    for quadrant in QUADRANTS:
        x = MAP_LEFT + (split if quadrant.high_interest else 0)
        y = MAP_TOP + (0 if quadrant.high_influence else high_w)
        width = high_w if quadrant.high_interest else low_w
        height = high_w if quadrant.high_influence else low_w
        areas.append(
            {
                "quadrant": quadrant,
                "x": x,
                "y": y,
                "width": width,
                "height": height,
                "label_x": x + width / 2,
                "label_y": y + (14 if quadrant.high_influence else height - 6),
                "count": sum(1 for org in organisations if org.quadrant == quadrant),
            }
        )
    ticks = [
        {
            "value": score,
            "x": MAP_LEFT + (score - 0.5) * MAP_CELL,
            "y": MAP_TOP + (5.5 - score) * MAP_CELL,
        }
        for score in range(1, 6)
    ]
    legend = [{"band": band, "count": sum(1 for org in organisations if org.health == band)} for band in HEALTH_BANDS]
    table = sorted(organisations, key=lambda org: (-org.influence, -org.interest, org.name.lower()))
    return {
        "points": points,
        "areas": areas,
        "ticks": ticks,
        "legend": legend,
        "rows": table,
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "left": MAP_LEFT,
        "top": MAP_TOP,
        "size": MAP_SIZE,
        "bottom": MAP_TOP + MAP_SIZE,
        "right": MAP_LEFT + MAP_SIZE,
        "split_x": MAP_LEFT + split,
        "split_y": MAP_TOP + high_w,
        "grid_x": [MAP_LEFT + k * MAP_CELL for k in range(6)],
        "grid_y": [MAP_TOP + k * MAP_CELL for k in range(6)],
        "x_label_y": MAP_TOP + MAP_SIZE + 44,
        "y_label_x": 18,
        "y_label_y": MAP_TOP + MAP_SIZE / 2,
        "tick_label_y": MAP_TOP + MAP_SIZE + 20,
        "tick_label_x": MAP_LEFT - 12,
    }


# -- Network: who meets whom ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Period:
    """A range of whole days in Dutch time, both ends included."""

    first: datetime.date
    last: datetime.date

    @classmethod
    def last_year(cls, *, today):
        return cls(first=today - datetime.timedelta(days=365), last=today)

    def bounds(self):
        """[start, end) as aware datetimes: midnight of the first day to midnight after the last."""
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.first, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(self.last + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        return start, end


def _meetings_in(period):
    start, end = period.bounds()
    return Meeting.objects.not_cancelled().filter(start__gte=start, start__lt=end)


def meeting_ties(*, period, among=None, of=None):
    """{(a, b): shared meetings}: organisations at the same not-cancelled meeting table within `period`.

    One aggregate query: the meeting-organisations table joined to itself on the meeting.
    `among` (a queryset of organisation ids) keeps only ties between those organisations, each
    pair once with a < b. `of` (an organisation id) gives that organisation's ties as (of, other).
    """
    Through = Meeting.organisations.through
    rows = Through.objects.filter(meeting__in=_meetings_in(period).values("pk")).annotate(
        other=F("meeting__organisations")
    )
    return _pairs(rows, among=among, of=of, count="meeting_id")


def coalition_ties(*, period, among=None, of=None):
    """{(a, b): shared coalitions}: partners of the same coalition whose period overlaps `period`."""
    coalitions = Coalition.objects.overlapping(period.first, period.last)
    rows = CoalitionPartner.objects.filter(coalition__in=coalitions.values("pk")).annotate(
        other=F("coalition__partners__organisation")
    )
    return _pairs(rows, among=among, of=of, count="coalition_id")


def _pairs(rows, *, among, of, count):
    if of is not None:
        rows = rows.filter(organisation_id=of).exclude(other=of)
    else:
        rows = rows.filter(organisation_id__lt=F("other"))
    if among is not None:
        rows = rows.filter(organisation_id__in=among, other__in=among)
    rows = rows.order_by().values("organisation_id", "other").annotate(n=Count(count))
    return {(row["organisation_id"], row["other"]): row["n"] for row in rows}


def combined_ties(*, period, among=None, of=None):
    """{(a, b): {"meetings": n, "coalitions": m, "weight": n + m}} over both kinds of tie."""
    ties = {}
    for kind, found in (
        ("meetings", meeting_ties(period=period, among=among, of=of)),
        ("coalitions", coalition_ties(period=period, among=among, of=of)),
    ):
        for pair, n in found.items():
            entry = ties.setdefault(pair, {"meetings": 0, "coalitions": 0})
            entry[kind] = n
    for entry in ties.values():
        entry["weight"] = entry["meetings"] + entry["coalitions"]
    return ties


def closest_partners(organisation, *, period, limit=8):
    """The organisations that most often share a meeting table or a coalition with `organisation`.

    A list of {"organisation", "meetings", "coalitions", "weight"}, heaviest first, at most
    `limit`. Three queries, whatever the number of ties.
    """
    ties = combined_ties(period=period, of=organisation.pk)
    ranked = sorted(ties.items(), key=lambda item: (-item[1]["weight"], -item[1]["meetings"], item[0][1]))[:limit]
    others = Organisation.objects.in_bulk([pair[1] for pair, _entry in ranked])
    return [{"organisation": others[pair[1]], **entry} for pair, entry in ranked if pair[1] in others]


NET_SIZE, NET_RADIUS = 800, 240
NET_CENTRE = NET_SIZE / 2


def _label(organisation, length=26):
    """A short label for the picture: the acronym, or the name with a long first word abbreviated
    ("Huisartsencoöp. Den Helder"), cut off with … when still too long. The full name is in the link."""
    text = organisation.acronym or organisation.name
    if len(text) > length and " " in text:
        first, rest = text.split(" ", 1)
        if len(first) > 14:
            text = f"{first[:14]}. {rest}"
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def theme_network(theme, *, period, node_limit=40, edge_limit=100):
    """The network of the organisations of `theme`: nodes on a circle grouped by kind, weighted edges.

    Nodes are the organisations of the theme with at least one tie in `period`; when there are
    more than `node_limit`, the picture keeps the most connected ones (the table keeps every
    edge up to `edge_limit`, heaviest first). Node size shows the meetings with SWN in the period.
    Four queries, whatever the number of organisations.
    """
    among = Organisation.objects.filter(themes=theme).values("pk")
    ties = combined_ties(period=period, among=among)
    strength = {}
    for (a, b), entry in ties.items():
        strength[a] = strength.get(a, 0) + entry["weight"]
        strength[b] = strength.get(b, 0) + entry["weight"]
    start, end = period.bounds()
    swn_meetings = _count(_meetings_in(period).filter(organisations=OuterRef("pk")))
    organisations = Organisation.objects.filter(pk__in=list(strength)).annotate(swn_meetings=swn_meetings)
    by_pk = {org.pk: org for org in organisations}
    kind_order = {value: index for index, value in enumerate(OrganisationKind.values)}
    ranked = sorted(by_pk.values(), key=lambda org: (-strength[org.pk], org.name.lower()))
    shown = ranked[:node_limit]
    shown_ids = {org.pk for org in shown}
    shown.sort(key=lambda org: (kind_order.get(org.kind, 99), org.name.lower(), org.pk))
    most_meetings = max([org.swn_meetings for org in shown] + [1])
    nodes = []
    for index, org in enumerate(shown):
        angle = 2 * math.pi * index / max(len(shown), 1) - math.pi / 2
        x = NET_CENTRE + NET_RADIUS * math.cos(angle)
        y = NET_CENTRE + NET_RADIUS * math.sin(angle)
        label_x = NET_CENTRE + (NET_RADIUS + 12) * math.cos(angle)
        label_y = NET_CENTRE + (NET_RADIUS + 12) * math.sin(angle)
        right = math.cos(angle) >= 0
        nodes.append(
            {
                "organisation": org,
                "x": round(x, 1),
                "y": round(y, 1),
                "r": round(4 + 6 * org.swn_meetings / most_meetings, 1),
                "label": _label(org),
                "label_x": round(label_x, 1),
                "label_y": round(label_y + 3, 1),
                "anchor": "start" if right else "end",
                "rotate": round(math.degrees(angle) if right else math.degrees(angle) + 180, 1),
                "strength": strength[org.pk],
            }
        )
    position = {node["organisation"].pk: node for node in nodes}
    heaviest = max([entry["weight"] for entry in ties.values()] + [1])
    edges = []
    for (a, b), entry in sorted(ties.items(), key=lambda item: (-item[1]["weight"], item[0])):
        edges.append(
            {
                "a": by_pk[a],
                "b": by_pk[b],
                **entry,
                "drawn": a in shown_ids and b in shown_ids,
            }
        )
    lines = [
        {
            "x1": position[edge["a"].pk]["x"],
            "y1": position[edge["a"].pk]["y"],
            "x2": position[edge["b"].pk]["x"],
            "y2": position[edge["b"].pk]["y"],
            "width": round(0.75 + 4.5 * edge["weight"] / heaviest, 2),
            "coalition_only": edge["meetings"] == 0,
            **edge,
        }
        for edge in reversed(edges)  # the heaviest drawn last, on top
        if edge["drawn"]
    ]
    kinds = {org.kind: org.get_kind_display() for org in shown}
    return {
        "nodes": nodes,
        "kinds": [{"kind": kind, "label": label} for kind, label in kinds.items()],
        "lines": lines,
        "edges": edges[:edge_limit],
        "edge_count": len(edges),
        "edge_limit": edge_limit,
        "node_count": len(by_pk),
        "node_limit": node_limit,
        "size": NET_SIZE,
        "centre": NET_CENTRE,
        "start": start,
        "end": end,
    }


# -- Staff load -------------------------------------------------------------------------------------


def month_starts(*, today, count=12):
    """The first days of the last `count` months, oldest first, ending with the current month."""
    months = []
    year, month = today.year, today.month
    for _step in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _hours(duration):
    return round(duration.total_seconds() / 3600, 1) if duration else 0


def staff_load(*, now=None, months=12, top=10):
    """Hours in overleggen per colleague per month over the last `months` months, and the costliest overleggen.

    An hour counts for a colleague when they were marked present ("aanwezig") at a meeting of an
    overleg that was not cancelled: the meeting's duration. The same rule as
    `Overleg.objects.with_time_spent`, so the overleggen's hours add up to the table's total.
    Four queries: colleagues, the sums per colleague and month, the overleggen and their delegates.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    tz = timezone.get_current_timezone()
    firsts = month_starts(today=today, count=months)
    since = datetime.datetime.combine(firsts[0], datetime.time.min, tzinfo=tz)
    sums = (
        Attendance.objects.filter(
            status=AttendanceStatus.AANWEZIG,
            meeting__overleg__isnull=False,
            meeting__start__gte=since,
            meeting__start__lt=now,
        )
        .exclude(meeting__status=MeetingStatus.GEANNULEERD)
        .annotate(month=TruncMonth("meeting__start", tzinfo=tz))
        .order_by()
        .values("user_id", "month")
        .annotate(total=Sum(F("meeting__end") - F("meeting__start"), output_field=DurationField()))
    )
    cells = {}
    for row in sums:
        month = timezone.localtime(row["month"], tz).date().replace(day=1) if row["month"] else None
        cells[(row["user_id"], month)] = cells.get((row["user_id"], month), datetime.timedelta()) + row["total"]
    user_ids = {user_id for user_id, _month in cells}
    # Everyone who is a colleague now, and anyone who spent hours then (a colleague who left).
    colleagues = list(
        User.objects.filter(Q(pk__in=user_ids) | Q(is_active=True, is_colleague=True)).order_by(
            "first_name", "last_name"
        )
    )
    rows = []
    column_totals = [datetime.timedelta()] * len(firsts)
    for colleague in colleagues:
        durations = [cells.get((colleague.pk, first), datetime.timedelta()) for first in firsts]
        column_totals = [a + b for a, b in zip(column_totals, durations, strict=True)]
        total = sum(durations, datetime.timedelta())
        rows.append({"colleague": colleague, "hours": [_hours(d) for d in durations], "total": _hours(total)})
    rows.sort(key=lambda row: (-row["total"], str(row["colleague"])))
    overleggen = list(
        Overleg.objects.with_time_spent(since=since, until=now)
        .filter(time_spent__gt=datetime.timedelta())
        .select_related("organiser")
        .prefetch_related("delegates")
        .order_by("-time_spent", "name")[:top]
    )
    grand_total = sum(column_totals, datetime.timedelta())
    return {
        "months": firsts,
        "rows": rows,
        "column_totals": [_hours(d) for d in column_totals],
        "grand_total": _hours(grand_total),
        "overleggen": overleggen,
        "since": firsts[0],
        "top": top,
    }
