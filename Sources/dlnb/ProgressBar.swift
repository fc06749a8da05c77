@preconcurrency import Glibc
import DLPlot
import DLScript

/// The training progress line on stderr: `epoch 37/200 [=====>    ] loss 0.412 acc 0.870 ETA 1.2s`,
/// redrawn in place (`\r` and clear-to-end-of-line) at most every 50 ms, so a fast fit does not spend its
/// time writing to the terminal. Only used when stderr is a terminal: a log must not fill with it.
///
/// Under the line, once two epochs are done, a live loss curve of a few braille lines; when the fit
/// ends it stays as a small chart with the validation loss when there was some.
final class ProgressBar {
    /// The training loss of each epoch so far (the running mean of the epoch under way last).
    private var epochLosses: [Double] = []
    /// The validation loss of each finished epoch (NaN where there is none yet), drawn beside it.
    private var validationLosses: [Double] = []
    /// The last finished epoch's validation figures, shown on the line.
    private var lastValidation: (loss: Float, accuracy: Float?)?
    /// The lines of the curve drawn under the progress line now.
    private var curveRows = 0
    private static let curveRows = 3
    /// When the fit began, on the pacer's coarse clock (for the ETA).
    private var fitStart: Double
    /// Redraws at most every 50 ms, on a clock that is cheap to read after every batch.
    private var pacer = ProgressPacer(interval: 0.05)
    private var isShown = false
    private static let barWidth = 20

    init() { fitStart = ProgressPacer.now() }

    /// Draws the line for a batch, unless one was drawn less than 50 ms ago.
    /// `validationLoss` and `validationAccuracy` are the last finished epoch's (`nil` before one, or
    /// without validation data).
    func update(epoch: Int, epochs: Int, batch: Int, batches: Int, loss: Float, accuracy: Float?,
                validationLoss: Float? = nil, validationAccuracy: Float? = nil) {
        if epoch == 1 && batch == 1 {  // a new fit begins
            fitStart = ProgressPacer.now()
            epochLosses = []
            validationLosses = []
            lastValidation = nil
        }
        if epoch >= 1, epoch <= epochLosses.count + 1 {
            if epoch > epochLosses.count { epochLosses.append(Double(loss)) } else { epochLosses[epoch - 1] = Double(loss) }
        }
        // The validation of the epoch before this one arrives with this epoch's batches.
        while validationLosses.count < epochLosses.count { validationLosses.append(.nan) }
        if let validationLoss, epoch >= 2, epoch - 2 < validationLosses.count {
            validationLosses[epoch - 2] = Double(validationLoss)
            lastValidation = (validationLoss, validationAccuracy)
        }
        guard pacer.isDue() else { return }
        let done = (Double(epoch - 1) + Double(batch) / Double(max(1, batches))) / Double(max(1, epochs))
        // A shorter bar leaves room for the validation figures on an 80-column line.
        let barWidth = lastValidation == nil ? ProgressBar.barWidth : ProgressBar.barWidth / 2
        let filled = min(barWidth, max(0, Int(done * Double(barWidth))))
        let bar = String(repeating: "=", count: filled)
            + (filled < barWidth ? ">" + String(repeating: " ", count: barWidth - filled - 1) : "")
        var text = "epoch \(epoch)/\(epochs) [\(bar)] loss \(ProgressBar.format(loss, 3))"
        if let accuracy { text += " acc \(ProgressBar.format(accuracy, 3))" }
        if let (loss, accuracy) = lastValidation {
            text += " val_loss \(ProgressBar.format(loss, 3))"
            if let accuracy { text += " val_acc \(ProgressBar.format(accuracy, 3))" }
        }
        let elapsed = ProgressPacer.now() - fitStart
        if done > 0 && elapsed > 0.2 { text += " ETA " + ProgressBar.duration(elapsed / done * (1 - done)) }
        // A line longer than the terminal would wrap, and `\r` would then redraw only its last row.
        let width = ProgressBar.terminalWidth()
        if text.count >= width { text = String(text.prefix(max(0, width - 1))) }
        var output = "\r\u{1B}[K" + text
        // The curve below the line, then the cursor back up to the line's start.
        if epochLosses.count >= 2, width >= 30, ProgressBar.terminalHeight() >= 12 {
            let validation = validationLosses.contains(where: \.isFinite) ? validationLosses : []
            let lines = TrainingCurve.lines(training: epochLosses, validation: validation, columns: min(60, width - 12),
                                            rows: ProgressBar.curveRows)
            for line in lines { output += "\n\u{1B}[K" + line }
            output += "\u{1B}[\(lines.count)A\r"
            curveRows = lines.count
        }
        writeStandardError(output)
        isShown = true
    }

    /// Removes the line and the live curve (at the end of a statement, before its output is printed);
    /// after a fit of two epochs or more, leaves the loss per epoch as a small chart, with `validation`
    /// (one value per epoch, or none) beside it.
    func clear(validation: [Double] = []) {
        guard isShown else { return }
        var output = "\r\u{1B}[K" + (curveRows > 0 ? "\u{1B}[J" : "")
        let width = ProgressBar.terminalWidth()
        if epochLosses.count >= 2, width >= 30 {
            let shown = validation.count == epochLosses.count && validation.contains(where: \.isFinite) ? validation : []
            let lines = TrainingCurve.lines(training: epochLosses, validation: shown, columns: min(60, width - 12), rows: 4)
            output += lines.joined(separator: "\n") + "\n"
            output += "loss per epoch, 1 to \(epochLosses.count)" + (shown.isEmpty ? "" : " (\u{1B}[36mtraining\u{1B}[0m, \u{1B}[33mvalidation\u{1B}[0m)") + "\n"
        }
        writeStandardError(output)
        isShown = false
        pacer.reset()
        curveRows = 0
        epochLosses = []
        validationLosses = []
        lastValidation = nil
    }

    static func format(_ value: Float, _ digits: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale: Double = 1
        for _ in 0 ..< digits { scale *= 10 }
        let rounded = (Double(value) * scale).rounded() / scale
        var text = String(rounded)
        if let dot = text.firstIndex(of: "."), !text.contains("e") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            text += String(repeating: "0", count: max(0, digits - decimals))
        }
        return text
    }

    /// `1.2s`, `42s`, `3m05s`, `1h02m`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        if seconds < 10 { return format(Float(seconds), 1) + "s" }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m" + pad(whole % 60) + "s" }
        return "\(whole / 3600)h" + pad(whole / 60 % 60) + "m"
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    private static func terminalHeight() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 { return Int(size.ws_row) }
        return 24
    }

    private static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
