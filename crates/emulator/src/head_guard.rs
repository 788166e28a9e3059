//! Keeps request heads with non-ASCII bytes answerable.
//!
//! An HTTP/1 parser refuses a header name holding a byte outside ASCII with a bare 400 (no
//! provider error body), and takes such bytes in a value as opaque. A real gateway answers 400
//! in its own error shape. On its way from the client to the HTTP server, each request head is
//! therefore checked: one holding non-ASCII bytes has them replaced by `_` (valid in a name, a
//! value and a path) and is marked with [`MARKER_HEADER`], and the server answers the marked
//! request with a 400.
//! Bodies pass untouched (the head's `Content-Length` says how long they are); after a chunked
//! body, or a head too long to hold, the rest of the connection passes untouched.

/// The header the guard adds to a request whose head held non-ASCII bytes.
pub(crate) const MARKER_HEADER: &str = "X-Emulator-Non-Ascii-Header";
/// The longest head held while waiting for its end.
const MAX_HEAD: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    /// Collecting a head until its blank line.
    Head,
    /// Passing `remaining` body bytes.
    Body { remaining: u64 },
    /// Passing everything.
    Passthrough,
}

/// The state of one client-to-server stream.
#[derive(Debug, Clone)]
pub(crate) struct HeadGuard {
    mode: Mode,
    head: Vec<u8>,
}

impl Default for HeadGuard {
    fn default() -> Self {
        Self { mode: Mode::Head, head: Vec::new() }
    }
}

impl HeadGuard {
    /// Takes the next bytes from the client; appends what to send on to `out`.
    pub(crate) fn feed(&mut self, mut input: &[u8], out: &mut Vec<u8>) {
        while !input.is_empty() {
            match self.mode {
                Mode::Passthrough => {
                    out.extend_from_slice(input);
                    return;
                }
                Mode::Body { remaining } => {
                    let take = usize::try_from(remaining).unwrap_or(usize::MAX).min(input.len());
                    out.extend_from_slice(&input[..take]);
                    input = &input[take..];
                    let left = remaining - take as u64;
                    self.mode = if left == 0 { Mode::Head } else { Mode::Body { remaining: left } };
                }
                Mode::Head => {
                    // Bytes up to and including the head's blank line, if it is in `input`.
                    let before = self.head.len();
                    self.head.extend_from_slice(input);
                    let search_from = before.saturating_sub(3);
                    let Some(end) = find(&self.head[search_from..], b"\r\n\r\n").map(|i| search_from + i + 4)
                    else {
                        if self.head.len() > MAX_HEAD {
                            out.append(&mut self.head);
                            self.mode = Mode::Passthrough;
                        }
                        return;
                    };
                    let rest = self.head.split_off(end);
                    let head = std::mem::take(&mut self.head);
                    self.mode = next_mode(&head);
                    emit_head(head, out);
                    // What followed the head is fed again, in the new mode.
                    self.feed(&rest, out);
                    return;
                }
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The mode after `head`: its body, then the next head.
fn next_mode(head: &[u8]) -> Mode {
    let text = String::from_utf8_lossy(head);
    let mut length = None;
    for line in text.split("\r\n").skip(1) {
        let Some((name, value)) = line.split_once(':') else { continue };
        let (name, value) = (name.trim(), value.trim());
        if name.eq_ignore_ascii_case("transfer-encoding") && !value.eq_ignore_ascii_case("identity") {
            return Mode::Passthrough;
        }
        if name.eq_ignore_ascii_case("content-length") {
            match value.parse::<u64>() {
                Ok(n) => length = Some(n),
                Err(_) => return Mode::Passthrough,
            }
        }
    }
    match length {
        Some(n) if n > 0 => Mode::Body { remaining: n },
        _ => Mode::Head,
    }
}

/// Appends `head` to `out`, marked and made ASCII if it held non-ASCII bytes.
fn emit_head(head: Vec<u8>, out: &mut Vec<u8>) {
    if head.is_ascii() {
        out.extend_from_slice(&head);
        return;
    }
    let Some(first_line_end) = find(&head, b"\r\n").map(|i| i + 2) else {
        out.extend_from_slice(&head);
        return;
    };
    let ascii =
        |bytes: &[u8]| bytes.iter().map(|b| if b.is_ascii() { *b } else { b'_' }).collect::<Vec<u8>>();
    out.extend_from_slice(&ascii(&head[..first_line_end]));
    out.extend_from_slice(format!("{MARKER_HEADER}: 1\r\n").as_bytes());
    out.extend_from_slice(&ascii(&head[first_line_end..]));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(chunks: &[&[u8]]) -> Vec<u8> {
        let mut guard = HeadGuard::default();
        let mut out = Vec::new();
        for chunk in chunks {
            guard.feed(chunk, &mut out);
        }
        out
    }

    #[test]
    fn ascii_requests_pass_unchanged_in_any_chunking() {
        let stream: &[u8] =
            b"POST /a HTTP/1.1\r\nContent-Length: 6\r\n\r\n\xff\xfe\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n";
        assert_eq!(run(&[stream]), stream);
        let pieces: Vec<&[u8]> = stream.chunks(3).collect();
        assert_eq!(run(&pieces), stream, "a body holding any bytes is never rewritten");
    }

    #[test]
    fn non_ascii_heads_are_marked_and_made_ascii() {
        let out = run(&[b"GET /a HTTP/1.1\r\nX-Name: caf\xc3\xa9\r\n\r\nGET /b HTTP/1.1\r\n\r\n"]);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            format!("GET /a HTTP/1.1\r\n{MARKER_HEADER}: 1\r\nX-Name: caf__\r\n\r\nGET /b HTTP/1.1\r\n\r\n")
        );
    }

    #[test]
    fn chunked_bodies_and_huge_heads_pass_through() {
        let chunked: &[u8] =
            b"POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n\xff\xff\xff\r\n0\r\n\r\n";
        assert_eq!(run(&[chunked]), chunked);
        let huge = vec![b'a'; MAX_HEAD + 10];
        assert_eq!(run(&[&huge]), huge);
    }
}
