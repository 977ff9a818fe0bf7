"""Small helpers shared by view tests."""

from swn_crm.concurrency import FIELD


def post_edit(client, url, data, **kwargs):
    """POST to an edit page as a browser would: with the hidden snapshot the page handed out.

    Edit forms refuse a save without it (optimistic concurrency), so a test first opens the page.
    """
    form = client.get(url).context["form"]
    return client.post(url, {**data, FIELD: form.initial.get(FIELD, "")}, **kwargs)
