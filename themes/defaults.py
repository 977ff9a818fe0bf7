"""The seven themes of SWN's work (DOMAIN.md), used by the data migration and the demo set-up."""

SEVEN_THEMES = [
    (
        "sociale-basis-preventie",
        "Sociale basis & preventie",
        "Een sterke sociale basis in buurten en wijken die problemen voorkomt: informele netwerken, "
        "vrijwilligers en laagdrempelige voorzieningen.",
    ),
    (
        "armoede-schulden",
        "Armoede & schulden",
        "Armoedebestrijding en schuldhulpverlening, met aandacht voor werkenden, ouderen, ggz-cliënten "
        "en statushouders.",
    ),
    (
        "jeugd-opvoeding",
        "Jeugd & opvoeding",
        "Jongerenwerk, opvoedondersteuning en de samenwerking met jeugdzorg en onderwijs.",
    ),
    (
        "inclusieve-samenleving",
        "Inclusieve samenleving & participatie",
        "Meedoen in de samenleving voor iedereen: participatie, eenzaamheid, integratie en inclusie.",
    ),
    (
        "politiek-lobby",
        "Politiek & lobby",
        "Belangenbehartiging richting Rijk, gemeenten en Tweede Kamer, en erkenning van het sociaal werk.",
    ),
    (
        "sociaal-gezond",
        "Sociaal & gezond",
        "Sociaal maakt gezond: samenwerking met huisartsen, wijkverpleging en ouderenzorg, preventie en leefstijl.",
    ),
    (
        "sociaal-werk-wijk",
        "Sociaal werk in de wijk",
        "Sociaal werkers, wijkteams en buurtwerk: vakmanschap en ruimte voor de professional.",
    ),
]


def create_default_themes(Theme):
    """Create or update the seven themes on `Theme` (the real model or a migration's historical one)."""
    for order, (slug, name, description) in enumerate(SEVEN_THEMES, start=1):
        Theme.objects.update_or_create(slug=slug, defaults={"name": name, "description": description, "order": order})
