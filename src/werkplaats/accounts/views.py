"""Login (password, then the TOTP code), first-time set-up of the authenticator app, and logout."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import CodeForm, LoginForm


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(services.safe_next_url(request, request.GET.get("next")))
    form = LoginForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid():
        user = services.login_password(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
            next_url=form.cleaned_data["next"],
        )
        if user is not None:
            return redirect("accounts:code")
        form.add_error(
            None,
            _(
                "De gebruikersnaam of het wachtwoord klopt niet. Controleer beide en probeer het "
                "opnieuw. Let op hoofdletters."
            ),
        )
    return render(request, "accounts/login.html", {"form": form})


@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    pending = services.login_pending(request)
    if pending is None:
        messages.info(request, _("Log eerst in met uw gebruikersnaam en wachtwoord."))
        return redirect("accounts:login")
    device = services.device_confirmed(user=pending.user)
    if device is None:
        return redirect("accounts:setup")
    locked = services.login_locked_out(request, user=pending.user)
    if locked is not None:
        return locked
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.login_with_code(request, user=pending.user, device=device, token=form.cleaned_data["token"]):
            return redirect(pending.next_url)
        form.add_error(
            "token", _("Deze code klopt niet of is verlopen. Wacht tot uw app een nieuwe code toont en vul die in.")
        )
    return render(request, "accounts/code.html", {"form": form, "demo_code": services.demo_code(device)})


@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    pending = services.login_pending(request)
    if pending is None:
        messages.info(request, _("Log eerst in met uw gebruikersnaam en wachtwoord."))
        return redirect("accounts:login")
    if services.device_confirmed(user=pending.user) is not None:
        return redirect("accounts:code")
    locked = services.login_locked_out(request, user=pending.user)
    if locked is not None:
        return locked
    device = services.device_for_setup(user=pending.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.device_setup_confirm(request, user=pending.user, device=device, token=form.cleaned_data["token"]):
            messages.success(
                request,
                _(
                    "Uw authenticator-app is ingesteld. Voortaan vraagt Werkplaats bij het "
                    "inloggen om een code uit deze app."
                ),
            )
            return redirect(pending.next_url)
        form.add_error(
            "token",
            _(
                "Deze code klopt niet. Controleer of u de QR-code van deze pagina hebt gescand en "
                "vul de code in die de app nu toont."
            ),
        )
    context = {"form": form, "qr_svg": services.device_qr_svg(device), "secret": services.device_secret(device)}
    return render(request, "accounts/setup.html", context)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    services.logout(request)
    messages.success(request, _("U bent uitgelogd."))
    return redirect("accounts:login")


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin has no login of its own: everyone logs in with both factors. A user who did, but may
    not use the admin, gets a 404 (not a redirect back to the login page, which would loop)."""
    if request.user.is_authenticated and request.user.is_verified():
        raise Http404
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
