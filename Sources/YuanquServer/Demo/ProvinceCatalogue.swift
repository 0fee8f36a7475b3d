import Foundation

/// The names the province demo draws from: Jiangsu's cities and their districts and counties (with the
/// administrative division codes that open resident identity numbers and credit codes), the kinds of zone,
/// surnames weighted by their frequency, given names, and the words of company and project names.
enum ProvinceCatalogue {
    struct Place: Sendable {
        let city: String
        let cityPinyin: String
        let name: String
        let pinyin: String
        let area: String
    }

    struct Kind: Sendable {
        let zh: String
        let code: String
        let en: String
        /// How large such a zone tends to be, relative to the others.
        let weight: Double
    }

    struct ZoneSpec: Sendable {
        let code: String
        let name: String
        let nameEn: String
        let place: Place
        let kind: Kind
    }

    static let cities: [(String, String, [(String, String, String)])] = [
        (
            "南京", "nj",
            [
                ("江宁", "jiangning", "320115"), ("六合", "liuhe", "320116"), ("溧水", "lishui", "320117"), ("高淳", "gaochun", "320118"),
                ("栖霞", "qixia", "320113"), ("雨花台", "yuhuatai", "320114"), ("建邺", "jianye", "320105"), ("鼓楼", "gulou", "320106"),
                ("玄武", "xuanwu", "320102"), ("秦淮", "qinhuai", "320104"),
            ]
        ),
        (
            "无锡", "wx",
            [
                ("梁溪", "liangxi", "320213"), ("锡山", "xishan", "320205"), ("惠山", "huishan", "320206"), ("滨湖", "binhu", "320211"),
                ("新吴", "xinwu", "320214"), ("江阴", "jiangyin", "320281"), ("宜兴", "yixing", "320282"),
            ]
        ),
        (
            "徐州", "xz",
            [
                ("云龙", "yunlong", "320303"), ("贾汪", "jiawang", "320305"), ("泉山", "quanshan", "320311"), ("铜山", "tongshan", "320312"),
                ("丰县", "fengxian", "320321"), ("沛县", "peixian", "320322"), ("睢宁", "suining", "320324"), ("新沂", "xinyi", "320381"),
                ("邳州", "pizhou", "320382"),
            ]
        ),
        (
            "常州", "cz",
            [
                ("天宁", "tianning", "320402"), ("钟楼", "zhonglou", "320404"), ("新北", "xinbei", "320411"), ("武进", "wujin", "320412"),
                ("金坛", "jintan", "320413"), ("溧阳", "liyang", "320481"),
            ]
        ),
        (
            "苏州", "sz",
            [
                ("虎丘", "huqiu", "320505"), ("吴中", "wuzhong", "320506"), ("相城", "xiangcheng", "320507"), ("姑苏", "gusu", "320508"),
                ("吴江", "wujiang", "320509"), ("常熟", "changshu", "320581"), ("张家港", "zhangjiagang", "320582"),
                ("昆山", "kunshan", "320583"), ("太仓", "taicang", "320585"),
            ]
        ),
        (
            "南通", "nt",
            [
                ("通州", "tongzhou", "320612"), ("崇川", "chongchuan", "320613"), ("海门", "haimen", "320614"), ("如东", "rudong", "320623"),
                ("启东", "qidong", "320681"), ("如皋", "rugao", "320682"), ("海安", "haian", "320685"),
            ]
        ),
        (
            "连云港", "lyg",
            [
                ("连云", "lianyun", "320703"), ("海州", "haizhou", "320706"), ("赣榆", "ganyu", "320707"), ("东海", "donghai", "320722"),
                ("灌云", "guanyun", "320723"), ("灌南", "guannan", "320724"),
            ]
        ),
        (
            "淮安", "ha",
            [
                ("淮安", "huaian", "320803"), ("淮阴", "huaiyin", "320804"), ("清江浦", "qingjiangpu", "320812"), ("洪泽", "hongze", "320813"),
                ("涟水", "lianshui", "320826"), ("盱眙", "xuyi", "320830"), ("金湖", "jinhu", "320831"),
            ]
        ),
        (
            "盐城", "yc",
            [
                ("亭湖", "tinghu", "320902"), ("盐都", "yandu", "320903"), ("大丰", "dafeng", "320904"), ("响水", "xiangshui", "320921"),
                ("滨海", "binhai", "320922"), ("阜宁", "funing", "320923"), ("射阳", "sheyang", "320924"), ("建湖", "jianhu", "320925"),
                ("东台", "dongtai", "320981"),
            ]
        ),
        (
            "扬州", "yz",
            [
                ("广陵", "guangling", "321002"), ("邗江", "hanjiang", "321003"), ("江都", "jiangdu", "321012"), ("宝应", "baoying", "321023"),
                ("仪征", "yizheng", "321081"), ("高邮", "gaoyou", "321084"),
            ]
        ),
        (
            "镇江", "zj",
            [
                ("京口", "jingkou", "321102"), ("润州", "runzhou", "321111"), ("丹徒", "dantu", "321112"), ("丹阳", "danyang", "321181"),
                ("扬中", "yangzhong", "321182"), ("句容", "jurong", "321183"),
            ]
        ),
        (
            "泰州", "tz",
            [
                ("海陵", "hailing", "321202"), ("高港", "gaogang", "321203"), ("姜堰", "jiangyan", "321204"), ("兴化", "xinghua", "321281"),
                ("靖江", "jingjiang", "321282"), ("泰兴", "taixing", "321283"),
            ]
        ),
        (
            "宿迁", "sq",
            [
                ("宿城", "sucheng", "321302"), ("宿豫", "suyu", "321311"), ("沭阳", "shuyang", "321322"), ("泗阳", "siyang", "321323"),
                ("泗洪", "sihong", "321324"),
            ]
        ),
    ]

