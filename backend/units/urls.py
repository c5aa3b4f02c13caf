from django.urls import path

from units import apis

urlpatterns = [
    path("site/", apis.SiteApi.as_view(), name="site"),
    path("unit-kinds/", apis.UnitKindListApi.as_view(), name="unit-kind-list"),
    path("units/", apis.UnitListApi.as_view(), name="unit-list"),
    path("units/<id:pk>/", apis.UnitDetailApi.as_view(), name="unit-detail"),
    path("units/<id:pk>/subtree/", apis.UnitSubtreeApi.as_view(), name="unit-subtree"),
]
