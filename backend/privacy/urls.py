from django.urls import path

from privacy import apis

urlpatterns = [
    path("privacy", apis.PrivacyNoticeApi.as_view(), name="privacy"),
    path("me/export", apis.ExportLinkApi.as_view(), name="me-export"),
    path("me/export/<str:token>", apis.ExportFileApi.as_view(), name="me-export-file"),
    path("me/delete", apis.DeleteAccountApi.as_view(), name="me-delete"),
    path("me/consents/<id:pk>", apis.ConsentWithdrawApi.as_view(), name="me-consent-withdraw"),
]
