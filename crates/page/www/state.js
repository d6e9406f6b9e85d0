// The drawing page's state, all of it: the modules share these objects.

// The drawing panel.
export const drawing = {
  net: null,         // the Network it shows: `trained` or `live`
  trained: null,     // the model from `ann web --artifacts` (null: none served)
  description: null, // its network.json
  trainedClasses: null, // its class names: network.json's, or its output units' indices
  live: null,        // the page's copy of the network training in the worker, refreshed from its weights
  liveClasses: [],   // the live network's class names (MNIST's: its output units' indices)
  input: null,       // x(0) of the canvas; null while there is no character
  target: null,      // the true class picked (its output unit)
  classes: null,     // the shown network's class names
  yBefore: null,     // y before the last "learn this", drawn grey
  learnId: 0,        // the last "learn this", to match the worker's answer to it
};

// The training below it.
export const training = {
  defaults: null,    // the controls' defaults, from the server's recipe.json
  worker: null,
  mnist: null,       // the worker's "data" message: sizes, the gallery's digits and labels
  run: null,         // the current run's curves (newRun)
  running: false,    // as the worker last reported
  showLive: false,   // "start" hands the drawing panel to the network being trained, once it runs
  drawQueued: false,
};

// The race of the three descents.
export const race = { epochs: 0, kinds: [], drawQueued: false };
