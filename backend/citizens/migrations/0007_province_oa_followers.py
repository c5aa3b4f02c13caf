"""Citizens who followed the (then only) OA become followers of the province's OA (zalo.OAFollower)."""

from django.db import migrations


def backfill(apps, schema_editor):
    Citizen = apps.get_model("citizens", "Citizen")
    OfficialAccount = apps.get_model("zalo", "OfficialAccount")
    OAFollower = apps.get_model("zalo", "OAFollower")
    province = OfficialAccount.objects.filter(is_province=True).first()
    if province is None:
        return
    rows = [
        OAFollower(oa=province, follower_id=c.oa_follower_id, zalo_user_id=c.zalo_user_id, following=c.follows_oa)
        for c in Citizen.objects.exclude(oa_follower_id="").only("oa_follower_id", "zalo_user_id", "follows_oa")
    ]
    OAFollower.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0006_merge_plain_vietnamese_and_consents"),
        ("zalo", "0004_many_official_accounts"),
    ]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
