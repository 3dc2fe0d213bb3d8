//! Answers one HTTP request of `serve`: a file of the built site, or the live-reload poll.

use super::gzip::{accepts_gzip, compressible};
use super::{BuildCounter, Host, Ranges};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use super::connection::{Body, Request, Response};

pub fn respond(
    request: &Request,
    output: &Path,
    base_path: &str,
    counter: &BuildCounter,
    host: &Host,
) -> Response {
    let url = request.url.as_str();
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if path == format!("{base_path}__livereload") {
        let seen = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("v="))
            .and_then(|v| v.parse().ok());
        let v = counter.wait_for_change(seen, Duration::from_secs(25));
        return Response::bytes(200, v.to_string())
            .with("Content-Type", "text/plain; charset=utf-8");
    }
    let Some(rest) = path
        .strip_prefix(base_path)
        .or_else(|| (path.to_string() + "/" == base_path).then_some(""))
    else {
        return Response::bytes(404, format!("this site is served under {base_path}"))
            .with("Content-Type", "text/plain; charset=utf-8");
    };
    match file_for(output, rest) {
        Some(file) => send_file(request, output, &file, host),
        None if !rest.is_empty() && !rest.ends_with('/') && output.join(decode(rest)).is_dir() => {
            Response::bytes(301, Vec::new()).with("Location", format!("{path}/"))
        }
        None => not_found(output),
    }
}

/// Sends `file`, or the byte ranges the request asks for (the search index fetches its buckets
/// and text chunks that way, out of a few large files; a page of results asks for its excerpts'
/// chunks in one request), as `host.ranges` says. A text file sent whole goes gzipped to a
/// browser that accepts it.
fn send_file(request: &Request, output: &Path, file: &Path, host: &Host) -> Response {
    let Ok(mut f) = File::open(file) else {
        return not_found(output);
    };
    let Ok(meta) = f.metadata() else {
        return not_found(output);
    };
    let total = meta.len();
    // Range is defined for GET only; we send no validators, so an If-Range can never match.
    let asked = match request.method.as_str() {
        "GET" if request.header("If-Range").is_none() => request.header("Range"),
        _ => None,
    };
    let kind = content_type(file);
    let gzip = compressible(kind) && accepts_gzip(request.header("Accept-Encoding"));
    let response = match answer(host.ranges, asked, total) {
        ByteRange::Whole if gzip => {
            let Ok(gz) = host.gzip.get(file, &meta) else {
                return not_found(output);
            };
            Response::bytes(200, gz.as_slice())
                .with("Content-Type", kind)
                .with("Content-Encoding", "gzip")
                .with("Vary", "Accept-Encoding")
        }
        ByteRange::Whole => {
            vary(Response::new(200, Body::File(f, total)), kind).with("Content-Type", kind)
        }
        ByteRange::Part(first, last) => {
            if f.seek(SeekFrom::Start(first)).is_err() {
                return not_found(output);
            }
            Response::new(206, Body::File(f, last - first + 1))
                .with("Content-Type", kind)
                .with("Content-Range", format!("bytes {first}-{last}/{total}"))
        }
        ByteRange::Parts(parts) => {
            let Ok(body) = multipart(&mut f, &parts, total, kind) else {
                return not_found(output);
            };
            Response::bytes(206, body).with(
                "Content-Type",
                format!("multipart/byteranges; boundary={BOUNDARY}"),
            )
        }
        ByteRange::Unsatisfiable => {
            Response::bytes(416, Vec::new()).with("Content-Range", format!("bytes */{total}"))
        }
    };
    accept_ranges(response, host.ranges)
}

/// How a host of kind `ranges` answers the `Range` header `asked` of a file of `total` bytes:
/// `multi` as the RFC says; `single` sends the whole file for several ranges (as S3 does);
/// `none` always sends the whole file.
fn answer(ranges: Ranges, asked: Option<&str>, total: u64) -> ByteRange {
    match (ranges, byte_range(asked, total)) {
        (Ranges::None, _) | (Ranges::Single, ByteRange::Parts(_)) => ByteRange::Whole,
        (_, answer) => answer,
    }
}

/// Separates the parts of a multipart answer. A reader finds each part's end by its
/// Content-Range, so the bytes of a part may hold it.
const BOUNDARY: &str = "talkarchive-byteranges";

