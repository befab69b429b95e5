//! Output files are written whole or not at all: data goes to a temporary file in the same
//! directory, which is renamed over the target only when everything has been written.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes temporary files of concurrent writers in one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Temporary files alive in this process, so that a forced exit can remove them.
static LIVE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn live() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remove every temporary file this process still has open (before a forced exit, e.g. on a
/// third interrupt); returns how many were removed.
pub fn remove_live_temporaries() -> usize {
    let mut l = live();
    let n = l.iter().filter(|p| fs::remove_file(p).is_ok()).count();
    l.clear();
    n
}

/// Paths of the temporary files alive now.
pub fn live_temporaries() -> Vec<PathBuf> {
    live().clone()
}

/// A file being written; it appears at its path only on [`AtomicFile::commit`]. Dropping it
/// without committing removes the temporary file.
pub struct AtomicFile {
    target: PathBuf,
    tmp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Start writing `target` (its directory is created if needed).
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        if let Some(dir) = target.parent() {
            if !dir.as_os_str().is_empty() {
                fs::create_dir_all(dir)?;
            }
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "out".into());
        let k = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = target.with_file_name(format!(".{name}.tmp-{}-{k}", std::process::id()));
        let f = File::create(&tmp)?;
        live().push(tmp.clone());
        Ok(AtomicFile {
            target: target.to_path_buf(),
            tmp,
            writer: Some(BufWriter::with_capacity(1 << 16, f)),
        })
    }

    /// The buffered writer.
    pub fn writer(&mut self) -> &mut BufWriter<File> {
        self.writer
            .as_mut()
            .expect("AtomicFile writer is present until commit")
    }

    /// Path of the temporary file (for libraries that want a path, not a writer).
    pub fn temp_path(&self) -> &Path {
        &self.tmp
    }

    /// The final path.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flush, sync and move into place.
    pub fn commit(mut self) -> io::Result<PathBuf> {
        if let Some(mut w) = self.writer.take() {
            w.flush()?;
            let f = w.into_inner().map_err(|e| e.into_error())?;
            f.sync_all()?;
        }
        fs::rename(&self.tmp, &self.target)?;
        live().retain(|p| p != &self.tmp);
        Ok(self.target.clone())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.tmp.exists() {
            let _ = fs::remove_file(&self.tmp);
        }
        live().retain(|p| p != &self.tmp);
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer().write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.writer().flush()
    }
}

/// Read a UTF-8 text file of at most `max` bytes (a larger file, a device such as /dev/zero or
/// a pipe that never ends is refused after `max` bytes, not read to exhaustion). The error is a
/// sentence for the user, without the path (the caller names the file).
pub fn read_text_limited(path: &Path, max: u64) -> Result<String, String> {
    use std::io::Read;
    let f = File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let mut buf = Vec::new();
    f.take(max + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if buf.len() as u64 > max {
        return Err(format!(
            "the file is larger than the {} MiB an input file may have",
            max >> 20
        ));
    }
    String::from_utf8(buf).map_err(|e| {
        format!(
            "the file is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Write a whole file atomically from a byte buffer.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let mut f = AtomicFile::create(target)?;
    f.write_all(bytes)?;
    f.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.csv");
        let mut f = AtomicFile::create(&p).unwrap();
        f.write_all(b"x,y\n").unwrap();
        assert!(!p.exists());
        f.commit().unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "x,y\n");
    }

    #[test]
    fn abandoned_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.csv");
        {
            let mut f = AtomicFile::create(&p).unwrap();
            f.write_all(b"partial").unwrap();
        }
        assert!(!p.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
