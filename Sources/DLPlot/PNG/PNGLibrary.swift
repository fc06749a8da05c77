import CPNG

/// The libpng that DLPlot is linked with. (The canvas, charts and PNG writer come with the plots issue.)
public enum PNGLibrary {
    /// libpng's version string, e.g. `1.6.39`.
    public static var version: String { String(cString: png_get_libpng_ver(nil)) }
}
