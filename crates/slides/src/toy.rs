//! Deck 000's toy table trained one sample at a time.
use crate::worked::toy_table;
use crate::{Exercise, Pass, Sample};

/// The 3-…-2 sigmoid network of the table, with `E = ½[(o1 − l1)² + (o2 − l2)²]`.
pub struct Toy {
    pub ex: Exercise,
    pub samples: Vec<Sample>,
    pub steps: usize,
    /// The sample (0-based) and the numbers of the last step.
    pub last: Option<(usize, Pass)>,
}

impl Toy {
    /// The table's network from its weights: 3 inputs, 2 outputs.
    pub fn new(ex: Exercise) -> Result<Toy, String> {
        let layers = ex.layers();
        if layers[0] != 3 || layers[layers.len() - 1] != 2 {
            return Err(format!("the table has 3 inputs and 2 labels, but the matrices make {}", ex.architecture()));
        }
        Ok(Toy { ex, samples: toy_table(), steps: 0, last: None })
    }

    /// One update on the next sample of the table.
    pub fn step(&mut self) -> Result<(), String> {
        let n = self.steps % self.samples.len();
        let (x, y) = &self.samples[n];
        let pass = self.ex.run(x, y)?;
        (self.ex.w, self.ex.b) = (pass.w_after.clone(), pass.b_after.clone());
        self.last = Some((n, pass));
        self.steps += 1;
        Ok(())
    }

    /// Every row's pass with the weights as they are now.
    pub fn passes(&self) -> Result<Vec<Pass>, String> {
        self.samples.iter().map(|(x, y)| self.ex.run(x, y)).collect()
    }
}
