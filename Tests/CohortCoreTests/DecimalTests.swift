import CohortCore
import Foundation
import PropertyBased
import Testing

@Suite("Fixed-point decimals parse, format and compute exactly")
struct DecimalTests {
    @Test(arguments: [
        ("0.00012300", Int64(12_300)), ("1", 100_000_000), ("-1.5", -150_000_000), ("+42", 4_200_000_000),
        ("1e-5", 1_000), ("1E-8", 1), ("2.5e3", 250_000_000_000), ("0", 0), ("-0.0", 0), (".5", 50_000_000),
        ("5.", 500_000_000), ("1.0000000000000000000000", 100_000_000), ("000123.40", 12_340_000_000),
        ("92233720368.54775807", Int64.max), ("-92233720368.54775807", -Int64.max), ("100e-2", 100_000_000),
        ("0.000000000e5", 0), ("1000000000e-9", 100_000_000),
    ])
    func quantityParsesVenueStrings(text: String, raw: Int64) throws {
        #expect(try Quantity(text).raw == raw)
    }

    @Test func priceKeepsNineDecimals() throws {
        #expect(try Price("64999.123456789").raw == 64_999_123_456_789)
        #expect(try Price("0.000000001").raw == 1)
        #expect(try Money("-12.5").raw == -12_500_000_000)
    }

