// Ranking a vector's entries: the prediction, the gallery's guesses, the largest |δ|.

// The indices of `values` from the largest `key(v)` down (ties in index order), the first `n`.
export function ranked(values, n = values.length, key = (v) => v) {
  const order = Array.from(values, (_, i) => i);
  order.sort((a, b) => key(values[b]) - key(values[a]));
  return order.slice(0, n);
}

// The index of the largest `key(v)`; 0 for an empty vector.
export const argmax = (values, key) => ranked(values, 1, key)[0] ?? 0;
