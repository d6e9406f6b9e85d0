//! The slides page (`slides.html`): each view's numbers from `ann-slides`, in f64. Inputs
//! come as the text the student typed and are read here, so a typo gets a message naming it;
//! every answer is a JSON string, `{"error": "…"}` when the input cannot be used.
use ann_slides::parse::numbers;
use ann_slides::scalar::F;
use ann_slides::{Exercise, worked};
use serde_json::{Value, json};
use wasm_bindgen::prelude::*;

mod depth;
mod descent;
mod toy;
mod xor;
pub use depth::Depth;
pub use descent::{descent, surface};
pub use toy::Toy;
pub use xor::Xor;

fn answer(view: impl FnOnce() -> Result<Value, String>) -> String {
    view().unwrap_or_else(|error| json!({ "error": error })).to_string()
}

/// A pass's numbers, per layer l = 1..=L: `a` is a(1)…a(L) (a(0) is x), matrices `[out, in]`.
fn pass_json(ex: &Exercise, pass: &ann_slides::Pass) -> Value {
    json!({
        "layers": ex.layers(), "z": pass.z, "a": pass.a[1..], "delta": pass.delta,
        "dw": pass.dw, "db": pass.db, "w_after": pass.w_after, "b_after": pass.b_after, "cost": pass.cost,
    })
}

/// A whole number in `range`, typed in the field `what`.
fn whole(text: &str, what: &str, range: std::ops::RangeInclusive<usize>) -> Result<usize, String> {
    let message = format!("{what}: a whole number from {} to {}", range.start(), range.end());
    crate::count_in(one(text, what)?, range).ok_or(message)
}

/// Exactly one number.
fn one(text: &str, what: &str) -> Result<f64, String> {
    match numbers(text, what)?[..] {
        [v] => Ok(v),
        _ => Err(format!("{what}: type one number")),
    }
}

/// Deck 004's exercise: `w` one matrix per line (`1 2; 3 4; 5 6`, bias after `|`), `x` and
/// `y` comma-separated, `f`, `cost` and `η`. Every list is per layer l = 1..=L; `a` is a(1)…a(L)
/// (a(0) is x); matrices are `[out, in]` as typed.
#[wasm_bindgen]
pub fn exercise(w: &str, x: &str, y: &str, f: &str, cost: &str, eta: &str) -> String {
    answer(|| {
        let ex = Exercise::parse(w, f, cost, one(eta, "η")?)?;
        let pass = ex.run(&numbers(x, "x")?, &numbers(y, "y")?)?;
        let mut result = pass_json(&ex, &pass);
        result["w"] = json!(ex.w);
        result["b"] = json!(ex.b);
        result["architecture"] = json!(ex.architecture());
        Ok(result)
    })
}

/// A student's answer against the page's number, to 3 significant digits; `undefined` when
/// the field holds no number.
#[wasm_bindgen]
pub fn mark(typed: &str, value: f64) -> Option<bool> {
    ann_slides::marks(typed, value)
}

/// Deck 004's softmax table for `z` ("2, 1, -1").
#[wasm_bindgen]
pub fn softmax_table(z: &str) -> String {
    answer(|| {
        let s = worked::softmax(&numbers(z, "z")?);
        Ok(json!({ "e": s.e, "sum": s.sum, "y": s.y }))
    })
}

/// Deck 004's circuit `(x + y) z`.
#[wasm_bindgen]
pub fn circuit(x: &str, y: &str, z: &str) -> String {
    answer(|| {
        let c = worked::circuit(one(x, "x")?, one(y, "y")?, one(z, "z")?);
        Ok(json!({ "q": c.q, "f": c.f, "dq": c.dq, "dx": c.dx, "dy": c.dy, "dz": c.dz }))
    })
}

/// Deck 004's `f = x y` and `∇f`.
#[wasm_bindgen]
pub fn product(x: &str, y: &str) -> String {
    answer(|| {
        let (f, grad) = worked::product(one(x, "x")?, one(y, "y")?);
        Ok(json!({ "f": f, "grad": grad }))
    })
}

/// Deck 004's Hadamard product of two comma-separated vectors.
#[wasm_bindgen]
pub fn hadamard(a: &str, b: &str) -> String {
    answer(|| {
        let (a, b) = (numbers(a, "the first vector")?, numbers(b, "the second vector")?);
        let product = worked::hadamard(&a, &b).ok_or(format!("the vectors have {} and {} numbers: ⊙ needs equal lengths", a.len(), b.len()))?;
        Ok(json!({ "product": product }))
    })
}

/// Deck 004's neuron `a = f(b + Σ x_i w_i)`.
#[wasm_bindgen]
pub fn neuron(x: &str, w: &str, b: &str, f: &str) -> String {
    answer(|| {
        let (x, w) = (numbers(x, "x")?, numbers(w, "w")?);
        if x.len() != w.len() {
            return Err(format!("x has {} numbers but w has {}: one weight per input", x.len(), w.len()));
        }
        let (sum, z, a) = worked::neuron(&x, &w, one(b, "b")?, F::parse(f)?);
        Ok(json!({ "sum": sum, "z": z, "a": a }))
    })
}

/// `f(z)` and `f'(z)` of every activation at `n` points of `[from, to]`, for the plots.
#[wasm_bindgen]
pub fn activations(from: f64, to: f64, n: usize) -> String {
    let z: Vec<f64> = (0..n).map(|i| from + (to - from) * i as f64 / (n.max(2) - 1) as f64).collect();
    let curves: serde_json::Map<String, Value> = F::ALL
        .into_iter()
        .map(|f| (f.name().to_string(), json!({ "f": z.iter().map(|&z| f.f(z)).collect::<Vec<_>>(), "prime": z.iter().map(|&z| f.prime(z)).collect::<Vec<_>>() })))
        .collect();
    json!({ "z": z, "curves": curves }).to_string()
}

/// Deck 000's chain rule for `f(x) = p x + q`, `g(x) = r x + s` at `x`.
#[wasm_bindgen]
pub fn chain_rule(x: &str, p: &str, q: &str, r: &str, s: &str) -> String {
    answer(|| {
        let coefficients = [one(p, "p")?, one(q, "q")?, one(r, "r")?, one(s, "s")?];
        let (f, g, slope) = worked::chain_rule(one(x, "x")?, coefficients);
        Ok(json!({ "f": f, "g": g, "slope": slope }))
    })
}

/// Deck 000's `E = −ln(1/K)` of a uniform output over `k` classes.
#[wasm_bindgen]
pub fn uniform_cost(k: &str) -> String {
    answer(|| {
        let k = one(k, "K")?;
        if k < 1.0 || k.fract() != 0.0 {
            return Err(format!("K = {k}: the number of classes is a whole number ≥ 1"));
        }
        Ok(json!({ "y": 1.0 / k, "E": worked::uniform_cost(k as usize) }))
    })
}

/// The parameter count of a `layers` list ("784, 300, 100, 10"), per layer and in all.
#[wasm_bindgen]
pub fn parameters(layers: &str) -> String {
    answer(|| {
        let widths = numbers(layers, "layers")?;
        if widths.len() < 2 || widths.iter().any(|w| *w < 1.0 || w.fract() != 0.0) {
            return Err("layers: at least two whole numbers ≥ 1, input first".into());
        }
        let widths: Vec<usize> = widths.iter().map(|&w| w as usize).collect();
        let per_layer: Vec<usize> = widths.windows(2).map(worked::parameters).collect();
        Ok(json!({ "per_layer": per_layer, "total": worked::parameters(&widths) }))
    })
}
