"""Synthetic news text that is not about chips: economy, weather, sport, property, health.

The benchmark corpus must not be all semiconductors: most real scrapes are mostly other news, where
the term lexicon finds little and figures, sources and dates look different. These sentence
templates were written for this project (generic wire-style phrasing, no text taken from any
article); every slot is filled from a small word list or a random number, so lines are mostly
distinct across articles and nothing memoised per line flatters the build.
"""

from __future__ import annotations

import random

SUBJECTS = ("economy", "weather", "sport", "property", "health")

CITIES = (
    "北京", "上海", "广州", "深圳", "成都", "武汉", "杭州", "南京", "重庆", "西安",
    "天津", "苏州", "长沙", "郑州", "青岛", "厦门", "香港", "台北", "高雄", "澳门",
)  # fmt: skip
REGIONS = ("华北", "华东", "华南", "西南", "东北", "长江中下游", "珠三角", "西北")
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
GIVEN = "明丽强静伟芳磊洋勇敏军杰娟涛超秀兰华平刚"
TEAMS = ("北京队", "上海队", "广东队", "辽宁队", "浙江队", "山东队", "四川队", "新疆队", "江苏队", "福建队")
LEAGUES = ("中超联赛", "CBA联赛", "中甲联赛", "女排联赛", "港超联赛")
EVENTS = ("全国运动会", "亚洲田径锦标赛", "城市马拉松", "青年游泳锦标赛", "大学生运动会")
SECTORS = ("消费", "制造业", "服务业", "基建投资", "外贸", "旅游")
FACTORS = ("猪肉价格回落", "能源价格上涨", "节假日消费", "天气因素", "原材料成本上升")
HAZARDS = ("强降雨引发的城市内涝", "雷电和短时大风", "高温中暑", "道路结冰", "山洪和地质灾害")
STORMS = ("海葵", "杜苏芮", "苏拉", "小犬", "摩羯", "贝碧嘉")
HOSPITALS = ("市第一人民医院", "市儿童医院", "省人民医院", "大学附属医院", "市中医院")
DEPTS = ("呼吸科", "儿科", "心内科", "急诊科", "感染科")
ORGS = ("某证券研究所", "某银行研究院", "某咨询机构", "某高校经济研究中心")
COLORS = ("蓝", "黄", "橙", "红")

