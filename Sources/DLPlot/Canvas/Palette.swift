/// The colour-blind-safe palette of Okabe and Ito ("Color Universal Design", 2008), in the order in which
/// classes and series take their colours, and the neutral colours of axes, grid lines and text.
public enum Palette {
    /// Orange, sky blue, bluish green, blue, vermillion, reddish purple, black, and a darkened yellow.
    /// Okabe and Ito's yellow (#F0E442) has a contrast of 1.2 against white: a line in it all but
    /// vanishes, so it comes last and darkened by a third (#A09830, contrast about 2.9).
    public static let okabeIto: [Color] = [
        Color(hex: 0xE69F00), Color(hex: 0x56B4E9), Color(hex: 0x009E73), Color(hex: 0x0072B2),
        Color(hex: 0xD55E00), Color(hex: 0xCC79A7), Color(hex: 0x000000), Color(hex: 0xA09830),
    ]

    /// The colour of class (or series) `index`; indices past the eighth wrap around, negative ones too.
    public static func color(_ index: Int) -> Color {
        let count = okabeIto.count
        return okabeIto[((index % count) + count) % count]
    }

    /// The light tint of class `index`, for the regions of a decision boundary.
    public static func tint(_ index: Int) -> Color { color(index).tint }

    /// Text, axis lines and tick marks.
    public static let ink = Color(hex: 0x222222)
    /// Secondary text (tick labels).
    public static let secondaryInk = Color(hex: 0x444444)
    /// Light grid lines inside the plot area.
    public static let grid = Color(hex: 0xE3E3E3)
    /// The boundary between class regions.
    public static let boundary = Color(hex: 0x333333)
    /// The edge of point markers.
    public static let markerEdge = Color(hex: 0x1A1A1A)
    /// The background of pictures.
    public static let background = Color.white
}
