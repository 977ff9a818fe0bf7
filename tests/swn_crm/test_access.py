"""Login and logout; which URL answers whom is decided URL by URL in test_permission_matrix.py."""

import pytest


@pytest.mark.django_db
def test_admin_requires_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_login_page_is_dutch_by_default(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode()


@pytest.mark.django_db
def test_logout_ends_the_session(client, viewer):
    client.force_login(viewer)
    assert client.get("/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302
