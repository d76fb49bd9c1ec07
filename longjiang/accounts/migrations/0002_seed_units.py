"""Seed the recommending units: the 13 市（地） (GB/T 2260 codes), the provincial
industry unions (facts.md §4.2; only 财贸轻工纺织工会 is confirmed, the others
are editable reconstructions), and the province itself."""

from django.db import migrations

CITIES = [
    ("230100", "哈尔滨市总工会", "哈尔滨市"),
    ("230200", "齐齐哈尔市总工会", "齐齐哈尔市"),
    ("230300", "鸡西市总工会", "鸡西市"),
    ("230400", "鹤岗市总工会", "鹤岗市"),
    ("230500", "双鸭山市总工会", "双鸭山市"),
    ("230600", "大庆市总工会", "大庆市"),
    ("230700", "伊春市总工会", "伊春市"),
    ("230800", "佳木斯市总工会", "佳木斯市"),
    ("230900", "七台河市总工会", "七台河市"),
    ("231000", "牡丹江市总工会", "牡丹江市"),
    ("231100", "黑河市总工会", "黑河市"),
    ("231200", "绥化市总工会", "绥化市"),
    ("232700", "大兴安岭地区总工会", "大兴安岭地区"),
]

INDUSTRY_UNIONS = [
    ("cy01", "黑龙江省财贸轻工纺织工会"),
    ("cy02", "黑龙江省直机关工会工作委员会"),
    ("cy03", "黑龙江省教科文卫体工会"),
    ("cy04", "黑龙江省农林水利工会"),
    ("cy05", "黑龙江省能源化学地质工会"),
    ("cy06", "黑龙江省机械冶金建材工会"),
    ("cy07", "黑龙江省交通运输工会"),
    ("cy08", "黑龙江省建设工会"),
    ("cy09", "黑龙江省国防邮电工会"),
    ("cy10", "黑龙江省金融工会"),
]


def seed(apps, schema_editor):
    Unit = apps.get_model("accounts", "Unit")
    order = 0
    for code, name, region in CITIES:
        order += 10
        Unit.objects.update_or_create(
            code=code,
            defaults={"name": name, "kind": "city", "region_name": region, "sort_order": order},
        )
    for code, name in INDUSTRY_UNIONS:
        order += 10
        Unit.objects.update_or_create(
            code=code, defaults={"name": name, "kind": "industry", "sort_order": order}
        )
    Unit.objects.update_or_create(
        code="230000",
        defaults={
            "name": "黑龙江省总工会",
            "kind": "province",
            "region_name": "黑龙江省",
            "sort_order": 1000,
        },
    )


def unseed(apps, schema_editor):
    Unit = apps.get_model("accounts", "Unit")
    codes = [c for c, *_ in CITIES] + [c for c, _ in INDUSTRY_UNIONS] + ["230000"]
    Unit.objects.filter(code__in=codes, users__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
