//! `serve`'s HTTP/1.1 connections: one thread per accepted connection, reading its requests one
//! after the other (keep-alive) and writing each answer whole before reading the next.
//!
//! Why not tiny_http (which serve used until 2026-12-06): it hands connections to a thread pool
//! that decides to queue a new connection rather than start a thread when it counts an idle
//! worker, but a worker already woken for an earlier connection still counts as idle until it
//! runs. A burst of new connections (a browser's six to one host, when a page of results reads
//! its excerpts by ten parallel range requests) then left some queued behind workers that serve
//! a kept-alive connection for as long as it lives: their requests were never read. A thread per
//! connection has no such queue (tests/serve.rs, `parallel_keep_alive_range_requests_…`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

/// How long a kept-alive connection may stay idle (or a request take to arrive) before it is
/// closed; the live-reload poll waits 25 s for its answer, which is not idle time.
const IDLE: Duration = Duration::from_secs(120);
/// A request head larger than this is refused (431): serve's requests are a line and a few
/// headers.
const MAX_HEAD: usize = 64 * 1024;
/// A request body larger than this is not read: the connection is closed after the answer.
const MAX_DRAINED_BODY: u64 = 1 << 20;

/// One request as `respond` sees it.
pub struct Request {
    pub method: String,
    /// The request target as sent: path and query.
    pub url: String,
    headers: Vec<(String, String)>,
}

impl Request {
    /// The value of the first header called `name` (names compared without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What an answer's body is read from.
pub enum Body {
    Bytes(Vec<u8>),
    /// `len` bytes from the file's current position.
    File(std::fs::File, u64),
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Bytes(b) => b.len() as u64,
            Body::File(_, len) => *len,
        }
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

impl Response {
    pub fn new(status: u16, body: Body) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    pub fn bytes(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response::new(status, Body::Bytes(body.into()))
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// Accepts connections on `listener` for ever, each on a thread of its own that passes every
/// request to `respond`.
pub fn serve_forever<F>(listener: TcpListener, respond: F)
where
    F: Fn(&Request) -> Response + Send + Sync + 'static,
{
    let respond = std::sync::Arc::new(respond);
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // A connection reset before it was accepted, or too many open files for a moment.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let respond = respond.clone();
        // Failing to start a thread drops the connection: the browser asks again.
        let _ = std::thread::Builder::new()
            .name("serve-connection".into())
            .spawn(move || {
                let _ = connection(stream, &*respond);
            });
    }
}

/// Serves the requests of one connection until the client closes it, asks to, or stays idle.
fn connection(stream: TcpStream, respond: &dyn Fn(&Request) -> Response) -> std::io::Result<()> {
    // Each answer is written in one or two writes (head, then a file's bytes) and nothing follows
    // until the next request: without this a body waited for the browser's delayed
    // acknowledgement, 40 ms per response on a kept-alive connection.
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(IDLE))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let request = match read_head(&mut reader)? {
            Head::Closed => return Ok(()),
            Head::Bad(status) => {
                let r = Response::bytes(status, "bad request").with("Connection", "close");
                return write_response(&mut writer, &r, false, false);
            }
            Head::Request(r) => r,
        };
        let (keep_alive, body) = (request.keep_alive, request.body);
        let drained = match body {
            BodyLength::None => true,
            BodyLength::Known(n) if n <= MAX_DRAINED_BODY => {
                let copied = std::io::copy(&mut (&mut reader).take(n), &mut std::io::sink())?;
                copied == n
            }
            BodyLength::Known(_) | BodyLength::Unknown => false,
        };
        let keep_alive = keep_alive && drained;
        let head_only = request.request.method == "HEAD";
        let response = respond(&request.request);
        write_response(&mut writer, &response, head_only, keep_alive)?;
        if !keep_alive {
            return Ok(());
        }
    }
}

/// How long the body after a request head is.
enum BodyLength {
    None,
    Known(u64),
    /// Chunked, or something else: not read, so the connection is closed after the answer.
    Unknown,
}

struct Parsed {
    request: Request,
    keep_alive: bool,
    body: BodyLength,
}

enum Head {
    Request(Parsed),
    /// The client closed the connection (or went idle) between requests.
    Closed,
    /// A malformed head: answered with this status, then the connection is closed.
    Bad(u16),
}

