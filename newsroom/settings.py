"""Settings for the newsroom fact-tracking app.

Every value comes from the environment and is checked at start-up: a bad value stops the
process with a message naming the variable, rather than surfacing later as odd behaviour.
There is one settings module for every environment (tests, `make run`, `make serve`), so
what production runs is what the tests exercise.
"""

from __future__ import annotations

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# Required: the app refuses to start without a secret key and the host names it serves.
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "claims",
    "throttle",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    # Before anything reads a body (the CSRF check reads forms): an oversized one is a 413 unread.
    "newsroom.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.context_processors.inbox",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL=postgres://... switches to PostgreSQL.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL we understand: {exc}") from None
if DATABASES["default"]["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://) or SQLite (sqlite://).")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while an import writes; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("DJANGO_MANIFEST_STATIC", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/review/"
LOGOUT_REDIRECT_URL = "login"

# Security: secure by default; a local HTTP run switches these off explicitly (see Makefile).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- Reverse proxies: the client's address and scheme (see README "Production") ------------------
# How many reverse proxies (nginx, a load balancer), each appending to X-Forwarded-For, stand
# between the clients and the app. 0: nothing in front, so forwarded headers are the client's own
# words and are ignored. The client address (sign-in lockout, API throttling) comes from
# newsroom.clientip, which reads the AXES_IPWARE_* settings below.
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
if PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"DJANGO_PROXY_COUNT must be 0 or more, not {PROXY_COUNT}.")
# X-Forwarded-Proto is believed only when a proxy is configured (it sets the header itself);
# otherwise any client could claim HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PROXY_COUNT else None

# --- Request sizes: one limit for an article, however it comes in (see README "Security") ---------
for _old in ("DJANGO_MAX_BODY_BYTES", "API_MAX_BODY_BYTES"):
    if os.environ.get(_old):
        raise ImproperlyConfigured(f"{_old} is gone: set DJANGO_UPLOAD_MAX_BYTES (one limit for every upload).")
# The largest article accepted: a pasted text, an uploaded file, each file of a batch, an API body.
UPLOAD_MAX_BYTES = env_int("DJANGO_UPLOAD_MAX_BYTES", 1024 * 1024)
# A batch import: at most this many files, and this many bytes in all.
BATCH_MAX_FILES = env_int("DJANGO_BATCH_MAX_FILES", 2000)
BATCH_MAX_BYTES = env_int("DJANGO_BATCH_MAX_BYTES", 100 * 1024 * 1024)
for _name, _value in (("DJANGO_UPLOAD_MAX_BYTES", UPLOAD_MAX_BYTES), ("DJANGO_BATCH_MAX_FILES", BATCH_MAX_FILES),
                      ("DJANGO_BATCH_MAX_BYTES", BATCH_MAX_BYTES)):
    if _value < 1:
        raise ImproperlyConfigured(f"{_name} must be 1 or more, not {_value}.")
# Any other request carries at most one article and the form around it.
REQUEST_MAX_BYTES = UPLOAD_MAX_BYTES + 64 * 1024
# Django's own limits, derived from the ones above so that they agree (a refusal is a 413).
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BYTES
DATA_UPLOAD_MAX_NUMBER_FILES = BATCH_MAX_FILES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refusal (4xx) is one line: Django logs a 403 or a bad Host header with its traceback,
    # which lets anyone flood the log. Server errors keep theirs.
    "filters": {"no_traceback_for_4xx": {"()": "newsroom.logs.NoTracebackFor4xx"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_traceback_for_4xx"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # httpx logs every request at INFO; the delivery log and feed list record what matters.
    "loggers": {"httpx": {"level": "WARNING"}},
}

# The newsroom's public identity: the author of its published ClaimReview markup.
NEWSROOM_NAME = os.environ.get("NEWSROOM_NAME", "Newsroom Fact Check")


def _base_url(name: str, raw: str) -> str:
    """An origin ("https://factcheck.example.org"), without a trailing slash: the app is served at the root."""
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or parts.query \
            or parts.fragment:
        raise ImproperlyConfigured(f"{name} must be the site's public base URL, like https://factcheck.example.org, "
                                   f"not {raw!r}.")
    return raw.strip().rstrip("/")


# The only base of every absolute URL the app writes (JSON-LD, canonical links, the Atom feed and
# its entry ids, webhook payloads, API links): never the request's Host header, so what a reader
# or a search engine stores does not depend on the name it used to reach the site. Required
# unless DEBUG is on (`make run` and `make serve` set the local one).
NEWSROOM_URL = _base_url("NEWSROOM_URL", os.environ.get("NEWSROOM_URL") or (
    "http://127.0.0.1:8000" if DEBUG else env_str("NEWSROOM_URL")))

# Content-Security-Policy (django-csp 4): scripts, styles, images and fonts from this origin only;
# no inline scripts or event handlers (JSON-LD data blocks are not executed, so they need nothing).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- REST API (/api/v1/): defaults configured once here; see README "REST API" -----------------
# Throttle counters are rows in the database (the `throttle` app), shared by every process.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["claims.api.permissions.NewsroomRolePermission"],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.UpdatedCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.BoundedJSONParser"],
    "EXCEPTION_HANDLER": "claims.api.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["claims.api.authentication.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": os.environ.get("API_THROTTLE_TOKEN", "5000/hour"),
        "user": os.environ.get("API_THROTTLE_USER", "5000/hour"),
        "anon": os.environ.get("API_THROTTLE_ANON", "300/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "URL_FORMAT_OVERRIDE": "format",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom fact-tracking API",
    "DESCRIPTION": "Claims, attributions, verdicts and ClaimReview markup for newsroom tools. "
    "Authenticate with `Authorization: Bearer <key>` (tokens are issued in the admin).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.choices.ClaimStatus",
        "ReviewStatusEnum": "claims.choices.ReviewStatus",
        "AttributionStatusEnum": "claims.choices.AttributionStatus",
        "OutletKindEnum": "claims.choices.OutletKind",
        "SourceKindEnum": "claims.choices.SourceKind",
        "AttributionKindEnum": "claims.choices.AttributionKind",
        "EndpointStatusEnum": "claims.choices.EndpointStatus",
        "DeliveryStatusEnum": "claims.choices.DeliveryStatus",
    },
}
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"] = [
    "drf_spectacular.hooks.postprocess_schema_enums",
    "claims.api.schema.document_errors",
]

