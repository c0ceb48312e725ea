from django.urls import path

from . import (
    converters,  # noqa: F401  (registers the URL converters)
    open311,
)

urlpatterns = [
    path("services.json", open311.services_list, name="open311_services"),
    path(
        "services/<key:code>.json", open311.service_definition, name="open311_service"
    ),
    path("requests.json", open311.requests_list, name="open311_requests"),
    path(
        "requests/<key:reference>.json", open311.request_detail, name="open311_request"
    ),
    path("tokens/<key:token>.json", open311.token_lookup, name="open311_token"),
    path("openapi.json", open311.openapi, name="open311_openapi"),
]
