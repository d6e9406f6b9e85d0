//! The page's own files, compiled into `ann` for `ann web` to serve beside the WebAssembly
//! that `scripts/web.sh` builds from this crate.

/// Name, text and content type of each file of `www/`.
pub const FILES: [(&str, &str, &str); 10] = [
    ("index.html", include_str!("../www/index.html"), "text/html; charset=utf-8"),
    ("app.js", include_str!("../www/app.js"), "text/javascript; charset=utf-8"),
    ("train-worker.js", include_str!("../www/train-worker.js"), "text/javascript; charset=utf-8"),
    ("style.css", include_str!("../www/style.css"), "text/css; charset=utf-8"),
    ("slides.html", include_str!("../www/slides.html"), "text/html; charset=utf-8"),
    ("slides.js", include_str!("../www/slides.js"), "text/javascript; charset=utf-8"),
    ("slides-common.js", include_str!("../www/slides-common.js"), "text/javascript; charset=utf-8"),
    ("slides-exercise.js", include_str!("../www/slides-exercise.js"), "text/javascript; charset=utf-8"),
    ("slides-plane.js", include_str!("../www/slides-plane.js"), "text/javascript; charset=utf-8"),
    ("slides.css", include_str!("../www/slides.css"), "text/css; charset=utf-8"),
];
