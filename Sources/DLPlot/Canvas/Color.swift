/// An opaque 8-bit sRGB colour.
public struct Color: Sendable, Hashable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from its `0xRRGGBB` value, e.g. `Color(hex: 0xE69F00)`; bits above the 24th are ignored.
    public init(hex: UInt32) {
        self.init(red: UInt8(truncatingIfNeeded: hex >> 16), green: UInt8(truncatingIfNeeded: hex >> 8),
                  blue: UInt8(truncatingIfNeeded: hex))
    }

    public static let white = Color(hex: 0xFFFFFF)
    public static let black = Color(hex: 0x000000)

    /// `#RRGGBB`.
    public var description: String {
        let value = Int(red) << 16 | Int(green) << 8 | Int(blue)
        let digits = String(value, radix: 16, uppercase: true)
        return "#" + String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// This colour moved a fraction `amount` (0...1, clamped) of the way towards `other`.
    public func mixed(with other: Color, amount: Double) -> Color {
        let t = amount.isNaN ? 0 : min(max(amount, 0), 1)
        func channel(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded())
        }
        return Color(red: channel(red, other.red), green: channel(green, other.green),
                     blue: channel(blue, other.blue))
    }

    /// A light tint for filling regions behind data: the colour mixed with white.
    public var tint: Color { mixed(with: .white, amount: 0.72) }

    /// A darker shade for marker edges and lines over tints.
    public var shade: Color { mixed(with: .black, amount: 0.55) }
}
