//! `ann web` against hostile and broken clients: oversized heads, slow clients, more clients
//! than file descriptors, large bodies. In each case the server's resident memory stays
//! bounded, nothing panics, and it keeps serving. Also: gzip, ETag revalidation, MNIST.
mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{free_port, placeholder_pkg, stderr, trained};

/// The most resident memory an attack may add to the server.
const MAX_GROWTH_KB: u64 = 16 << 10;

/// `ann web` under `sh -c` (so that a `ulimit` can go first); returns once it answers.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(tmp: &Path, run: &Path, ulimit_files: Option<u32>) -> Self {
        Self::start_with(tmp, run, ulimit_files, "")
    }

    fn start_with(tmp: &Path, run: &Path, ulimit_files: Option<u32>, extra: &str) -> Self {
        let port = free_port();
        let pkg = placeholder_pkg(tmp);
        let limit = ulimit_files.map_or(String::new(), |n| format!("ulimit -n {n} && "));
        let script = format!("{limit}exec \"$0\" web --artifacts \"$1\" --port {port} --pkg \"$2\" {extra}");
        let mut child = Command::new("sh")
            .args(["-c", &script, env!("CARGO_BIN_EXE_ann"), run.to_str().unwrap(), pkg.to_str().unwrap()])
            .current_dir(common::root())
            .env("MNIST_DIR", common::mnist_dir())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        common::wait_until_listening(&mut child, port);
        Self { child, port }
    }

    fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// The answer's status line and headers, and its body.
    fn request(&self, request: &[u8]) -> (String, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let _ = stream.write_all(request);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let split = answer.windows(4).position(|w| w == b"\r\n\r\n").map_or(answer.len(), |p| p + 4);
        (String::from_utf8_lossy(&answer[..split]).into_owned(), answer[split..].to_vec())
    }

    fn status(&self, request: &[u8]) -> u16 {
        let (head, _) = self.request(request);
        head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
    }

    fn get(&self, path: &str) -> u16 {
        self.status(&get(path, ""))
    }

    /// Panics unless the server still runs and answers `GET /` with 200.
    fn assert_serving(&mut self, after: &str) {
        assert!(self.alive(), "the server died after {after}");
        assert_eq!(self.get("/"), 200, "no answer after {after}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        assert!(!err.contains("panicked"), "the server panicked: {err}");
    }
}

fn get(path: &str, extra_headers: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: x\r\n{extra_headers}Connection: close\r\n\r\n").into_bytes()
}

/// Writes up to `bytes` of `chunk`s; returns how many the server took before it hung up.
fn flood(port: u16, start: &[u8], chunk: &[u8], bytes: usize) -> (usize, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_write_timeout(Some(Duration::from_secs(20))).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut sent = stream.write(start).unwrap_or(0);
    while sent < bytes {
        match stream.write(chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => sent += n,
        }
    }
    let _ = stream.shutdown(Shutdown::Write);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    (sent, answer)
}

fn status_of(answer: &[u8]) -> u16 {
    String::from_utf8_lossy(answer).split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn oversized_heads_are_refused_and_memory_stays_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let run = trained(tmp.path());
    let mut server = Server::start(tmp.path(), &run, None);
    server.assert_serving("start");
    let before = server.rss_kb();

    // A 300 MB request line with no newline: refused within the first kilobytes.
    let (sent, answer) = flood(server.port, b"GET /", &[b'a'; 64 << 10], 300 << 20);
    assert!(sent < 300 << 20, "the server read all 300 MB of a request line");
    let code = status_of(&answer);
    assert!(code == 431 || code == 414 || code == 400 || answer.is_empty(), "a huge request line got {code}");
    server.assert_serving("a 300 MB request line");

    // 10,000 header lines.
    let mut many = b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec();
    for i in 0..10_000 {
        many.extend(format!("X-Field-{i}: {i}\r\n").bytes());
    }
    many.extend(b"\r\n");
    let (_, answer) = flood(server.port, &many, b"", 0);
    assert_eq!(status_of(&answer), 431, "10,000 header lines");
    // 101 short fields (within the byte limit): more than the server parses.
    let fields: String = (0..101).map(|i| format!("X{i}: y\r\n")).collect();
    assert_eq!(server.status(&get("/", &fields)), 431, "101 header fields");
    // 99 of them are fine.
    let fields: String = (0..97).map(|i| format!("X{i}: y\r\n")).collect();
    assert_eq!(server.status(&get("/", &fields)), 200, "97 header fields");

    // A 50 MB POST: 405 without reading the body.
    let post = format!("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n", 50 << 20);
    let (_, answer) = flood(server.port, post.as_bytes(), &[b'x'; 64 << 10], 50 << 20);
    assert!(answer.is_empty() || status_of(&answer) == 405, "a 50 MB POST got {}", status_of(&answer));
    server.assert_serving("a 50 MB POST");

    let growth = server.rss_kb().saturating_sub(before);
    assert!(growth < MAX_GROWTH_KB, "resident memory grew by {growth} KB");
}

