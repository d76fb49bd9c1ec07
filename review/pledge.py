"""The recusal pledge (回避承诺) an expert signs before seeing any candidate.

The 回避 grounds follow facts §3.1 (职称评审管理暂行规定, 人社部令第40号) and §3.2:
relatives, master and apprentice, the same employer, and any other relation
that may affect a fair review; the pledge also binds the expert to keep the
candidates' materials confidential. The text as signed is stored with the
signature, so a later change of wording never alters a pledge already given.
"""

from django.utils.translation import gettext as _

from nominations.models import Campaign


def pledge_paragraphs(campaign: Campaign) -> list[str]:
    """Return the pledge for the campaign, paragraph by paragraph."""
    return [
        _(
            "本人受黑龙江省总工会邀请，担任%(year)s年“龙江工匠”选树评审专家。"
            "为保证评审工作公平、公正，本人郑重承诺："
        )
        % {"year": campaign.year},
        _(
            "一、严格执行回避规定。本人与被推荐人有下列关系之一的，主动申报并回避对该人选的评审："
            "（一）夫妻关系、直系血亲关系、三代以内旁系血亲关系或者近姻亲关系；"
            "（二）师徒关系；"
            "（三）在同一单位工作；"
            "（四）其他可能影响公正评审的关系。"
            "评审期间发现上述情形的，立即申报。"
        ),
        _(
            "二、独立、客观、公正地评审，不受任何单位和个人干扰，"
            "不接受被推荐人或推荐单位的请托、礼品、礼金和宴请。"
        ),
        _(
            "三、严格保守秘密。对被推荐人的申报材料、个人信息以及评审情况和结果严格保密，"
            "不复制、不外传，不向任何单位和个人透露。"
        ),
        _("四、如违反上述承诺，本人自愿接受取消评审专家资格等处理，并承担相应责任。"),
    ]


def pledge_text(campaign: Campaign) -> str:
    """Return the pledge as one text, as stored with the signature."""
    return "\n".join(pledge_paragraphs(campaign))