    static let kinds: [Kind] = [
        Kind(zh: "经济技术开发区", code: "etdz", en: "Economic and Technological Development Zone", weight: 1.6),
        Kind(zh: "高新技术产业开发区", code: "hitech", en: "High-tech Industrial Development Zone", weight: 1.3),
        Kind(zh: "经济开发区", code: "edz", en: "Economic Development Zone", weight: 1.0),
        Kind(zh: "工业园区", code: "ip", en: "Industrial Park", weight: 0.8),
        Kind(zh: "综合保税区", code: "ftz", en: "Comprehensive Bonded Zone", weight: 0.5),
        Kind(zh: "科技产业园", code: "stp", en: "Science and Technology Park", weight: 0.6),
    ]

    static var places: [Place] {
        cities.flatMap { city in
            city.2.map { Place(city: city.0, cityPinyin: city.1, name: $0.0, pinyin: $0.1, area: $0.2) }
        }
    }

    /// The first `count` zones of the province: every place's main zone first (its kind varies with the place),
    /// then second zones of another kind; nil when the catalogue has fewer.
    static func zones(count: Int) -> [ZoneSpec]? {
        let all = places
        var specs: [ZoneSpec] = []
        for round in 0..<kinds.count {
            for (i, place) in all.enumerated() {
                // Main zones are mostly development zones; later rounds add parks and bonded zones.
                let kind = kinds[(i * 7 + round * 3 + (round == 0 ? 0 : 1)) % (round == 0 ? 3 : kinds.count)]
                let code = "\(place.cityPinyin)-\(place.pinyin)-\(kind.code)"
                if specs.contains(where: { $0.code == code }) { continue }
                let english = place.pinyin.prefix(1).uppercased() + place.pinyin.dropFirst()
                specs.append(
                    ZoneSpec(code: code, name: place.name + kind.zh, nameEn: "\(english) \(kind.en)", place: place, kind: kind)
                )
                if specs.count == count { return specs }
            }
        }
        return count <= specs.count ? Array(specs.prefix(count)) : nil
    }

    /// Surnames with their share of the population in per mille (national figures, Jiangsu's own surnames raised).
    static let surnames: [(String, Double)] = [
        ("王", 72), ("李", 60), ("张", 66), ("刘", 45), ("陈", 62), ("杨", 31), ("黄", 22), ("赵", 21), ("吴", 30), ("周", 26),
        ("徐", 33), ("孙", 20), ("马", 12), ("朱", 24), ("胡", 13), ("郭", 10), ("何", 10), ("高", 11), ("林", 9), ("罗", 7),
        ("郑", 7), ("梁", 6), ("谢", 7), ("宋", 6), ("唐", 7), ("许", 9), ("韩", 6), ("冯", 6), ("邓", 5), ("曹", 7),
        ("彭", 5), ("曾", 3), ("肖", 5), ("田", 4), ("董", 5), ("袁", 5), ("潘", 5), ("于", 4), ("蒋", 8), ("蔡", 5),
        ("余", 4), ("杜", 4), ("叶", 5), ("程", 4), ("苏", 4), ("魏", 4), ("吕", 3), ("丁", 5), ("任", 3), ("沈", 9),
        ("姚", 4), ("卢", 3), ("姜", 4), ("崔", 2), ("钟", 2), ("谭", 2), ("陆", 9), ("汪", 4), ("范", 3), ("金", 4),
        ("石", 2), ("顾", 8), ("钱", 5), ("秦", 3), ("缪", 2), ("季", 3), ("殷", 2), ("戴", 4), ("夏", 3), ("葛", 3),
    ]
    static let givenMale = Array("伟强磊军洋勇杰涛明超平刚华彬鹏辉斌宇浩凯健俊帆帅旭宁晨峰建国志文博翔海波亮飞鑫龙斌毅诚阳")
    static let givenFemale = Array("芳娜敏静丽艳娟秀霞桂英玉萍红玲芬燕琳晶欣悦婷雪慧颖倩露瑶佳怡蕾薇璐丹洁梅莉")
    static let givenShared = Array("子晓思雨一嘉梓亦欣宇文佳天泽俊睿")

