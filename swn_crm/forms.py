from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from swn_crm.models import User


class InviteColleagueForm(forms.ModelForm):
    """The admin's form for a new colleague: no password; they choose one through the invitation."""

    groups = forms.ModelMultipleChoiceField(
        Group.objects.all(), required=True, label=_("role"), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "job_title", "groups"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user
