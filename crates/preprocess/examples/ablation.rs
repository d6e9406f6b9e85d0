//! Each preprocessing step on and off, on the tuning set and on the held-out sets, read by a
//! trained model: the README's ablation table. Needs a model exported by
//! `ann export --format safetensors` (ANN_MODEL) and the held-out sets made by
//! `scripts/heldout_digits.py` (ANN_HELDOUT: a folder with `mnist/` and `sklearn/`, each with
//! its `labels.tsv`). A measurement, not a test: it prints the table and asserts nothing
//! (`crates/cli/tests/own_digits.rs` asserts the chosen preprocessing's figures).
//!
//! ```sh
//! ANN_MODEL=model.safetensors ANN_HELDOUT=/tmp/heldout MNIST_DIR=... \
//!     cargo run --release -p ann-preprocess --example ablation
//! ```
#[path = "../tests/user_style/mod.rs"]
mod user_style;

use std::io::Read;
use std::path::{Path, PathBuf};

use ann_preprocess::{MNIST_PEN, Options, PIXELS, Rgba, SIDE, to_mnist_with};

/// The 784-300-100-10 network (ReLU, softmax) from a safetensors file in PyTorch's layout.
struct Mlp {
    layers: Vec<(Vec<f32>, Vec<f32>, usize, usize)>,
}

impl Mlp {
    fn load(path: &Path) -> Mlp {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
        let header = std::str::from_utf8(&bytes[8..8 + n]).unwrap();
        let data = &bytes[8 + n..];
        let tensor = |name: &str| -> (Vec<f32>, Vec<usize>) {
            let start = header.find(&format!("\"{name}\"")).unwrap_or_else(|| panic!("{name} not in {}", path.display()));
            let entry = &header[start..start + header[start..].find('}').unwrap()];
            assert!(entry.contains("F32"), "{name} is not f32: {entry}");
            let numbers = |key: &str| -> Vec<usize> {
                let at = entry.find(key).unwrap() + key.len();
                let open = at + entry[at..].find('[').unwrap() + 1;
                let close = open + entry[open..].find(']').unwrap();
                entry[open..close].split(',').map(|v| v.trim().parse().unwrap()).collect()
            };
            let (shape, offsets) = (numbers("\"shape\""), numbers("\"data_offsets\""));
            let values = data[offsets[0]..offsets[1]].chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect();
            (values, shape)
        };
        let layers = (1..=3)
            .map(|l| {
                let (w, shape) = tensor(&format!("fc{l}.weight"));
                let (b, _) = tensor(&format!("fc{l}.bias"));
                (w, b, shape[0], shape[1])
            })
            .collect();
        Mlp { layers }
    }

    fn digit(&self, x: &[f32; PIXELS]) -> usize {
        let mut a: Vec<f32> = x.to_vec();
        for (l, (w, b, out, input)) in self.layers.iter().enumerate() {
            let mut next: Vec<f32> = (0..*out).map(|o| b[o] + (0..*input).map(|i| w[o * input + i] * a[i]).sum::<f32>()).collect();
            if l < 2 {
                next.iter_mut().for_each(|v| *v = v.max(0.0));
            }
            a = next;
        }
        (0..10).max_by(|&i, &j| a[i].total_cmp(&a[j])).unwrap()
    }
}

fn mnist_test() -> (Vec<[u8; PIXELS]>, Vec<u8>) {
    let dir = PathBuf::from(std::env::var_os("MNIST_DIR").expect("set MNIST_DIR"));
    let read = |name: &str| -> Vec<u8> {
        let mut bytes = Vec::new();
        if let Ok(f) = std::fs::File::open(dir.join(name)) {
            std::io::BufReader::new(f).read_to_end(&mut bytes).unwrap();
        } else {
            let f = std::fs::File::open(dir.join(format!("{name}.gz"))).unwrap_or_else(|e| panic!("{name} in {}: {e}", dir.display()));
            flate2::read::GzDecoder::new(f).read_to_end(&mut bytes).unwrap();
        }
        bytes
    };
    let images = read("t10k-images-idx3-ubyte")[16..].chunks_exact(PIXELS).map(|c| c.try_into().unwrap()).collect();
    let labels = read("t10k-labels-idx1-ubyte")[8..].to_vec();
    (images, labels)
}

/// One picture: its pixels, true digit and group (stroke change).
type Picture = (usize, usize, Vec<f32>, u8, String);

fn heldout(dir: &Path) -> Vec<(PathBuf, u8, String)> {
    let labels = std::fs::read_to_string(dir.join("labels.tsv")).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    labels
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (dir.join(f[0]), f[1].parse().unwrap(), f[2].to_string())
        })
        .collect()
}

