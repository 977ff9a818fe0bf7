from django.db import migrations

from themes.defaults import SEVEN_THEMES, create_default_themes


def create_themes(apps, schema_editor):
    create_default_themes(apps.get_model("themes", "Theme"))


def remove_themes(apps, schema_editor):
    apps.get_model("themes", "Theme").objects.filter(slug__in=[slug for slug, *_ in SEVEN_THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("themes", "0001_initial")]

    operations = [migrations.RunPython(create_themes, remove_themes)]
