from django.db import migrations

THEMES = [
    ("sociale-basis-preventie", "Sociale basis & preventie",
     "Een sterke sociale basis in buurten en wijken die problemen voorkomt: informele netwerken, "
     "vrijwilligers en laagdrempelige voorzieningen."),
    ("armoede-schulden", "Armoede & schulden",
     "Armoedebestrijding en schuldhulpverlening, met aandacht voor werkenden, ouderen, ggz-cliënten "
     "en statushouders."),
    ("jeugd-opvoeding", "Jeugd & opvoeding",
     "Jongerenwerk, opvoedondersteuning en de samenwerking met jeugdzorg en onderwijs."),
    ("inclusieve-samenleving", "Inclusieve samenleving & participatie",
     "Meedoen in de samenleving voor iedereen: participatie, eenzaamheid, integratie en inclusie."),
    ("politiek-lobby", "Politiek & lobby",
     "Belangenbehartiging richting Rijk, gemeenten en Tweede Kamer, en erkenning van het sociaal werk."),
    ("sociaal-gezond", "Sociaal & gezond",
     "Sociaal maakt gezond: samenwerking met huisartsen, wijkverpleging en ouderenzorg, preventie en "
     "leefstijl."),
    ("sociaal-werk-wijk", "Sociaal werk in de wijk",
     "Sociaal werkers, wijkteams en buurtwerk: vakmanschap en ruimte voor de professional."),
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("themes", "Theme")
    for order, (slug, name, description) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )


def remove_themes(apps, schema_editor):
    apps.get_model("themes", "Theme").objects.filter(slug__in=[slug for slug, *_ in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("themes", "0001_initial")]

    operations = [migrations.RunPython(create_themes, remove_themes)]