fn variants() -> Vec<(String, Options)> {
    let chosen = Options::default();
    let plain = Options::PLAIN;
    let ink = Some(ann_preprocess::MNIST_EDGE);
    let mut v = vec![("plain (crop, scale, centre)".to_string(), plain), ("default (lighting, rules, pen)".to_string(), chosen)];
    v.push(("default − even lighting".into(), Options { even_lighting: false, ..chosen }));
    v.push(("default − rules removed".into(), Options { remove_rules: false, ..chosen }));
    v.push(("default − pen width".into(), Options { pen_band: None, ..chosen }));
    v.push(("default + ink profile".into(), Options { ink_profile: ink, ..chosen }));
    v.push(("plain + even lighting".into(), Options { even_lighting: true, ..plain }));
    v.push(("plain + rules removed".into(), Options { remove_rules: true, ..plain }));
    v.push(("plain + pen width".into(), Options { pen_band: Some(MNIST_PEN), ..plain }));
    v.push(("plain + ink profile".into(), Options { ink_profile: ink, ..plain }));
    let all = chosen;
    // Extra pen bands to try, "lo,hi;lo,hi" (tuning only).
    if let Ok(bands) = std::env::var("ANN_BANDS") {
        for band in bands.split(';').filter(|b| !b.is_empty()) {
            let (lo, hi) = band.split_once(',').unwrap();
            let (lo, hi): (f32, f32) = (lo.parse().unwrap(), hi.parse().unwrap());
            v.push((format!("all, pen band {lo}-{hi}"), Options { pen_band: Some((lo, hi)), ..all }));
        }
    }
    // Extra combinations to try, e.g. "LP,LPI": L even lighting, R rules, P pen width, I ink.
    if let Ok(combos) = std::env::var("ANN_COMBOS") {
        for combo in combos.split(',').filter(|c| !c.is_empty()) {
            let options = Options {
                even_lighting: combo.contains('L'),
                remove_rules: combo.contains('R'),
                pen_band: combo.contains('P').then_some(MNIST_PEN),
                ink_profile: combo.contains('I').then_some(ann_preprocess::MNIST_EDGE),
            };
            v.push((format!("only {combo}"), options));
        }
    }
    if std::env::var_os("ANN_COMBOS_ONLY").is_some() {
        v.retain(|(name, _)| name.starts_with("only") || name.starts_with("all,") || name.starts_with("plain (") || name.starts_with("default ("));
    }
    if let Ok(ramps) = std::env::var("ANN_RAMPS") {
        for ramp in ramps.split(',').filter(|b| !b.is_empty()) {
            v.push((format!("all, edge ramp {ramp}"), Options { ink_profile: Some(ramp.parse().unwrap()), ..all }));
        }
    }
    v
}

/// Right answers per variant and group, over every picture `pictures` yields.
fn score(model: &Mlp, variants: &[(String, Options)], pictures: impl Iterator<Item = Picture>) -> (Vec<Vec<(String, usize, usize)>>, usize) {
    let mut table: Vec<Vec<(String, usize, usize)>> = vec![Vec::new(); variants.len()];
    let mut n = 0;
    for (w, h, data, label, group) in pictures {
        n += 1;
        for (k, (_, options)) in variants.iter().enumerate() {
            let right = match to_mnist_with(&Rgba { width: w, height: h, data: &data }, options) {
                Ok(x) => model.digit(&x) == label as usize,
                Err(_) => false,
            };
            for g in ["all", group.as_str()] {
                match table[k].iter_mut().find(|(name, _, _)| name == g) {
                    Some(entry) => {
                        entry.1 += right as usize;
                        entry.2 += 1;
                    }
                    None => table[k].push((g.to_string(), right as usize, 1)),
                }
            }
        }
    }
    (table, n)
}

fn print(title: &str, variants: &[(String, Options)], table: &[Vec<(String, usize, usize)>]) {
    eprintln!("\n{title}");
    for ((name, _), groups) in variants.iter().zip(table) {
        let cells: Vec<String> = groups.iter().map(|(g, right, n)| format!("{g} {:.2}% ({}/{})", 100.0 * *right as f64 / *n as f64, right, n)).collect();
        eprintln!("  {name:32} {}", cells.join("  "));
    }
}

fn main() {
    let model = Mlp::load(Path::new(&std::env::var_os("ANN_MODEL").expect("set ANN_MODEL")));
    let variants = variants();
    let (images, labels) = mnist_test();
    let n: usize = std::env::var("ANN_TUNING").ok().map(|v| v.parse().unwrap()).unwrap_or(1000);
    let tuning = (0..n).map(|i| {
        let (bytes, _) = user_style::user_style(&images[i], i);
        let (w, h, data) = user_style::decode_rgba_f32(&bytes);
        let group = ["thick", "thin", "unchanged"][i % 3].to_string();
        (w, h, data, labels[i], group)
    });
    let (table, _) = score(&model, &variants, tuning);
    print("tuning set (crates/preprocess/tests/user_style, test digits 0..n)", &variants, &table);
    let originals = (0..n).map(|i| {
        let data: Vec<f32> = images[i].iter().flat_map(|&v| [v as f32 / 255.0, v as f32 / 255.0, v as f32 / 255.0, 1.0]).collect();
        (SIDE, SIDE, data, labels[i], "mnist".to_string())
    });
    let (table, _) = score(&model, &variants, originals);
    print("MNIST's own 28×28 test digits through the preprocessing", &variants, &table);
    if std::env::var_os("ANN_TUNING_ONLY").is_some() {
        return;
    }
    let root = PathBuf::from(std::env::var_os("ANN_HELDOUT").expect("set ANN_HELDOUT"));
    for set in ["mnist", "sklearn"] {
        let files = heldout(&root.join(set));
        let pictures = files.into_iter().map(|(path, label, group)| {
            let (w, h, data) = user_style::decode_rgba_f32(&std::fs::read(&path).unwrap());
            (w, h, data, label, group)
        });
        let (table, _) = score(&model, &variants, pictures);
        print(&format!("held-out {set} (scripts/heldout_digits.py)"), &variants, &table);
    }
}
