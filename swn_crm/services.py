"""Writes about colleagues' accounts that touch more than the user row."""

from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def invitation_link(*, user, request):
    """An absolute one-time link where `user` chooses their own password (valid PASSWORD_RESET_TIMEOUT)."""
    path = reverse(
        "invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def invite_colleague(*, user, request):
    """Mail a new colleague the link to set a password. Never mails a password itself."""
    if not user.email:
        raise ValueError("A colleague needs an e-mail address to be invited.")
    context = {"user": user, "link": invitation_link(user=user, request=request)}
    subject = render_to_string("registration/invitation_subject.txt", context).strip()
    body = render_to_string("registration/invitation_email.txt", context)
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def end_sessions(*, user):
    """Log `user` out everywhere by deleting their sessions; returns how many ended.

    Sessions are signed blobs without a user column, so every live session is decoded: fine for
    an office of eighteen, and only run when an account is deactivated.
    """
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def deactivate_colleague(*, user):
    """Switch the account off and end its sessions at once."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    return end_sessions(user=user)
