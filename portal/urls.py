from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from grids import urls as grids_urls

from . import health

# Wagtail's own login forms would bypass allauth's two-factor step and rate
# limits, so both addresses send people to allauth's login instead.
login_redirect = RedirectView.as_view(pattern_name="account_login", query_string=True)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("livez", health.livez, name="livez"),
    path("admin/login/", login_redirect),
    path("_util/login/", login_redirect),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/login/", login_redirect),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("grids/", include(grids_urls)),
    path("report/", include("reports.urls")),
    path("open311/v2/", include("reports.open311_urls")),
    path("volunteers/", include("volunteers.urls")),
    path("mediation/", include("mediation.urls")),
    # The language switch is in every page's footer; without a CSRF token in it
    # public pages can be cached and shared between visitors. Changing someone's
    # display language is all a forged request could do.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
