from django.urls import path

from citizens import apis

urlpatterns = [
    path("auth/zalo", apis.ZaloSignInApi.as_view(), name="auth-zalo"),
    path("auth/refresh", apis.RefreshApi.as_view(), name="auth-refresh"),
    path("me/", apis.MeApi.as_view(), name="me"),
]
