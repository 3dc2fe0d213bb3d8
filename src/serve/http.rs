//! Answers one HTTP request of `serve`: a file of the built site, or the live-reload poll.

use super::BuildCounter;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

pub fn respond(request: Request, output: &Path, base_path: &str, counter: &BuildCounter) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if path == format!("{base_path}__livereload") {
        let seen = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("v="))
            .and_then(|v| v.parse().ok());
        let v = counter.wait_for_change(seen, Duration::from_secs(25));
        let _ = request.respond(with_type(
            Response::from_string(v.to_string()),
            "text/plain; charset=utf-8",
        ));
        return;
    }
    let Some(rest) = path
        .strip_prefix(base_path)
        .or_else(|| (path.to_string() + "/" == base_path).then_some(""))
    else {
        let _ = request.respond(
            Response::from_string(format!("this site is served under {base_path}"))
                .with_status_code(404),
        );
        return;
    };
    match file_for(output, rest) {
        Some(file) => send_file(request, output, &file),
        None if !rest.is_empty() && !rest.ends_with('/') && output.join(decode(rest)).is_dir() => {
            let location = format!("{path}/");
            let header = Header::from_bytes("Location", location.as_bytes()).ok();
            let mut r = Response::empty(301);
            if let Some(h) = header {
                r = r.with_header(h);
            }
            let _ = request.respond(r);
        }
        None => not_found(request, output),
    }
}

/// Sends `file`, or the one byte range the request asks for (the search index fetches its
/// buckets and text chunks that way, out of a few large files).
fn send_file(request: Request, output: &Path, file: &Path) {
    let Ok(mut f) = File::open(file) else {
        return not_found(request, output);
    };
    let Ok(total) = f.metadata().map(|m| m.len()) else {
        return not_found(request, output);
    };
    // Range is defined for GET only; we send no validators, so an If-Range can never match.
    let asked = match request.method() {
        Method::Get if header(&request, "If-Range").is_none() => header(&request, "Range"),
        _ => None,
    };
    let kind = content_type(file);
    let _ = match byte_range(asked.as_deref(), total) {
        ByteRange::Whole => {
            let r = with_type(Response::from_file(f), kind);
            request.respond(with_header(r, "Accept-Ranges", "bytes"))
        }
        ByteRange::Part(first, last) => {
            if f.seek(SeekFrom::Start(first)).is_err() {
                return not_found(request, output);
            }
            let len = last - first + 1;
            let body = f.take(len);
            let r = Response::new(
                StatusCode(206),
                vec![],
                body,
                usize::try_from(len).ok(),
                None,
            );
            let r = with_header(r, "Content-Range", &format!("bytes {first}-{last}/{total}"));
            request.respond(with_header(with_type(r, kind), "Accept-Ranges", "bytes"))
        }
        ByteRange::Unsatisfiable => {
            let r = with_header(
                Response::empty(416),
                "Content-Range",
                &format!("bytes */{total}"),
            );
            request.respond(with_header(r, "Accept-Ranges", "bytes"))
        }
    };
}

fn header(request: &Request, name: &'static str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.to_string())
}

/// What a `Range` header asks of a file of `total` bytes.
#[derive(Debug, PartialEq)]
enum ByteRange {
    /// No header, or one we ignore (malformed, several ranges, another unit): the whole file.
    Whole,
    /// Bytes `first..=last`, both inside the file.
    Part(u64, u64),
    /// A valid range that selects nothing of this file: 416.
    Unsatisfiable,
}

