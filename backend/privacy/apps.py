from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """The citizen's rights over their data: what is kept and why, export, account deletion, retention.

    No models of its own: it reads and deletes the other packages' rows, so it sits above all of them."""

    name = "privacy"
    verbose_name = "Bảo vệ dữ liệu cá nhân"
