//! `ann web`: the page that shows the trained network think, served on 127.0.0.1 or written as
//! static files. The page's computing is `crates/web` compiled to WebAssembly (built by
//! `scripts/web.sh`); this side only hands out a fixed set of files: the page, the WebAssembly,
//! and the model's weights. The model file itself is never changed.
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::{Backend, artifacts};

/// The page, compiled into `ann`.
const PAGE: [(&str, &str, &str); 3] = [
    ("index.html", include_str!("../../web/www/index.html"), "text/html; charset=utf-8"),
    ("app.js", include_str!("../../web/www/app.js"), "text/javascript; charset=utf-8"),
    ("style.css", include_str!("../../web/www/style.css"), "text/css; charset=utf-8"),
];
/// What `wasm-bindgen --target web` writes for `ann-web`.
const PKG: [(&str, &str); 2] = [("ann_web.js", "text/javascript; charset=utf-8"), ("ann_web_bg.wasm", "application/wasm")];

/// Something the user can fix: the WebAssembly not built, a busy port.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(
        "the page's WebAssembly is not built ({path} has no {file}).\n\
         Build and serve in one go with `scripts/web.sh --artifacts DIR`, or set ANN_WEB_PKG to the \
         folder that wasm-bindgen wrote"
    )]
    NotBuilt { path: PathBuf, file: &'static str },
    #[error("cannot listen on {address}: {reason}. Pass another --port (or stop what uses it)")]
    Address { address: String, reason: String },
}

/// Where `scripts/web.sh` puts wasm-bindgen's output, unless `ANN_WEB_PKG` says otherwise.
pub fn pkg_dir() -> PathBuf {
    std::env::var_os("ANN_WEB_PKG")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/pkg"))
}

/// Every file of the page for the model in `dir`: path → (bytes, content type).
pub fn files(dir: &Path) -> anyhow::Result<HashMap<String, (Vec<u8>, &'static str)>> {
    let (config, _, model) = artifacts::open_run(dir, Backend::Flex)?;
    let mut weights = Vec::new();
    for layer in model.layers() {
        let bias = layer.bias.as_ref().expect("the slides' layers all have biases").val();
        for tensor in [layer.weight.val().into_data(), bias.into_data()] {
            let values = tensor.convert::<f32>().try_into_vec::<f32>().expect("f32 parameters");
            weights.extend(values.iter().flat_map(|v| v.to_le_bytes()));
        }
    }
    let description = serde_json::json!({
        "name": dir.file_name().map(|n| n.to_string_lossy().into_owned()),
        "layers": config.model.layers,
        "activation": config.model.activation.name(),
        "loss": config.model.loss.name(),
        "lambda": config.training.lambda,
        "learning_rate": config.training.learning_rate,
    });
    let mut files: HashMap<String, (Vec<u8>, &'static str)> = HashMap::new();
    for (name, text, kind) in PAGE {
        files.insert(name.into(), (text.as_bytes().to_vec(), kind));
    }
    let pkg = pkg_dir();
    for (name, kind) in PKG {
        let bytes = std::fs::read(pkg.join(name)).map_err(|_| WebError::NotBuilt { path: pkg.clone(), file: name })?;
        files.insert(name.into(), (bytes, kind));
    }
    files.insert("weights.bin".into(), (weights, "application/octet-stream"));
    files.insert("network.json".into(), (description.to_string().into_bytes(), "application/json"));
    Ok(files)
}

/// Writes the page into `out`, to be published as static files.
pub fn write(dir: &Path, out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    for (name, (bytes, _)) in files(dir)? {
        artifacts::write_atomic(&out.join(&name), &bytes)?;
    }
    println!("wrote the page into {}; serve that folder with any static web server", out.display());
    Ok(())
}

/// Serves the page until interrupted. Only the page's own files exist; anything else is a 4xx.
pub fn serve(dir: &Path, host: &str, port: u16) -> anyhow::Result<()> {
    let files = files(dir)?;
    let address = format!("{host}:{port}");
    let server = tiny_http::Server::http(&address).map_err(|e| {
        let reason = if e.to_string().contains("in use") { format!("port {port} is in use") } else { e.to_string() };
        WebError::Address { address: address.clone(), reason }
    })?;
    println!("serving {} on http://{address}/ (Ctrl-C stops it)", dir.display());
    for request in server.incoming_requests() {
        let response = answer(&files, request.method(), request.url());
        // A client that went away is its own business: keep serving the others.
        let _ = request.respond(response);
    }
    Ok(())
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn answer(files: &HashMap<String, (Vec<u8>, &'static str)>, method: &tiny_http::Method, url: &str) -> Response {
    use tiny_http::{Header, Method, Response};
    let text = |status: u16, message: &str| Response::from_string(message).with_status_code(status);
    if !matches!(method, Method::Get | Method::Head) {
        return text(405, "405 method not allowed: this server only hands out the page (GET)")
            .with_header(Header::from_bytes("Allow", "GET, HEAD").expect("a valid header"));
    }
    if url.len() > 2048 {
        return text(414, "414 URI too long");
    }
    let path = url.split(['?', '#']).next().unwrap_or("/").trim_start_matches('/');
    let name = if path.is_empty() { "index.html" } else { path };
    match files.get(name) {
        Some((bytes, kind)) => Response::from_data(bytes.clone())
            .with_header(Header::from_bytes("Content-Type", *kind).expect("a valid header"))
            .with_header(Header::from_bytes("Cache-Control", "no-store").expect("a valid header")),
        None => text(404, "404 not found"),
    }
}
