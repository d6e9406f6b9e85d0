// Smoothing the noisy cost curves of E, the training's and the race's.

// Curves of E are smoothed over about this many samples.
const SMOOTHING_SAMPLES = 5000;

// A bias-corrected moving average of E over about the last SMOOTHING_SAMPLES samples, for
// steps of `batch` samples each.
export function smoother(batch) {
  const beta = Math.max(0, 1 - batch / SMOOTHING_SAMPLES);
  let sum = 0, weight = 0;
  return (e) => {
    sum = beta * sum + (1 - beta) * e;
    weight = beta * weight + (1 - beta);
    return sum / weight;
  };
}
