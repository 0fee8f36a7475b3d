import XCTest

@testable import YuanquKit

final class PinyinOrderTests: XCTestCase {
    func testNamesSortAsAPhoneBookHasThem() {
        let names = ["张敏", "李娜", "王伟", "单雄", "曾志", "阿强", "赵丽", "李安", "林安", "万俟青", "解放"]
        let sorted = names.sorted { PinyinOrder.key($0) < PinyinOrder.key($1) }
        // a, li an, li na, lin an, mo qi (万俟), shan (单), wang, xie (解), zeng (曾), zhang, zhao.
        XCTAssertEqual(sorted, ["阿强", "李安", "李娜", "林安", "万俟青", "单雄", "王伟", "解放", "曾志", "张敏", "赵丽"])
    }

    func testTheKeyIsPlainLettersAndDigits() {
        for name in ["王伟", "Smith 约翰", "  李娜 ", "欧阳修"] {
            XCTAssertTrue(PinyinOrder.key(name).allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }, name)
        }
        XCTAssertEqual(PinyinOrder.key("李娜"), PinyinOrder.key(" 李娜 "))
        XCTAssertLessThan(PinyinOrder.key("李娜"), PinyinOrder.key("李娜娜"))
    }
}
