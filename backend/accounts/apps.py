from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Cán bộ và phân quyền"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.second_factor import remember_enrolment_at_sign_in

        user_logged_in.connect(remember_enrolment_at_sign_in, dispatch_uid="accounts-second-factor-at-sign-in")

        # django.contrib.admin comes first in INSTALLED_APPS, so every admin.py is registered by now;
        # the guard reads the registry when the URLs are built, so later registrations are covered too.
        from django.contrib import admin

        from accounts.admin_scoping import admin_site_guard

        admin_site_guard(admin.site)