    @Test(arguments: [
        ("", "empty text"), ("-", "no digits"), (".", "no digits"), ("1.2.3", "unexpected '.' at offset 3"),
        ("12a.5", "unexpected 'a' at offset 2"), (" 1", "unexpected ' ' at offset 0"), ("1e", "no digits"),
        ("e5", "no digits"), ("0.000000001", "more than 8 decimal places"), ("92233720368.54775808", "out of range"),
        ("1e999", "out of range"), ("1e1000000", "out of range"), ("NaN", "unexpected 'N' at offset 0"),
        ("1,5", "unexpected ',' at offset 1"), ("--1", "unexpected '-' at offset 1"),
        ("99999999999999999999999", "out of range"),
    ])
    func garbageGivesATypedErrorNamingTheInput(text: String, reason: String) {
        #expect {
            try Quantity(text)
        } throws: { error in
            let error = error as! DecimalError
            return error.typeName == "Quantity" && error.input == text && error.description.contains(reason)
        }
    }

    @Test func errorMessagesTruncateHugeInput() {
        let huge = String(repeating: "9", count: 10_000)
        #expect { try Price(huge) } throws: { error in
            (error as! DecimalError).input.count <= 64
        }
    }

    @Test func formattingAtAGivenPrecision() throws {
        #expect(try Price("0.000123").formatted(decimals: 8) == "0.00012300")
        #expect(try Price("1.5").formatted(decimals: 0) == "2")
        #expect(try Price("2.5").formatted(decimals: 0) == "2")
        #expect(try Price("2.5").formatted(decimals: 0, rounding: .toNearestOrAwayFromZero) == "3")
        #expect(try Price("-1.25").formatted(decimals: 1) == "-1.2")
        #expect(try Price("12").formatted(decimals: 12) == "12.000000000000")
        #expect(try Quantity("-0.5").description == "-0.5")
        #expect(try Price("100.000").description == "100")
    }

    @Test func parseOfFormatIsTheIdentity() async {
        await propertyCheck(count: 2_000, input: Gen.int64(in: Int64.min + 1 ... Int64.max)) { (raw: Int64) throws in
            let price = Price(raw: raw)
            #expect(try Price(price.description) == price)
            #expect(try Price(price.formatted(decimals: 9)) == price)
            #expect(try Price(price.formatted(decimals: 15)) == price)
        }
    }

    @Test func doublesConvertByTheirShortestForm() throws {
        #expect(try Price(converting: 0.1).raw == 100_000_000)
        #expect(try Quantity(converting: 1e-8).raw == 1)
        #expect(throws: DecimalError.self) { try Price(converting: 0.1 + 0.2) }
        #expect(throws: DecimalError.self) { try Price(converting: .nan) }
    }

    @Test func additionMatchesTheBigDecimalModel() async {
        let values = Gen.int64(in: -(Int64(1) << 62) ... (Int64(1) << 62))
        await propertyCheck(count: 1_000, input: values, values) { (a: Int64, b: Int64) throws in
            let x = Money(raw: a), y = Money(raw: b)
            let model = decimal(x.description) + decimal(y.description)
            #expect(decimal(try x.adding(y).description) == model)
            #expect(decimal(try x.subtracting(y).description) == decimal(x.description) - decimal(y.description))
        }
    }

    @Test func overflowIsAnErrorNotAWrap() {
        #expect(throws: DecimalError.self) { try Money(raw: .max).adding(Money(raw: 1)) }
        #expect(throws: DecimalError.self) { try Money(raw: .min).subtracting(Money(raw: 1)) }
        #expect(throws: DecimalError.self) { try Price(raw: .max / 2).multiplied(by: 3) }
        #expect(throws: DecimalError.self) { try Price(raw: .max).notional(Quantity(raw: .max)) }
    }

    @Test func notionalMatchesTheBigDecimalModel() async {
        await propertyCheck(count: 1_000, input: Gen.int64(in: 1 ... 10_000_000_000_000), Gen.int64(in: -1_000_000_000_000 ... 1_000_000_000_000)) { (p: Int64, q: Int64) throws in
            let price = Price(raw: p), quantity = Quantity(raw: q)
            let exact = decimal(price.description) * decimal(quantity.description)
            let notional = try price.notional(quantity, .towardZero)
            // Money keeps 9 decimals: the result is the exact product truncated to 1e-9.
            var truncated = exact, scaled = Decimal()
            NSDecimalRound(&scaled, &truncated, 9, .down)
            if exact < 0 { NSDecimalRound(&scaled, &truncated, 9, .up) }
            #expect(decimal(notional.description) == scaled)
        }
    }

    @Test(arguments: [
        (RoundingMode.towardZero, "1.23", "-1.23"), (.awayFromZero, "1.24", "-1.24"), (.down, "1.23", "-1.24"),
        (.up, "1.24", "-1.23"), (.toNearestOrEven, "1.24", "-1.24"), (.toNearestOrAwayFromZero, "1.24", "-1.24"),
    ])
    func roundingToATickWithEveryMode(mode: RoundingMode, positive: String, negative: String) throws {
        let tick = try Price("0.01")
        #expect(try Price("1.2351").rounded(toIncrement: tick, mode) == Price(positive))
        #expect(try Price("-1.2351").rounded(toIncrement: tick, mode) == Price(negative))
    }

    @Test func tiesRoundToEvenOnlyInEvenMode() throws {
        let tick = try Price("0.5")
        #expect(try Price("1.25").rounded(toIncrement: tick, .toNearestOrEven) == Price("1"))
        #expect(try Price("1.75").rounded(toIncrement: tick, .toNearestOrEven) == Price("2"))
        #expect(try Price("1.25").rounded(toIncrement: tick, .toNearestOrAwayFromZero) == Price("1.5"))
        #expect(throws: DecimalError.self) { try Price("1").rounded(toIncrement: .zero, .down) }
    }

    @Test func roundedValuesAreMultiplesWithinOneIncrement() async {
        await propertyCheck(count: 1_000, input: Gen.int64(in: -1_000_000_000_000 ... 1_000_000_000_000),
                            Gen.int64(in: 1 ... 1_000_000), Gen<RoundingMode>.case) { (raw: Int64, step: Int64, mode: RoundingMode) throws in
            let value = Price(raw: raw), increment = Price(raw: step)
            let rounded = try value.rounded(toIncrement: increment, mode)
            #expect(rounded.isMultiple(of: increment))
            #expect(abs(rounded.raw - raw) < step)
        }
    }

    @Test func jsonEncodesAsExactStrings() throws {
        let data = try JSONEncoder().encode([try Price("0.1"), try Price("12345.000000001")])
        #expect(String(decoding: data, as: UTF8.self) == #"["0.1","12345.000000001"]"#)
        #expect(try JSONDecoder().decode([Price].self, from: data)[1].raw == 12_345_000_000_001)
    }

    private func decimal(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }
}

