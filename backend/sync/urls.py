from django.urls import path

from sync import apis

urlpatterns = [path("sync/push/<str:source>", apis.SyncPushApi.as_view(), name="sync-push")]
