//! Access to the shared corpus of real AWS Smithy models.
//!
//! The corpus is the archive `../shared/corpus/aws-models.tar.xz` next to the
//! workspace (i.e. `CARGO_MANIFEST_DIR/../../shared/corpus/aws-models.tar.xz`).
//! It is test data only and is absent from a fresh clone, so every test using
//! it must skip (and pass) when [`corpus_dir`] returns `None`.
//!
//! The archive is unpacked once into `<workspace>/target/aws-models` with
//! `tar -xJf`. A marker file, written only after a successful extraction and
//! recording the archive's size and modification time, tells later runs that
//! the directory is complete and current. Extraction goes to a private
//! temporary directory that is then renamed into place, so several test
//! binaries (or threads) running at the same time never see a half-unpacked
//! corpus: whoever renames first wins, the others discard their copy.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

/// Name of the marker file written into the unpacked directory.
const MARKER: &str = ".unpacked-ok";

/// Message printed when a test skips because the corpus is missing.
pub const SKIP_MESSAGE: &str =
    "skipping: ../shared/corpus not found (fresh clone without the shared corpus)";

/// The crate directory (`codegen/`).
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where the corpus archive is expected to be.
pub fn archive_path() -> PathBuf {
    manifest_dir().join("../../shared/corpus/aws-models.tar.xz")
}

/// Where the archive gets unpacked (git-ignored `target/` of the workspace).
pub fn unpack_dir() -> PathBuf {
    manifest_dir().join("../target/aws-models")
}

/// Directory holding the unpacked corpus (`<service>-<version>.json` files),
/// unpacking the archive on first use. `None` when the archive is absent.
///
/// Panics if the archive exists but cannot be unpacked: that is an
/// environment problem the developer should see, not a reason to skip.
pub fn corpus_dir() -> Option<PathBuf> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let archive = archive_path();
        if !archive.is_file() {
            return None;
        }
        match unpack(&archive, &unpack_dir()) {
            Ok(dir) => Some(dir),
            Err(e) => panic!(
                "the corpus archive {} exists but could not be unpacked into {}: {e}",
                archive.display(),
                unpack_dir().display()
            ),
        }
    })
    .clone()
}

/// Like [`corpus_dir`], but prints [`SKIP_MESSAGE`] to stderr when the corpus
/// is absent, so callers can simply `let Some(dir) = ... else { return };`.
pub fn corpus_dir_or_skip(test: &str) -> Option<PathBuf> {
    let dir = corpus_dir();
    if dir.is_none() {
        eprintln!(
            "{test}: {SKIP_MESSAGE} (looked for {})",
            archive_path().display()
        );
    }
    dir
}

/// Path of one model of the corpus, e.g. `customer-profiles-2020-08-15.json`.
/// `None` when the corpus is absent; panics if the corpus lacks that file.
pub fn corpus_file(name: &str) -> Option<PathBuf> {
    let path = corpus_dir()?.join(name);
    assert!(
        path.is_file(),
        "the corpus is unpacked but has no {name} (looked at {})",
        path.display()
    );
    Some(path)
}

/// Content of the marker: identifies the archive version that was unpacked.
fn marker_content(archive: &Path) -> Result<String, String> {
    let meta = fs::metadata(archive).map_err(|e| format!("cannot stat archive: {e}"))?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Ok(format!("size={} mtime={mtime}\n", meta.len()))
}

fn is_complete(dir: &Path, expected_marker: &str) -> bool {
    fs::read_to_string(dir.join(MARKER)).is_ok_and(|m| m == expected_marker)
}

fn unique_suffix() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{}-{nanos}", std::process::id())
}

fn unpack(archive: &Path, dest: &Path) -> Result<PathBuf, String> {
    let expected = marker_content(archive)?;
    if is_complete(dest, &expected) {
        return Ok(dest.to_path_buf());
    }
    let parent = dest
        .parent()
        .ok_or_else(|| format!("{} has no parent directory", dest.display()))?;
    fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;

    // 1. Extract into a private directory and mark it complete.
    let tmp = parent.join(format!(".aws-models.tmp-{}", unique_suffix()));
    fs::create_dir(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let extracted = Command::new("tar")
        .arg("-xJf")
        .arg(archive)
        .arg("-C")
        .arg(&tmp)
        .status()
        .map_err(|e| format!("cannot run `tar`: {e}"))
        .and_then(|status| {
            if status.success() {
                Ok(())
            } else {
                Err(format!("`tar -xJf` failed with {status}"))
            }
        })
        .and_then(|()| {
            fs::write(tmp.join(MARKER), &expected)
                .map_err(|e| format!("cannot write the marker file: {e}"))
        });
    if let Err(e) = extracted {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }

    // 2. Publish it with an atomic rename.
    for _ in 0..10 {
        if is_complete(dest, &expected) {
            // Another process (or an earlier run) got there first.
            let _ = fs::remove_dir_all(&tmp);
            return Ok(dest.to_path_buf());
        }
        if fs::rename(&tmp, dest).is_ok() {
            return Ok(dest.to_path_buf());
        }
        if is_complete(dest, &expected) {
            let _ = fs::remove_dir_all(&tmp);
            return Ok(dest.to_path_buf());
        }
        // `dest` exists but is not a complete unpack of this archive (manual
        // unpack, older archive, interrupted run): move it aside and retry.
        let aside = parent.join(format!(".aws-models.stale-{}", unique_suffix()));
        if fs::rename(dest, &aside).is_ok() {
            if is_complete(&aside, &expected) {
                // Raced with a peer that had just published a good copy:
                // put it back (if that fails, yet another copy is in place).
                let _ = fs::rename(&aside, dest);
            }
            let _ = fs::remove_dir_all(&aside);
        }
    }
    let _ = fs::remove_dir_all(&tmp);
    if is_complete(dest, &expected) {
        Ok(dest.to_path_buf())
    } else {
        Err(format!(
            "could not move the unpacked corpus into place at {}",
            dest.display()
        ))
    }
}
