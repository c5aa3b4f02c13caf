from django.urls import path

from ratings import apis

urlpatterns = [
    path("ratings/", apis.RatingCreateApi.as_view(), name="ratings-create"),
    path("ratings/eligibility", apis.RatingEligibilityApi.as_view(), name="ratings-eligibility"),
    path("surveys/", apis.SurveyCreateApi.as_view(), name="surveys-create"),
    path("units/<id:pk>/satisfaction/", apis.UnitSatisfactionApi.as_view(), name="unit-satisfaction"),
]
