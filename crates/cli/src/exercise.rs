//! `ann exercise`: deck 004's exercise in the terminal, the numbers the slides page shows:
//! forward pass, backward pass and one update for typed matrices.
use ann_slides::parse::numbers;
use ann_slides::{Exercise, Pass};

#[derive(clap::Args)]
pub struct Args {
    /// One weight matrix w(l), [out, in]: rows separated by `;`, bias after `|`; once per layer,
    /// input side first (deck 004: --w "1 2; 3 4; 5 6" --w "7 8 9").
    #[arg(long = "w", required = true, allow_hyphen_values = true)]
    w: Vec<String>,
    /// The input x, comma-separated.
    #[arg(long, allow_hyphen_values = true)]
    x: String,
    /// The target y, comma-separated.
    #[arg(long, allow_hyphen_values = true)]
    y: String,
    /// The activation f of every layer: linear, sigmoid, tanh or relu.
    #[arg(long, default_value = "sigmoid")]
    f: String,
    /// quadratic (C = ½ Σ (y − a)²) or cross_entropy.
    #[arg(long, default_value = "quadratic")]
    cost: String,
    /// The learning rate η.
    #[arg(long, default_value_t = 0.01)]
    eta: f64,
}

/// Input that cannot make an exercise: the message names the matrix and row.
#[derive(Debug)]
pub struct BadExercise(String);

impl std::fmt::Display for BadExercise {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadExercise {}

/// Six decimals; below 10⁻³ (or from 10⁶) in exponent form with six significant digits.
fn num(v: f64) -> String {
    if v == 0.0 || (1e-3..1e6).contains(&v.abs()) { format!("{}", (v * 1e6).round() / 1e6) } else { format!("{v:.5e}") }
}

fn vector(v: &[f64]) -> String {
    format!("({})", v.iter().map(|&v| num(v)).collect::<Vec<_>>().join(", "))
}

fn matrix(m: &[Vec<f64>]) -> String {
    format!("[{}]", m.iter().map(|row| row.iter().map(|&v| num(v)).collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("; "))
}

#[allow(non_snake_case)]
fn table(ex: &Exercise, pass: &Pass) -> String {
    let L = ex.w.len();
    let layers: Vec<String> = ex.layers().iter().map(usize::to_string).collect();
    let mut rows = vec![format!("architecture {}, f = {}, cost = {}, η = {}", layers.join("-"), ex.f.name(), ex.cost.name(), ex.eta), "forward pass".into()];
    let mut line = |formula: String, value: String| rows.push(format!("  {formula:<32} {value}"));
    for l in 1..=L {
        line(format!("z({l}) = w({l}) a({}) + b({l})", l - 1), vector(&pass.z[l - 1]));
        line(format!("a({l}) = f(z({l}))"), vector(&pass.a[l]));
    }
    line("C".into(), num(pass.cost));
    rows.push("backward pass".into());
    let mut line = |formula: String, value: String| rows.push(format!("  {formula:<32} {value}"));
    for l in (1..=L).rev() {
        let delta = if l == L { format!("δ({L}) = ∇ₐC ⊙ f'(z({L}))") } else { format!("δ({l}) = (w({})ᵀ δ({})) ⊙ f'(z({l}))", l + 1, l + 1) };
        line(delta, vector(&pass.delta[l - 1]));
        line(format!("∂C/∂b({l})_j = δ({l})_j"), vector(&pass.db[l - 1]));
        line(format!("∂C/∂w({l})_ji = a({})_i δ({l})_j", l - 1), matrix(&pass.dw[l - 1]));
    }
    rows.push("update".into());
    let mut line = |formula: String, value: String| rows.push(format!("  {formula:<32} {value}"));
    for l in 1..=L {
        line(format!("w({l}) ← w({l}) − η ∂C/∂w({l})"), matrix(&pass.w_after[l - 1]));
        line(format!("b({l}) ← b({l}) − η ∂C/∂b({l})"), vector(&pass.b_after[l - 1]));
    }
    rows.join("\n")
}

impl Args {
    pub fn run(self) -> anyhow::Result<()> {
        let pass = || -> Result<(Exercise, Pass), String> {
            let ex = Exercise::parse(&self.w.join("\n"), &self.f, &self.cost, self.eta)?;
            let pass = ex.run(&numbers(&self.x, "x")?, &numbers(&self.y, "y")?)?;
            Ok((ex, pass))
        };
        let (ex, pass) = pass().map_err(BadExercise)?;
        println!("{}", table(&ex, &pass));
        Ok(())
    }
}
