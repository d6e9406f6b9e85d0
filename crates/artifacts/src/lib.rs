//! What a run reads and writes besides the data: its TOML config, and its artifact folder
//! (model, metrics, checkpoints), which `ann eval`, `report`, `predict`, `export` and `web`
//! open again later.
pub mod atomic;
pub mod checkpoint;
pub mod config;
pub mod error;
pub mod folder;
pub mod lock;
pub mod metrics;
pub mod recipes;
pub mod splits;

pub use atomic::{replace_file, write_atomic};
pub use checkpoint::{AtomicCheckpointer, CHECKPOINTS, LEARNER_PARTS, checkpoint_file, last_checkpoint, save_checkpoint};
pub use config::{Config, ConfigError, Overrides, TrainingConfig};
pub use error::ArtifactError;
pub use lock::{FolderLock, InUse, lock};
pub use folder::{CONFIG, MODEL, load_model, load_model_file, open_run, prepare, save_config, save_model};
pub use metrics::{EpochRecord, METRICS, Metrics, history, read_metrics, save_metrics, write_gradients};