/// The `multipart/byteranges` body of `parts` of `f` (RFC 9110 section 14.6).
fn multipart(
    f: &mut File,
    parts: &[(u64, u64)],
    total: u64,
    kind: &str,
) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    for &(first, last) in parts {
        let head = format!(
            "--{BOUNDARY}\r\nContent-Type: {kind}\r\nContent-Range: bytes {first}-{last}/{total}\r\n\r\n"
        );
        body.extend_from_slice(head.as_bytes());
        f.seek(SeekFrom::Start(first))?;
        f.by_ref().take(last - first + 1).read_to_end(&mut body)?;
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    Ok(body)
}

/// What a `Range` header asks of a file of `total` bytes.
#[derive(Debug, PartialEq)]
enum ByteRange {
    /// No header, or one we ignore (malformed, too many ranges, another unit): the whole file.
    Whole,
    /// Bytes `first..=last`, both inside the file.
    Part(u64, u64),
    /// Several such ranges, in order, none overlapping or touching another.
    Parts(Vec<(u64, u64)>),
    /// Valid ranges that select nothing of this file: 416.
    Unsatisfiable,
}

/// More ranges than this in one header are answered with the whole file (as the RFC allows):
/// a page of results asks for up to two per result.
const MAX_RANGES: usize = 256;

/// Reads `bytes=` and a list of `A-B`, `A-` or `-N` (RFC 9110 section 14.1.2). Ranges that
/// overlap or touch are joined (section 14.2 allows it), so that one range left is one part.
/// Anything malformed is ignored, as the RFC allows: the whole file.
fn byte_range(header: Option<&str>, total: u64) -> ByteRange {
    let Some(header) = header else {
        return ByteRange::Whole;
    };
    let Some((unit, set)) = header.trim().split_once('=') else {
        return ByteRange::Whole;
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") {
        return ByteRange::Whole;
    }
    // Empty elements of a list are allowed (RFC 9110 section 5.6.1), not an empty list.
    let specs: Vec<&str> = set
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if specs.is_empty() || specs.len() > MAX_RANGES {
        return ByteRange::Whole;
    }
    let mut parts = Vec::with_capacity(specs.len());
    for spec in specs {
        match one_range(spec, total) {
            Spec::Malformed => return ByteRange::Whole,
            Spec::Outside => {}
            Spec::Inside(first, last) => parts.push((first, last)),
        }
    }
    parts.sort_unstable();
    let mut joined: Vec<(u64, u64)> = Vec::with_capacity(parts.len());
    for (first, last) in parts {
        match joined.last_mut() {
            Some(prev) if first <= prev.1.saturating_add(1) => prev.1 = prev.1.max(last),
            _ => joined.push((first, last)),
        }
    }
    match joined.as_slice() {
        [] => ByteRange::Unsatisfiable,
        &[(first, last)] => ByteRange::Part(first, last),
        _ => ByteRange::Parts(joined),
    }
}

/// One range of a `Range` header, read against a file of `total` bytes.
enum Spec {
    Malformed,
    /// Valid, but it selects no byte of the file.
    Outside,
    Inside(u64, u64),
}

