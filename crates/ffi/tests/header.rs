//! The checked-in `include/secretmanager.h` must be exactly what cbindgen generates from this
//! crate. Set `SECRETMANAGER_UPDATE_HEADER=1` to rewrite it.

use std::path::PathBuf;

fn generate() -> String {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml parses");
    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}

#[test]
fn checked_in_header_matches_the_generated_one() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../include/secretmanager.h");
    let generated = generate();
    if std::env::var_os("SECRETMANAGER_UPDATE_HEADER").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("the header is writable");
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "include/secretmanager.h is out of date: run SECRETMANAGER_UPDATE_HEADER=1 cargo test -p secretmanager-ffi --test header"
    );
}

/// The doc comment right above line `i`, if the previous non-empty line closes one.
fn doc_above(lines: &[&str], i: usize) -> Option<String> {
    let end = (0..i).rev().find(|&j| !lines[j].trim().is_empty())?;
    if !lines[end].trim_end().ends_with("*/") {
        return None;
    }
    let start = (0..=end).rev().find(|&j| lines[j].trim_start().starts_with("/*"))?;
    Some(lines[start..=end].join("\n"))
}

#[test]
fn header_documents_every_function() {
    let generated = generate();
    let lines: Vec<&str> = generated.lines().collect();
    let mut functions = 0;
    for (i, line) in lines.iter().enumerate() {
        let is_declaration = line.contains("sm_")
            && line.contains('(')
            && !line.starts_with([' ', '*', '/', '#', '}'])
            && !line.starts_with("typedef");
        if !is_declaration {
            continue;
        }
        functions += 1;
        let doc =
            doc_above(&lines, i).unwrap_or_else(|| panic!("undocumented function at line {}: {line}", i + 1));
        // What it borrows, who frees what it returns, and whether threads may share it.
        for (what, found) in [
            ("ownership", ["Borrows", "Takes ownership", "Writes"].iter().any(|w| doc.contains(w))),
            ("freeing", doc.contains("free")),
            ("thread safety", doc.to_lowercase().contains("thread")),
            ("safety contract", doc.contains("# Safety")),
        ] {
            assert!(found, "the doc of `{line}` says nothing about {what}");
        }
    }
    assert!(functions >= 50, "found only {functions} functions");
    for needle in ["#ifndef SECRETMANAGER_H", "extern \"C\" {", "enum sm_status sm_create_secret("] {
        assert!(generated.contains(needle), "the header lacks {needle:?}");
    }
}

/// The value of `#define NAME value` in the checked-in header.
fn define<'a>(header: &'a str, name: &str) -> &'a str {
    let prefix = format!("#define {name} ");
    let mut values = header.lines().filter_map(|line| line.strip_prefix(prefix.as_str()));
    let value = values.next().unwrap_or_else(|| panic!("the header does not define {name}"));
    assert!(values.next().is_none(), "the header defines {name} twice");
    value.trim()
}

#[test]
fn header_version_is_the_crate_version_and_what_sm_version_returns() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../include/secretmanager.h");
    let header = std::fs::read_to_string(&path).expect("the header is readable");
    let (major, minor, patch) = (
        define(&header, "SM_VERSION_MAJOR"),
        define(&header, "SM_VERSION_MINOR"),
        define(&header, "SM_VERSION_PATCH"),
    );
    assert_eq!(
        [major, minor, patch],
        [env!("CARGO_PKG_VERSION_MAJOR"), env!("CARGO_PKG_VERSION_MINOR"), env!("CARGO_PKG_VERSION_PATCH")],
        "update the SM_VERSION_* defines in crates/ffi/cbindgen.toml (after_includes)"
    );
    let version = define(&header, "SM_VERSION");
    assert_eq!(version, format!("\"{}\"", env!("CARGO_PKG_VERSION")));
    assert_eq!(version, format!("\"{major}.{minor}.{patch}\""));
    // SAFETY: sm_version takes nothing and returns a static NUL-terminated string.
    let library = unsafe { std::ffi::CStr::from_ptr(secretmanager::sm_version()) };
    assert_eq!(library.to_str().expect("UTF-8"), version.trim_matches('"'));
}
