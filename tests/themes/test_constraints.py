"""A theme's invariants live in the database: this bypasses Python validation and hits the constraint."""

import pytest

from tests.factories import ThemeFactory
from tests.helpers import assert_rejected
from themes.models import Theme

pytestmark = pytest.mark.django_db


def test_theme_slugs_are_unique():
    ThemeFactory(slug="uniek")
    assert_rejected(lambda: Theme.objects.create(slug="uniek", name="Dubbel"))
