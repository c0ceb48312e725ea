from .categories import Category, ResponseTemplate
from .extras import ApiKey, ReportPhoto, Subscription, new_api_key, photo_upload_to
from .reports import (
    InvalidTransition,
    Report,
    ReportQuerySet,
    ReportUpdate,
    hash_token,
)

__all__ = [
    "ApiKey",
    "Category",
    "InvalidTransition",
    "Report",
    "ReportPhoto",
    "ReportQuerySet",
    "ReportUpdate",
    "ResponseTemplate",
    "Subscription",
    "hash_token",
    "new_api_key",
    "photo_upload_to",
]
