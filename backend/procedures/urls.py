from django.urls import path

from procedures import apis

urlpatterns = [
    path("procedure-fields/", apis.FieldListApi.as_view(), name="procedure-field-list"),
    path("procedures/", apis.ProcedureListApi.as_view(), name="procedure-list"),
    path("procedures/<id:pk>/", apis.ProcedureDetailApi.as_view(), name="procedure-detail"),
    path("procedures/by-code/<str:code>/", apis.ProcedureByCodeApi.as_view(), name="procedure-by-code"),
    path("procedures/<id:pk>/feedback/", apis.ProcedureFeedbackApi.as_view(), name="procedure-feedback"),
    path("faqs/", apis.FaqListApi.as_view(), name="faq-list"),
]
