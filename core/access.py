"""The one way a page says who may use it and with which HTTP methods.

Every page needs a login (Django's `LoginRequiredMiddleware`); on top of that a page names the
model permission it needs, and where the rule is about one object (its creator or an editor)
asks the object in `has_object_permission`. A colleague without the right gets 403, never a
redirect to the login page they have already passed. Mutations answer POST only: 405 otherwise.
"""

from django.contrib.auth.mixins import PermissionRequiredMixin as DjangoPermissionRequiredMixin
from django.core.exceptions import PermissionDenied


class PermissionRequiredMixin(DjangoPermissionRequiredMixin):
    """`permission_required` on the view, then `has_object_permission` on the object, or 403.

    `permission_required = ()` where the rule about the object is all there is.
    """

    raise_exception = True

    def has_object_permission(self, obj):
        """The rule about this one object, asked of the model (e.g. `moment.can_be_changed_by(user)`)."""
        return True

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.has_object_permission(obj):
            raise PermissionDenied(self.get_permission_denied_message())
        return obj


class PostOnlyMixin:
    """A mutation: POST only, any other method is 405."""

    http_method_names = ["post"]
