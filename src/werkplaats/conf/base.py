"""All settings of Werkplaats. Every value that differs per environment comes from an environment
variable, read here once and documented in docs/env-vars.md. conf/dev.py, conf/ci.py and
conf/production.py only set defaults for those variables before importing this module."""

import secrets
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent.parent

env = environ.Env()

DATA_DIR = Path(env.str("WERKPLAATS_DATA_DIR", default=str(BASE_DIR / "var")))


def _secret_from_file(name: str) -> str:
    """A secret generated once into the data folder: development defaults without configuration."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="") or _secret_from_file("secret_key")
# Key of the HMAC that turns a BSN into `bsn_hash`; the same key must be used by every instance.
BSN_HASH_KEY = env.str("WERKPLAATS_BSN_KEY", default="") or _secret_from_file("bsn_key")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Demo mode: the demo accounts' second factor is shown on the login page. Never in production.
DEMO_MODE = env.bool("WERKPLAATS_DEMO_MODE", default=False)

INSTALLED_APPS = [
    "werkplaats.core",
    "werkplaats.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_htmx",
    "template_partials",
    "werkplaats.organisations",
    "werkplaats.pupils",
    "werkplaats.audit",
    "werkplaats.arrangements",
    "werkplaats.attendance",
    "werkplaats.monitor",
    "werkplaats.teams",
    "werkplaats.consent",
    "werkplaats.cases",
    "werkplaats.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "werkplaats.accounts.middleware.SessionRenewalMiddleware",
    "werkplaats.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "werkplaats.accounts.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "werkplaats.audit.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "werkplaats.urls"
WSGI_APPLICATION = "werkplaats.wsgi.application"

FORM_RENDERER = "werkplaats.core.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "werkplaats.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'werkplaats.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    # Planner costs for data that lives in memory or on SSD (PostgreSQL's default of 4 assumes spinning
    # disks and makes it prefer scanning all pupils over fetching one school's pupils by key).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c random_page_cost={env.float('DATABASE_RANDOM_PAGE_COST', default=1.1)}"
    )
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Parameters bound on the server, and statements prepared once a connection has run them a few times: the
    # planner then plans a query's shape once per connection (or picks a cached generic plan) instead of on every
    # run. Planning cost more than running for most of the pages' queries (the case page: 4.3 ms of planning,
    # 0.7 ms of running). Behind a pooler in transaction mode (PgBouncer), set DATABASE_PREPARE_THRESHOLD=-1: no
    # prepared statements.
    _prepare_threshold = env.int("DATABASE_PREPARE_THRESHOLD", default=5)
    DATABASES["default"]["ENGINE"] = "werkplaats.core.postgresql"  # Django's, with the bound parameters' limit
    DATABASES["default"]["OPTIONS"].update({
        "server_side_binding": True,
        "prepare_threshold": None if _prepare_threshold < 0 else _prepare_threshold,
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "werkplaats.accounts.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

OTP_TOTP_ISSUER = "Werkplaats"

# Sessions: in the database (accounts.sessions), idle timeout of 30 minutes, renewed at most once a minute
# (accounts.middleware).
SESSION_ENGINE = "werkplaats.accounts.sessions"
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_RENEW_SECONDS = env.int("SESSION_RENEW_SECONDS", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # collectstatic's target; WhiteNoise expects it to exist
STATICFILES_DIRS = [PACKAGE_DIR / "static", ("vendor", BASE_DIR / "node_modules")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "werkplaats.core.authentication.PreparedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "werkplaats.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Werkplaats API",
    "DESCRIPTION": "Register, leerlingen, aanwezigheid en monitor van Werkplaats (Twente).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

CELERY_TASK_ALWAYS_EAGER = not env.str("CELERY_BROKER_URL", default="")
# Without a broker tasks run in-process; "memory://" keeps Celery from looking for one on localhost.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE

# Region settings (contracts/attendance.md §3, contracts/registry.md "Monitor output").
REGION = env.str("WERKPLAATS_REGION", default="twente")
DISCLOSURE_THRESHOLD = env.int("WERKPLAATS_DISCLOSURE_THRESHOLD", default=5)
CARE_INTENSIVE_THRESHOLD = env.float("WERKPLAATS_CARE_INTENSIVE_THRESHOLD", default=0.40)
ATTENDANCE_TIER3_RATE = env.float("WERKPLAATS_TIER3_RATE", default=0.10)
ATTENDANCE_TIER2_RATE = env.float("WERKPLAATS_TIER2_RATE", default=0.05)
ATTENDANCE_TIER2_UNAUTHORISED_MINUTES_4W = env.int("WERKPLAATS_TIER2_UNAUTHORISED_MINUTES", default=480)

ATTENDANCE_EARLY_WARNING_RISE = env.float("WERKPLAATS_EARLY_WARNING_RISE", default=0.10)
COLLECTIVE_PROPOSAL_MIN_PUPILS = env.int("WERKPLAATS_COLLECTIVE_MIN_PUPILS", default=3)
COLLECTIVE_PROPOSAL_PERIOD_WEEKS = env.int("WERKPLAATS_COLLECTIVE_PERIOD_WEEKS", default=8)
COLLECTIVE_PROPOSAL_MIN_GROUPS = env.int("WERKPLAATS_COLLECTIVE_MIN_GROUPS", default=2)
EMERGENCY_ACCESS_HOURS = env.int("WERKPLAATS_EMERGENCY_ACCESS_HOURS", default=24)
CASE_EVALUATION_AGENDA_DAYS = env.int("WERKPLAATS_EVALUATION_AGENDA_DAYS", default=14)
CONSENT_REASK_NOTICE_DAYS = env.int("WERKPLAATS_CONSENT_REASK_DAYS", default=30)

# The daily background work (Celery beat) is scheduled in werkplaats/celery.py.

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Werkplaats <noreply@werkplaats.invalid>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # Request logs carry URLs only (uuids, never personal data); 4xx details stay out of the log.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
