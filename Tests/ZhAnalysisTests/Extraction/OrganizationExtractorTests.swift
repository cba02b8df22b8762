import Foundation
import Testing
@testable import ZhAnalysis

@Suite struct OrganizationExtractorTests {
    /// Each sentence marks exactly the outermost organisations that must be found.
    @Test(arguments: [
        // Head word with a place and name parts before it; the walk stops at the verb 联合.
        "在行动专班指导下,紫阳街道联合⟦org:浙江省社区研究会心理健康专委会⟧,打造⟦org:青少年心理健康共融中心⟧。",
        "今年以来,⟦org:上城团区委⟧聚焦城区建设目标。",
        "此前⟦org:更楼街道纪工委监察办⟧在下沉监督时了解到场地限制等问题。",
        // Company names with legal forms; a proper name ICU splits into single characters.
        "⟦org:杭州沛诺集团有限公司⟧等行业龙头企业也正源源不断地为竹产业加码发力。",
        "余杭区与中央农广校、⟦org:浙江大学农技推广中心⟧等院校开展校地合作。",
        // A person name inside a school name.
        "街道联合⟦org:杭州中学⟧、⟦org:杭州蒋筑英学校⟧举办心理健康节等活动。",
        // Gazetteer names and aliases.
        "⟦org:国务院新闻办公室⟧今天举行发布会。",
        "他毕业于⟦org:浙大⟧,现在⟦org:中山大学⟧任教。",
        // Generic head words alone are not organisations.
        "中学生小赵来到服务中心咨询,该公司也派人参加。",
        "进一步发挥联络站作用,推动工作部署落实。",
    ])
    func marked(_ marked: String) throws {
        try Self.check(marked)
    }

    /// A government below the country level is an organisation (traditional script too); a
    /// country's government stays a place for NER (中国政府).
    @Test(arguments: [
        "⟦org:臺北市政府⟧昨日宣布新措施。",
        "⟦org:西湖区政府⟧和中国政府都表示支持。",
        "⟦org:淳安县人民政府⟧发布通告。",
        "⟦org:双塔街道党工委⟧书记刘建国介绍情况。",
    ])
    func localGovernments(marked: String) throws {
        try Self.check(marked)
    }

    /// Bodies named from their parts: a ministry glued to its minister's title, a field verb in a
    /// name a place opens, a word ending in a weak head after a place, a numbered term, a
    /// newspaper in title marks — and the look-alikes that must stay unmarked.
    @Test(arguments: [
        // 部|长 glued: the ministry of a country ends before 长; not after an organisation
        // (members' ministers) and not 部|部长 (the body's own head stands before the title).
        "⟦org:德国外交部⟧长昨天抵达北京。",
        "⟦org:巴西矿产能源部⟧长表示将增加产量。",
        "⟦org:欧佩克⟧部长会议决定减产。",
        "⟦org:司法部⟧部长出席会议。",
        // A verb naming the field inside a name opened by a place; not a predicate.
        "⟦org:日本金融监督委员会⟧今天发出通知。",
        "⟦org:绍兴供电局⟧组织抢修。",
        "列车停靠在浙江、江西交界处的车站。",
        "⟦org:水利部⟧已派出工作组赶赴灾区。",
        "他在宁波担任市委书记。",
        // A dictionary word ending in a weak head, right after a place.
        "⟦org:杭州市文化局⟧下属的剧团参加演出。",
        "⟦org:无锡污水处理厂⟧二期工程投入运行。",
        "文化局和教育局联合发文。",
        "⟦place:中国⟧西部地区发展较快。",
        // A numbered term joins a legislature, with the place before it.
        "⟦org:浙江省第十四届人民代表大会⟧第三次会议开幕。",
        "⟦org:第九届全国人民代表大会⟧第一次会议在北京举行。",
        // Newspapers in title marks; documents ending in 报 are not.
        "据《⟦org:文汇报⟧》报道，《⟦org:中国青年报⟧》也刊登了评论。",
        "⟦org:省政府⟧印发《关于表彰先进集体的通报》。",
    ])
    func namesBuiltFromParts(marked: String) throws {
        try Self.check(marked)
    }

