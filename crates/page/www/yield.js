// A zero-delay yield to the event loop, for the training workers between slices of steps
// (setTimeout clamps to 4 ms when nested; a MessageChannel does not).
const channel = new MessageChannel();
const queue = [];
channel.port1.onmessage = () => queue.shift()();

export const yieldNow = () => new Promise((r) => { queue.push(r); channel.port2.postMessage(null); });
