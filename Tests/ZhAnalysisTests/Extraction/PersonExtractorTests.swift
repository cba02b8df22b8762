import Foundation
import Testing
@testable import ZhAnalysis

@Suite struct PersonExtractorTests {
    /// Each sentence marks exactly the people that must be found (and nothing else).
    @Test(arguments: [
        // Title before, speech verb after.
        "“未来,街道团工委还将拓展青少年心理健康辅导校外阵地。”紫阳街道团工委副书记⟦person:王恒泽⟧说。",
        "“让家校政社共育圈更有温度。”街道社工站工作人员⟦person:徐静雯⟧说。",
        // A two-character name needs its evidence: title and speech verb.
        "“形成优势互补。”街道妇联副主席⟦person:葛希⟧说,妇联通过整合统筹各个社区资源发挥作用。",
        // Partial references.
        "近期,中学生⟦person:小赵⟧因为心情焦虑来到学校驻校社工站咨询。",
        "知联会员中山大学法律硕士⟦person:褚律师⟧为孩子科普有关校园霸凌的行为。",
        "⟦person:王总⟧表示,公司明年将继续扩大投资。",
        // Foreign names: known, and a transliteration run with a title and a speech verb.
        "美国总统⟦person:克林顿⟧今天发表讲话。",
        // A known name opening the word of its doctrine; a doctrine word alone names nobody.
        "深入学习⟦person:邓小平⟧理论,坚持⟦person:马克思⟧主义基本原理。",
        "以⟦person:毛泽东⟧思想为指导,反对教条主义和经验主义。",
        "意大利总理⟦person:贝卢斯科尼⟧表示,政府将采取紧急措施稳定市场。",
        // Speech verb alone after a three-character name; a later bare mention counts.
        "⟦person:邓美红⟧介绍,工坊已经带动周边200余户村民增收。⟦person:邓美红⟧的工坊还在扩大。",
        // Later bare mentions of several known names, two of them with the same first character.
        "副市长⟦person:王建国⟧说,园区明年将继续扩大。市长助理⟦person:王小红⟧表示,公司将增加投资。会后⟦person:王小红⟧和⟦person:王建国⟧参观了园区,⟦person:陈晓燕⟧陪同。",
        // Enumeration.
        "会议由⟦person:李建国⟧主持,⟦person:陈晓燕⟧、⟦person:刘志强⟧出席。",
        // Things that are not people.
        "杭州高新区(滨江)全区常住人口为53万人,平均年龄仅33.5岁。",
        "在杭州市钱塘区白杨街道,小事不出网格、大事不出社区正在成为现实。",
        "全年服务青少年1100余人次,让家校政社共育圈更有温度。",
        "白杨街道集聚14所高校和22万名在校师生,人才荟萃、企业众多。",
        "高新区(滨江)持续探索建设幼有所育优质服务圈,周边居民高度认可。",
        // Surname-initial park and company names: a place head after them, a list with things.
        "余杭区拥有未来科技城、海创园、梦想小镇等创新平台。",
        "海康、海创、大华、物联网、英飞特5家产业园区嵌入式托育园,可提供托位300个。",
        // The same shape with person evidence stays a name.
        "副市长⟦person:海明⟧说,园区明年将继续扩大。",
    ])
    func marked(_ marked: String) throws {
        let r = try PersonTestSupport.check(marked, type: .person, kind: "person")
        #expect(r.found == r.expected, "\(MarkedText.render(r.text, spans: r.found))")
    }

    @Test func entityCarriesRolesAndAllMentions() throws {
        let doc = try PersonTestSupport.analyse("紫阳街道团工委副书记王恒泽说,街道将建设青少年宫。王恒泽表示,工作还要继续。")
        let people = doc.entities.filter { $0.type == .person }
        #expect(people.map(\.name) == ["王恒泽"])
        #expect(people.first?.mentions.count == 2)
        #expect(people.first?.roles == ["副书记"])
        #expect(people.first?.partial == nil)
    }

    @Test func partialPersonHasSurname() throws {
        let doc = try PersonTestSupport.analyse("中山大学法律硕士褚律师为孩子科普有关知识。")
        let people = doc.entities.filter { $0.type == .person }
        #expect(people.map(\.name) == ["褚律师"])
        #expect(people.first?.partial == true)
        #expect(people.first?.surname == "褚")
        #expect(people.first?.roles == ["律师"])
    }

    /// Byline authors come from `Section.authors`; the mention may have spaces inside (夏 衍).
    @Test func bylineAuthors() throws {
        let text = "上城区：驻校社工护成长\n\n张梦月 夏 衍\n\n杭州市上城区紫阳街道教育资源相对集中。\n"
        var doc = Document(id: "t", text: text)
        try TestSupport.segmenter.process(&doc)
        doc.sections = [Section(range: doc.fullRange, authors: ["张梦月", "夏衍"])]
        let extractor = try PersonExtractor(lexicons: TestSupport.lexicons)
        try extractor.process(&doc)
        let people = doc.entities.filter { $0.type == .person }
        #expect(people.map(\.name) == ["张梦月", "夏衍"])
        #expect(people.map { $0.mentions.map(\.text) } == [["张梦月"], ["夏 衍"]])
    }
}