# Per subject: headlines, then body sentences. Slots: {city} {city2} {region} {person} {team}
# {team2} {league} {event} {sector} {factor} {hazard} {storm} {hospital} {dept} {org} {color}
# {month} {day} {k} {k2} {s1} {s2} {pct} {pct2} {small} {big} {price} {t} {mm} {rate}.
TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "economy": (
        ("{city}{month}月消费数据出炉 零售总额同比增长{pct}%", "{org}：全年经济增速有望保持在{pct}%左右"),
        (
            "{city}统计局{day}日公布的数据显示，{month}月份全市社会消费品零售总额为{big}亿元，同比增长{pct}%。",
            "分析人士认为，{sector}需求回暖带动了本季度的经济增长，但外部需求仍存在不确定性。",
            "{org}首席经济学家{person}表示，预计全年国内生产总值增速将保持在{pct}%左右。",
            "今年前{k}个月，{city}规模以上工业增加值同比增长{pct}%，增速比上月加快{small}个百分点。",
            "央行{day}日开展{big}亿元逆回购操作，中标利率维持在{rate}%不变。",
            "受{factor}影响，{city}居民消费价格指数同比上涨{pct}%，其中食品价格上涨{pct2}%。",
            "{person}指出，{sector}领域的投资增速已连续{k}个月回升，显示企业信心有所恢复。",
            "数据显示，{month}月{city}进出口总额达到{big}亿元，其中出口增长{pct}%，进口下降{pct2}%。",
        ),
    ),
    "weather": (
        (
            "{city}发布{color}色暴雨预警",
            "冷空气来袭 {region}气温将下降{k}至{k2}度",
            "台风“{storm}”逼近{city}",
        ),
        (
            "{city}市气象台{day}日发布{color}色暴雨预警信号，预计未来{k}小时内局部地区降雨量将超过{mm}毫米。",
            "受冷空气影响，{region}大部地区气温将下降{k}至{k2}摄氏度，{city}最低气温可能降至{t}度。",
            "气象专家提醒，市民出行请注意防范{hazard}，尽量避免前往低洼地带。",
            "今年入夏以来，{city}累计高温日数已达{k}天，较常年同期偏多{k2}天。",
            "台风“{storm}”于{day}日在{city}沿海登陆，登陆时中心附近最大风力有{k}级。",
            "{city}交通部门表示，受天气影响，{k}条公交线路临时调整，部分航班延误。",
            "据{city}水文部门监测，主要河流水位已上涨{small}米，目前仍在警戒水位以下。",
        ),
    ),
    "sport": (
        (
            "{team}{s1}比{s2}击败{team2}",
            "{event}{day}日开幕 {big}名运动员参赛",
            "{person}夺得个人第{k}枚金牌",
        ),
        (
            "在{day}日晚进行的{league}第{k}轮比赛中，{team}主场以{s1}比{s2}战胜{team2}。",
            "{person}全场贡献{k}分{k2}个篮板，帮助球队取得{s1}连胜。",
            "{team}主教练{person}赛后表示，球队的防守还有很多需要改进的地方。",
            "本届{event}共有来自{k}个国家和地区的{big}名运动员参赛，比赛将持续{k2}天。",
            "{person}在女子{mm}米决赛中以{s1}分{k2}秒的成绩夺冠，刷新了赛会纪录。",
            "目前{team}以{k}胜{k2}负的战绩排在积分榜第{s2}位，落后榜首{s1}分。",
            "据悉，{event}的门票已售出{pct}%，主办方预计现场观众将超过{big}人次。",
        ),
    ),
    "property": (
        ("{city}楼市新政出台 首付比例降至{pct}%", "{month}月{city}二手房成交{big}套", "{region}楼市仍在筑底"),
        (
            "{month}月份，{city}新建商品住宅销售价格环比下降{small}%，二手住宅价格环比下降{pct2}%。",
            "{city}住建部门{day}日发布通知，首套住房商业性个人住房贷款最低首付比例调整为{pct}%。",
            "中介机构数据显示，{city}本月二手房成交{big}套，环比增长{pct}%。",
            "业内人士指出，{region}楼市仍处于筑底阶段，购房者观望情绪较浓。",
            "{city}某新盘开盘当日推出房源{k}套，均价约每平方米{price}元，去化率约{pct}%。",
            "{person}认为，随着房贷利率下调至{rate}%，部分刚需购房者开始重新入市。",
            "今年以来，{city}累计供应住宅用地{k}宗，成交金额{big}亿元。",
        ),
    ),
    "health": (
        ("{city}进入流感高发期", "{hospital}：儿童呼吸道感染就诊量上升", "专家提醒：每周运动{k}次有益心血管"),
        (
            "{city}卫健委{day}日通报，本周全市报告流感样病例{big}例，较上周上升{pct}%。",
            "专家建议，老年人和慢性病患者应及时接种疫苗，并保持规律作息。",
            "{hospital}{dept}主任{person}介绍，近期就诊的呼吸道感染患者中儿童约占{pct}%。",
            "研究显示，每周进行{k}次以上中等强度运动，可使心血管疾病风险降低约{pct2}%。",
            "{city}今年已建成社区卫生服务中心{k}家，服务常住人口约{big}万人。",
            "{person}提醒，出现持续高烧{k2}天以上的症状时，应及时到医院就诊。",
            "据统计，{city}去年人均预期寿命达到{t}岁，比五年前提高{small}岁。",
        ),
    ),
}


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _slots(rng: random.Random) -> dict[str, str]:
    city, city2 = rng.sample(CITIES, 2)
    team, team2 = rng.sample(TEAMS, 2)
    return {
        "city": city,
        "city2": city2,
        "region": rng.choice(REGIONS),
        "person": _person(rng),
        "team": team,
        "team2": team2,
        "league": rng.choice(LEAGUES),
        "event": rng.choice(EVENTS),
        "sector": rng.choice(SECTORS),
        "factor": rng.choice(FACTORS),
        "hazard": rng.choice(HAZARDS),
        "storm": rng.choice(STORMS),
        "hospital": rng.choice(HOSPITALS),
        "dept": rng.choice(DEPTS),
        "org": rng.choice(ORGS),
        "color": rng.choice(COLORS),
        "month": str(rng.randint(1, 12)),
        "day": str(rng.randint(1, 28)),
        "k": str(rng.randint(2, 12)),
        "k2": str(rng.randint(2, 9)),
        "s1": str(rng.randint(0, 6)),
        "s2": str(rng.randint(0, 6)),
        "pct": f"{rng.uniform(0.5, 60):.1f}",
        "pct2": f"{rng.uniform(0.1, 15):.1f}",
        "small": f"{rng.uniform(0.1, 3):.1f}",
        "big": str(rng.randint(120, 98000)),
        "price": str(rng.randint(8000, 120000)),
        "t": str(rng.randint(-15, 82)),
        "mm": str(rng.choice((100, 200, 400, 800, 1500, 5000))),
        "rate": f"{rng.uniform(1.2, 4.5):.2f}",
    }


def article(rng: random.Random) -> tuple[str, list[str]]:
    """(subject, lines) of one article: headline, byline, 3–8 paragraphs of 1–3 sentences, editor."""
    subject = rng.choice(SUBJECTS)
    heads, body = TEMPLATES[subject]
    lines = [rng.choice(heads).format(**_slots(rng))]
    lines.append(f"（记者 {_person(rng)}）" if rng.random() < 0.6 else f"本报{rng.choice(CITIES)}讯")
    for _ in range(rng.randint(3, 8)):
        slots = _slots(rng)
        lines.append("".join(s.format(**slots) for s in rng.sample(body, rng.randint(1, 3))))
    if rng.random() < 0.5:
        lines.append(f"责任编辑：{_person(rng)}")
    return subject, lines