#[test]
fn slow_clients_do_not_block_others_and_are_cut_off() {
    let tmp = tempfile::tempdir().unwrap();
    let run = trained(tmp.path());
    let mut server = Server::start(tmp.path(), &run, None);
    let before = server.rss_kb();
    let port = server.port;
    // 120 clients that send one byte of their head a second.
    let slow: Vec<TcpStream> = (0..120)
        .map(|_| {
            let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
            s
        })
        .collect();
    let trickle = std::thread::spawn(move || {
        let started = Instant::now();
        let head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        for byte in head.iter().take(12) {
            for mut s in &slow {
                let _ = s.write_all(&[*byte]);
            }
            std::thread::sleep(Duration::from_secs(1));
        }
        // By now the head timeout has cut them: each reads its end (an answer or nothing).
        let cut = slow
            .iter()
            .filter(|s| {
                let mut stream: &TcpStream = s;
                let mut rest = Vec::new();
                // Closed (an answer and EOF, or a reset), not still waiting at the read timeout.
                match stream.read_to_end(&mut rest) {
                    Ok(_) => true,
                    Err(e) => !matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut),
                }
            })
            .count();
        (cut, started.elapsed())
    });
    std::thread::sleep(Duration::from_secs(2));
    for _ in 0..20 {
        assert_eq!(server.get("/network.json"), 200, "a GET while 120 clients trickle");
    }
    let (cut, _) = trickle.join().unwrap();
    assert_eq!(cut, 120, "slow clients were left open past the head timeout");
    server.assert_serving("120 slow clients");
    let growth = server.rss_kb().saturating_sub(before);
    assert!(growth < MAX_GROWTH_KB, "resident memory grew by {growth} KB");
}

/// 100 idle connections against `ulimit -n 64`, then served again once they close.
fn survives_descriptor_exhaustion(server: &mut Server) {
    let before = server.rss_kb();
    let idle: Vec<TcpStream> = (0..100).map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap()).collect();
    std::thread::sleep(Duration::from_secs(1));
    assert!(server.alive(), "the server died with 100 idle connections under ulimit -n 64");
    drop(idle);
    // Served again once the connections are gone (queued ones are taken and closed first).
    for _ in 0..50 {
        let deadline = Instant::now() + Duration::from_secs(30);
        while server.get("/app.js") != 200 {
            assert!(Instant::now() < deadline, "the server did not serve again after the idle connections closed");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    server.assert_serving("file-descriptor exhaustion");
    let growth = server.rss_kb().saturating_sub(before);
    assert!(growth < MAX_GROWTH_KB, "resident memory grew by {growth} KB");
}

#[test]
fn more_clients_than_file_descriptors_do_not_end_the_server() {
    let tmp = tempfile::tempdir().unwrap();
    let run = trained(tmp.path());
    // The default cap stays below the descriptor limit: the rest wait in the kernel's queue.
    survives_descriptor_exhaustion(&mut Server::start(tmp.path(), &run, Some(64)));
    // A cap above it: accept runs out of descriptors (EMFILE), waits, and recovers.
    let mut server = Server::start_with(tmp.path(), &run, Some(64), "--max-connections 500");
    survives_descriptor_exhaustion(&mut server);
    server.child.kill().unwrap();
    let mut err = String::new();
    server.child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(err.matches("cannot accept a connection").count(), 1, "EMFILE is reported once a minute at most: {err}");
}

#[test]
fn files_come_gzip_compressed_and_revalidate_with_etags() {
    let tmp = tempfile::tempdir().unwrap();
    let run = trained(tmp.path());
    let server = Server::start(tmp.path(), &run, None);
    let (plain_head, plain) = server.request(&get("/ann_page.js", ""));
    assert!(plain_head.starts_with("HTTP/1.1 200"), "{plain_head}");
    assert!(!plain_head.to_ascii_lowercase().contains("content-encoding"), "{plain_head}");
    let (head, body) = server.request(&get("/ann_page.js", "Accept-Encoding: br, gzip\r\n"));
    let lower = head.to_ascii_lowercase();
    assert!(lower.contains("content-encoding: gzip"), "{head}");
    assert!(body.len() < plain.len() / 4, "gzip body {} vs {}", body.len(), plain.len());
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&body[..]).read_to_end(&mut unzipped).unwrap();
    assert_eq!(unzipped, plain);
    // The weights come compressed too, and say so only when asked.
    let (head, _) = server.request(&get("/weights.bin", "Accept-Encoding: gzip\r\n"));
    assert!(head.to_ascii_lowercase().contains("content-encoding: gzip"), "{head}");

    let etag = lower.lines().find_map(|l| l.strip_prefix("etag: ")).expect("an ETag").trim().to_string();
    let (again, body) = server.request(&get("/ann_page.js", &format!("If-None-Match: {etag}\r\n")));
    assert!(again.starts_with("HTTP/1.1 304"), "{again}");
    assert!(body.is_empty());
    assert_eq!(server.status(&get("/ann_page.js", "If-None-Match: \"other\"\r\n")), 200);
    assert!(lower.contains("cache-control: no-cache"), "{head}");
}

