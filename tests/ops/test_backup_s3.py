"""`backup` and `restore` with STORAGE_BACKEND=s3: the buckets' files are stored in the backup (encrypted, each
content once) and put back under the same names, against a real S3 HTTP server (moto.server)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from ops import backup
from ops.backup import BackupError, backup_create, backup_keygen
from tests.ops.test_backup import _sqlite
from tests.reports.test_s3_storage import keys, s3, s3_endpoint  # noqa: F401 - the S3 server and buckets

pytestmark = pytest.mark.django_db


def test_the_buckets_are_backed_up_encrypted_and_restored_exactly(s3, tmp_path, settings):  # noqa: F811
    from django.core.files.storage import default_storage

    from reports.models import ReportAttachment

    private = ReportAttachment._meta.get_field("file").storage
    public_name = default_storage.save("forms/mau-don.pdf", ContentFile(b"%PDF mau don"))
    photo = private.save("reports/2026/12/anh.jpg", ContentFile(b"\xff\xd8photo"))
    private.save("reports/2026/12/ban-sao.jpg", ContentFile(b"\xff\xd8photo"))  # same content: stored once
    identity, public_key = backup_keygen()
    (tmp_path / "key.txt").write_text(identity)
    target = _sqlite(tmp_path)
    result = backup_create(backup_dir=tmp_path / "b", retention_days=7, target=target, recipients=[public_key])
    assert (result.media_files, result.new_objects) == (3, 2)
    stored = list((tmp_path / "b" / "media-objects").glob("*/*.age"))
    assert len(stored) == 2 and all(b"photo" not in path.read_bytes() for path in stored)  # encrypted

    private.delete(photo)
    private.save("reports/2026/12/la.jpg", ContentFile(b"not in the backup"))
    s3.client.put_object(Bucket=s3.public, Key=public_name, Body=b"changed")
    backup.backup_restore(archive=result.archive, target=target, identity_file=tmp_path / "key.txt")
    assert sorted(keys(s3, s3.private)) == ["reports/2026/12/anh.jpg", "reports/2026/12/ban-sao.jpg"]
    assert keys(s3, s3.public) == [public_name]
    assert private.open(photo).read() == b"\xff\xd8photo"
    assert default_storage.open(public_name).read() == b"%PDF mau don"


def test_a_restore_refuses_a_path_that_leaves_the_bucket_area(s3, tmp_path):  # noqa: F811
    with pytest.raises(BackupError, match="Đường dẫn không hợp lệ"):
        backup._restore_media(tmp_path, [{"area": "private_media", "path": "../x", "object": "0" * 64}], None)
