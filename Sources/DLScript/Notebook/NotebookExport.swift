import Foundation

/// Reports made from a replayed notebook: one self-contained HTML page (images embedded) or Markdown
/// with image links. Sections become headings, `#` prose becomes paragraphs, statements and outputs
/// become code blocks, and every PNG a statement wrote (`wrote NAME.png (WxH)`) is shown below it.
public enum NotebookExport {
    /// The PNG files named by a cell's output lines (`wrote spiral.png (800x600)`).
    public static func images(in output: [String]) -> [String] {
        output.compactMap { line in
            guard line.hasPrefix("wrote "), let open = line.lastIndex(of: "("), line.hasSuffix(")") else { return nil }
            let name = line.dropFirst(6)[..<open].trimmingCharacters(in: .whitespaces)
            return name.lowercased().hasSuffix(".png") ? name : nil
        }
    }

    /// `path` made absolute, with `.`, `..` and symbolic links resolved (how written and named images are compared).
    public static func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Blocks of a notebook in reading order.
    enum Block {
        case heading(String)
        case paragraph(String)
        case code(String)
        case output(String)
        case image(String)
    }

    static func blocks(_ notebook: Notebook) -> [Block] {
        var blocks: [Block] = []
        var prose: [String] = []
        func flushProse() {
            if !prose.isEmpty { blocks.append(.paragraph(prose.joined(separator: " "))); prose = [] }
        }
        for item in notebook.items {
            switch item {
            case .metadata: continue
            case .section(let title): flushProse(); blocks.append(.heading(title))
            case .prose(let line):
                let text = line.trimmingCharacters(in: .whitespaces).drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
                if text.isEmpty { flushProse() } else { prose.append(text) }
            case .blank: flushProse()
            case .code(let cell):
                flushProse()
                // Statements with no output between them read as one block, like a notebook cell.
                if case .code(let previous)? = blocks.last {
                    blocks[blocks.count - 1] = .code(previous + "\n" + cell.source)
                } else {
                    blocks.append(.code(cell.source))
                }
                let shown = cell.output.filter { !$0.isEmpty || cell.output.count > 1 }
                if !shown.isEmpty { blocks.append(.output(OutputComparison.plainText(shown.joined(separator: "\n")))) }
                for image in images(in: cell.output) { blocks.append(.image(image)) }
            }
        }
        flushProse()
        return blocks
    }

    /// One HTML page that stands alone: the images are read from `imageDirectory` and embedded as data URLs.
    ///
    /// Only PNG files that the replay itself wrote (`writtenImages`, full paths) inside `imageDirectory` are
    /// embedded: an output line is text a notebook controls (`print "wrote ~/.ssh/id_rsa (1x1)"`), and the
    /// page is made to be shared. Any other image named is left out, with a caption saying so.
    /// - Throws: ``NotebookError`` when an image the notebook wrote cannot be read.
    public static func html(_ notebook: Notebook, title: String, imageDirectory: String,
                            writtenImages: Set<String>) throws -> String {
        let folder = resolved(imageDirectory) + "/"
        var body: [String] = ["<h1>\(escape(title))</h1>"]
        for block in blocks(notebook) {
            switch block {
            case .heading(let t): body.append("<h2>\(escape(t))</h2>")
            case .paragraph(let t): body.append("<p>\(inlineCode(escape(t)))</p>")
            case .code(let t): body.append("<pre class=\"code\"><code>\(escape(t))</code></pre>")
            case .output(let t): body.append("<pre class=\"output\">\(escape(t))</pre>")
            case .image(let name):
                let path = resolved(name.hasPrefix("/") ? name : (imageDirectory as NSString).appendingPathComponent(name))
                guard writtenImages.contains(path), path.hasPrefix(folder) else {
                    body.append("<p class=\"missing\">(\(escape(name)) is not embedded: this notebook did not write it in its output folder)</p>")
                    continue
                }
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw NotebookError(path: path, line: nil, message: "cannot read the image the notebook wrote")
                }
                guard data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
                    throw NotebookError(path: path, line: nil, message: "is not a PNG file, so it is not embedded")
                }
                body.append("<figure><img alt=\"\(escape(name))\" src=\"data:image/png;base64,\(data.base64EncodedString())\"><figcaption>\(escape(name))</figcaption></figure>")
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(escape(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
            pre { padding: 0.6rem 0.8rem; overflow-x: auto; border-radius: 4px; }
            pre.code { background: #f3f4f6; border-left: 3px solid #0072B2; }
            pre.output { background: #fff; border: 1px solid #e5e7eb; color: #444; }
            figure { margin: 1rem 0; } img { max-width: 100%; border: 1px solid #e5e7eb; }
            figcaption { font-size: 0.85rem; color: #666; }
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    /// Markdown with the images linked by their file names (they stay beside the Markdown file).
    public static func markdown(_ notebook: Notebook, title: String) -> String {
        var parts: [String] = ["# \(title)"]
        for block in blocks(notebook) {
            switch block {
            case .heading(let t): parts.append("## \(t)")
            case .paragraph(let t): parts.append(t)
            case .code(let t): parts.append("```\n\(t)\n```")
            case .output(let t): parts.append("```text\n\(t)\n```")
            case .image(let name): parts.append("![\(name)](\(name))")
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// `name` spans of prose as <code>; an unpaired backtick stays as it is.
    static func inlineCode(_ html: String) -> String {
        let parts = html.components(separatedBy: "`")
        var result = parts[0]
        var i = 1
        while i < parts.count {
            if i + 1 < parts.count {
                result += "<code>" + parts[i] + "</code>" + parts[i + 1]
                i += 2
            } else {
                result += "`" + parts[i]
                i += 1
            }
        }
        return result
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
