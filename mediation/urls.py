from django.urls import path

from . import views

app_name = "mediation"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/export.xlsx", views.case_export, name="case_export"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/parties/", views.party_details, name="party_details"),
    path("cases/<int:pk>/parties/add/", views.party_add, name="party_add"),
    path("cases/<int:pk>/sessions/add/", views.session_add, name="session_add"),
    path("cases/<int:pk>/agreement/", views.agreement_add, name="agreement_add"),
    path(
        "cases/<int:pk>/agreement/print/",
        views.agreement_print,
        name="agreement_print",
    ),
    path(
        "cases/<int:pk>/follow-ups/<int:follow_up_pk>/",
        views.follow_up_record,
        name="follow_up_record",
    ),
    path(
        "cases/<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document_download",
    ),
    path("cases/<int:pk>/<slug:action>/", views.case_action, name="case_action"),
]
