"""Middleware of the whole site: the colleague's language, and session renewal without a write per page."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class PreferredLanguageMiddleware:
    """Dutch unless the colleague chose otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English to
    every colleague whose laptop is set up in English. Here the order is: the language saved on
    the colleague's account, then the language cookie (set on the login page), then Dutch.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self.language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response

    @staticmethod
    def language_for(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in SUPPORTED:
            return user.language
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if cookie in SUPPORTED:
            return cookie
        return settings.LANGUAGE_CODE


class SessionRenewalMiddleware:
    """Keep a session alive while the colleague works, without a database write on every page.

    Django's SESSION_SAVE_EVERY_REQUEST would renew the nine-hour idle expiry by saving the
    session on every request: a write per page view. Here the session is saved (and so renewed)
    only when its last renewal is older than `SESSION_RENEW_AFTER`; the idle expiry is therefore
    SESSION_COOKIE_AGE after the last renewal, at most SESSION_RENEW_AFTER after the last activity.
    Placed after SessionMiddleware, which does the actual save on the way out.
    """

    key = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        # Only a logged-in colleague's session: an empty one (after a logout, say) is not created.
        if session is not None and session.get(SESSION_KEY):
            now = int(time.time())
            renewed = session.get(self.key)
            if not isinstance(renewed, int) or now - renewed >= settings.SESSION_RENEW_AFTER:
                session[self.key] = now
        return self.get_response(request)


def stamp_session_on_login(sender, request, user, **kwargs):
    """A session starts renewed: logging in saves it anyway, so the first page needs no second save."""
    if hasattr(request, "session"):
        request.session[SessionRenewalMiddleware.key] = int(time.time())
