from django.urls import path

from dossiers import apis

# The lookup itself (api/v1/dossiers/lookup, the hottest endpoint) is matched first, at the top of config/urls.py.

urlpatterns = [
    path("me/dossiers/", apis.MyDossierListApi.as_view(), name="me-dossiers"),
    path("me/dossiers/refresh/", apis.MyDossierRefreshApi.as_view(), name="me-dossiers-refresh"),
    path("me/dossiers/<id:pk>/", apis.MyDossierDetailApi.as_view(), name="me-dossier-detail"),
    path("me/follows/", apis.FollowListApi.as_view(), name="me-follows"),
    path("me/follows/<id:pk>", apis.FollowDeleteApi.as_view(), name="me-follow-delete"),
]
