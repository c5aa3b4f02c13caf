from django.urls import path

from zalo import apis

urlpatterns = [path("zalo/webhook", apis.ZaloWebhookApi.as_view(), name="zalo-webhook")]