# --- Production: sign-in protection, background jobs (see README "Production") -------------------
# django-axes: after AXES_FAILURE_LIMIT failed sign-ins for one username from one address, even
# the right password is refused until the cool-off has passed. Attempts live in the database.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client address, for axes and the API throttle alike, from django-ipware. Each proxy appends
# the address it saw, so behind N proxies the client is the N-th X-Forwarded-For entry from the
# right (ipware counts the proxies listed after it: N - 1); addresses further left are whatever
# the client wrote. With no proxy, only the connection's own address counts.
AXES_CLIENT_IP_CALLABLE = "newsroom.clientip.client_ip"
AXES_USERNAME_CALLABLE = "newsroom.clientip.client_username"
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1 if PROXY_COUNT else None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"] if PROXY_COUNT else ["REMOTE_ADDR"]

# Background jobs through Django's task interface, stored in the database and run by
# `python manage.py db_worker` (any number of workers, on any machine sharing the database).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# History is a record, not an undo button: "revert" in the admin would write past the services.
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Newsroom integration: outbound HTTP, webhooks, feeds, drafts (see README "Integration") ------
# Outbound requests (webhook deliveries, feeds, article pages) go only to public addresses: every
# address a host resolves to must be global. DJANGO_OUTBOUND_ALLOW lists networks allowed anyway
# (`make run` allows loopback, so a receiver or feed on 127.0.0.1 works out of the box).
try:
    OUTBOUND_ALLOWED_NETWORKS = [ipaddress.ip_network(n, strict=False) for n in env_list("DJANGO_OUTBOUND_ALLOW")]
except ValueError as exc:
    raise ImproperlyConfigured(f"DJANGO_OUTBOUND_ALLOW must list networks (127.0.0.0/8,::1/128): {exc}") from None
OUTBOUND_CONNECT_TIMEOUT = env_int("DJANGO_OUTBOUND_CONNECT_TIMEOUT", 5)
OUTBOUND_READ_TIMEOUT = env_int("DJANGO_OUTBOUND_READ_TIMEOUT", 10)
# A feed document or an article page: larger ones are refused, unread past the limit.
FEEDS_MAX_BYTES = env_int("FEEDS_MAX_BYTES", 5 * 1024 * 1024)
# Seconds between two requests to one host, whichever worker makes them (robots.txt may ask more).
FEEDS_HOST_INTERVAL = env_int("FEEDS_HOST_INTERVAL", 2)
# How often the worker looks for feeds due and deliveries whose task was lost.
INTEGRATION_TICK_SECONDS = env_int("INTEGRATION_TICK_SECONDS", 60)
# The longest draft the pre-publication check reads (about 10,000 words); longer is a 413.
DRAFT_MAX_CHARS = env_int("DRAFT_MAX_CHARS", 60_000)
for _name, _value in (("DJANGO_OUTBOUND_CONNECT_TIMEOUT", OUTBOUND_CONNECT_TIMEOUT),
                      ("DJANGO_OUTBOUND_READ_TIMEOUT", OUTBOUND_READ_TIMEOUT), ("FEEDS_MAX_BYTES", FEEDS_MAX_BYTES),
                      ("INTEGRATION_TICK_SECONDS", INTEGRATION_TICK_SECONDS), ("DRAFT_MAX_CHARS", DRAFT_MAX_CHARS)):
    if _value < 1:
        raise ImproperlyConfigured(f"{_name} must be 1 or more, not {_value}.")
if FEEDS_HOST_INTERVAL < 0:
    raise ImproperlyConfigured(f"FEEDS_HOST_INTERVAL must be 0 or more, not {FEEDS_HOST_INTERVAL}.")
# A disabled webhook endpoint's owner is told by e-mail (`make run` prints it on the console).
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "newsroom@localhost")
# A real mail server (README, "Notifications"): its account, and TLS (STARTTLS on 587) or SSL (465).
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
# The address people open the desk at, for the links in notification e-mails.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
