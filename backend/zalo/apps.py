from django.apps import AppConfig


class ZaloConfig(AppConfig):
    name = "zalo"
    verbose_name = "Zalo"
