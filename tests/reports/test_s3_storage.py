"""Media and private media on an S3-compatible store (STORAGE_BACKEND=s3, common/storage.py), against a real S3 HTTP
server (moto.server, started by tests/servers.py): report attachments land in the private bucket and are opened only
through the officers' authorised view; nothing ever gives them an address."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from reports.models import AccessAction, ReportAccessLog, ReportAttachment
from tests.reports.conftest import jpeg_with_gps, make_report, upload
from tests.servers import s3_server

boto3 = pytest.importorskip("boto3")
pytest.importorskip("storages")

pytestmark = pytest.mark.django_db

KEY_ID, SECRET = "pz-test-key", "pz-test-secret"  # moto.server accepts any credentials


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def s3(s3_endpoint, settings) -> Iterator[SimpleNamespace]:
    """STORAGE_BACKEND=s3 on fresh buckets; the attachment field's storage follows (Django builds it once)."""
    import uuid

    from common.storage import PrivateMediaStorage

    suffix = uuid.uuid4().hex[:8]
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET, region_name="us-east-1"
    )
    public, private = f"pz-media-{suffix}", f"pz-private-{suffix}"
    for bucket in (public, private):
        client.create_bucket(Bucket=bucket)
    settings.STORAGE_BACKEND = "s3"
    settings.S3_ENDPOINT_URL = s3_endpoint
    settings.S3_BUCKET, settings.S3_PRIVATE_BUCKET = public, private
    settings.S3_ACCESS_KEY_ID, settings.S3_SECRET_ACCESS_KEY = KEY_ID, SECRET
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "common.storage.PublicMediaStorage"}}
    field = ReportAttachment._meta.get_field("file")
    local = field.storage
    field.storage = PrivateMediaStorage()
    try:
        yield SimpleNamespace(client=client, public=public, private=private, endpoint=s3_endpoint)
    finally:
        field.storage = local


def keys(s3: SimpleNamespace, bucket: str) -> list[str]:
    return [item["Key"] for item in s3.client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_an_attachment_goes_to_the_private_bucket_and_opens_only_through_the_authorised_view(
    s3, areas, officer_a, tree, tmp_path, settings
):
    submitted = make_report(areas.tree.unit_a, files=[upload(jpeg_with_gps())])
    attachment = submitted.report.attachments.get()
    assert keys(s3, s3.private) == [attachment.file.name]  # in the private bucket
    assert keys(s3, s3.public) == []  # and nowhere public
    assert not any(tmp_path.rglob("*.jpg"))  # nor on this server's disk
    with pytest.raises(NotImplementedError):  # no address of any kind: not public, not signed
        attachment.file.url  # noqa: B018

    client = Client(REMOTE_ADDR="192.0.2.10")
    client.force_login(officer_a)
    view = reverse("admin:reports_report_attachment", args=[submitted.report.pk, attachment.pk])
    response = client.get(view)
    assert response.status_code == 200
    assert (
        b"".join(response.streaming_content)
        == s3.client.get_object(Bucket=s3.private, Key=attachment.file.name)["Body"].read()
    )
    assert ReportAccessLog.objects.filter(action=AccessAction.ATTACHMENT, attachment=attachment).count() == 1
    page = client.get(reverse("admin:reports_report_change", args=[submitted.report.pk])).content.decode()
    assert s3.endpoint not in page and s3.private not in page and attachment.file.name not in page
    for path in (f"/media/{attachment.file.name}", f"/{attachment.file.name}"):
        assert Client().get(path).status_code == 404


def test_an_officer_of_another_unit_cannot_open_it_from_the_bucket_either(s3, areas, officer_b):
    submitted = make_report(areas.tree.unit_a, files=[upload(jpeg_with_gps())])
    attachment = submitted.report.attachments.get()
    client = Client()
    client.force_login(officer_b)
    response = client.get(reverse("admin:reports_report_attachment", args=[submitted.report.pk, attachment.pk]))
    assert response.status_code in (403, 404)
    assert not ReportAccessLog.objects.filter(action=AccessAction.ATTACHMENT).exists()


def test_a_refused_report_leaves_nothing_in_the_bucket(s3, areas, monkeypatch):
    from reports import submission

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("database gone")

    monkeypatch.setattr(submission, "citizen_notify", broken)
    with pytest.raises(RuntimeError):
        make_report(areas.tree.unit_a, files=[upload(jpeg_with_gps())])
    assert keys(s3, s3.private) == []


def test_public_media_live_in_the_public_bucket_with_a_site_address(s3, settings):
    from django.core.files.storage import default_storage

    name = default_storage.save("forms/mau-don.txt", ContentFile(b"mau don"))
    assert keys(s3, s3.public) == [name] and keys(s3, s3.private) == []
    assert default_storage.url(name) == f"/media/{name}"  # MEDIA_URL: the proxy or the web service serves it
    settings.S3_PUBLIC_MEDIA_URL = "https://media.example.vn/"
    assert default_storage.url(name) == f"https://media.example.vn/{name}"
    with default_storage.open(name) as handle:
        assert handle.read() == b"mau don"