    /// A trade name the segmenter cut into single characters before a legal form (双|枪|科技|股份
    /// 有限公司) runs back to a clear left edge; heads marked `alone` name a body by themselves.
    @Test(arguments: [
        "除此之外,⟦org:双枪科技股份有限公司⟧推出了竹制托盘。",
        "她租下厂房,成立了⟦org:湘潭市飞虹制衣有限公司⟧。",
        "他就是⟦org:飞虹制衣有限公司⟧的老板。",
        // Counted companies and a generic company are not names.
        "当地有两家有限公司和一家股份有限公司。",
        // Bodies named by their head alone; a head inside a longer word is not one.
        "⟦org:人大⟧的职权是法定的,⟦org:政协⟧也要发挥作用。",
        "村委会选举是基层民主的重要环节。",
        "⟦org:共产党⟧领导的多党合作。",
        "人大代表和政协委员参加了讨论。",
        // A club before 队 in a sports report is a team; a service team is not a club.
        "上周的比赛中,⟦org:申花队⟧以２∶０战胜对手。",
        "⟦org:全兴队⟧前锋在上半场破门。",
        "医疗队到民族学校给学生体检。",
        "申花队员们今天参观了工厂。",
    ])
    func tradeNamesAndBodiesNamedAlone(marked: String) throws {
        try Self.check(marked)
    }

    /// Units of a named body (a ministry's 司, a university's 系, a party's 中央 and 书记处), a body
    /// written right after the body it belongs to, a title glued to its body (宣传部长), ordinals
    /// between a place and the head, bureaus named by their field alone, armed services and
    /// Japan's ministries — and the look-alikes (关系, 上司, 当局, 部署, 北京中央商务区).
    @Test(arguments: [
        "他毕业于⟦org:复旦大学新闻系⟧,后来在⟦org:北京大学化学系⟧任教。",
        "⟦org:财政部预算司⟧和⟦org:教育部基础教育司⟧联合发文。",
        "⟦org:民进中央⟧和⟦org:台盟中央⟧联合举办座谈会。",
        "⟦org:共青团中央书记处⟧书记出席。",
        // Two known bodies side by side in a headline stay two.
        "大银行股价节节溃退　⟦org:工行⟧⟦org:建行⟧跌破汇金成本线。",
        "他曾任⟦org:湖州市委宣传部⟧长。",
        "⟦org:杭州市第十四中学⟧举行开学典礼。",
        "⟦org:杭州市反贪局⟧昨天通报了案件进展。",
        "⟦org:县统计局⟧公布了最新数据,⟦org:国家税务局⟧也发布了通告,统计局的人也来了。",
        "⟦org:巴西空军⟧参谋长访问⟦place:北京⟧。",
        "⟦org:日本通产省⟧发表报告。",
        "⟦org:团县委⟧和⟦org:团省委⟧组织青年志愿者。",
        "⟦org:公安部治安局⟧负责人介绍情况。",
        "⟦org:中国驻美国大使馆⟧发言人表示。",
        "⟦org:浙江省野生动物保护协会⟧秘书长说。",
        "比赛中,⟦org:大连万达队⟧以二比零战胜⟦org:广州太阳神队⟧。",
        "两国的关系很好,公司的上司也同意。",
        "要规范发展小企业,明确发展小企业的方针。",
        "当局表示,双方已签署协议。",
        "⟦place:法国⟧立足⟦place:西欧⟧系其既定国策。",
        "⟦place:北京⟧中央商务区的写字楼。",
    ])
    func unitsAndBureaus(marked: String) throws {
        // Places count only where the sentence marks one (an organisation holds its place).
        let m = try MarkedText(marked)
        let doc = try PersonTestSupport.analyse(m.text)
        let places = m.spans(of: "place").isEmpty ? [] : PersonTestSupport.spans(doc, type: .place, kind: "place")
        let found = SpanFilter.longestThenEarliest(PersonTestSupport.spans(doc, type: .organization, kind: "org") + places,
                                                   range: { $0.range })
        #expect(found.sorted() == (m.spans(of: "org") + m.spans(of: "place")).sorted(), "\(MarkedText.render(m.text, spans: found))")
    }

