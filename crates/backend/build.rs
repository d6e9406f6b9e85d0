//! With the opt-in `openblas` feature, checks that the system OpenBLAS is there before the
//! half-hour build starts, instead of failing at the final link.
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=OPENBLAS_LIB_DIR");
    println!("cargo:rerun-if-env-changed=LIBRARY_PATH");
    if std::env::var_os("CARGO_FEATURE_OPENBLAS").is_none() {
        return;
    }
    let mut dirs: Vec<PathBuf> = ["OPENBLAS_LIB_DIR", "LIBRARY_PATH"]
        .iter()
        .filter_map(std::env::var_os)
        .flat_map(|v| std::env::split_paths(&v).collect::<Vec<_>>())
        .collect();
    for root in ["/usr/lib", "/usr/lib64", "/usr/local/lib", "/lib", "/opt/homebrew/opt/openblas/lib", "/usr/local/opt/openblas/lib"] {
        dirs.push(root.into());
        // Debian's multiarch folders (/usr/lib/x86_64-linux-gnu) and their openblas-* variants.
        if let Ok(entries) = std::fs::read_dir(root) {
            dirs.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()));
        }
    }
    let found = dirs.iter().any(|dir| has_openblas(dir));
    if !found {
        eprintln!(
            "\nerror: the `openblas` feature links the system OpenBLAS, and it is not installed.\n\
             Install it and build again:\n  Debian/Ubuntu: sudo apt-get install libopenblas-dev\n  \
             macOS:         brew install openblas\n\
             or build without the feature (the default): cargo build --release\n\
             (If it is installed somewhere unusual, set OPENBLAS_LIB_DIR to its folder.)\n"
        );
        std::process::exit(1);
    }
}

fn has_openblas(dir: &Path) -> bool {
    ["libopenblas.so", "libopenblas.a", "libopenblas.dylib"].iter().any(|name| dir.join(name).exists())
}
