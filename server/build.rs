//! Embeds the built web site (`cargo xtask build` writes it to
//! `target/site/`, or wherever `YORISOI_SITE_DIR` points) into the server
//! binary: writes `site.rs` in OUT_DIR, a table of every file with its bytes
//! (`include_bytes!` on absolute paths) and a content hash for its ETag. A
//! missing site gives an empty table so the server still builds; it then
//! answers 503 for the pages.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=YORISOI_SITE_DIR");
    // `sqlx::migrate!` embeds the migrations: rebuild when one is added.
    println!("cargo:rerun-if-changed=migrations/sqlite");
    let site_dir = match std::env::var_os("YORISOI_SITE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => {
            let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
                .map(PathBuf::from)
                .unwrap_or_default();
            manifest.join("..").join("target").join("site")
        }
    };
    // Watching a missing directory makes cargo rerun this script on every
    // build, which is what we want: the site may appear at any time.
    println!("cargo:rerun-if-changed={}", site_dir.display());

    let mut files = Vec::new();
    if site_dir.is_dir() {
        collect(&site_dir, &site_dir, &mut files);
    }
    files.sort();

    let mut table = String::from("&[\n");
    for relative in &files {
        let absolute = site_dir.join(relative);
        println!("cargo:rerun-if-changed={}", absolute.display());
        let bytes = match std::fs::read(&absolute) {
            Ok(bytes) => bytes,
            Err(error) => panic!("cannot read site file {}: {error}", absolute.display()),
        };
        let absolute = absolute.canonicalize().unwrap_or(absolute);
        let _ = writeln!(
            table,
            "    EmbeddedFile {{ path: {:?}, bytes: include_bytes!({:?}), etag: \"\\\"{:016x}\\\"\" }},",
            relative,
            absolute.display().to_string(),
            fnv1a(&bytes),
        );
    }
    table.push(']');

    let out_dir = std::env::var_os("OUT_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    if let Err(error) = std::fs::write(out_dir.join("site.rs"), table) {
        panic!("cannot write site table: {error}");
    }
}

/// Every file under `dir`, as `/`-separated paths relative to `root`.
fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, files);
        } else if let Ok(relative) = path.strip_prefix(root) {
            let parts: Vec<String> = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.push(parts.join("/"));
        }
    }
}

/// FNV-1a, 64 bits: enough to tell versions of a file apart for ETags, and
/// needs no build dependency.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
