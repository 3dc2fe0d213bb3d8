//! `talkarchive serve` end to end: it builds, serves, rebuilds after an edit (a talk's text, a
//! speaker's name shown on many pages), keeps serving the previous site when an edit breaks the
//! build, answers byte-range requests (the search index fetches its text chunks that way), and says
//! so when its port is taken. `--ranges multi|single|none` answers ranges as three kinds of static
//! host do, and text files sent whole are gzipped; `--no-build` serves a built folder as it is.

mod common;
use common::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let (status, _, body) = request(port, path, "")?;
    Some((status, String::from_utf8_lossy(&body).into_owned()))
}

/// One raw HTTP/1.0 GET with `headers` (each line ending in `\r\n`): status, head, body bytes.
fn request(port: u16, path: &str, headers: &str) -> Option<(u16, String, Vec<u8>)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n{headers}\r\n").ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, head, raw[end + 4..].to_vec()))
}

/// The value of header `name` in a response head (names compared without case).
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// Polls `path` until its body satisfies `ok`, for at most 20 s.
fn wait_for(port: u16, path: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        if let Some((200, body)) = get(port, path) {
            if ok(&body) {
                return body;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{path} never showed the change"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn serve(root: &std::path::Path) -> Server {
    serve_with(root, &[])
}

/// `talkarchive serve --quiet` in `root` with `args` on a free port, once it answers.
fn serve_with(root: &std::path::Path, args: &[&str]) -> Server {
    let port = free_port();
    let child = bin()
        .args(["serve", "--quiet", "--port", &port.to_string()])
        .args(args)
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let server = Server { child, port };
    wait_for(port, "/", |b| b.contains("Fixture archive"));
    server
}

#[test]
fn an_edit_is_rebuilt_and_served_and_a_broken_edit_keeps_the_previous_site() {
    let site = fixture("basic");
    let server = serve(site.path());
    let port = server.port;
    let talk_path = "/talks/conf-2024/02-keynote/";
    let talk_file = site.path().join("content/talks/conf-2024/02-keynote.md");
    // Pages carry the live-reload script.
    assert!(wait_for(port, talk_path, |_| true).contains("__livereload"));

    // Edit the talk's text.
    let text = read(&talk_file).replace("第二段", "改过的第二段");
    write(&talk_file, &text);
    wait_for(port, talk_path, |b| b.contains("改过的第二段"));

    // Rename a speaker: every page that shows the name changes.
    let speaker = site.path().join("content/speakers/li-si.md");
    write(
        &speaker,
        &read(&speaker).replace("name = \"李四\"", "name = \"李四新\""),
    );
    for page in [
        talk_path,
        "/speakers/li-si/",
        "/speakers/",
        "/trends/jushen-zhineng/",
    ] {
        wait_for(port, page, |b| b.contains("李四新"));
    }

    // A broken edit: the previous site stays served.
    write(&talk_file, "+++\ntitle = \"unclosed\n");
    std::thread::sleep(Duration::from_millis(1500));
    let (status, body) = get(port, talk_path).expect("still serving");
    assert_eq!(status, 200);
    assert!(body.contains("改过的第二段"));
}

#[test]
fn a_byte_range_of_a_search_file_is_served_as_206_and_past_the_end_as_416() {
    let site = fixture("basic");
    let server = serve(site.path());
    let path = "/_search/meta.json";
    let file = std::fs::read(site.path().join("public/_search/meta.json")).expect("meta.json");
    let total = file.len();
    assert!(total > 20, "meta.json is only {total} bytes");

    let (status, head, body) = request(server.port, path, "Range: bytes=10-19\r\n").expect("GET");
    assert_eq!(status, 206, "{head}");
    assert_eq!(body, file[10..20]);
    assert_eq!(
        header(&head, "Content-Range"),
        Some(format!("bytes 10-19/{total}").as_str())
    );
    assert_eq!(header(&head, "Content-Length"), Some("10"));
    assert_eq!(header(&head, "Accept-Ranges"), Some("bytes"));

    // The last bytes, and an end past the file clamped to it.
    let (status, head, body) = request(server.port, path, "Range: bytes=-5\r\n").expect("GET");
    assert_eq!(
        (status, body.as_slice()),
        (206, &file[total - 5..]),
        "{head}"
    );
    let (status, head, body) =
        request(server.port, path, "Range: bytes=3-999999\r\n").expect("GET");
    assert_eq!((status, body.as_slice()), (206, &file[3..]), "{head}");
    assert_eq!(
        header(&head, "Content-Range"),
        Some(format!("bytes 3-{}/{total}", total - 1).as_str())
    );

    // Past the end: 416, saying how long the file is.
    let past = format!("Range: bytes={total}-\r\n");
    let (status, head, body) = request(server.port, path, &past).expect("GET");
    assert_eq!(status, 416, "{head}");
    assert_eq!(
        header(&head, "Content-Range"),
        Some(format!("bytes */{total}").as_str())
    );
    assert!(body.is_empty());

    // Several ranges: a multipart/byteranges body, a part per range with its Content-Range.
    let (status, head, body) =
        request(server.port, path, "Range: bytes=12-15, 0-1\r\n").expect("GET");
    assert_eq!(status, 206, "{head}");
    let kind = header(&head, "Content-Type")
        .unwrap_or_default()
        .to_string();
    let boundary = kind
        .strip_prefix("multipart/byteranges; boundary=")
        .unwrap_or_else(|| panic!("a multipart answer: {head}"));
    let mut expected = Vec::new();
    for (first, last) in [(0, 1), (12, 15)] {
        expected.extend_from_slice(
            format!("--{boundary}\r\nContent-Type: application/json\r\nContent-Range: bytes {first}-{last}/{total}\r\n\r\n").as_bytes(),
        );
        expected.extend_from_slice(&file[first..=last]);
        expected.extend_from_slice(b"\r\n");
    }
    expected.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&body),
        String::from_utf8_lossy(&expected)
    );

    // A malformed range, or another unit: the whole file.
    for range in ["bytes=9-1", "bytes=0-1,x-9", "pages=1-2"] {
        let h = format!("Range: {range}\r\n");
        let (status, head, body) = request(server.port, path, &h).expect("GET");
        assert_eq!((status, body.len()), (200, total), "{range}: {head}");
        assert_eq!(body, file, "{range}");
        assert_eq!(header(&head, "Accept-Ranges"), Some("bytes"));
    }
}

