"""Small helpers shared by view tests."""

from core.concurrency import FIELD


def post_edit(client, url, data, **kwargs):
    """POST to an edit page as a browser would: with the hidden snapshot the page handed out.

    Edit forms refuse a save without it (optimistic concurrency), so a test first opens the page.
    """
    form = client.get(url).context["form"]
    return client.post(url, {**data, FIELD: form.initial.get(FIELD, "")}, **kwargs)


def logged_in_client(user, **client_options):
    """A browser session of its own for `user` (the `client` fixture is one shared session)."""
    from django.test import Client

    client = Client(**client_options)
    client.force_login(user)
    return client
