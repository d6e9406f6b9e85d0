//! HTTP/1.1 on hyper, hardened for a room full of clients: a bounded request head, a time
//! limit on reading it, a deadline per connection, a cap on open connections, and accept
//! errors (EMFILE: out of file descriptors) waited out instead of ending the server.
use std::convert::Infallible;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::Semaphore;

use crate::asset::Site;

/// What one client may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Request line plus headers, in bytes; beyond it, 431.
    pub max_head: usize,
    /// Header fields per request; beyond it, 431.
    pub max_headers: usize,
    /// Time to send a whole request head (also an idle keep-alive connection's limit).
    pub head_timeout: Duration,
    /// Time a connection may stay open at all, however busy.
    pub connection_deadline: Duration,
    /// Connections served at once; more wait in the kernel's queue.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_head: 8 << 10,
            max_headers: 100,
            head_timeout: Duration::from_secs(5),
            connection_deadline: Duration::from_secs(120),
            max_connections: connection_cap(),
        }
    }
}

/// 256 connections, or fewer when the process may open fewer files: the cap is reached before
/// the descriptors run out, so accept seldom fails at all (and survives when it does).
fn connection_cap() -> usize {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    let soft = match unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } {
        0 => limit.rlim_cur as usize,
        _ => 1024,
    };
    // Descriptors for the runtime, the listener, stdio and the page's files.
    soft.saturating_sub(24).clamp(4, 256)
}

/// How often an accept error that persists is reported.
const WARN_EVERY: Duration = Duration::from_secs(60);

/// Serves `site` on `listener` until the process ends (Ctrl-C ends it; see `ann-train`'s
/// signals, installed by the binary).
pub fn serve(site: Site, listener: TcpListener, limits: Limits) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_io().enable_time().build()?;
    runtime.block_on(accept_loop(Arc::new(site), listener, limits))
}

async fn accept_loop(site: Arc<Site>, listener: TcpListener, limits: Limits) -> anyhow::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let mut last_warning: Option<tokio::time::Instant> = None;
    loop {
        let permit = permits.clone().acquire_owned().await.expect("the semaphore is never closed");
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of descriptors, or a connection reset before it was taken: say so (at
                // most once a minute), give the open connections time to close, keep serving.
                if last_warning.is_none_or(|t| t.elapsed() > WARN_EVERY) {
                    eprintln!("warning: cannot accept a connection ({e}); waiting for connections to close, then serving again");
                    last_warning = Some(tokio::time::Instant::now());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let site = site.clone();
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(limits.head_timeout)
                .max_headers(limits.max_headers)
                .max_header_size(limits.max_head)
                .max_buf_size((limits.max_head * 2).max(8192));
            let service = hyper::service::service_fn(move |request| {
                let site = site.clone();
                async move { Ok::<_, Infallible>(answer(&site, &request)) }
            });
            let connection = http.serve_connection(TokioIo::new(stream), service);
            // A client that errs or goes away is its own business; the deadline ends even
            // one that reads its answers a byte at a time.
            let _ = tokio::time::timeout(limits.connection_deadline, connection).await;
            drop(permit);
        });
    }
}

/// The answer to one request; only the site's files exist.
pub fn answer(site: &Site, request: &Request<Incoming>) -> Response<Full<Bytes>> {
    respond(site, request.method(), request.uri().path(), request.headers())
}

fn respond(site: &Site, method: &Method, path: &str, headers: &header::HeaderMap) -> Response<Full<Bytes>> {
    if method != Method::GET && method != Method::HEAD {
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "405 method not allowed: this server only hands out the page (GET)");
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        // The body (if any) is never read: close rather than drain it.
        response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        return response;
    }
    if path.len() > 2048 {
        return text(StatusCode::URI_TOO_LONG, "414 URI too long");
    }
    let name = match path.trim_start_matches('/') {
        "" => "index.html",
        name => name,
    };
    let Some(asset) = site.get(name) else {
        return text(StatusCode::NOT_FOUND, "404 not found");
    };
    let mut response = Response::builder()
        .header(header::CONTENT_TYPE, asset.kind)
        .header(header::ETAG, asset.etag.as_str())
        // Revalidate on every load: a rebuilt page or a retrained model shows at once, and an
        // unchanged file costs a 304.
        .header(header::CACHE_CONTROL, "no-cache")
        .header(header::VARY, "accept-encoding");
    let unchanged = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|tags| {
        tags.split(',').any(|tag| tag.trim() == asset.etag || tag.trim() == "*")
    });
    if unchanged {
        return response.status(StatusCode::NOT_MODIFIED).body(Full::new(Bytes::new())).expect("a valid response");
    }
    let accepts_gzip = headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).any(accepts_gzip);
    // hyper leaves the body out of a HEAD answer itself, keeping its length.
    let body = match (&asset.gzip, accepts_gzip) {
        (Some(gzip), true) => {
            response = response.header(header::CONTENT_ENCODING, "gzip");
            gzip.clone()
        }
        _ => asset.bytes.clone(),
    };
    response.body(Full::new(body)).expect("a valid response")
}

/// Whether an `Accept-Encoding` value takes gzip: named (or `*`) with a weight above 0
/// (`gzip;q=0.5` yes, `gzip;q=0` no).
fn accepts_gzip(value: &str) -> bool {
    value.split(',').any(|coding| {
        let mut parts = coding.split(';').map(str::trim);
        let name = parts.next().unwrap_or("");
        let weight = parts.find_map(|p| p.strip_prefix("q=")).map_or(Some(1.0), |q| q.parse::<f32>().ok());
        (name.eq_ignore_ascii_case("gzip") || name == "*") && weight.is_some_and(|q| q > 0.0)
    })
}

fn text(status: StatusCode, message: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(message.as_bytes())));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn gzip_is_taken_when_named_or_starred_with_a_weight_above_zero() {
        for yes in ["gzip", "br, gzip", "GZIP", "gzip;q=0.5", "deflate, gzip ; q=1", "*"] {
            assert!(super::accepts_gzip(yes), "{yes}");
        }
        for no in ["", "br", "gzip;q=0", "gzip; q=0.0", "x-gzip2", "gzip;q=bad"] {
            assert!(!super::accepts_gzip(no), "{no}");
        }
    }
}
