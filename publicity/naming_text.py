"""The default wording of the naming notice (命名通报), kept in one place.

🛠 Reconstruction: the real 2021 notice (省总工会办公室《关于选树2021年“龙江工匠”的通报》,
于金宝等100人) is known only by its title and its headline; the text below follows
the usual form of a provincial union's 通报 and the wording of the 2021 selection
notice (黑工办发〔2021〕16号). Staff edit the title and the text of each year's
notice before publishing; change the defaults here once the official template is
known. The title and the text are filled with ``str.format_map`` from:

- ``{year}``: the campaign's year;
- ``{first_name}``: the first person of the list (于金宝);
- ``{count}``: how many people the final list holds;
- ``{notice}``: the selection notice as cited, 《…通知》（黑工办发〔2021〕16号）;
- ``{amount}``: the award per person in yuan (5000).
"""

# The issuing office: the red head (版头) and the signature (发文机关署名).
ISSUER = "黑龙江省总工会办公室"

TITLE = "关于选树{year}年“龙江工匠”的通报"

# The selection notice as the text cites it; its 文号 (Campaign.notice_ref) follows
# in brackets when the campaign has one.
SELECTION_NOTICE = "《关于开展{year}年选树“龙江工匠”工作的通知》"

# One paragraph per line. The first line is the addressee (主送机关), printed
# flush left; the last is the attachment line (附件说明).
BODY = (
    "各市（地）总工会，各产业工会：\n"
    "为深入贯彻落实省委、省政府人才强省战略，大力弘扬劳模精神、劳动精神、工匠精神，"
    "根据{notice}要求，经各市（地）总工会、各产业工会逐级推荐，省总工会初审、专家评审，"
    "省总工会主席办公会议审议，并经社会公示，决定命名{first_name}等{count}名同志为"
    "{year}年“龙江工匠”，颁发荣誉证书，一次性奖励{amount}元。\n"
    "希望受到命名的同志珍惜荣誉，再接再厉，充分发挥示范引领作用，在技术攻关、"
    "技能传承、带徒传技中再创佳绩。各级工会要注重宣传“龙江工匠”的先进典型事迹、"
    "重要作用和突出贡献，在全社会弘扬精益求精的工匠精神，营造劳动光荣、技能宝贵、"
    "创造伟大的时代风尚，激励广大职工走技能成才、技能报国之路，"
    "为龙江全面振兴全方位振兴贡献力量。\n"
    "附件：{year}年“龙江工匠”名单"
)

# The attachment's title, above the list by unit.
ATTACHMENT_TITLE = "{year}年“龙江工匠”名单"
