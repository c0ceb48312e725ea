"""Grid Watch settings: one module, driven by environment variables.

Defaults suit a developer's laptop (SQLite, DEBUG on, console e-mail). Production
sets DEBUG=False, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and usually REDIS_URL.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-change-me-" + "x" * 32)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    "portal",
    "grids",
    "reports",
    "volunteers",
    "mediation",
    "scoreboard",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "import_export",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

# The page cache answers anonymous visitors before sessions, CSRF and auth run, so
# everything that adds headers to every response (request log, security headers,
# CSP, frame options) sits above it.
MIDDLEWARE = [
    "portal.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.SessionLifetimeMiddleware",
    "portal.middleware.StaffTwoFactorMiddleware",
    "portal.middleware.AccessDeniedLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.map_settings",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the timeout rides out bursts.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, background tasks ----------------------------------------
# With REDIS_URL every app server shares one cache: sessions, allauth's and the
# report form's rate limits, the rendered public pages and the point → grid
# index version all live there. Without it each process has its own memory.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="gridwatch"),
            # A dead Redis must fail a request fast (and /healthz), not hang it.
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_TIMEOUT", default=2.0),
                "socket_timeout": env.float("REDIS_TIMEOUT", default=2.0),
            },
        }
    }
    # Sessions are read from Redis and written through to the database, so a
    # Redis restart does not sign every officer out.
    SESSION_ENGINE = env(
        "SESSION_ENGINE", default="django.contrib.sessions.backends.cached_db"
    )
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "gridwatch",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Development runs tasks inline; production sets
# TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# A notification whose e-mail or SMS failed is tried again after these delays
# (seconds), then given up and logged: four attempts in about 40 minutes.
NOTIFICATION_RETRY_DELAYS = [
    int(delay)
    for delay in env.list("NOTIFICATION_RETRY_DELAYS", default=["60", "300", "1800"])
]

# /healthz fails when the oldest runnable task has waited longer than this:
# no worker is running, or the workers cannot keep up.
HEALTH_TASK_MAX_AGE_SECONDS = env.int("HEALTH_TASK_MAX_AGE_SECONDS", default=300)

# Rendered public pages (home, grid index, station and grid pages) for anonymous
# visitors. Edits to a page, a grid or its people show at once (see
# portal/page_cache.py); other apps' sections on a grid page (report counts,
# activities, council meetings) may lag by at most this many seconds.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)

# --- Accounts -----------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"

ACCOUNT_ADAPTER = "portal.accounts.AccountAdapter"
ACCOUNT_FORMS = {"login": "portal.forms.LoginForm", "signup": "portal.forms.SignupForm"}
# Residents may sign up with an e-mail address, a mobile number or both; the
# sign-up form requires at least one of them (allauth cannot say "one of").
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["email", "phone", "password1*", "password2*"]
# allauth allows "mandatory" only when every account has an e-mail address.
# The adapter's login stage makes verification mandatory for every account that
# has one; phone-only accounts verify their number by SMS code instead.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
# SMS codes as people in China expect them: six digits.
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
# allauth's rate limits (login, failed logins per account, sign-ups, codes, SMS)
# are on with their defaults; these are tightened.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
}
# Behind nginx every peer is the proxy: the client is the address the trusted
# proxies appended to X-Forwarded-For. allauth's and the reports' limits both use it.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
REPORTS_RATE_LIMITS = {
    "ip": (
        env.int("REPORTS_RATE_LIMIT_IP", default=10),
        env.int("REPORTS_RATE_LIMIT_WINDOW", default=3600),
    ),
    "contact": (
        env.int("REPORTS_RATE_LIMIT_CONTACT", default=5),
        env.int("REPORTS_RATE_LIMIT_WINDOW", default=3600),
    ),
}
MFA_ADAPTER = "portal.accounts.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Grid Watch"
SMS_SENDER = env("SMS_SENDER", default="portal.sms.ConsoleSender")

# Sessions end after 30 idle minutes and at most 12 hours after login.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Residents' photos and case documents: never under MEDIA_ROOT, served by views.
PRIVATE_MEDIA_ROOT = Path(
    env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private"))
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "portal.uploads.PrivateStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}
# Several app servers share media through an S3-compatible object store
# (MinIO, Ceph, OSS, COS, S3). Public media (Wagtail images) go under
# "public/" and are read straight from the store (give that prefix anonymous
# read in the bucket policy); private files go under "private/", are never
# public-read and are streamed by the permission-checked views.
MEDIA_S3_BUCKET = env("MEDIA_S3_BUCKET", default="")
if MEDIA_S3_BUCKET:
    _s3 = {
        "bucket_name": MEDIA_S3_BUCKET,
        "endpoint_url": env("MEDIA_S3_ENDPOINT_URL", default=None),
        "region_name": env("MEDIA_S3_REGION", default=None),
        "access_key": env("MEDIA_S3_ACCESS_KEY_ID", default=None),
        "secret_key": env("MEDIA_S3_SECRET_ACCESS_KEY", default=None),
        "addressing_style": env("MEDIA_S3_ADDRESSING_STYLE", default="path"),
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "location": "public",
            "querystring_auth": False,
            "default_acl": env("MEDIA_S3_PUBLIC_ACL", default=None),
            "custom_domain": env("MEDIA_S3_PUBLIC_DOMAIN", default=None),
        },
    }
    STORAGES["private"] = {
        "BACKEND": "portal.s3.PrivateS3Storage",
        "OPTIONS": {
            **_s3,
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)

# --- E-mail -------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Grid Watch <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail ------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Grid Watch 网格警务"
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = UPLOAD_MAX_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: it would send a hash of every staff e-mail to a third party (and CSP blocks it).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Import / export ----------------------------------------------------------
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# --- Retention ----------------------------------------------------------------
# Unspent volunteer points expire at the end of the Nth full year after the year
# they were earned (0: never; `expire_points` runs yearly).
VOLUNTEER_POINTS_EXPIRE_YEARS = env.int("VOLUNTEER_POINTS_EXPIRE_YEARS", default=0)
# Parties' personal data of mediation cases closed this many years ago is erased
# (`apply_mediation_retention` runs daily).
MEDIATION_RETENTION_YEARS = env.int("MEDIATION_RETENTION_YEARS", default=5)

# --- Maps ---------------------------------------------------------------------
# Empty string: no tiles, boundaries only (works offline).
MAP_TILE_URL = env(
    "MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="© OpenStreetMap")

# A front cache (nginx with a purge module, Varnish) in front of the app servers
# is told to drop a page when it changes; without one, only PAGE_CACHE applies.
FRONTEND_CACHE_PURGE_URL = env("FRONTEND_CACHE_PURGE_URL", default="")
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }

# --- Security -----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Passwords are reset through allauth (rate limited), not Wagtail's own form.
WAGTAIL_PASSWORD_RESET_ENABLED = False
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe the app servers over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
    # Trusted only behind a proxy that sets (and overwrites) this header, as
    # nginx does; SECURE_PROXY_SSL_HEADER= (empty) when Django faces clients.
    _proxy_ssl_header = env("SECURE_PROXY_SSL_HEADER", default="HTTP_X_FORWARDED_PROTO")
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https") if _proxy_ssl_header else None
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

_tile_origin = "/".join(MAP_TILE_URL.split("/")[:3]) if MAP_TILE_URL else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"]
        + ([_tile_origin] if _tile_origin else []),
        "connect-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logging ------------------------------------------------------------------
# LOG_FORMAT=json: one JSON object per line (log shippers parse it); every
# request writes one line to gridwatch.request (see portal/logs.py).
LOG_FORMAT = env("LOG_FORMAT", default="plain")
REQUEST_LOG = env.bool("REQUEST_LOG", default=not DEBUG)
# The next path segment after these prefixes is a secret (tracking tokens,
# signed links, check-in and reset keys) and never reaches a log.
REQUEST_LOG_SECRET_PREFIXES = [
    "/report/track/",
    "/report/unsubscribe/",
    "/open311/v2/tokens/",
    "/volunteers/check-in/",
    "/volunteers/verify/",
    "/accounts/password/reset/key/",
    "/accounts/confirm-email/",
]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "portal.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "loggers": {
        # gridwatch.security (logins, failed logins, denied access),
        # gridwatch.request and gridwatch.sms go through this one logger.
        "gridwatch": {"handlers": ["console"], "level": "INFO"},
        # Server errors with their tracebacks (Django logs them to the console
        # only when DEBUG is on); tracking tokens are blanked by reports.
        "django.request": {
            "handlers": ["console"],
            "level": "ERROR",
            "propagate": False,
        },
        "django_tasks": {"handlers": ["console"], "level": "WARNING"},
        "django_tasks_db": {"handlers": ["console"], "level": "INFO"},
    },
}

# account.W001: no login method is a required sign-up field, because a resident
# gives an e-mail address OR a mobile number; portal.forms.SignupForm requires one.
# models.W040: the ledger's covering index (INCLUDE columns) speeds leaderboards
# on PostgreSQL; SQLite simply builds a plain index, which is fine for one bureau.
SILENCED_SYSTEM_CHECKS = ["account.W001", "models.W040"]
