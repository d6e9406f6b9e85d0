// The characters page's start: your own classes, drawn or uploaded, kept in this browser,
// trained on in a worker and read back from the pad. Every number comes from ann-page (Rust
// compiled to WebAssembly); the parts live in the modules imported here.
import init, { class_name_problem } from "./ann_page.js";
import { $ } from "./dom.js";
import { showClasses } from "./characters-classes.js";
import { addDrawing } from "./characters-draw.js";
import { hush, say } from "./characters-message.js";
import { predictPad } from "./characters-predict.js";
import { addClass, classNames, loadSet, onWrites } from "./characters-set.js";
import { describeRecipe, setUpSettings } from "./characters-settings.js";
import { setUpTraining } from "./characters-train.js";
import { downloadSet, upload } from "./characters-zip.js";
import { clearPad, setUpPad } from "./pad.js";

// Strokes drawn (and clears): #pad's data-drawn; #prediction's data-drawn says which it read.
let drawn = 0;
const padChanged = () => { $("pad").dataset.drawn = ++drawn; predictPad(drawn); };

function newClass() {
  const name = $("class-name").value.trim();
  const problem = class_name_problem(name, classNames());
  if (problem) { say(`No class made: ${problem}`); return; }
  addClass(name);
  $("class-name").value = "";
  hush();
  showClasses();
}

async function main() {
  await init();
  $("page-status").textContent = "";
  // How many writes are on their way to IndexedDB (a test waits for 0 before it reloads).
  onWrites((n) => { $("classes").dataset.unsaved = n; },
    (e) => say(`Your set could not be saved in this browser (${e.message ?? e}): download it to keep it.`));
  try {
    await loadSet();
    $("set-status").textContent = "Your set is kept in this browser: it is still here after a reload.";
  } catch (e) {
    $("set-status").textContent = `This browser does not keep the set (${e.message ?? e}): download it before you leave.`;
  }
  showClasses();
  // Only now: a class or drawing added while the saved set loaded would be lost under it.
  setUpPad(padChanged);
  $("clear").onclick = () => { clearPad(); padChanged(); };
  $("example-add").onclick = () => addDrawing(padChanged);
  $("class-add").onclick = newClass;
  // Not the Enter that ends an input method's composition (typing 日 or ア).
  $("class-name").addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.isComposing) newClass(); });
  $("download-set").onclick = downloadSet;
  for (const id of ["upload", "upload-folder"]) $(id).onchange = (e) => upload(e.target.files);
  $("classes").dataset.loaded = "true";
  try {
    const response = await fetch("characters-recipe.json");
    if (!response.ok) throw new Error(`the server has no characters-recipe.json (HTTP ${response.status})`);
    setUpSettings(await response.json());
    $("train-info").textContent = describeRecipe();
    setUpTraining((trained) => { if (trained) padChanged(); });
  } catch (e) {
    // Without its defaults the training stays off; the set can still be drawn and downloaded.
    $("train-status").textContent = `The training cannot be set up: ${e.message ?? e}.`;
  }
  padChanged();
}

main().catch((e) => { $("page-status").textContent = `The page could not start: ${e.message ?? e}`; });
