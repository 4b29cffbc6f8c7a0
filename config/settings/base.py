"""Base settings: SQLite by default, PostgreSQL through DATABASE_URL.

Every environment variable Trygg reads is declared here with its default.
"""

import importlib.util
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("TRYGG_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "trygg.core",
    "trygg.accounts",
    "trygg.areas",
    "trygg.incidents",
    "trygg.situational_picture",
    "trygg.interventions",
    "trygg.safety_walks",
    "trygg.surveys",
    "trygg.collaboration",
    "trygg.open311",
    "trygg.public",
    "trygg.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "trygg.core.public_cache.PublicResponseCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "trygg.accounts.middleware.SessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "trygg.core.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "trygg.core.middleware.NoStoreForAuthenticatedMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "trygg" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "trygg.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'trygg.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web workers read while one writes; IMMEDIATE avoids upgrade deadlocks. A worker keeps its
    # connection (opening one registers Django's SQL functions and runs the pragmas: a large share of a small
    # request); PostgreSQL uses the connection pool instead, which needs CONN_MAX_AGE = 0.
    DATABASES["default"]["CONN_MAX_AGE"] = None
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {"pool": env_bool("DATABASE_POOL", True)}
    if not DATABASES["default"]["OPTIONS"]["pool"]:  # each (sync) worker keeps one connection, checked before reuse
        DATABASES["default"]["CONN_MAX_AGE"] = None
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "public:home"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "trygg.accounts.validators.MaximumLengthValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# django-axes: lock a username+IP pair, never a whole account from everywhere (reliability B3).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Sessions: idle and absolute limits (reliability B4).
SESSION_COOKIE_AGE = 60 * 60 * 10  # absolute: one working day
TRYGG_SESSION_IDLE_SECONDS = int(os.environ.get("TRYGG_SESSION_IDLE_SECONDS", 60 * 60))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Organisation accounts must use a second factor; the demo turns it off so a newcomer can walk in.
TRYGG_REQUIRE_MFA = env_bool("TRYGG_REQUIRE_MFA", True)
TRYGG_INVITATION_DAYS = 7
# Meetings: invited organisations get one reminder this many days before (`manage.py send_meeting_reminders`).
TRYGG_MEETING_REMINDER_DAYS = int(os.environ.get("TRYGG_MEETING_REMINDER_DAYS", 3))
# Safety walks: organisers and invited organisations get one reminder this many days before the förmöte, the walk
# and the uppföljande möte (`manage.py send_walk_reminders`).
TRYGG_WALK_REMINDER_DAYS = int(os.environ.get("TRYGG_WALK_REMINDER_DAYS", 2))

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "trygg" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Leaflet ships inside the django-leaflet wheel; we use only its static files (the app needs GDAL).
_LEAFLET_SPEC = importlib.util.find_spec("leaflet")
STATICFILES_DIRS = [Path(_LEAFLET_SPEC.origin).parent / "static"] if _LEAFLET_SPEC and _LEAFLET_SPEC.origin else []
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded files are never served as static: they go through an authorising view (reliability C5/E5).
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads: the app checks file sizes itself (reliability E1).
TRYGG_MAX_UPLOAD_BYTES = 8 * 1024 * 1024
TRYGG_MAX_IMAGE_PIXELS = 40_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "trygg"),
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}

# Gallring (retention, trygg.core.retention; `manage.py gallra` nightly): days after which content is removed.
TRYGG_RETAIN_CONTACT_DAYS = int(os.environ.get("TRYGG_RETAIN_CONTACT_DAYS", 90))  # resident e-mail, report closed
TRYGG_RETAIN_TEXT_DAYS = int(os.environ.get("TRYGG_RETAIN_TEXT_DAYS", 3 * 365))  # observations' text and photos
TRYGG_RETAIN_RECEIVED_DAYS = int(os.environ.get("TRYGG_RETAIN_RECEIVED_DAYS", 30))  # Open311 receipts (retries)
TRYGG_RETAIN_FEEDBACK_DAYS = int(os.environ.get("TRYGG_RETAIN_FEEDBACK_DAYS", 365))  # page feedback comments

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "trygg@eskilstuna.example")
TRYGG_SITE_URL = os.environ.get("TRYGG_SITE_URL", "http://127.0.0.1:8000")

# Maps: OSM tiles are an external service; empty TRYGG_TILE_URL gives the tile-less fallback.
TRYGG_TILE_URL = os.environ.get("TRYGG_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
TRYGG_TILE_ATTRIBUTION = "© OpenStreetMap contributors"
TRYGG_MAP_CENTER = (59.3706, 16.5128)  # Fristadstorget, Eskilstuna
# Public coordinates are snapped to this grid (metres) (reliability F5).
TRYGG_PUBLIC_GRID_METRES = 100

# Content Security Policy with nonces; the only third-party source is the tile server.
_TILE_HOST = "https://tile.openstreetmap.org" if TRYGG_TILE_URL.startswith("https://tile.openstreetmap.org") else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:", *([_TILE_HOST] if _TILE_HOST else [])],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}
SPECTACULAR_SETTINGS = {"TITLE": "Trygg API", "VERSION": "0.1.0"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