    /// Company trade names (字号) are two of these characters.
    static let tradeChars = Array("华瑞恒通博创中科晶芯天宇新源鼎盛汇智嘉禾德信佳豪金泰海润达远安康鸿运九州长江凯越宏图正大明阳锦程卓越星辰云帆")
    static let industryTerms: [String: [String]] = [
        "ic": ["半导体", "微电子", "集成电路", "芯片科技", "光电科技"],
        "nev": ["新能源科技", "汽车零部件", "动力电池", "智能驾驶", "储能技术"],
        "biomed": ["生物科技", "医药", "医疗器械", "生物医药", "基因技术"],
        "smartmfg": ["智能装备", "精密机械", "自动化科技", "机器人", "数控技术"],
        "services": ["信息技术", "供应链管理", "企业管理咨询", "科技服务", "物流"],
    ]
    static let projectTerms: [String: [String]] = [
        "ic": ["晶圆制造", "芯片封测", "功率器件", "射频芯片", "EDA 研发中心"],
        "nev": ["动力电池", "充换电设施", "整车配套", "电驱系统", "氢能装备"],
        "biomed": ["创新药", "医疗器械", "生物试剂", "CXO 服务平台", "体外诊断"],
        "smartmfg": ["工业机器人", "高端数控机床", "智能产线", "激光装备", "传感器"],
        "services": ["总部经济", "数字贸易", "现代物流园", "研发中心", "金融科技"],
    ]
    static let suffixes: [(String, Double)] = [("有限公司", 0.82), ("股份有限公司", 0.12), ("有限责任公司", 0.06)]
    static let regions: [(String, Double)] = [
        ("中国", 0.72), ("中国香港", 0.06), ("中国台湾", 0.04), ("新加坡", 0.04), ("日本", 0.04), ("韩国", 0.03), ("德国", 0.03), ("美国", 0.04),
    ]
    static let roads = ["大道", "路", "路", "街", "大街"]
    static let roadNames = Array("江浦珠泰山星火凤凰长江滨河创新科技学府园区青年中山解放人民建设和平")
    static let dropReasons = ["投资方战略调整", "用地指标未落实", "环评条件不符", "落户其他园区", "融资未到位", "产业政策不符", "投资方经营困难"]
    static let requestTitles: [String: [String]] = [
        "policy": ["申请产业扶持政策兑现", "高新技术企业认定辅导", "研发费用加计扣除咨询", "技改补贴申报"],
        "land": ["二期项目用地指标协调", "厂房租赁续期", "土地证办理进度", "标准厂房入驻申请"],
        "approval": ["环评审批进度咨询", "施工许可办理", "消防验收协调", "能评手续办理"],
        "talent": ["高层次人才公寓申请", "子女入学协调", "人才引进落户", "技能人才招聘对接"],
        "financing": ["贷款贴息申请", "产业基金对接", "上市辅导咨询", "应急转贷申请"],
        "supplyChain": ["上下游配套企业对接", "原材料物流协调", "供应链金融对接"],
        "other": ["周边道路交通改善", "员工通勤班车协调", "用电增容申请", "污水接管协调"],
    ]
    static let constructionTerms = [
        "标准厂房", "人才公寓", "九年制学校", "市政道路", "污水处理厂提标改造", "科创中心", "孵化器", "邻里中心", "智算中心",
        "综合管廊", "河道整治", "公园绿地", "体育中心", "医院（分院）", "公交首末站",
    ]
    static let milestoneNames = ["立项批复", "初步设计批复", "施工招标", "开工", "主体完工", "竣工验收"]
}
