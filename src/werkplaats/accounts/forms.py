import re

from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=9,
        help_text=_("De code van 6 cijfers uit uw authenticator-app. De code verandert elke 30 seconden."),
        error_messages={"required": _("Vul de code van 6 cijfers uit uw authenticator-app in.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not re.fullmatch(r"\d{6,8}", token):
            raise forms.ValidationError(_("Een code bestaat uit 6 cijfers, zonder letters of andere tekens."))
        return token
