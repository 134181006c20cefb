from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArrangementsConfig(AppConfig):
    name = "werkplaats.arrangements"
    label = "arrangements"
    verbose_name = _("Arrangementen en indicaties")
