"""The second-factor pages, mounted under the admin's prefix by config/urls.py."""

from django.urls import path

from accounts import second_factor_views

urlpatterns = [
    path("", second_factor_views.verify, name="second-factor-verify"),
    path("dang-ky/", second_factor_views.enrol, name="second-factor-enrol"),
    path("ma-khoi-phuc/", second_factor_views.recovery_codes, name="second-factor-recovery-codes"),
]
