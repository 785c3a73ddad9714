//! JSON without the whitespace between tokens, byte for byte otherwise the same text: what
//! the core embeds, so the module carries no indentation. Shared by the build scripts of
//! hoth-core and hoth-wasm.

/// `json` with every space, tab, carriage return and newline outside strings taken out.
pub fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !matches!(c, ' ' | '\t' | '\r' | '\n') {
            out.push(c);
            in_string = c == '"';
        }
    }
    out
}