fn one_range(spec: &str, total: u64) -> Spec {
    let number = |s: &str| {
        let s = s.trim();
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    let Some((a, b)) = spec.split_once('-') else {
        return Spec::Malformed;
    };
    let (a, b) = (a.trim(), b.trim());
    if a.is_empty() {
        // -N: the last N bytes; -0, or any suffix of an empty file, selects nothing.
        return match number(b) {
            Some(n) if n > 0 && total > 0 => Spec::Inside(total.saturating_sub(n), total - 1),
            Some(_) => Spec::Outside,
            None => Spec::Malformed,
        };
    }
    let Some(first) = number(a) else {
        return Spec::Malformed;
    };
    // A- runs to the end; A-B must not end before it starts.
    let last = match number(b) {
        None if b.is_empty() => u64::MAX,
        Some(last) if last >= first => last,
        _ => return Spec::Malformed,
    };
    if first >= total {
        Spec::Outside
    } else {
        Spec::Inside(first, last.min(total - 1))
    }
}

fn not_found(output: &Path) -> Response {
    let body = std::fs::read(output.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
    Response::bytes(404, body).with("Content-Type", "text/html; charset=utf-8")
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

/// A host that answers ranges says so; one that ignores them does not.
fn accept_ranges(r: Response, ranges: Ranges) -> Response {
    match ranges {
        Ranges::None => r,
        Ranges::Single | Ranges::Multi => r.with("Accept-Ranges", "bytes"),
    }
}

/// A whole text file may be sent gzipped or not: a cache must keep the two apart.
fn vary(r: Response, kind: &str) -> Response {
    match compressible(kind) {
        true => r.with("Vary", "Accept-Encoding"),
        false => r,
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
    fn several_ranges_are_parts_in_order_with_touching_ones_joined() {
        use ByteRange::*;
        assert_eq!(
            byte_range(Some("bytes=50-59, 0-9"), 100),
            Parts(vec![(0, 9), (50, 59)])
        );
        // Overlapping and touching ranges are one; a suffix is clamped like a single range.
        assert_eq!(
            byte_range(Some("bytes=0-9,5-19,20-29,-10"), 100),
            Parts(vec![(0, 29), (90, 99)])
        );
        assert_eq!(byte_range(Some("bytes=0-9,10-19"), 100), Part(0, 19));
        // A range past the end is left out; none left is unsatisfiable.
        assert_eq!(byte_range(Some("bytes=0-1,200-300"), 100), Part(0, 1));
        assert_eq!(byte_range(Some("bytes=100-,200-300"), 100), Unsatisfiable);
        // Empty list elements are allowed.
        assert_eq!(
            byte_range(Some("bytes=0-1,,5-9,"), 100),
            Parts(vec![(0, 1), (5, 9)])
        );
    }

    #[test]
    fn a_multipart_body_holds_each_part_with_its_range() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.bin");
        std::fs::write(&path, b"0123456789abcdefghij").unwrap();
        let mut f = File::open(&path).unwrap();
        let body = multipart(&mut f, &[(0, 2), (10, 12)], 20, "application/octet-stream").unwrap();
        let expected = format!(
            "--{BOUNDARY}\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-2/20\r\n\r\n012\r\n\
             --{BOUNDARY}\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 10-12/20\r\n\r\nabc\r\n\
             --{BOUNDARY}--\r\n"
        );
        assert_eq!(String::from_utf8(body).unwrap(), expected);
    }

    #[test]
    fn multi_answers_one_range_and_several_in_one_answer() {
        use ByteRange::*;
        let multi = |h| answer(Ranges::Multi, Some(h), 100);
        assert_eq!(multi("bytes=10-19"), Part(10, 19));
        assert_eq!(multi("bytes=0-1,5-9"), Parts(vec![(0, 1), (5, 9)]));
        assert_eq!(multi("bytes=100-"), Unsatisfiable);
        assert_eq!(answer(Ranges::Multi, None, 100), Whole);
    }

    #[test]
    fn single_answers_one_range_and_several_with_the_whole_file() {
        use ByteRange::*;
        let single = |h| answer(Ranges::Single, Some(h), 100);
        assert_eq!(single("bytes=10-19"), Part(10, 19));
        assert_eq!(single("bytes=-10"), Part(90, 99));
        assert_eq!(single("bytes=0-1,5-9"), Whole);
        // Ranges that touch are one range, which S3 would answer as such too.
        assert_eq!(single("bytes=0-9,10-19"), Part(0, 19));
        assert_eq!(single("bytes=100-"), Unsatisfiable);
    }

    #[test]
    fn none_always_answers_with_the_whole_file() {
        for h in ["bytes=10-19", "bytes=0-1,5-9", "bytes=100-", "bytes=-5"] {
            assert_eq!(answer(Ranges::None, Some(h), 100), ByteRange::Whole, "{h}");
        }
        assert_eq!(answer(Ranges::None, None, 100), ByteRange::Whole);
    }

    #[test]
    fn garbage_and_too_many_ranges_ask_for_the_whole_file() {
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
            "bytes=0-1,5-x",
            "bytes=0-1,9-5",
            "bytes=,",
            "bytes=1 0-19",
        ] {
            assert_eq!(byte_range(Some(h), 100), ByteRange::Whole, "{h:?}");
        }
        let many: Vec<String> = (0..=MAX_RANGES)
            .map(|i| format!("{}-{}", 3 * i, 3 * i))
            .collect();
        let many = format!("bytes={}", many.join(","));
        assert_eq!(byte_range(Some(&many), 10_000), ByteRange::Whole);
    }
}
