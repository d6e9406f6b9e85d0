//! `ann web`'s server: the page that shows the trained network think (`crates/page`, compiled
//! to WebAssembly by `scripts/web.sh`), served over HTTP or written as static files. It only
//! hands out a fixed set of files prepared at start (`page`): the page, the WebAssembly, the
//! model's weights and MNIST (`mnist`); `http` keeps hostile or broken clients in bounds.
pub mod asset;
pub mod http;
pub mod mnist;
pub mod page;

use std::path::{Path, PathBuf};

use anyhow::Context;

pub use http::Limits;

/// Something the user can fix: the WebAssembly not built, a busy port.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(
        "the page's WebAssembly is not built (looked in {looked}).\n\
         Build and serve in one go with `scripts/web.sh --artifacts DIR`, or name the folder that \
         wasm-bindgen wrote with --pkg DIR (or ANN_WEB_PKG)"
    )]
    NotBuilt { looked: String },
    #[error("cannot listen on {address}: {reason}. Pass another --port (or stop what uses it)")]
    Address { address: String, reason: String },
}

/// Where the page comes from and what it serves.
pub struct Options {
    /// The run whose model the page shows.
    pub artifacts: PathBuf,
    /// The folder wasm-bindgen wrote (default: see [`page::pkg_candidates`]).
    pub pkg: Option<PathBuf>,
    /// MNIST for training in the page (default: as `ann train` finds it).
    pub data_dir: Option<PathBuf>,
    /// Connections served at once (default: 256, or fewer if the process may open fewer files).
    pub max_connections: Option<usize>,
}

/// Writes the page into `out`, to be published as static files.
pub fn write(options: &Options, out: &Path) -> anyhow::Result<()> {
    let site = page::site(&options.artifacts, options.pkg.as_deref(), options.data_dir.as_deref())?;
    for (name, asset) in &site {
        let path = out.join(name);
        let parent = path.parent().unwrap_or(out);
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        ann_artifacts::write_atomic(&path, &asset.bytes)?;
    }
    println!("wrote the page into {}; serve that folder with any static web server", out.display());
    Ok(())
}

/// Serves the page on `host:port` until interrupted.
pub fn serve(options: &Options, host: &str, port: u16) -> anyhow::Result<()> {
    let site = page::site(&options.artifacts, options.pkg.as_deref(), options.data_dir.as_deref())?;
    let address = format!("{host}:{port}");
    let listener = std::net::TcpListener::bind(&address).map_err(|e| {
        let reason = match e.kind() {
            std::io::ErrorKind::AddrInUse => format!("port {port} is in use"),
            _ => e.to_string(),
        };
        WebError::Address { address: address.clone(), reason }
    })?;
    let mut limits = Limits::default();
    limits.max_connections = options.max_connections.unwrap_or(limits.max_connections).max(1);
    println!(
        "serving {} on http://{address}/ (Ctrl-C stops it; at most {} connections, request heads up to {} KiB)",
        options.artifacts.display(),
        limits.max_connections,
        limits.max_head >> 10
    );
    if !mnist::found(&site) {
        eprintln!("note: no MNIST found for training in the page; start with --data-dir DIR to add it");
    }
    http::serve(site, listener, limits)
}
