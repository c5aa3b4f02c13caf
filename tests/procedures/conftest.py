from __future__ import annotations

from types import SimpleNamespace

import pytest

from publishing.models import PublishState
from tests.procedures.factories import (
    CaseFactory,
    ChannelFactory,
    DocumentFactory,
    FaqFactory,
    FieldFactory,
    ProcedureFactory,
    StepFactory,
)


@pytest.fixture
def guides(db, tree):
    residence = FieldFactory(name="Đăng ký, quản lý cư trú")
    identity = FieldFactory(name="Cấp, quản lý thẻ căn cước")
    passports = FieldFactory(name="Quản lý xuất nhập cảnh")
    permanent = ProcedureFactory(
        code="1.004222",
        name="Đăng ký thường trú",
        field=residence,
        level="cap_xa",
        keywords=["hộ khẩu", "nhập khẩu"],
        summary="Đăng ký nơi ở lâu dài của công dân.",
    )
    temporary = ProcedureFactory(
        code="1.004194",
        name="Đăng ký tạm trú",
        field=residence,
        level="cap_xa",
        summary="Dành cho người đến ở từ 30 ngày trở lên ngoài nơi thường trú, ví dụ người thuê trọ.",
        keywords=["KT3", "thuê trọ"],
    )
    id_card = ProcedureFactory(
        code="2.000200",
        name="Cấp thẻ căn cước cho công dân Việt Nam từ đủ 14 tuổi",
        field=identity,
        keywords=["CCCD", "làm căn cước"],
    )
    passport = ProcedureFactory(code="1.001456", name="Cấp hộ chiếu phổ thông trong nước", field=passports)
    # Mentions residence in its summary only: must rank below the name matches.
    mention = ProcedureFactory(
        code="9.900001",
        name="Khai báo tạm vắng",
        field=residence,
        summary="Khác với đăng ký thường trú, thủ tục này dành cho người vắng mặt ở nơi cư trú.",
    )
    draft = ProcedureFactory(
        code="9.900002", name="Đăng ký thường trú bản nháp", field=residence, state=PublishState.DRAFT
    )
    review = ProcedureFactory(
        code="9.900003", name="Đăng ký thường trú chờ duyệt", field=residence, state=PublishState.IN_REVIEW
    )
    StepFactory(procedure=permanent, order=0, title="Chuẩn bị hồ sơ")
    StepFactory(procedure=permanent, order=1, title="Nộp hồ sơ", logic="or", content="Trực tiếp hoặc trực tuyến")
    general = CaseFactory(procedure=permanent, order=0, name="Trường hợp chung")
    rented = CaseFactory(procedure=permanent, order=1, name="Ở nhờ, thuê, mượn chỗ ở")
    DocumentFactory(case=general, name="Tờ khai thay đổi thông tin cư trú (Mẫu CT01)")
    DocumentFactory(case=rented, name="Hợp đồng thuê nhà hoặc văn bản đồng ý cho ở nhờ", copies=1, originals=0)
    ChannelFactory(procedure=permanent, channel="truc_tiep", fee="20.000 đồng", fee_amount=20000)
    ChannelFactory(procedure=permanent, channel="truc_tuyen", fee="10.000 đồng", fee_amount=10000)
    permanent.units.set([tree.unit_a, tree.unit_b])
    faq = FaqFactory(
        question="Thuê trọ có phải đăng ký tạm trú không?", answer="Có, nếu ở từ 30 ngày trở lên.", procedure=temporary
    )
    FaqFactory(question="Hỏi về thủ tục chưa duyệt?", procedure=draft)
    hidden_faq = FaqFactory(question="Câu hỏi đang soạn về thường trú?", state=PublishState.DRAFT)
    return SimpleNamespace(**locals())
