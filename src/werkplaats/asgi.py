import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkplaats.conf.dev")
application = get_asgi_application()

from werkplaats.core.garbage import settle_server_process  # noqa: E402 (needs the settings configured above)

settle_server_process()
