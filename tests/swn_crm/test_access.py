"""Login, logout and the refusal page; which URL answers whom is decided URL by URL in
tests/test_permission_matrix.py."""

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


def test_the_403_page_explains_in_dutch(viewer_client):
    response = viewer_client.get("/overleggen/new/")
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
