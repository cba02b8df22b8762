import Foundation
import Testing
@testable import ZhAnalysis

/// The forms of issue 13 as tables: each sentence names one quantity by its text, and the test
/// checks its value, upper bound, approximation, written unit, SI value and role exactly. The
/// sentences are written from the language (how reports, news and Hong Kong papers write numbers),
/// not copied from any one article.
@Suite struct QuantityFormsTests {
    typealias T = QuantityTestSupport

    /// One expected quantity.
    struct Row: CustomTestStringConvertible, Sendable {
        var sentence: String
        var text: String
        var value: Double
        var upper: Double? = nil
        var approx: Approximation = .exact
        var unit: String
        var si: (Double, String)? = nil
        var role: QuantityRole = .statistic
        var testDescription: String { text }
    }

    static func check(_ row: Row) throws {
        let qs = try T.quantities(row.sentence)
        let found = qs.first { $0.text == row.text }
        #expect(found != nil, "\(row.text) not among \(qs.map(\.text))")
        guard let q = found else { return }
        #expect(abs(q.value - row.value) <= 1e-9 * max(1, abs(row.value)), "value \(q.value)")
        #expect(q.upper == row.upper)
        #expect(q.approx == row.approx)
        #expect(q.unit == row.unit)
        #expect(q.role == row.role)
        if let (v, u) = row.si {
            #expect(q.si?.unit == u)
            if let s = q.si { #expect(abs(s.value - v) <= 1e-6 * max(1, abs(v)), "si \(s.value)") }
        } else {
            #expect(q.si == nil)
        }
    }

    // MARK: numeral reader: units that start with a numeral, separators, anniversaries

    static let reader: [Row] = [
        Row(sentence: "全省发电装机容量达到3.7亿千瓦。", text: "3.7亿千瓦", value: 370_000_000, unit: "千瓦", si: (3.7e11, "W")),
        Row(sentence: "全年发电量1264亿千瓦时。", text: "1264亿千瓦时", value: 126_400_000_000, unit: "千瓦时", si: (4.5504e17, "J")),
        Row(sentence: "新增装机三千瓦。", text: "三千瓦", value: 3, unit: "千瓦", si: (3000, "W")),
        Row(sentence: "清洁能源装机1088万千瓦。", text: "1088万千瓦", value: 10_880_000, unit: "千瓦", si: (1.088e10, "W")),
        Row(sentence: "每袋重50千克。", text: "50千克", value: 50, unit: "千克", si: (50, "kg")),
        Row(sentence: "新建道路12.5千米。", text: "12.5千米", value: 12.5, unit: "千米", si: (12_500, "m")),
        Row(sentence: "比上年提高1.2个百分点。", text: "1.2个百分点", value: 1.2, unit: "个百分点"),
        Row(sentence: "全年粮食产量33，212万吨。", text: "33，212万吨", value: 332_120_000, unit: "吨", si: (3.3212e11, "kg")),
        Row(sentence: "总额达1,234.5亿元。", text: "1,234.5亿元", value: 123_450_000_000, unit: "元"),
        Row(sentence: "纪念中华人民共和国成立75周年。", text: "75周年", value: 75, unit: "周年", role: .ordinal),
        Row(sentence: "三分之一的居民参加了投票。", text: "三分之一", value: 1.0 / 3, unit: ""),
        Row(sentence: "约有1/4的学生住校。", text: "约有1/4", value: 0.25, approx: .about, unit: ""),
        Row(sentence: "四分之一的学生住校。", text: "四分之一", value: 0.25, unit: ""),
        Row(sentence: "三次产业结构调整为2.4∶48.0∶49.6。", text: "2.4∶48.0∶49.6", value: 2.4, unit: ""),
    ]

    @Test(arguments: reader) func numeralReader(_ row: Row) throws { try Self.check(row) }

    @Test func ratioIsOneQuantityWithItsTerms() throws {
        let qs = try T.quantities("三次产业结构调整为2.4∶48.0∶49.6。")
        #expect(qs.count == 1)
        #expect(qs.first?.terms == [2.4, 48, 49.6])
        #expect(qs.first?.unitKind == "ratio")
    }

    @Test func enumerationCommaIsNotASeparator() throws {
        // Digit groups of another shape (or not before 万/亿) are a list.
        #expect(try T.quantities("分别为20，300。").map(\.value) == [20, 300])
        #expect(try T.quantities("产量为12，3456万吨。").map(\.text) != ["12，3456万吨"])
    }

    // MARK: written units and SI

    static let units: [Row] = [
        Row(sentence: "新增高标准农田52万亩。", text: "52万亩", value: 520_000, unit: "亩", si: (346_666_666.67, "m²")),
        Row(sentence: "钢产量3.5亿吨。", text: "3.5亿吨", value: 350_000_000, unit: "吨", si: (3.5e11, "kg")),
        Row(sentence: "节约能源1600万吨标准煤。", text: "1600万吨标准煤", value: 16_000_000, unit: "吨标准煤", si: (4.689216e17, "J")),
        Row(sentence: "生产工业机器人14.2万台（套）。", text: "14.2万台（套）", value: 142_000, unit: "台（套）"),
        Row(sentence: "造林面积3.5万公顷。", text: "3.5万公顷", value: 35_000, unit: "公顷", si: (3.5e8, "m²")),
        Row(sentence: "他身高168公分。", text: "168公分", value: 168, unit: "公分", si: (1.68, "m")),
        Row(sentence: "全年用电3000万度。", text: "3000万度", value: 30_000_000, unit: "度", si: (1.08e14, "J")),
        Row(sentence: "发电一百零八億度。", text: "一百零八億度", value: 10_800_000_000, unit: "度", si: (3.888e16, "J")),
        Row(sentence: "动力煤价格为650元／吨。", text: "650元／吨", value: 650, unit: "元/吨"),
        Row(sentence: "报价70～130元/吨。", text: "70～130元/吨", value: 70, upper: 130, unit: "元/吨"),
        Row(sentence: "人口密度为420人/平方公里。", text: "420人/平方公里", value: 420, unit: "人/平方公里"),
        Row(sentence: "全国十亿人口。", text: "十亿人口", value: 1_000_000_000, unit: "人口"),
        Row(sentence: "球场长约7000码。", text: "约7000码", value: 7000, approx: .about, unit: "码", si: (6400.8, "m")),
        Row(sentence: "集装箱吞吐量1200万标箱。", text: "1200万标箱", value: 12_000_000, unit: "标箱"),
        Row(sentence: "接待游客2.1亿人次。", text: "2.1亿人次", value: 210_000_000, unit: "人次"),
        Row(sentence: "起降航班6.5万架次。", text: "6.5万架次", value: 65_000, unit: "架次"),
        Row(sentence: "门票每张280蚊。", text: "280蚊", value: 280, unit: "港元"),
        Row(sentence: "利润2.3亿港元。", text: "2.3亿港元", value: 230_000_000, unit: "港元"),
        Row(sentence: "实际使用外资15亿美元。", text: "15亿美元", value: 1_500_000_000, unit: "美元"),
        Row(sentence: "财政收入达820亿元。", text: "820亿元", value: 82_000_000_000, unit: "元"),
        Row(sentence: "出生率为8.5‰。", text: "8.5‰", value: 8.5, unit: "‰"),
        Row(sentence: "供水能力20万立方米。", text: "20万立方米", value: 200_000, unit: "立方米", si: (200_000, "m³")),
        Row(sentence: "新建管网360公里。", text: "360公里", value: 360, unit: "公里", si: (360_000, "m")),
        Row(sentence: "候选人得到1.2万票。", text: "1.2万票", value: 12_000, unit: "票"),
        Row(sentence: "光伏装机达到1.5吉瓦。", text: "1.5吉瓦", value: 1.5, unit: "吉瓦", si: (1.5e9, "W")),
    ]

    @Test(arguments: units) func writtenUnits(_ row: Row) throws { try Self.check(row) }

    // MARK: ranges and bounds

    static let bounds: [Row] = [
        Row(sentence: "数值大于100并且小于300。", text: "大于100并且小于300", value: 100, upper: 300, approx: .over, unit: ""),
        Row(sentence: "每组最多100最少20个。", text: "最多100最少20个", value: 20, upper: 100, approx: .atLeast, unit: "个"),
        Row(sentence: "温度在20和30之间。", text: "在20和30之间", value: 20, upper: 30, unit: ""),
        Row(sentence: "支持率介于3%与5%之间。", text: "介于3%与5%之间", value: 3, upper: 5, unit: "%"),
        Row(sentence: "达标率不低于95%。", text: "不低于95%", value: 95, approx: .atLeast, unit: "%"),
        Row(sentence: "赤字率不超过3%。", text: "不超过3%", value: 3, approx: .atMost, unit: "%"),
        Row(sentence: "城镇调查失业率控制在5.5%以内。", text: "5.5%以内", value: 5.5, approx: .atMost, unit: "%"),
        Row(sentence: "居民消费价格涨幅3%左右。", text: "3%左右", value: 3, approx: .about, unit: "%"),
        Row(sentence: "65岁以下的老人免费。", text: "65岁以下", value: 65, approx: .under, unit: "岁"),
        Row(sentence: "至少3家企业参与。", text: "至少3家", value: 3, approx: .atLeast, unit: "家"),
        Row(sentence: "5000人或以上的企业。", text: "5000人或以上", value: 5000, approx: .atLeast, unit: "人"),
        Row(sentence: "营业收入突破1000亿元。", text: "突破1000亿元", value: 100_000_000_000, approx: .over, unit: "元"),
        Row(sentence: "支持率由53%至64%不等。", text: "53%至64%", value: 53, upper: 64, unit: "%"),
        Row(sentence: "每年约3.2萬至3.5萬人。", text: "约3.2萬至3.5萬人", value: 32_000, upper: 35_000, approx: .about, unit: "人"),
        Row(sentence: "年产3万吨至5万吨。", text: "3万吨至5万吨", value: 30_000, upper: 50_000, unit: "吨", si: (3e7, "kg")),
        Row(sentence: "会场坐了二三十人。", text: "二三十人", value: 20, upper: 30, approx: .about, unit: "人"),
        Row(sentence: "员工人数小于等于300人。", text: "小于等于300人", value: 300, approx: .atMost, unit: "人"),
    ]

    @Test(arguments: bounds) func rangesAndBounds(_ row: Row) throws { try Self.check(row) }

    /// Number ranges as range recognizers state them: open and closed ends, both orders.
    static let numberRanges: [Row] = [
        Row(sentence: "这个数大于等于三百。", text: "大于等于三百", value: 300, approx: .atLeast, unit: ""),
        Row(sentence: "这个数小于五百。", text: "小于五百", value: 500, approx: .under, unit: ""),
        Row(sentence: "温度大于或等于30度。", text: "大于或等于30度", value: 30, approx: .atLeast, unit: "度"),
        Row(sentence: "数值小于或者等于100。", text: "小于或者等于100", value: 100, approx: .atMost, unit: ""),
        Row(sentence: "价格在1995和2000之间。", text: "在1995和2000之间", value: 1995, upper: 2000, unit: ""),
        Row(sentence: "数量在3000到5000之间。", text: "3000到5000之间", value: 3000, upper: 5000, unit: ""),
        Row(sentence: "面积不小于10且不大于20平方米。", text: "不小于10且不大于20平方米", value: 10, upper: 20, approx: .atLeast,
            unit: "平方米", si: (10, "m²")),
        Row(sentence: "每组最少10人。", text: "最少10人", value: 10, approx: .atLeast, unit: "人"),
        Row(sentence: "至多20辆车。", text: "至多20辆", value: 20, approx: .atMost, unit: "辆"),
        Row(sentence: "需要10个以上。", text: "10个以上", value: 10, approx: .over, unit: "个"),
        Row(sentence: "比20大的数。", text: "比20大", value: 20, approx: .over, unit: ""),
        Row(sentence: "比三十小的数。", text: "比三十小", value: 30, approx: .under, unit: ""),
        Row(sentence: "多于五十个。", text: "多于五十个", value: 50, approx: .over, unit: "个"),
        Row(sentence: "学生少于三十人。", text: "少于三十人", value: 30, approx: .under, unit: "人"),
        Row(sentence: "年龄二十到三十岁。", text: "二十到三十岁", value: 20, upper: 30, unit: "岁"),
        Row(sentence: "投资10万至20万元。", text: "10万至20万元", value: 100_000, upper: 200_000, unit: "元"),
        Row(sentence: "取0到100之间的整数。", text: "0到100之间", value: 0, upper: 100, unit: ""),
        Row(sentence: "这个数字大于等于20小于等于30。", text: "大于等于20小于等于30", value: 20, upper: 30, approx: .atLeast, unit: ""),
        Row(sentence: "取值大于20并且小于等于30。", text: "大于20并且小于等于30", value: 20, upper: 30, approx: .over, unit: ""),
        Row(sentence: "介于二十和三十五之间。", text: "介于二十和三十五之间", value: 20, upper: 35, unit: ""),
        Row(sentence: "取二十至三十五之间的数。", text: "二十至三十五之间", value: 20, upper: 35, unit: ""),
        Row(sentence: "四十以下的数。", text: "四十以下", value: 40, approx: .under, unit: ""),
        Row(sentence: "大约在20到35之间。", text: "大约在20到35之间", value: 20, upper: 35, approx: .about, unit: ""),
        Row(sentence: "高于20低于30。", text: "高于20低于30", value: 20, upper: 30, approx: .over, unit: ""),
        Row(sentence: "分数在20~35。", text: "20~35", value: 20, upper: 35, unit: ""),
    ]

    @Test(arguments: numberRanges) func numberRangesAsRecognizersStateThem(_ row: Row) throws { try Self.check(row) }

    /// Dimensions: the value in the unit as written, the SI value beside it.
    static let dimensions: [Row] = [
        Row(sentence: "这瓶水75毫升。", text: "75毫升", value: 75, unit: "毫升", si: (0.000075, "m³")),
        Row(sentence: "他跑了3千米。", text: "3千米", value: 3, unit: "千米", si: (3000, "m")),
        Row(sentence: "五平方公里的土地。", text: "五平方公里", value: 5, unit: "平方公里", si: (5e6, "m²")),
        Row(sentence: "体重65公斤。", text: "65公斤", value: 65, unit: "公斤", si: (65, "kg")),
        Row(sentence: "航行10海里。", text: "10海里", value: 10, unit: "海里", si: (18_520, "m")),
        Row(sentence: "屏幕3英寸。", text: "3英寸", value: 3, unit: "英寸", si: (0.0762, "m")),
        Row(sentence: "1000 克面粉。", text: "1000 克", value: 1000, unit: "克", si: (1, "kg")),
        Row(sentence: "加了3.5升汽油。", text: "3.5升", value: 3.5, unit: "升", si: (0.0035, "m³")),
        Row(sentence: "装机1.5兆瓦。", text: "1.5兆瓦", value: 1.5, unit: "兆瓦", si: (1.5e6, "W")),
        Row(sentence: "他身高1米8。", text: "1米8", value: 1.8, unit: "米", si: (1.8, "m")),
        Row(sentence: "大约有一千万公里。", text: "大约有一千万公里", value: 10_000_000, approx: .about, unit: "公里", si: (1e10, "m")),
        Row(sentence: "一百二十平方英尺的房间。", text: "一百二十平方英尺", value: 120, unit: "平方英尺", si: (11.1483648, "m²")),
        Row(sentence: "每天步行两小时。", text: "两小时", value: 2, unit: "小时", si: (7200, "s")),
        Row(sentence: "年产5万吨。", text: "5万吨", value: 50_000, unit: "吨", si: (5e7, "kg")),
    ]

    @Test(arguments: dimensions) func dimensionsKeepTheWrittenUnit(_ row: Row) throws { try Self.check(row) }

    // MARK: traditional, Cantonese and mixed script

    // Units as written: a Traditional text keeps its characters (個星期, 戶, 張), a currency
    // symbol or Cantonese 蚊 is read as 港元.

    static let traditional: [Row] = [
        Row(sentence: "門票售價3,000幾蚊，比去年貴。", text: "3,000幾蚊", value: 3000, approx: .about, unit: "港元"),
        Row(sentence: "全港約有兩成市民支持。", text: "約有兩成", value: 20, approx: .about, unit: "%"),
        Row(sentence: "支持者佔三成半。", text: "三成半", value: 35, unit: "%"),
        Row(sentence: "兒童輪候了18個星期。", text: "18個星期", value: 18, unit: "個星期", si: (10_886_400, "s")),
        Row(sentence: "門票售價$280。", text: "$280", value: 280, unit: "港元"),
        Row(sentence: "收入HK$2,467.5萬。", text: "HK$2,467.5萬", value: 24_675_000, unit: "港元"),
        Row(sentence: "入場人次按年+8.45%。", text: "+8.45%", value: 8.45, unit: "%"),
        Row(sentence: "入場人次跌幅20萬的一成。", text: "一成", value: 10, unit: "%"),
        Row(sentence: "全港共有2.1萬戶家庭受惠。", text: "2.1萬戶", value: 21_000, unit: "戶"),
        Row(sentence: "當局派出1萬張門票，每人限兩張。", text: "1萬張", value: 10_000, unit: "張"),
        Row(sentence: "計劃為期兩個財政年度。", text: "兩個財政年度", value: 2, unit: "財政年度", role: .time),
        Row(sentence: "入場人次為580萬。", text: "580萬", value: 5_800_000, unit: ""),
        // Mixed script: a simplified report with a few traditional characters (units as written).
        Row(sentence: "全县农戶約2萬戶，耕地3萬畝。", text: "約2萬戶", value: 20_000, approx: .about, unit: "戶"),
        Row(sentence: "全县农戶約2萬戶，耕地3萬畝。", text: "3萬畝", value: 30_000, unit: "畝", si: (20_000_000, "m²")),
        Row(sentence: "全县粮食增产百分之三點五。", text: "百分之三點五", value: 3.5, unit: "%"),
        Row(sentence: "全县有兩千多戶。", text: "兩千多戶", value: 2000, approx: .over, unit: "戶"),
    ]

    @Test(arguments: traditional) func traditionalAndCantonese(_ row: Row) throws { try Self.check(row) }

    // MARK: roles

    static let roles: [Row] = [
        Row(sentence: "坚持一个中心不动摇。", text: "一个", value: 1, unit: "个", role: .generic),
        Row(sentence: "打赢一场翻身仗。", text: "一场", value: 1, unit: "场", role: .generic),
        Row(sentence: "过去一年，我们砥砺前行。", text: "一年", value: 1, unit: "年", role: .generic),
        Row(sentence: "推出一批重大项目。", text: "一批", value: 1, unit: "批", role: .generic),
        Row(sentence: "全市新增一个国家级开发区。", text: "一个", value: 1, unit: "个"),
        Row(sentence: "一、总体情况", text: "一", value: 1, unit: "", role: .label),
        Row(sentence: "（三）推进改革", text: "三", value: 3, unit: "", role: .label),
        Row(sentence: "编制“十四五”规划。", text: "十四五", value: 14, unit: "", role: .label),
        Row(sentence: "学习二十届三中全会精神。", text: "二十届", value: 20, unit: "届", role: .ordinal),
        Row(sentence: "十四届三次会议在京召开。", text: "十四届", value: 14, unit: "届", role: .ordinal),
        Row(sentence: "十四届三次会议在京召开。", text: "三次", value: 3, unit: "次", role: .ordinal),
        Row(sentence: "连续三届获得冠军。", text: "三届", value: 3, unit: "届"),
        Row(sentence: "第四批试点名单公布。", text: "第四批", value: 4, unit: "批", role: .ordinal),
        Row(sentence: "经济总量位居全国第6。", text: "第6", value: 6, unit: "", role: .rank),
        Row(sentence: "综合排名第3名。", text: "第3名", value: 3, unit: "名", role: .rank),
        Row(sentence: "进入全国前10。", text: "前10", value: 10, unit: "", role: .rank),
        Row(sentence: "会议上午8:30开始。", text: "8:30", value: 8.5, unit: "", role: .time),
        Row(sentence: "回顾3.11事件。", text: "3.11", value: 3.11, unit: "", role: .time),
        Row(sentence: "2024年，全省经济增长5.5%。", text: "2024年", value: 2024, unit: "年", role: .time),
        Row(sentence: "2024年，全省经济增长5.5%。", text: "5.5%", value: 5.5, unit: "%"),
        Row(sentence: "主队以２∶１击败对手。", text: "２∶１", value: 2, unit: ""),
        Row(sentence: "文章发表于八十年代。", text: "八十年代", value: 80, unit: "年", role: .time),
        Row(sentence: "从１９７９到１９８３年，国民收入增长。", text: "１９７９到１９８３年", value: 1979, upper: 1983, unit: "年", role: .time),
        Row(sentence: "粮食产量连续8年稳定在1300亿斤以上。", text: "8年", value: 8, unit: "年", role: .time),
        Row(sentence: "粮食产量连续8年稳定在1300亿斤以上。", text: "1300亿斤以上", value: 130_000_000_000, approx: .over, unit: "斤",
            si: (6.5e10, "kg")),
        Row(sentence: "近5年税费收入创新高。", text: "近5年", value: 5, approx: .about, unit: "年", role: .time),
        Row(sentence: "工程历时3年。", text: "3年", value: 3, unit: "年"),
        Row(sentence: "新增三级医院5家。", text: "三级", value: 3, unit: "级", role: .label),
        Row(sentence: "实施亿元以上项目1827个。", text: "亿元以上", value: 100_000_000, approx: .over, unit: "元", role: .label),
        Row(sentence: "2012·别克·中国高尔夫球俱乐部联赛开幕。", text: "2012", value: 2012, unit: "", role: .time),
        Row(sentence: "一輛978號線九巴撞樹。", text: "978號", value: 978, unit: "號", role: .label),
        Row(sentence: "乘坐地铁6号线。", text: "6号", value: 6, unit: "号", role: .label),
        Row(sentence: "查詢電話：2683 7210", text: "2683 7210", value: 2683, unit: "", role: .label),
        Row(sentence: "会议定于5号召开。", text: "5号", value: 5, unit: "号", role: .time),
        // A time of day keeps its minutes (value in hours); N分钟 is a duration of its own.
        Row(sentence: "下午3时15分出发。", text: "3时15分", value: 3.25, unit: "时", role: .time),
        Row(sentence: "十二点三十分到达。", text: "十二点三十分", value: 12.5, unit: "点", role: .time),
        Row(sentence: "下午兩點四十五分開會。", text: "兩點四十五分", value: 2.75, unit: "點", role: .time),
        Row(sentence: "晚上八点半到达。", text: "八点半", value: 8.5, unit: "点", role: .time),
        Row(sentence: "晚上8点30分，等了十分钟。", text: "十分钟", value: 10, unit: "分钟", si: (600, "s")),
        // A bus or metro route is a name; a number of lines takes a counter.
        Row(sentence: "乘坐978路公交车。", text: "978", value: 978, unit: "", role: .label),
        Row(sentence: "608線新界小巴被九巴撞倒。", text: "608", value: 608, unit: "", role: .label),
        Row(sentence: "全市开通15条线路。", text: "15条", value: 15, unit: "条"),
        // A capacity or a span sizing the project, plant or policy named after it is part of the
        // name; an amount of a thing stays a statistic.
        Row(sentence: "年产80万吨乙烯项目开工建设。", text: "80万吨", value: 800_000, unit: "吨", si: (8e8, "kg"), role: .label),
        Row(sentence: "两台66万千瓦超超临界机组并网发电。", text: "66万千瓦", value: 660_000, unit: "千瓦", si: (6.6e8, "W"),
            role: .label),
        Row(sentence: "144小时过境免签政策落地。", text: "144小时", value: 144, unit: "小时", si: (518_400, "s"), role: .label),
        Row(sentence: "全年运输煤炭5000万吨。", text: "5000万吨", value: 50_000_000, unit: "吨", si: (5e10, "kg")),
        Row(sentence: "实施500公里农村公路提升项目。", text: "500公里", value: 500, unit: "公里", si: (500_000, "m")),
    ]

    @Test(arguments: roles) func rolesOfQuantities(_ row: Row) throws { try Self.check(row) }

    // MARK: measure words, Chinese feet, Hong Kong floor area, "some tenths"

    static let measures: [Row] = [
        Row(sentence: "截至目前他们已经劝返了四五拨车辆。", text: "四五拨", value: 4, upper: 5, approx: .about, unit: "拨"),
        Row(sentence: "消防员在库房发现十几桶一甲胺。", text: "十几桶", value: 10, upper: 19, approx: .about, unit: "桶"),
        Row(sentence: "保护区内有海南长臂猿7群42只。", text: "7群", value: 7, unit: "群"),
        Row(sentence: "每人每天限购两瓶。", text: "两瓶", value: 2, unit: "瓶"),
        Row(sentence: "汇金增持工商银行1458.40万股。", text: "1458.40万股", value: 14_584_000, unit: "股"),
        Row(sentence: "股价最低跌至4.15元/股。", text: "4.15元/股", value: 4.15, unit: "元/股"),
        Row(sentence: "積雪深達1.5尺。", text: "1.5尺", value: 1.5, unit: "尺", si: (0.5, "m")),
        // 尺 / 呎 before a dwelling, or after 面積 in its clause, is square feet of floor area.
        Row(sentence: "陳女士一家3人住在80尺劏房。", text: "80尺", value: 80, unit: "平方呎", si: (7.4322432, "m²")),
        Row(sentence: "他們一家住在一百尺的房間。", text: "一百尺", value: 100, unit: "平方呎", si: (9.290304, "m²")),
        Row(sentence: "該單位實用面積400呎，售價600萬元。", text: "400呎", value: 400, unit: "平方呎", si: (37.161216, "m²")),
        Row(sentence: "跑道延長了400呎。", text: "400呎", value: 400, unit: "呎", si: (121.92, "m")),
        Row(sentence: "其实汇丰银行此前的长期定存利率也是百分之一点多。", text: "百分之一点多", value: 1, approx: .over, unit: "%"),
        Row(sentence: "失业率在百分之三点几徘徊。", text: "百分之三点几", value: 3, approx: .over, unit: "%"),
        // Thousands spaced as in print, before a Chinese word.
        Row(sentence: "2016－17年度：32 300人", text: "32 300人", value: 32_300, unit: "人"),
        Row(sentence: "全年撥款1 250 000 元。", text: "1 250 000 元", value: 1_250_000, unit: "元"),
        // The dead and the injured, men and women, counted.
        Row(sentence: "巴士翻側，造成5死13傷。", text: "5死", value: 5, unit: "死"),
        Row(sentence: "巴士翻側，造成5死13傷。", text: "13傷", value: 13, unit: "傷"),
        Row(sentence: "车祸造成3男2女受伤。", text: "2女", value: 2, unit: "女"),
    ]

    @Test(arguments: measures) func measureWordsAndFeet(_ row: Row) throws { try Self.check(row) }

    @Test func feetInIdiomsAndCountersInWordsAreNoQuantities() throws {
        #expect(try T.quantities("冰冻三尺，非一日之寒。").allSatisfy { $0.unit != "尺" })
        #expect(try T.quantities("一寸光阴一寸金。").isEmpty)
        // 群 of 群众 is no counter: the number stands without a unit.
        #expect(try T.quantities("惠及近百万群众。").allSatisfy { $0.unit != "群" })
        #expect(try T.quantities("公司有3股东。").allSatisfy { $0.unit != "股" })
    }

    @Test func spacedDigitsOfATableOrAPhoneStayApart() throws {
        #expect(try T.quantities("查詢電話：2683 7210").map(\.value) == [2683])
        #expect(try T.quantities("各列数字为 12 345 67").map(\.value) == [12, 345, 67])
    }

    @Test func topNAndPhotographRowsAreNoStatistics() throws {
        #expect(try T.quantities("香港隊打入4強。").first?.role == .rank)
        #expect(try T.quantities("入选世界500强。").first?.role == .rank)
        #expect(try T.quantities("李靜（右二）出席活動。").first?.role == .label)
        // 3男子 is no count of men by a counter 男: 男子 is the word.
        #expect(try T.quantities("3男子被捕。").allSatisfy { $0.unit != "男" })
    }

    @Test func countsInAListAreNoListLabels() throws {
        let qs = try T.quantities("個案包括：自閉症：10400、專注力不足：12700、抑鬱症：400等")
        #expect(qs.map(\.value) == [10400, 12700, 400])
        #expect(qs.allSatisfy { $0.role == .statistic })
        #expect(try T.quantities("主要包括：1、加强管理；2、完善制度。").map(\.role) == [.label, .label])
    }

    @Test func aNumberInATitleIsPartOfTheName() throws {
        #expect(try T.quantities("港鐵就《鐵路發展策略2014》提交建議。").first?.role == .label)
    }

    @Test func aColonAfter比IsARatioNotATime() throws {
        let qs = try T.quantities("師生比例由過往1：6至1：10，變成1：4。")
        #expect(qs.map(\.unitKind) == ["ratio", "ratio", "ratio"])
        #expect(try T.quantities("會議於下午2:30開始。").first?.role == .time)
    }

    @Test func smallNumeralsCountingAbstractNounsAreGeneric() throws {
        #expect(try T.quantities("统筹国内国际两种资源。").first?.role == .generic)
        #expect(try T.quantities("报告分六个部分。").first?.role == .generic)
        #expect(try T.quantities("应当指出三个值得特别注意的方面。").first?.role == .generic)
        #expect(try T.quantities("实现两个翻番。").first?.role == .generic)
        // A concrete noun, or a number over ten, stays a statistic.
        #expect(try T.quantities("全省新增5个产业集群。").first?.role == .statistic)
        #expect(try T.quantities("梳理出12个方面的问题。").first?.role == .statistic)
    }

    @Test func adverbsAndNamesAreNoQuantities() throws {
        #expect(try T.quantities("他一度想放弃。").isEmpty)
        #expect(try T.quantities("有一点半点都不行。").isEmpty)
        #expect(try T.quantities("这件事有一点难。").isEmpty)
        #expect(try T.quantities("这个问题十万火急。").isEmpty)
    }

    @Test func longChineseNumeralCountsTheNounAfterIt() throws {
        let q = try T.only("安排了四千二百多万城镇劳动力就业。")
        #expect(q?.text == "四千二百多万")
        #expect(q?.value == 42_000_000)
        #expect(q?.approx == .over)
    }

    // MARK: periods of time quantities

    @Test(arguments: [
        ("2024年全省生产总值增长5.5%。", "2024年", "2024年", "2024-01-01", "2024-12-31"),
        ("2024年1-10月，出口增长3%。", "1-10月", "2024年1-10月", "2024-01-01", "2024-10-31"),
        ("2024年2月，出口增长3%。", "2月", "2024年2月", "2024-02-01", "2024-02-29"),
        ("2023年3月5日，大会开幕。", "5日", "2023年3月5日", "2023-03-05", "2023-03-05"),
        ("2021年至2025年，累计投资500亿元。", "2021年至2025年", "2021年至2025年", "2021-01-01", "2025-12-31"),
        ("2016/17年度入场人次为580萬。", "2016/17", "2016/17", "2016-04-01", "2017-03-31"),
        ("2015－16年度：28 800 人", "2015－16", "2015－16", "2015-04-01", "2016-03-31"),
        ("2016-17年度入場人次為580萬。", "2016-17", "2016-17", "2016-04-01", "2017-03-31"),
        ("文章发表于八十年代。", "八十年代", "八十年代", "1980-01-01", "1989-12-31"),
        ("从１９７９到１９８３年，国民收入增长。", "１９７９到１９８３年", "１９７９到１９８３年", "1979-01-01", "1983-12-31"),
    ])
    func periods(_ sentence: String, _ text: String, _ periodText: String, _ start: String, _ end: String) throws {
        let q = try T.quantities(sentence).first { $0.text == text }
        #expect(q?.role == .time)
        #expect(q?.period == Period(text: periodText, start: start, end: end))
    }

    @Test func aDashedYearPairWithoutAWordOfYearsIsNoSplitYear() throws {
        #expect(try T.quantities("2015-16赛季开幕。").first?.text == "2015")
    }

    @Test func monthWithoutAYearHasNoPeriod() throws {
        let q = try T.quantities("10月，出口增长3%。").first { $0.text == "10月" }
        #expect(q?.role == .time)
        #expect(q?.period == nil)
    }

    @Test func yearColumnsOfATableAreTimes() throws {
        let qs = try T.quantities("年度\t入場人次\n2016\t580萬\n2015\t600萬\n")
        #expect(qs.map(\.text) == ["2016", "580萬", "2015", "600萬"])
        #expect(qs.map(\.role) == [.time, .statistic, .time, .statistic])
        #expect(qs[0].period?.start == "2016-01-01")
    }

    /// Bare figures of a table take the unit its caption or column header declares; figures with
    /// a unit of their own, years and text outside the table do not.
    @Test func aTableCaptionOrHeaderDeclaresTheUnit() throws {
        let caption = try T.quantities("海洋公園最近5年營運情況（億元）\n年度\t收入\t開支\t盈餘／虧損\n2016/17\t16.44\t18.79\t-2.34\n2014/15\t20.03\t19.58\t+0.45\n")
        #expect(caption.filter { $0.unit == "元" }.map(\.value) == [1_644_000_000, 1_879_000_000, -234_000_000, 2_003_000_000, 1_958_000_000, 45_000_000])
        #expect(caption.filter { $0.unit == "元" }.allSatisfy { $0.unitKind == "money" })
        #expect(caption.first { $0.text == "5年" }?.unit == "年")
        let label = try T.quantities("主要指标（单位：万吨）\n指标\t产量\t增长\n粮食\t1250\t3.5%\n")
        #expect(label.map { "\($0.text) \($0.value) \($0.unit)" } == ["1250 12500000.0 吨", "3.5% 3.5 %"])
        let header = try T.quantities("地区\t人口（万人）\t面积\n甲区\t12.5\t300\n")
        #expect(header.map { "\($0.value) \($0.unit)" } == ["125000.0 人", "300.0 "])
        // No declaration: bare figures stay bare.
        let bare = try T.quantities("年度\t入場人次\n2016\t580萬\n")
        #expect(bare.last?.unit == "")
    }

    // MARK: corrupted input

    @Test func digitsInCorruptedTextAreDiagnosedNotExtracted() throws {
        let doc = try T.document("全年产量\u{FFFD}\u{FFFD}35万吨，增长12%。")
        #expect(doc.quantities.map(\.text) == ["12%"])
        #expect(doc.diagnostics.count == 1)
        #expect(doc.diagnostics.first?.stage == "quantities")
        #expect(doc.diagnostics.first?.start == 4)
        // UTF-8 read as Latin-1 (年产量35万吨): ¹ folds to 1 as well; neither is a fact.
        let mojibake = try T.document("å¹´äº§é‡35ä¸‡å\u{90}¨")
        #expect(mojibake.quantities.isEmpty)
        #expect(mojibake.diagnostics.count == 2)
        #expect(mojibake.diagnostics.allSatisfy { $0.stage == "quantities" && $0.severity == .warning })
    }
}