/// Reads one request head: the request line and the header lines up to an empty line.
fn read_head(reader: &mut impl BufRead) -> std::io::Result<Head> {
    let mut lines = Vec::new();
    let mut size = 0;
    loop {
        let mut line = Vec::new();
        let n = match (&mut *reader)
            .take((MAX_HEAD + 1 - size) as u64)
            .read_until(b'\n', &mut line)
        {
            Ok(n) => n,
            // Idle too long, or reset between requests: nothing to answer.
            Err(_) if lines.is_empty() && line.is_empty() => return Ok(Head::Closed),
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(match lines.is_empty() {
                true => Head::Closed,
                false => Head::Bad(400),
            });
        }
        size += n;
        if !line.ends_with(b"\n") {
            return Ok(Head::Bad(if size > MAX_HEAD { 431 } else { 400 }));
        }
        while matches!(line.last(), Some(b'\n' | b'\r')) {
            line.pop();
        }
        // Empty lines before a request line are allowed (RFC 9112 section 2.2).
        if line.is_empty() && lines.is_empty() {
            continue;
        }
        if line.is_empty() {
            break;
        }
        lines.push(line);
    }
    Ok(parse_head(&lines).map_or(Head::Bad(400), Head::Request))
}

fn parse_head(lines: &[Vec<u8>]) -> Option<Parsed> {
    let (first, rest) = lines.split_first()?;
    let first = std::str::from_utf8(first).ok()?;
    let mut parts = first.split(' ');
    let (method, url, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || method.is_empty() || url.is_empty() {
        return None;
    }
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return None,
    };
    let mut headers = Vec::with_capacity(rest.len());
    for line in rest {
        let line = String::from_utf8_lossy(line);
        let (name, value) = line.split_once(':')?;
        if name.is_empty() || name.contains(char::is_whitespace) {
            return None;
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    let request = Request {
        method: method.to_string(),
        url: url.to_string(),
        headers,
    };
    let connection = request.header("Connection").unwrap_or("").to_lowercase();
    let tokens = || connection.split(',').map(str::trim);
    // HTTP/1.1 keeps a connection unless told to close; HTTP/1.0 only when asked.
    let keep_alive = match http11 {
        true => !tokens().any(|t| t == "close"),
        false => tokens().any(|t| t == "keep-alive"),
    };
    let body = match (
        request.header("Transfer-Encoding"),
        request.header("Content-Length"),
    ) {
        (Some(_), _) => BodyLength::Unknown,
        (None, Some(n)) => match n.parse() {
            Ok(n) => BodyLength::Known(n),
            Err(_) => return None,
        },
        (None, None) => BodyLength::None,
    };
    Some(Parsed {
        request,
        keep_alive,
        body,
    })
}

/// Writes `r`: its head with Content-Length and Connection, then its body unless `head_only`.
fn write_response(
    w: &mut TcpStream,
    r: &Response,
    head_only: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (name, value) in &r.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n", r.body.len()));
    if !keep_alive {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut head = head.into_bytes();
    match (&r.body, head_only) {
        (_, true) => w.write_all(&head)?,
        // Head and a small body in one write: one segment for the browser to wait for.
        (Body::Bytes(b), false) => {
            head.extend_from_slice(b);
            w.write_all(&head)?;
        }
        (Body::File(f, len), false) => {
            w.write_all(&head)?;
            let copied = std::io::copy(&mut f.take(*len), w)?;
            if copied != *len {
                // The file got shorter while it was sent (a rebuild replaced it): the answer
                // cannot be completed, so the connection is closed for the client to notice.
                return Err(std::io::Error::from(std::io::ErrorKind::UnexpectedEof));
            }
        }
    }
    w.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        416 => "Range Not Satisfiable",
        431 => "Request Header Fields Too Large",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Head {
        read_head(&mut BufReader::new(text.as_bytes())).unwrap()
    }

    #[test]
    fn a_request_head_gives_method_target_headers_and_keep_alive() {
        let Head::Request(p) = head("GET /a?b=1 HTTP/1.1\r\nRange: bytes=0-1\r\nHost: x\r\n\r\n")
        else {
            panic!("a request");
        };
        assert_eq!(
            (p.request.method.as_str(), p.request.url.as_str()),
            ("GET", "/a?b=1")
        );
        assert_eq!(p.request.header("range"), Some("bytes=0-1"));
        assert!(p.keep_alive);
        assert!(matches!(p.body, BodyLength::None));
        let Head::Request(p) = head("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n") else {
            panic!("a request");
        };
        assert!(!p.keep_alive);
        let Head::Request(p) = head("GET / HTTP/1.0\r\n\r\n") else {
            panic!("a request");
        };
        assert!(!p.keep_alive);
        let Head::Request(p) =
            head("\r\nPOST / HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\nabc")
        else {
            panic!("a request");
        };
        assert!(p.keep_alive);
        assert!(matches!(p.body, BodyLength::Known(3)));
    }

    #[test]
    fn a_closed_connection_and_malformed_heads_are_told_apart() {
        assert!(matches!(head(""), Head::Closed));
        for bad in [
            "GET /\r\n\r\n",
            "GET / HTTP/2\r\n\r\n",
            "GET / HTTP/1.1\r\nno colon\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\n",
        ] {
            assert!(matches!(head(bad), Head::Bad(400)), "{bad:?}");
        }
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert!(matches!(head(&huge), Head::Bad(431)));
    }
}
