from django.urls import path

from questions import apis

urlpatterns = [
    path("me/questions/", apis.QuestionListApi.as_view(), name="me-questions"),
    path("me/questions/<id:pk>/", apis.QuestionDetailApi.as_view(), name="me-question-detail"),
    path("me/questions/<id:pk>/messages", apis.QuestionReplyApi.as_view(), name="me-question-reply"),
]
