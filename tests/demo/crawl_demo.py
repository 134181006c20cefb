"""Run by tests/demo/test_demo_on_sqlite.py through `werkplaats shell`: every demo account opens its start
page, the pages of its menu and the pages those link to within Werkplaats; prints each answer of 500 or more
and exits 1 if there was one."""

import re
import sys

from django.test import Client
from django.test.utils import setup_test_environment
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkplaats.demo import constants

setup_test_environment()
LINK = re.compile(r'href="(/(?:team|casussen|leerlingen|aanwezigheid|monitor|arrangementen|register|privacy)/[^"?#]*)"')
failures, opened = [], 0
for device in TOTPDevice.objects.filter(name=constants.DEMO_DEVICE_NAME).select_related("user"):
    client = Client(raise_request_exception=False)
    client.force_login(device.user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    start = client.get("/")
    menu = [item.url for item in start.context["main_menu"]] if start.context else []
    seen = {"/"}
    queue = [url for url in menu if url != "/"]
    for depth in (1, 2):
        found = []
        for url in queue:
            if url in seen or url.startswith("/beheer/"):
                continue
            seen.add(url)
            response = client.get(url)
            opened += 1
            if response.status_code >= 500:
                failures.append((device.user.username, url, response.status_code))
            elif depth == 1 and response.status_code == 200 and "html" in response.get("Content-Type", ""):
                found.extend(LINK.findall(response.content.decode())[:15])
        queue = found
print(f"{opened} pages opened, {len(failures)} server errors")
for failure in failures:
    print(*failure)
sys.exit(1 if failures else 0)
