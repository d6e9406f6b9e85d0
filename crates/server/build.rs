//! Lists the page's static files (crates/page/www) for `ann web` to serve, so the server holds
//! the page's files without depending on the page's code, and a new module needs no table entry.
//! Every path stays relative to this package: a build folder shared by two checkouts (CI's)
//! must never serve one checkout's files from the other's.

use std::{env, fs, path::Path};

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let www = Path::new(&manifest).join("../page/www");
    println!("cargo:rerun-if-changed=../page/www");
    let mut names: Vec<String> = fs::read_dir(&www)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", www.display()))
        .map(|entry| entry.expect("a readable entry of www").file_name().into_string().expect("an ASCII name"))
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    let mut table = String::from("/// Name, bytes and content type of each file of the page's `www/`.\npub const FILES: &[(&str, &[u8], &str)] = &[\n");
    for name in &names {
        let kind = match name.rsplit('.').next() {
            Some("html") => "text/html; charset=utf-8",
            Some("js") => "text/javascript; charset=utf-8",
            Some("css") => "text/css; charset=utf-8",
            Some("svg") => "image/svg+xml",
            Some("png") => "image/png",
            other => panic!("crates/page/www/{name}: no content type for {other:?}; add one in crates/server/build.rs"),
        };
        println!("cargo:rerun-if-changed=../page/www/{name}");
        table.push_str(&format!(
            "    ({name:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/../page/www/{name}\")), {kind:?}),\n"
        ));
    }
    table.push_str("];\n");
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("www.rs"), table).expect("writing www.rs");
}