/// Reads one `bytes=A-B`, `bytes=A-` or `bytes=-N` (RFC 9110 section 14.1.2). Anything else is
/// ignored, as the RFC allows: answering a multi-range request with the whole file is valid.
fn byte_range(header: Option<&str>, total: u64) -> ByteRange {
    let Some(header) = header else {
        return ByteRange::Whole;
    };
    let number = |s: &str| {
        let s = s.trim();
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    let Some((unit, spec)) = header.trim().split_once('=') else {
        return ByteRange::Whole;
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") || spec.contains(',') {
        return ByteRange::Whole;
    }
    let Some((a, b)) = spec.split_once('-') else {
        return ByteRange::Whole;
    };
    let (a, b) = (a.trim(), b.trim());
    if a.is_empty() {
        // bytes=-N: the last N bytes; -0, or any suffix of an empty file, selects nothing.
        return match number(b) {
            Some(n) if n > 0 && total > 0 => ByteRange::Part(total.saturating_sub(n), total - 1),
            Some(_) => ByteRange::Unsatisfiable,
            None => ByteRange::Whole,
        };
    }
    let Some(first) = number(a) else {
        return ByteRange::Whole;
    };
    // bytes=A- runs to the end; bytes=A-B must not end before it starts.
    let last = match number(b) {
        None if b.is_empty() => u64::MAX,
        Some(last) if last >= first => last,
        _ => return ByteRange::Whole,
    };
    if first >= total {
        ByteRange::Unsatisfiable
    } else {
        ByteRange::Part(first, last.min(total - 1))
    }
}

fn not_found(request: Request, output: &Path) {
    let body = std::fs::read(output.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
    let _ = request.respond(
        with_type(Response::from_data(body), "text/html; charset=utf-8").with_status_code(404),
    );
}

/// The file a URL path names, if it exists and stays inside `output`.
fn file_for(output: &Path, rest: &str) -> Option<PathBuf> {
    let decoded = decode(rest);
    let rel = Path::new(&decoded);
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) && !decoded.is_empty() {
        return None;
    }
    let mut file = output.join(rel);
    if decoded.is_empty() || decoded.ends_with('/') {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "bin" => "application/octet-stream",
        _ => "application/octet-stream",
    }
}

fn with_type<R: Read>(r: Response<R>, t: &str) -> Response<R> {
    with_header(r, "Content-Type", t)
}

fn with_header<R: Read>(r: Response<R>, name: &str, value: &str) -> Response<R> {
    match Header::from_bytes(name, value) {
        Ok(h) => r.with_header(h),
        Err(_) => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_output() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "x").unwrap();
        assert!(file_for(dir.path(), "").is_some());
        assert!(file_for(dir.path(), "../etc/passwd").is_none());
        assert!(file_for(dir.path(), "%2e%2e/x").is_none());
    }

    #[test]
    fn single_byte_ranges_are_read_and_clamped_to_the_file() {
        use ByteRange::*;
        assert_eq!(byte_range(None, 100), Whole);
        assert_eq!(byte_range(Some("bytes=10-19"), 100), Part(10, 19));
        assert_eq!(byte_range(Some("bytes=0-0"), 100), Part(0, 0));
        assert_eq!(byte_range(Some("Bytes = 10 - 19 "), 100), Part(10, 19));
        // The end is clamped to the last byte.
        assert_eq!(byte_range(Some("bytes=90-500"), 100), Part(90, 99));
        assert_eq!(byte_range(Some("bytes=99-99"), 100), Part(99, 99));
        assert_eq!(byte_range(Some("bytes=10-"), 100), Part(10, 99));
        // Suffix ranges: the last N bytes, or the whole file if N is larger.
        assert_eq!(byte_range(Some("bytes=-10"), 100), Part(90, 99));
        assert_eq!(byte_range(Some("bytes=-1000"), 100), Part(0, 99));
    }

    #[test]
    fn a_range_past_the_end_is_unsatisfiable() {
        use ByteRange::*;
        assert_eq!(byte_range(Some("bytes=100-200"), 100), Unsatisfiable);
        assert_eq!(byte_range(Some("bytes=100-"), 100), Unsatisfiable);
        assert_eq!(byte_range(Some("bytes=0-"), 0), Unsatisfiable);
        assert_eq!(byte_range(Some("bytes=-0"), 100), Unsatisfiable);
        assert_eq!(byte_range(Some("bytes=-5"), 0), Unsatisfiable);
    }

    #[test]
    fn garbage_and_multiple_ranges_ask_for_the_whole_file() {
        for h in [
            "",
            "bytes",
            "bytes=",
            "bytes=-",
            "bytes=abc",
            "bytes=5",
            "bytes=19-10",
            "bytes=1-2-3",
            "bytes=+1-2",
            "bytes=1-+2",
            "bytes=--1",
            "bytes=99999999999999999999999-",
            "items=0-10",
            "bytes=0-1,5-9",
            "bytes=0-1, 5-",
            "bytes=1 0-19",
        ] {
            assert_eq!(byte_range(Some(h), 100), ByteRange::Whole, "{h:?}");
        }
    }
}
