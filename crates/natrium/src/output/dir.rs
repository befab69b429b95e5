//! An output directory owned by one run at a time.
//!
//! * A lock file (`.natrium.lock`, holding the process id) is created with `create_new`; a
//!   second run into the same directory is refused while the first is alive. A lock left by a
//!   process that no longer exists is taken over.
//! * A run writes a manifest (`natrium-manifest.json`) listing the files it wrote. A later run
//!   into a directory that already holds a run's outputs is refused unless it is forced, in which
//!   case the files of the earlier manifest are removed first (and nothing else), so the
//!   directory never mixes the files of two runs.
//! * A directory holding other files and no manifest is refused unless forced; forced, the
//!   other files are left alone.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::OutputError;
use crate::fsutil::write_atomic;

/// Name of the lock file in an output directory.
pub const LOCK_FILE: &str = ".natrium.lock";
/// Name of the manifest of the files a run wrote.
pub const MANIFEST_FILE: &str = "natrium-manifest.json";

/// What a run left in its directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub natrium_version: String,
    pub command: String,
    /// The run's outcome kind (`completed`, `interrupted`, …).
    pub outcome: String,
    /// File names relative to the directory.
    pub files: Vec<String>,
    /// Outputs that could not be written, with the reason.
    #[serde(default)]
    pub lost: Vec<String>,
}

/// A claimed output directory; the lock is released when it is dropped.
#[derive(Debug)]
pub struct OutputDir {
    path: PathBuf,
    lock: PathBuf,
    /// Files of an earlier run that were removed (forced).
    pub removed: Vec<PathBuf>,
}

fn io(path: &Path, e: impl std::fmt::Display) -> OutputError {
    OutputError::io(path, e)
}

/// Whether process `pid` is alive (Linux: its /proc entry exists).
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc_root = Path::new("/proc");
    if !proc_root.is_dir() {
        return true; // cannot tell: assume alive
    }
    proc_root.join(pid.to_string()).exists()
}

impl OutputDir {
    /// Claim `path` for a run (created if missing). `force` replaces an earlier run's outputs.
    pub fn claim(path: &Path, force: bool) -> Result<OutputDir, OutputError> {
        fs::create_dir_all(path).map_err(|e| io(path, format!("cannot create it: {e}")))?;
        let lock = path.join(LOCK_FILE);
        Self::lock(&lock, path)?;
        let mut dir = OutputDir {
            path: path.to_path_buf(),
            lock,
            removed: Vec::new(),
        };
        dir.clear_earlier(force)?;
        Ok(dir)
    }

    fn lock(lock: &Path, dir: &Path) -> Result<(), OutputError> {
        for _ in 0..2 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(lock)
            {
                Ok(mut f) => {
                    let _ = writeln!(f, "{}", std::process::id());
                    return Ok(());
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let pid = fs::read_to_string(lock)
                        .ok()
                        .and_then(|s| s.trim().parse::<u32>().ok());
                    match pid {
                        Some(p) if alive(p) => {
                            return Err(OutputError::Locked {
                                dir: dir.to_path_buf(),
                                pid: p,
                            })
                        }
                        // stale: the process that held it is gone
                        _ => {
                            let _ = fs::remove_file(lock);
                        }
                    }
                }
                Err(e) => return Err(io(lock, format!("cannot create the lock file: {e}"))),
            }
        }
        Err(io(lock, "cannot take the lock file"))
    }

    /// Remove an earlier run's files (forced), or refuse to mix with them.
    fn clear_earlier(&mut self, force: bool) -> Result<(), OutputError> {
        let manifest = self.path.join(MANIFEST_FILE);
        let others: Vec<String> = fs::read_dir(&self.path)
            .map_err(|e| io(&self.path, e))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n != LOCK_FILE)
            .collect();
        if others.is_empty() {
            return Ok(());
        }
        if !force {
            return Err(OutputError::NotEmpty {
                dir: self.path.clone(),
                earlier_run: manifest.exists(),
                files: others.len(),
            });
        }
        if let Ok(text) = fs::read_to_string(&manifest) {
            if let Ok(m) = serde_json::from_str::<Manifest>(&text) {
                for f in m.files {
                    // only plain names inside the directory
                    if f.contains('/') || f.contains('\\') || f.starts_with('.') {
                        continue;
                    }
                    let p = self.path.join(&f);
                    if fs::remove_file(&p).is_ok() {
                        self.removed.push(p);
                    }
                }
            }
            let _ = fs::remove_file(&manifest);
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Write the manifest of this run (file names relative to the directory).
    pub fn write_manifest(&self, m: &Manifest) -> Result<PathBuf, OutputError> {
        let target = self.path.join(MANIFEST_FILE);
        let mut text = serde_json::to_string_pretty(m).map_err(|e| io(&target, e))?;
        text.push('\n');
        write_atomic(&target, text.as_bytes()).map_err(|e| io(&target, e))
    }

    /// File names of `paths` relative to this directory.
    pub fn relative(&self, paths: &[PathBuf]) -> Vec<String> {
        paths
            .iter()
            .map(|p| {
                p.strip_prefix(&self.path)
                    .unwrap_or(p)
                    .to_string_lossy()
                    .to_string()
            })
            .collect()
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.lock);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(files: &[&str]) -> Manifest {
        Manifest {
            natrium_version: "0".into(),
            command: "t".into(),
            outcome: "completed".into(),
            files: files.iter().map(|s| s.to_string()).collect(),
            lost: vec![],
        }
    }

    #[test]
    fn a_second_claim_is_refused_while_the_first_holds() {
        let d = tempfile::tempdir().unwrap();
        let a = OutputDir::claim(d.path(), false).unwrap();
        match OutputDir::claim(d.path(), true) {
            Err(OutputError::Locked { pid, .. }) => assert_eq!(pid, std::process::id()),
            other => panic!("{other:?}"),
        }
        drop(a);
        assert!(!d.path().join(LOCK_FILE).exists());
        OutputDir::claim(d.path(), false).unwrap();
    }

    #[test]
    fn a_stale_lock_is_taken_over() {
        let d = tempfile::tempdir().unwrap();
        fs::write(d.path().join(LOCK_FILE), "4000000000\n").unwrap();
        OutputDir::claim(d.path(), false).unwrap();
    }

    #[test]
    fn earlier_outputs_are_refused_or_replaced_and_foreign_files_kept() {
        let d = tempfile::tempdir().unwrap();
        {
            let o = OutputDir::claim(d.path(), false).unwrap();
            fs::write(d.path().join("timeseries.csv"), "x").unwrap();
            fs::write(d.path().join("plot.png"), "x").unwrap();
            o.write_manifest(&manifest(&["timeseries.csv", "plot.png"]))
                .unwrap();
        }
        fs::write(d.path().join("notes.txt"), "mine").unwrap();
        match OutputDir::claim(d.path(), false) {
            Err(OutputError::NotEmpty { earlier_run, .. }) => assert!(earlier_run),
            other => panic!("{other:?}"),
        }
        let o = OutputDir::claim(d.path(), true).unwrap();
        assert_eq!(o.removed.len(), 2);
        assert!(!d.path().join("timeseries.csv").exists());
        assert!(d.path().join("notes.txt").exists());
    }
}
