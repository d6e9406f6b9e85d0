//! Ctrl-C and SIGTERM: one signal ends `ann` promptly at any stage. While training, it stops
//! after the current batch, the last complete epoch's checkpoint stays, and `ann` says how to
//! resume; at any other stage (start-up, device initialisation, evaluation) it ends at once.
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use burn::train::Interrupter;

static REQUESTED: AtomicBool = AtomicBool::new(false);
/// Set while a training loop checks [`requested`] between batches.
static TRAINING: AtomicBool = AtomicBool::new(false);
/// The run being trained: its folder and whether it can resume (for the hint if the batch
/// boundary never comes), and burn's interrupter when the Learner trains it.
static RUN: Mutex<Option<Run>> = Mutex::new(None);

#[derive(Clone)]
struct Run {
    dir: PathBuf,
    resumable: bool,
    interrupter: Option<Interrupter>,
}

fn run() -> std::sync::MutexGuard<'static, Option<Run>> {
    RUN.lock().unwrap_or_else(|p| p.into_inner())
}

/// How long a training loop gets to reach its next batch boundary. A CPU batch takes
/// milliseconds; a GPU batch that is still autotuning can take minutes, and then the run
/// ends here instead, with the same checkpoint kept.
pub const GRACE: Duration = Duration::from_secs(3);

/// A signal handler may only touch atomics and async-signal-safe calls: outside training it
/// ends the process at once; in training it raises the flag, and a second signal ends it.
#[cfg(unix)]
extern "C" fn on_signal(_: libc::c_int) {
    if !TRAINING.load(Ordering::SeqCst) || REQUESTED.swap(true, Ordering::SeqCst) {
        let message = b"\ninterrupted by a signal\n";
        unsafe {
            libc::write(2, message.as_ptr().cast(), message.len());
            libc::_exit(130);
        }
    }
}

/// Installs the handler for SIGINT (Ctrl-C) and SIGTERM, and the one watchdog thread that
/// passes a signal on to burn's Learner and ends a training run whose batch boundary does not
/// come within [`GRACE`]; call once, at start.
pub fn install() {
    #[cfg(unix)]
    unsafe {
        let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
    std::thread::spawn(|| {
        while !requested() {
            std::thread::sleep(Duration::from_millis(20));
        }
        // The Learner stops after its current batch; the manual engine checks `requested`.
        if let Some(interrupter) = run().as_ref().and_then(|r| r.interrupter.clone()) {
            interrupter.stop(Some("interrupted by a signal"));
        }
        std::thread::sleep(GRACE);
        let run = run().clone();
        let hint = match run {
            Some(Run { dir, resumable, .. }) => Interrupted::new("interrupted by a signal during a long batch", &dir, resumable).to_string(),
            None => "training stopped (interrupted by a signal)".into(),
        };
        eprintln!("error: {hint}");
        unsafe { libc::_exit(130) };
    });
}

/// Marks the stretch in which a signal stops training at a batch boundary (burn's Learner
/// through `interrupter`, the manual engine by checking [`requested`]); dropping the guard goes
/// back to ending the process at once.
pub fn training(dir: &Path, resumable: bool, interrupter: Option<Interrupter>) -> TrainingGuard {
    *run() = Some(Run { dir: dir.to_path_buf(), resumable, interrupter });
    TRAINING.store(true, Ordering::SeqCst);
    TrainingGuard
}

pub struct TrainingGuard;

impl Drop for TrainingGuard {
    fn drop(&mut self) {
        TRAINING.store(false, Ordering::SeqCst);
        *run() = None;
    }
}

/// Whether a stop was asked for (the manual engine checks this between batches).
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// Training stopped before its last epoch.
#[derive(Debug, thiserror::Error)]
#[error("training stopped ({reason}); {resume}")]
pub struct Interrupted {
    reason: String,
    resume: String,
}

impl Interrupted {
    pub fn new(reason: &str, dir: &Path, resumable: bool) -> Self {
        let parts: &[&str] = if resumable { &ann_artifacts::LEARNER_PARTS } else { &["model"] };
        let resume = match ann_artifacts::last_checkpoint(dir, parts) {
            None => "no epoch was complete, so nothing was kept: start the run again".into(),
            Some(epoch) if resumable => format!(
                "epoch {epoch} is the last complete checkpoint, in {}.\nContinue with: ann train --resume --artifacts {} --config {}",
                dir.join(ann_artifacts::CHECKPOINTS).display(),
                dir.display(),
                dir.join(ann_artifacts::CONFIG).display()
            ),
            Some(epoch) => format!(
                "the model after epoch {epoch} is {}",
                ann_artifacts::checkpoint_file(dir, "model", epoch).display()
            ),
        };
        Self { reason: reason.into(), resume }
    }
}