    /// Compares the outermost organisations found with the `kind` spans of marked text.
    static func check(_ marked: String, kind: String = "org", sourceLocation: SourceLocation = #_sourceLocation) throws {
        let m = try MarkedText(marked)
        let doc = try PersonTestSupport.analyse(m.text)
        let found = SpanFilter.longestThenEarliest(PersonTestSupport.spans(doc, type: .organization, kind: kind), range: { $0.range })
        #expect(found == m.spans(of: kind), "\(MarkedText.render(m.text, spans: found))", sourceLocation: sourceLocation)
    }

    @Test func nestedGazetteerOrganisationIsItsOwnEntity() throws {
        let doc = try PersonTestSupport.analyse("余杭区与浙江大学农技推广中心开展校地合作。")
        let orgs = doc.entities.filter { $0.type == .organization }
        #expect(orgs.map(\.name) == ["浙江大学农技推广中心", "浙江大学"])
        #expect(orgs.map(\.kind) == ["government", "university"])
    }

    /// The name is what the article writes; the dictionary name is the canonical one.
    @Test func aliasKeepsItsNameAndResolvesToTheDictionaryName() throws {
        let doc = try PersonTestSupport.analyse("他毕业于浙大。")
        let orgs = doc.entities.filter { $0.type == .organization }
        #expect(orgs.map(\.name) == ["浙大"])
        #expect(orgs.map(\.canonical) == ["浙江大学"])
        #expect(orgs.first?.aliases == [])
    }

    @Test func nameBrokenByALayoutBreakDropsTheBreak() throws {
        // The paragraph is repaired across the blank line: the mention keeps the text as written,
        // the canonical name does not.
        let doc = try PersonTestSupport.analyse("“形成优势互补。”紫阳\n\n街道妇联副主席葛希说,妇联通过整合统筹资源。")
        let orgs = doc.entities.filter { $0.type == .organization }
        #expect(orgs.map(\.name) == ["紫阳街道妇联"])
        #expect(orgs.first?.mentions.map(\.range) == [TextRange(start: 9, end: 17)])
        #expect(orgs.first?.mentions.map(\.text) == ["紫阳\n\n街道妇联"])
        #expect(orgs.first?.aliases == [])
    }

    @Test(arguments: [("紫阳\n\n街道妇联", "紫阳街道妇联"), ("紫阳 \r\n 街道", "紫阳街道"), ("紫阳 街道", "紫阳 街道"), ("妇联", "妇联")])
    func layoutBreaksLeaveNames(text: String, name: String) {
        #expect(OrganizationContext.withoutLayoutBreaks(text.unicodeScalars) == name)
    }

    @Test func personInsideOrganisationNameIsDropped() throws {
        let doc = try PersonTestSupport.analyse("街道联合杭州蒋筑英学校举办心理健康节。")
        #expect(doc.entities.filter { $0.type == .person }.isEmpty)
    }

    /// Every gazetteer entry's canonical name, found once when the tables are built, is the one
    /// the alias table gives its word.
    @Test func canonicalNamesFollowTheAliasTable() throws {
        let table = try OrganizationLexicon(tables: TestSupport.lexicons.tables)
        #expect(!table.names.entries.isEmpty)
        let wrong = table.names.entries.indices.filter { i in
            let word = table.names.entries[i].word
            return table.canonicalName(i) != (table.canonical[word] ?? word)
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5).map { table.names.entries[$0].word })")
    }
}