/// A built fixture with two probe files of known bytes (a text type and a binary one), served
/// with `--no-build --ranges <ranges>`; the folder lives as long as the server.
fn serve_built(ranges: &str) -> (Server, tempfile::TempDir, Vec<u8>) {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    // Repetitive, so that gzip makes it smaller.
    let bytes: Vec<u8> = (0..400)
        .flat_map(|i| format!("{{\"n\":{i},\"text\":\"具身智能\"}},").into_bytes())
        .collect();
    std::fs::write(out.join("probe.json"), &bytes).expect("probe.json");
    std::fs::write(out.join("probe.bin"), &bytes).expect("probe.bin");
    let server = serve_with(site.path(), &["--no-build", "--ranges", ranges]);
    (server, site, bytes)
}

fn gunzip(gz: &[u8]) -> Vec<u8> {
    use flate2::read::GzDecoder;
    let mut out = Vec::new();
    GzDecoder::new(gz).read_to_end(&mut out).expect("gzip");
    out
}

#[test]
fn ranges_multi_answers_several_ranges_in_one_multipart_answer_and_gzips_json() {
    let (server, _site, file) = serve_built("multi");
    let (status, head, body) =
        request(server.port, "/probe.bin", "Range: bytes=0-3,100-109\r\n").expect("GET");
    assert_eq!(status, 206, "{head}");
    let kind = header(&head, "Content-Type").unwrap_or_default();
    assert!(
        kind.starts_with("multipart/byteranges; boundary="),
        "{head}"
    );
    let text = String::from_utf8_lossy(&body).into_owned();
    assert!(text.contains(&format!("Content-Range: bytes 0-3/{}", file.len())));
    assert!(text.contains(&format!("Content-Range: bytes 100-109/{}", file.len())));
    assert!(text.contains(&*String::from_utf8_lossy(&file[100..110])));

    // A whole JSON file goes gzipped to a browser that accepts it, plain to one that does not.
    let gzip = "Accept-Encoding: gzip, deflate\r\n";
    let (status, head, body) = request(server.port, "/probe.json", gzip).expect("GET");
    assert_eq!(status, 200, "{head}");
    assert_eq!(header(&head, "Content-Encoding"), Some("gzip"), "{head}");
    assert_eq!(header(&head, "Vary"), Some("Accept-Encoding"), "{head}");
    assert!(body.len() < file.len() / 4, "{} bytes gzipped", body.len());
    assert_eq!(gunzip(&body), file);
    let (status, head, body) = request(server.port, "/probe.json", "").expect("GET");
    assert_eq!((status, header(&head, "Content-Encoding")), (200, None));
    assert_eq!(body, file);
    // Never a part, never application/octet-stream.
    let ranged = format!("{gzip}Range: bytes=5-9\r\n");
    let (status, head, body) = request(server.port, "/probe.json", &ranged).expect("GET");
    assert_eq!((status, header(&head, "Content-Encoding")), (206, None));
    assert_eq!(body, file[5..10]);
    let (status, head, body) = request(server.port, "/probe.bin", gzip).expect("GET");
    assert_eq!((status, header(&head, "Content-Encoding")), (200, None));
    assert_eq!(body, file);
}

