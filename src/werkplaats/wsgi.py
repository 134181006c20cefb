import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkplaats.conf.dev")
application = get_wsgi_application()

from werkplaats.core.garbage import settle_server_process  # noqa: E402 (needs the settings configured above)

settle_server_process()
