// The characters page's pad: a drawing as a picture file (PNG) and as the network's input, made
// by ann-page exactly as `ann predict` makes that file; adding it to the current class.
import { picture_input } from "./ann_page.js";
import { $, el } from "./dom.js";
import { hush, say } from "./characters-message.js";
import { addExamples, classNamed, set } from "./characters-set.js";
import { showClasses } from "./characters-classes.js";
import { clearPad } from "./pad.js";

// A canvas's pixels as a PNG file's bytes. The pixels are copied when this is called.
export async function pngOf(canvas) {
  const blob = await new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("the browser made no PNG of the drawing"))), "image/png"));
  return new Uint8Array(await blob.arrayBuffer());
}

// A copy of the pad, so that the pad can be cleared for the next drawing at once.
function copyOfPad() {
  const pad = $("pad"), copy = el("canvas", { width: pad.width, height: pad.height });
  copy.getContext("2d").drawImage(pad, 0, 0);
  return copy;
}

// The drawing into the current class; an empty drawing (or no class) changes nothing.
// `cleared()`: the pad was cleared for the next drawing.
export async function addDrawing(cleared) {
  const c = classNamed(set.current);
  if (!c) { say("Make a class first (step 1): the drawing goes to the class you pick there."); return; }
  const copy = copyOfPad();
  clearPad();
  cleared();
  let bytes, input;
  try {
    bytes = await pngOf(copy);
    input = picture_input(bytes);
  } catch (e) {
    // Give the drawing back (over anything drawn since), and say why it was not added.
    $("pad").getContext("2d").drawImage(copy, 0, 0);
    say(`Not added to ${c.name}: ${e.message ?? e}`);
    return;
  }
  // The class may have been deleted while the PNG was made.
  if (classNamed(c.name) !== c) {
    $("pad").getContext("2d").drawImage(copy, 0, 0);
    say(`Not added: the class ${c.name} was deleted.`);
    return;
  }
  addExamples(c, [{ bytes, ext: "png", input }]);
  if ($("message").dataset.kind === "error") hush();
  showClasses(c);
}
