//! Assembles `target/site/`, the tree the server embeds into its binary:
//! pages and the loader at the top, everything else under `assets/`, each
//! file with a gzip sibling (`<file>.gz`, compressed with zopfli: standard
//! gzip, smaller than gzip -9) that the server sends to browsers that accept it.

use std::fs;
use std::path::Path;

use anyhow::Context;

use crate::{css, glue, loader, root, site_dir, wasm};

/// Files of `public/` that live at the top of the site (the pages and the
/// loader); every other file goes under `assets/`.
fn is_top_level(name: &str) -> bool {
    name.ends_with(".html") || name == "widget.js"
}

/// Builds the wasm apps and writes the whole site.
pub fn assemble() -> anyhow::Result<()> {
    let site = site_dir();
    let staging = root().join("target").join("site.new");
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    let assets = staging.join("assets");
    fs::create_dir_all(&assets)?;
    wasm::build_apps(&assets)?;
    copy_public(&staging, &assets)?;
    compress_all(&staging)?;
    if site.exists() {
        fs::remove_dir_all(&site)?;
    }
    fs::rename(&staging, &site).context("moving the new site into place")?;
    Ok(())
}

fn copy_public(staging: &Path, assets: &Path) -> anyhow::Result<()> {
    let public = root().join("public");
    for entry in fs::read_dir(&public).context("reading public/")? {
        let entry = entry?;
        if !entry.file_type()?.is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let target = if is_top_level(&name) {
            staging.join(&name)
        } else {
            assets.join(&name)
        };
        if name == "widget.js" {
            let source = fs::read_to_string(entry.path())?;
            fs::write(&target, loader::build(&source)?)?;
        } else if name.ends_with("-boot.js") || name == "console-alerts.js" {
            // The pages' own scripts keep their comments in public/, not in
            // what every parent and staff member downloads.
            fs::copy(entry.path(), &target)?;
            glue::minify_js(&target)?;
        } else if name.ends_with(".css") {
            let source = fs::read_to_string(entry.path())?;
            fs::write(&target, css::minify(&source))?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

fn compress_all(dir: &Path) -> anyhow::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            compress_all(&path)?;
        } else {
            let bytes = fs::read(&path)?;
            let mut gz = path.into_os_string();
            gz.push(".gz");
            fs::write(gz, gzip(&bytes)?)?;
        }
    }
    Ok(())
}

/// The gzip encoding of `bytes`, as the server sends it and the size gates
/// count it.
pub fn gzip(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut compressed = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        bytes,
        &mut compressed,
    )?;
    Ok(compressed)
}