#[test]
fn mnist_is_served_for_training_in_the_page_or_the_page_says_where_it_looked() {
    let tmp = tempfile::tempdir().unwrap();
    let run = trained(tmp.path());
    let server = Server::start(tmp.path(), &run, None);
    let (_, index) = server.request(&get("/data/index.json", ""));
    let index: serde_json::Value = serde_json::from_slice(&index).unwrap();
    assert_eq!(index["found"], true, "{index}");
    let (head, images) = server.request(&get("/data/t10k-images-idx3-ubyte.gz", "Accept-Encoding: gzip\r\n"));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(!head.to_ascii_lowercase().contains("content-encoding"), "a .gz file is sent as it is: {head}");
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(&images[..]).read_to_end(&mut raw).unwrap();
    assert_eq!(raw.len(), 16 + 10_000 * 784);
    drop(server);

    // Without data the page still comes, and index.json names the folder it looked in.
    let site = tmp.path().join("site");
    let out = Command::new(env!("CARGO_BIN_EXE_ann"))
        .args(["web", "--artifacts", run.to_str().unwrap(), "--out", site.to_str().unwrap()])
        .args(["--pkg", placeholder_pkg(tmp.path()).to_str().unwrap(), "--data-dir", tmp.path().join("no-mnist").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let index: serde_json::Value = serde_json::from_slice(&std::fs::read(site.join("data/index.json")).unwrap()).unwrap();
    assert_eq!(index["found"], false);
    assert!(index["looked"][0].as_str().unwrap().ends_with("no-mnist"), "{index}");
    // Every file of the page's www/, as it is in the source tree: a new module needs no list.
    let www = common::root().join("crates/page/www");
    for entry in std::fs::read_dir(&www).unwrap() {
        let name = entry.unwrap().file_name();
        let served = std::fs::read(site.join(&name)).unwrap_or_else(|e| panic!("{name:?} was not written: {e}"));
        assert_eq!(served, std::fs::read(www.join(&name)).unwrap(), "{name:?} differs from the source");
    }
}

/// The page's training controls start from `configs/plain.toml`: the server hands it out as
/// `recipe.json`, and the page has no defaults of its own.
#[test]
fn the_training_defaults_are_plains_recipe_as_json() {
    let tmp = tempfile::tempdir().unwrap();
    let run = trained(tmp.path());
    let server = Server::start(tmp.path(), &run, None);
    let (head, body) = server.request(&get("/recipe.json", ""));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.to_ascii_lowercase().contains("content-type: application/json"), "{head}");
    let recipe: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let plain = ann_artifacts::Config::load(&common::root().join("configs/plain.toml")).unwrap();
    assert_eq!(serde_json::from_value::<ann_artifacts::Config>(recipe.clone()).unwrap(), plain);
    // What the page reads, by the names it reads them.
    assert_eq!(recipe["model"]["layers"], serde_json::json!([784, 300, 100, 10]));
    assert_eq!(recipe["model"]["activation"], "relu");
    assert_eq!(recipe["data"]["valid_fraction"], 0.05);
    let training = &recipe["training"];
    let expected = serde_json::json!({"epochs": 30, "batch_size": 100, "learning_rate": 0.05, "final_learning_rate": 0.0,
        "momentum": 0.9, "lambda": 0.0005, "seed": 42});
    assert_eq!(training, &expected);
}

#[test]
fn an_installed_ann_finds_the_page_beside_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let run = trained(tmp.path());
    // `ann` copied elsewhere, with the built page in `ann-page-pkg` beside it.
    let bin = tmp.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_ann"), bin.join("ann")).unwrap();
    let pkg = placeholder_pkg(tmp.path());
    std::fs::rename(&pkg, bin.join("ann-page-pkg")).unwrap();
    let site = tmp.path().join("site");
    let out = Command::new(bin.join("ann"))
        .args(["web", "--artifacts", run.to_str().unwrap(), "--out", site.to_str().unwrap()])
        .env_remove("ANN_WEB_PKG")
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(site.join("ann_page_bg.wasm")).unwrap(), b"\0asm\x01\0\0\0");
}

#[test]
fn ctrl_c_and_sigterm_end_the_server_with_130() {
    let tmp = tempfile::tempdir().unwrap();
    let run = trained(tmp.path());
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let mut server = Server::start(tmp.path(), &run, None);
        // With a client connected and one request half sent.
        let mut client = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        client.write_all(b"GET / HT").unwrap();
        unsafe { libc::kill(server.child.id() as libc::pid_t, signal) };
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "the server did not end on signal {signal}");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(status.code(), Some(130), "signal {signal}");
    }
}
