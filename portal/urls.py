from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from grids import urls as grids_urls

# Wagtail's own login forms would bypass allauth's two-factor step and rate
# limits, so both addresses send people to allauth's login instead.
login_redirect = RedirectView.as_view(pattern_name="account_login", query_string=True)

urlpatterns = [
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
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
