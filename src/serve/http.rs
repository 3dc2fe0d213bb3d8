//! Answers one HTTP request of `serve`: a file of the built site, or the live-reload poll.

use super::BuildCounter;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;
use tiny_http::{Header, Request, Response};

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
        Some(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let _ = request.respond(with_type(Response::from_data(bytes), content_type(&file)));
            }
            Err(_) => not_found(request, output),
        },
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

fn with_type<R: std::io::Read>(r: Response<R>, t: &str) -> Response<R> {
    match Header::from_bytes("Content-Type", t.as_bytes()) {
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
}
