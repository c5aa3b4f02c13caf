from django.urls import path

from reports import apis

urlpatterns = [
    path("reports/form", apis.ReportFormApi.as_view(), name="reports-form"),
    path("reports/areas", apis.ReportAreaListApi.as_view(), name="reports-areas"),
    path("reports/", apis.ReportSubmitApi.as_view(), name="reports-submit"),
    path("reports/media", apis.ReportMediaUploadApi.as_view(), name="reports-media"),
    path("reports/track", apis.ReportTrackApi.as_view(), name="reports-track"),
    path("me/reports/", apis.MyReportListApi.as_view(), name="me-reports"),
    path("me/reports/<str:code>", apis.MyReportDetailApi.as_view(), name="me-report-detail"),
]
