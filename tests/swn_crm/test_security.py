import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from swn_crm.models import User
from swn_crm.services import deactivate_colleague
from tests.factories import UserFactory
from tests.helpers import local

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]


def post_login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


def test_five_failed_logins_lock_the_username_for_that_address(client):
    UserFactory(username="sanne", password="een-lang-genoeg-wachtwoord")
    for _ in range(5):
        post_login(client, "sanne", "fout")
    response = post_login(client, "sanne", "een-lang-genoeg-wachtwoord")
    assert response.status_code == 429
    assert "15 minuten" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_username_does_not_lock_colleagues(client):
    UserFactory(username="sanne")
    UserFactory(username="joost", password="een-lang-genoeg-wachtwoord")
    for _ in range(5):
        post_login(client, "sanne", "fout")
    response = post_login(client, "joost", "een-lang-genoeg-wachtwoord")
    assert response.status_code == 302


def test_fewer_than_five_failures_do_not_lock(client):
    UserFactory(username="sanne", password="een-lang-genoeg-wachtwoord")
    for _ in range(4):
        post_login(client, "sanne", "fout")
    assert post_login(client, "sanne", "een-lang-genoeg-wachtwoord").status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [("kort-1", "minimaal 12 tekens"), ("password1234", "te algemeen")],
)
def test_weak_passwords_are_refused(password, message):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("nl"), pytest.raises(ValidationError) as error:
        validate_password(password)
    assert message in " ".join(error.value.messages)


def test_admin_invites_a_new_colleague_without_mailing_a_password(admin_client_):
    response = admin_client_.post(
        reverse("admin:swn_crm_user_add"),
        {
            "username": "femke",
            "first_name": "Femke",
            "last_name": "Jong",
            "email": "femke@sociaalwerknederland.nl",
            "job_title": "Adviseur",
            "groups": [1],
        },
    )
    assert response.status_code == 302
    femke = User.objects.get(username="femke")
    assert not femke.has_usable_password()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["femke@sociaalwerknederland.nl"]
    link = re.search(r"http://testserver(/accounts/invitation/\S+/)", body).group(1)

    client = Client()
    page = client.get(link, follow=True)
    assert "Welkom bij SWN CRM" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "koffie-in-de-wijk-2026", "new_password2": "koffie-in-de-wijk-2026"})
    assert done.status_code == 302
    femke.refresh_from_db()
    assert femke.check_password("koffie-in-de-wijk-2026")
    # The link works once.
    again = Client().get(link, follow=True)
    assert "niet meer geldig" in again.content.decode()


def test_password_reset_mails_a_link_that_sets_a_new_password(client):
    user = UserFactory(username="eva", email="eva@sociaalwerknederland.nl")
    client.post(reverse("password_reset"), {"email": "eva@sociaalwerknederland.nl"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "lange-zin-als-wachtwoord", "new_password2": "lange-zin-als-wachtwoord"},
    )
    user.refresh_from_db()
    assert user.check_password("lange-zin-als-wachtwoord")


def test_password_reset_does_not_reveal_unknown_addresses(client):
    response = client.post(reverse("password_reset"), {"email": "onbekend@example.nl"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_deactivating_a_colleague_ends_their_sessions(client, viewer, editor):
    client.force_login(viewer)
    other = Client()
    other.force_login(editor)
    assert client.get("/").status_code == 200

    ended = deactivate_colleague(user=viewer)

    assert ended == 1
    assert client.get("/").status_code == 302
    assert other.get("/").status_code == 200
    assert Session.objects.count() == 1


def test_deactivating_in_the_admin_ends_the_sessions(admin_client_, viewer):
    session_client = Client()
    session_client.force_login(viewer)
    url = reverse("admin:swn_crm_user_changelist")
    admin_client_.post(url, {"action": "deactivate", "_selected_action": [viewer.pk]})
    viewer.refresh_from_db()
    assert not viewer.is_active
    assert session_client.get("/").status_code == 302


def _session_writes(queries):
    return [
        q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def test_activity_renews_the_session_for_a_working_day_without_a_write_per_page(viewer, settings, clock):
    assert settings.SESSION_COOKIE_AGE == 9 * 60 * 60
    client = Client()
    clock.at(local(2026, 12, 1, 10), tick=False)
    client.force_login(viewer)
    client.get("/")
    clock.shift(hours=8)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200  # eight hours idle: renewed now
    assert _session_writes(queries)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")  # a moment later: no write
    assert not _session_writes(queries)
    clock.shift(hours=8, minutes=50)
    assert client.get("/").status_code == 200  # still within nine hours of the renewal
    clock.shift(hours=9, minutes=1)
    assert client.get("/").status_code == 302  # nine hours without activity: logged out


def test_pages_send_the_security_headers(viewer_client):
    response = viewer_client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy


def test_templates_have_no_inline_scripts_or_styles():
    offenders = []
    for template in (REPO / "templates").rglob("*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=\"", text) or "<style" in text:
            offenders.append(str(template.relative_to(REPO)))
    assert offenders == []


def test_unknown_page_shows_the_house_404_in_dutch(viewer_client):
    response = viewer_client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


LOCAL_HTTP_SETTINGS = {"SECURE_SSL_REDIRECT", "SECURE_COOKIES"}


def test_production_settings_pass_the_deploy_check():
    env = {
        # Not what the shell may have set for a local HTTP server (make serve, the benchmark).
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", *LOCAL_HTTP_SETTINGS}},
        "DEBUG": "0",
        "SECRET_KEY": "x7#kq-production-like-secret-key-with-enough-length-and-variety-19",
        "ALLOWED_HOSTS": "crm.sociaalwerknederland.nl",
        "CSRF_TRUSTED_ORIGINS": "https://crm.sociaalwerknederland.nl",
        "EMAIL_HOST": "smtp.sociaalwerknederland.nl",
        "DATABASE_URL": "sqlite:///deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DEBUG="0", ALLOWED_HOSTS="crm.example.nl")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr
