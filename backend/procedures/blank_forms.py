"""Blank forms (tờ khai) for the demo content, written as Word documents (.docx) with the standard library.

Why DOCX and not PDF: a PDF with Vietnamese text needs a font embedded as a CID font with its Unicode map,
which no installed package writes for us; a .docx is a zip of a few XML files, its text is plain Unicode, and
every phone opens it (Word, Google Docs, WPS, Zalo's file viewer). A citizen can also type into it before
printing. The layout follows the official forms' fields and order; the files say they are demo copies and point
to the official source (docs/demo-content.md, "Mẫu tờ khai").

The bytes are deterministic (fixed timestamps in the zip), so loading the demo twice writes the same file.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)
DOTS = "…" * 40

# A paragraph: ("title" | "center" | "bold" | "line" | "note" | "sign", text), or ("table", [[cell, ...], ...]).
Block = tuple[str, object]


@dataclass(frozen=True)
class BlankForm:
    code: str  # e.g. "CT01"
    file_name: str  # stored as forms/demo/<file_name>
    title: str
    basis: str  # the circular that issues the form (shown in the small print)
    blocks: list[Block] = field(default_factory=list)


def _run(text: str, *, bold: bool = False, italic: bool = False, size: int = 26) -> str:
    props = (
        f'<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="{size}"/>'
    )
    if bold:
        props += "<w:b/>"
    if italic:
        props += "<w:i/>"
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _paragraph(kind: str, text: str) -> str:
    align = "center" if kind in ("title", "center", "sign") else "both"
    spacing = '<w:spacing w:before="120" w:after="120"/>' if kind == "title" else '<w:spacing w:after="60"/>'
    run = {
        "title": lambda: _run(text, bold=True, size=30),
        "center": lambda: _run(text, bold=True),
        "bold": lambda: _run(text, bold=True),
        "note": lambda: _run(text, italic=True, size=22),
        "sign": lambda: _run(text, bold=True, size=24),
    }.get(kind, lambda: _run(text))()
    return f'<w:p><w:pPr><w:jc w:val="{align}"/>{spacing}</w:pPr>{run}</w:p>'


def _table(rows: list[list[str]]) -> str:
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    body = []
    for index, row in enumerate(rows):
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>'
            f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{_run(cell, bold=index == 0, size=22)}</w:p></w:tc>'
            for cell in row
        )
        body.append(f"<w:tr>{cells}</w:tr>")
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>{border}</w:tblBorders></w:tblPr>'
        f"{''.join(body)}</w:tbl>"
    )


def _document(form: BlankForm) -> str:
    parts = [
        _paragraph("center", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        _paragraph("center", "Độc lập - Tự do - Hạnh phúc"),
        _paragraph("title", form.title),
    ]
    for kind, content in form.blocks:
        if kind == "table":
            parts.append(_table(content))  # type: ignore[arg-type]
        else:
            parts.append(_paragraph(kind, str(content)))
    parts.append(
        _paragraph(
            "note",
            f"Mẫu {form.code} ({form.basis}). Bản dựng lại cho bản thử (Demo) của ứng dụng: trước khi nộp, "
            "đối chiếu với mẫu trên Cổng dịch vụ công hoặc xin mẫu tại nơi tiếp nhận hồ sơ.",
        )
    )
    section = (
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1418" w:header="567" w:footer="567" w:gutter="0"/>'
        "</w:sectPr>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}"><w:body>{"".join(parts)}{section}</w:body></w:document>'
    )


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    "</Relationships>"
)


def _core(form: BlankForm) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(form.title.capitalize())} (Mẫu {form.code})</dc:title><dc:language>vi-VN</dc:language>"
        "</cp:coreProperties>"
    )


def docx_bytes(form: BlankForm) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("docProps/core.xml", _core(form)),
            ("word/document.xml", _document(form)),
        ):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def _fill(label: str) -> Block:
    return ("line", f"{label} {DOTS}")


CT01 = BlankForm(
    code="CT01",
    file_name="CT01-to-khai-thay-doi-thong-tin-cu-tru.docx",
    title="TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ",
    basis="ban hành kèm Thông tư số 66/2023/TT-BCA",
    blocks=[
        ("center", f"Kính gửi (1): {DOTS}"),
        _fill("1. Họ, chữ đệm và tên:"),
        ("line", "2. Ngày, tháng, năm sinh: ……/……/………… 3. Giới tính: …………"),
        _fill("4. Số định danh cá nhân:"),
        ("line", "5. Số điện thoại liên hệ: ………………………… 6. Email: …………………………"),
        _fill("7. Họ, chữ đệm và tên chủ hộ:"),
        _fill("8. Mối quan hệ với chủ hộ:"),
        _fill("9. Số định danh cá nhân của chủ hộ:"),
        _fill("10. Nội dung đề nghị (2):"),
        ("line", DOTS + DOTS),
        ("line", "11. Những thành viên trong hộ gia đình cùng thay đổi:"),
        (
            "table",
            [
                [
                    "TT",
                    "Họ, chữ đệm và tên",
                    "Ngày, tháng, năm sinh",
                    "Giới tính",
                    "Số định danh cá nhân",
                    "Mối quan hệ với chủ hộ",
                ],
                ["1", "", "", "", "", ""],
                ["2", "", "", "", "", ""],
                ["3", "", "", "", "", ""],
            ],
        ),
        ("line", ""),
        ("sign", "……, ngày …… tháng …… năm ……"),
        (
            "table",
            [
                [
                    "Ý KIẾN CỦA CHỦ HỘ (3)",
                    "Ý KIẾN CỦA CHỦ SỞ HỮU CHỖ Ở HỢP PHÁP (3)",
                    "Ý KIẾN CỦA CHA, MẸ HOẶC NGƯỜI GIÁM HỘ (4)",
                    "NGƯỜI KÊ KHAI",
                ],
                ["(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)"],
                ["\n\n\n", "", "", ""],
            ],
        ),
        ("note", "(1) Cơ quan đăng ký cư trú (ví dụ: Công an xã, phường nơi đăng ký)."),
        (
            "note",
            "(2) Ghi rõ việc đề nghị: đăng ký thường trú, đăng ký tạm trú, gia hạn tạm trú, tách hộ, xóa đăng ký "
            "thường trú, xác nhận thông tin về cư trú, khai báo tạm vắng…",
        ),
        ("note", "(3) Khi pháp luật về cư trú yêu cầu ý kiến đồng ý của chủ hộ, chủ sở hữu chỗ ở."),
        ("note", "(4) Khi người có thay đổi thông tin cư trú là người chưa thành niên, người cần có người giám hộ."),
    ],
)

CC01 = BlankForm(
    code="CC01",
    file_name="CC01-to-khai-can-cuoc.docx",
    title="TỜ KHAI CĂN CƯỚC",
    basis="ban hành kèm Thông tư số 17/2024/TT-BCA",
    blocks=[
        _fill("1. Họ, chữ đệm và tên khai sinh (chữ in hoa):"),
        _fill("2. Họ, chữ đệm và tên gọi khác (nếu có):"),
        ("line", "3. Ngày, tháng, năm sinh: ……/……/………… 4. Giới tính: ………… 5. Số định danh cá nhân: …………………………"),
        ("line", "6. Dân tộc: ………………… 7. Tôn giáo: ………………… 8. Quốc tịch: …………………"),
        ("line", "9. Tình trạng hôn nhân: ………………… 10. Nhóm máu (nếu có): …………"),
        _fill("11. Nơi đăng ký khai sinh:"),
        _fill("12. Quê quán:"),
        _fill("13. Nơi thường trú:"),
        _fill("14. Nơi tạm trú:"),
        _fill("15. Nơi ở hiện tại:"),
        _fill("16. Nghề nghiệp:"),
        _fill("17. Họ, chữ đệm và tên, quốc tịch, số định danh cá nhân của cha:"),
        _fill("18. Họ, chữ đệm và tên, quốc tịch, số định danh cá nhân của mẹ:"),
        _fill("19. Họ, chữ đệm và tên, quốc tịch, số định danh cá nhân của vợ hoặc chồng:"),
        _fill("20. Họ, chữ đệm và tên, số định danh cá nhân của người đại diện hợp pháp (nếu có):"),
        ("line", "21. Số điện thoại: ………………………… 22. Email: …………………………"),
        ("bold", "23. Đề nghị (đánh dấu X vào ô phù hợp):"),
        ("line", "☐ Cấp thẻ căn cước lần đầu   ☐ Cấp đổi thẻ căn cước   ☐ Cấp lại thẻ căn cước"),
        _fill("Lý do cấp đổi, cấp lại (nếu có):"),
        ("bold", "24. Nơi nhận thẻ căn cước (đánh dấu X):"),
        ("line", "☐ Tại nơi làm thủ tục   ☐ Qua bưu chính, địa chỉ: " + DOTS),
        ("line", ""),
        ("line", "Tôi xin cam đoan những thông tin kê khai trên là đúng sự thật."),
        ("sign", "……, ngày …… tháng …… năm ……"),
        ("sign", "NGƯỜI KHAI"),
        ("note", "(Ký, ghi rõ họ tên)"),
    ],
)

DEMO_FORMS = {form.code: form for form in (CT01, CC01)}
