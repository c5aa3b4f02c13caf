from django.urls import path

from usage import apis

urlpatterns = [path("usage/events/", apis.UsageEventApi.as_view(), name="usage-events")]
