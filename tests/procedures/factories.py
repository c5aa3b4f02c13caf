from __future__ import annotations

import factory

from news.models import Article, Category, NewsCategory
from news.services import news_category_defaults_ensure
from procedures.models import CaseDocument, Faq, Field, Procedure, ProcedureCase, ProcedureChannel, ProcedureStep
from publishing.models import PublishState


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("name",)

    name = "Đăng ký, quản lý cư trú"


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    field = factory.SubFactory(FieldFactory)
    state = PublishState.PUBLISHED


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureStep

    procedure = factory.SubFactory(ProcedureFactory)
    title = "Nộp hồ sơ"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureCase

    procedure = factory.SubFactory(ProcedureFactory)
    name = "Trường hợp chung"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseDocument

    case = factory.SubFactory(CaseFactory)
    name = "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)"
    originals = 1


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureChannel

    procedure = factory.SubFactory(ProcedureFactory)
    channel = "truc_tiep"
    processing_time = "07 ngày làm việc"
    fee = "20.000 đồng"
    fee_amount = 20000


class FaqFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faq

    question = factory.Sequence(lambda n: f"Câu hỏi thử nghiệm {n}?")
    answer = "Câu trả lời."
    state = PublishState.PUBLISHED


def news_category(slug: str) -> NewsCategory:
    """One of the starting categories (a transactional test's database starts without migration rows)."""
    news_category_defaults_ensure()
    return NewsCategory.objects.get(slug=slug)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Bài viết {n}")
    body = "<p>Nội dung</p>"
    category = factory.LazyFunction(lambda: news_category(Category.NEWS))
    state = PublishState.PUBLISHED
