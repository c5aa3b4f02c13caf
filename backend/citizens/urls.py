from django.urls import path

from citizens import apis

urlpatterns = [
    path("auth/zalo", apis.ZaloSignInApi.as_view(), name="auth-zalo"),
    path("auth/refresh", apis.RefreshApi.as_view(), name="auth-refresh"),
    path("auth/zalo/phone", apis.PhoneVerifyApi.as_view(), name="auth-zalo-phone"),
    path("me/", apis.MeApi.as_view(), name="me"),
    path("me/phone", apis.PhoneWithdrawApi.as_view(), name="me-phone"),
    path("me/notifications", apis.NotificationPermissionApi.as_view(), name="me-notifications"),
]