#[test]
fn ranges_single_answers_one_range_and_several_with_the_whole_file() {
    let (server, _site, file) = serve_built("single");
    let (status, head, body) =
        request(server.port, "/probe.bin", "Range: bytes=10-19\r\n").expect("GET");
    assert_eq!((status, body.as_slice()), (206, &file[10..20]), "{head}");
    assert_eq!(header(&head, "Accept-Ranges"), Some("bytes"));
    let (status, head, body) =
        request(server.port, "/probe.bin", "Range: bytes=0-3,100-109\r\n").expect("GET");
    assert_eq!(status, 200, "{head}");
    assert_eq!(body, file);
    // That whole answer is compressed like any other, where the type is text.
    let h = "Range: bytes=0-3,100-109\r\nAccept-Encoding: gzip\r\n";
    let (status, head, body) = request(server.port, "/probe.json", h).expect("GET");
    assert_eq!(
        (status, header(&head, "Content-Encoding")),
        (200, Some("gzip"))
    );
    assert_eq!(gunzip(&body), file);
}

#[test]
fn ranges_none_ignores_range_and_does_not_offer_it() {
    let (server, _site, file) = serve_built("none");
    for range in ["bytes=10-19", "bytes=0-3,100-109", "bytes=999999-"] {
        let h = format!("Range: {range}\r\n");
        let (status, head, body) = request(server.port, "/probe.bin", &h).expect("GET");
        assert_eq!(status, 200, "{range}: {head}");
        assert_eq!(body, file, "{range}");
        assert_eq!(header(&head, "Accept-Ranges"), None, "{head}");
        assert_eq!(header(&head, "Content-Encoding"), None, "{head}");
    }
    // --no-build serves the folder as built: no live-reload script in its pages.
    let (status, page) = get(server.port, "/").expect("GET /");
    assert_eq!(status, 200);
    assert!(!page.contains("__livereload"));
}

#[test]
fn no_build_without_a_built_site_says_what_to_do() {
    let site = fixture("basic");
    let port = free_port().to_string();
    let o = run(&["serve", "--no-build", "--port", &port], site.path());
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("no built site"), "{err}");
    assert!(err.contains("talkarchive build"), "{err}");
}

#[test]
fn a_port_in_use_is_reported_with_what_to_do() {
    let site = fixture("basic");
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let o = run(&["serve", "--port", &port.to_string()], site.path());
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains(&port.to_string()), "{err}");
    assert!(err.contains("--port"), "{err}");
}

/// Reads one HTTP/1.1 answer with a Content-Length from a kept-alive connection: status, body.
fn read_answer(s: &mut TcpStream) -> std::io::Result<(u16, Vec<u8>)> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let end = loop {
        if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let n = s.read(&mut buf)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok());
    let len = header(&head, "Content-Length").and_then(|n| n.parse::<usize>().ok());
    let (Some(status), Some(len)) = (status, len) else {
        return Err(std::io::Error::other(format!("bad head: {head}")));
    };
    let mut body = raw.split_off(end + 4);
    while body.len() < len {
        let n = s.read(&mut buf)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        body.extend_from_slice(&buf[..n]);
    }
    Ok((status, body))
}

/// What a browser does on a first search behind an S3-like host: a burst of new connections to
/// one host, each kept alive for several range requests, in several rounds (a new browser
/// context each). serve's former HTTP library left some connections of such a burst unread when
/// it had fewer idle threads than new connections (docs/serve.md), so each round opens more
/// connections than the last, all at once; every request must be answered within the read
/// timeout, never hang.
#[test]
fn parallel_keep_alive_range_requests_are_all_answered_round_after_round() {
    let (server, _site, file) = serve_built("single");
    let port = server.port;
    let file = std::sync::Arc::new(file);
    for round in 1..=6u64 {
        let connections = 8 * round;
        let start = std::sync::Arc::new(std::sync::Barrier::new(connections as usize));
        let workers: Vec<_> = (0..connections)
            .map(|i| {
                let file = file.clone();
                let start = start.clone();
                std::thread::spawn(move || -> Result<TcpStream, String> {
                    start.wait();
                    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
                    s.set_read_timeout(Some(Duration::from_secs(5)))
                        .map_err(|e| e.to_string())?;
                    for k in 0..3u64 {
                        let first = (i * 3 + k) * 97 % (file.len() as u64 - 100);
                        let last = first + 99;
                        // One request of the three has a body, which must be read past.
                        let body = if k == 1 { "Content-Length: 5\r\n\r\nhello" } else { "\r\n" };
                        write!(
                            s,
                            "GET /probe.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes={first}-{last}\r\n{body}"
                        )
                        .map_err(|e| e.to_string())?;
                        let (status, got) = read_answer(&mut s)
                            .map_err(|e| match e.kind() {
                                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
                                    format!("connection {i}, request {k}: no answer in 5 s")
                                }
                                _ => format!("connection {i}, request {k}: {e}"),
                            })?;
                        if status != 206 || got[..] != file[first as usize..=last as usize] {
                            return Err(format!("connection {i}, request {k}: {status}"));
                        }
                    }
                    // Kept open until the round ends, as a browser keeps its connections.
                    Ok(s)
                })
            })
            .collect();
        let results: Vec<_> = workers
            .into_iter()
            .map(|w| w.join().expect("worker"))
            .collect();
        let failed: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
        assert!(failed.is_empty(), "round {round}: {failed:?}");
    }
}
