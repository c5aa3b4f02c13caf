from django.urls import path

from dossiers import apis

urlpatterns = [
    path("dossiers/lookup", apis.DossierLookupApi.as_view(), name="dossiers-lookup"),
    path("me/dossiers/", apis.MyDossierListApi.as_view(), name="me-dossiers"),
    path("me/dossiers/refresh/", apis.MyDossierRefreshApi.as_view(), name="me-dossiers-refresh"),
    path("me/dossiers/<id:pk>/", apis.MyDossierDetailApi.as_view(), name="me-dossier-detail"),
    path("me/follows/", apis.FollowListApi.as_view(), name="me-follows"),
    path("me/follows/<id:pk>", apis.FollowDeleteApi.as_view(), name="me-follow-delete"),
]
