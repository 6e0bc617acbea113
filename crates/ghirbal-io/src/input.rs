//! From the paths and URLs a user gave to a sorted list of input files.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use ghirbal_core::Reason;
use ghirbal_core::reason::error;

use crate::storage::{self, StorageError};

/// One input file, as it will appear in `stats.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where to read it: a local path, or a URL ([`storage::is_url`]) as the user gave it.
    pub path: PathBuf,
    /// The key in `stats.json` and `metadata.input_file`: the path as given, or, for a file
    /// found inside a given directory, that directory joined with the relative path; a URL
    /// without its credentials ([`storage::display_url`]).
    pub name: String,
    /// The prefix of generated ids (`relative:record`): the path relative to the directory
    /// given, or the file's name for a file given by name; never an absolute path.
    pub relative: String,
    /// Size on disk in bytes (compressed size for compressed files), for progress.
    pub size: u64,
}

impl Input {
    /// One file given by its path, named as given (as [`expand`] names a path given by name),
    /// with its size when it can be read (0 otherwise: opening it then reports the problem).
    pub fn file(path: impl Into<PathBuf>) -> Input {
        let path = path.into();
        Input {
            name: path.to_string_lossy().into_owned(),
            relative: file_name(&path),
            size: fs::metadata(&path).map(|m| m.len()).unwrap_or(0),
            path,
        }
    }

    /// True when the input is an object in storage rather than a local file.
    pub fn is_remote(&self) -> bool {
        self.path.to_str().is_some_and(storage::is_url)
    }
}

/// A path that could not be turned into inputs: missing, or a directory that could not be listed.
#[derive(Debug, Clone, PartialEq)]
pub struct InputProblem {
    /// The path as given (or found), the key in `stats.json`.
    pub name: String,
    /// `error:missing_path` or `error:unreadable`.
    pub reason: Reason,
    /// The OS error, in words.
    pub detail: String,
}

/// The result of [`expand`].
#[derive(Debug, Default)]
pub struct Expanded {
    /// Files to read, in a deterministic order: paths in the order given, directory contents
    /// sorted by byte order of their relative paths.
    pub inputs: Vec<Input>,
    /// Paths that yielded nothing, with the reason.
    pub problems: Vec<InputProblem>,
    /// Set when a URL's store cannot be used at all (wrong secret, missing bucket): the run
    /// cannot go on, whatever the other inputs.
    pub fatal: Option<String>,
    /// For inputs in storage, by name, the version the store reports (its ETag), which
    /// `--resume` compares instead of a modification time.
    pub versions: std::collections::BTreeMap<String, String>,
}

/// Expands files and directories (recursively) into input files.
///
/// Paths are taken in the order given. A directory is walked recursively and its files are
/// listed in byte order of their paths relative to it, so the order never depends on the file
/// system. Inside a directory, entries whose name starts with `.` (hidden files and
/// directories, editor swap files, `.git`) are skipped, and so are entries that are neither
/// files nor directories (sockets, fifos); a path given by name is always taken. Symbolic
/// links are followed, a directory reached twice (a link loop) is walked once. A missing path
/// is `error:missing_path`; a directory that cannot be listed, a dangling link or a file that
/// cannot be opened is `error:unreadable`.
///
/// A URL (`s3://`, `http://`, `https://`) is listed by the installed [`storage::Storage`]: an
/// object, a prefix or a glob, its objects in byte order of their keys. An object or prefix
/// that is not there is `error:missing_path`; a store that cannot be used at all sets
/// [`Expanded::fatal`].
pub fn expand(paths: &[PathBuf]) -> Expanded {
    let mut out = Expanded::default();
    for path in paths {
        let name = path.to_string_lossy().into_owned();
        if storage::is_url(&name) {
            expand_url(&name, &mut out);
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                let mut seen = HashSet::new();
                walk(
                    path,
                    Path::new(""),
                    &mut seen,
                    &mut found,
                    &mut out.problems,
                );
                found.sort_by(|a, b| {
                    a.0.as_os_str()
                        .as_encoded_bytes()
                        .cmp(b.0.as_os_str().as_encoded_bytes())
                });
                for (rel, size) in found {
                    let full = path.join(&rel);
                    out.inputs.push(Input {
                        name: full.to_string_lossy().into_owned(),
                        relative: rel.to_string_lossy().into_owned(),
                        path: full,
                        size,
                    });
                }
            }
            Ok(meta) => match fs::File::open(path) {
                Ok(_) => out.inputs.push(Input {
                    relative: file_name(path),
                    path: path.clone(),
                    name,
                    size: meta.len(),
                }),
                Err(e) => out.problems.push(problem(name, error::UNREADABLE, &e)),
            },
            Err(e)
                if e.kind() == io::ErrorKind::NotFound && fs::symlink_metadata(path).is_err() =>
            {
                out.problems.push(problem(name, error::MISSING_PATH, &e));
            }
            Err(e) => out.problems.push(problem(name, error::UNREADABLE, &e)),
        }
    }
    out
}

/// The last component of `path` (the whole path when it has none, like `..`).
fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}

fn expand_url(url: &str, out: &mut Expanded) {
    let listed = storage::get().and_then(|s| s.list(url));
    let name = storage::display_url(url);
    match listed {
        Ok(objects) => {
            for o in objects {
                let name = storage::display_url(&o.url);
                if let Some(v) = o.version {
                    out.versions.insert(name.clone(), v);
                }
                // Like a file under a folder given: the key under the prefix given, or the
                // object's name when the URL named it.
                let under = format!("{}/", url.trim_end_matches('/'));
                let base = url.rfind('/').map_or("", |i| &url[..=i]);
                let relative = o
                    .url
                    .strip_prefix(&under)
                    .or_else(|| o.url.strip_prefix(base))
                    .unwrap_or(&o.url)
                    .to_owned();
                out.inputs.push(Input {
                    name,
                    relative,
                    path: PathBuf::from(o.url),
                    size: o.size,
                });
            }
        }
        Err(StorageError::NotFound(detail)) => out.problems.push(InputProblem {
            name,
            reason: error::MISSING_PATH,
            detail,
        }),
        Err(StorageError::Other(detail)) => out.problems.push(InputProblem {
            name,
            reason: error::UNREADABLE,
            detail,
        }),
        // The storage's message names the place already.
        Err(StorageError::Fatal(detail)) => {
            out.fatal.get_or_insert(detail);
        }
    }
}

fn problem(name: String, reason: Reason, err: &io::Error) -> InputProblem {
    InputProblem {
        name,
        reason,
        detail: err.to_string(),
    }
}

/// Collects `(relative path, size)` of every readable file under `root/rel`; problems are
/// reported with the directory joined to the relative path, as inputs are named.
fn walk(
    root: &Path,
    rel: &Path,
    seen: &mut HashSet<PathBuf>,
    found: &mut Vec<(PathBuf, u64)>,
    problems: &mut Vec<InputProblem>,
) {
    let dir = root.join(rel);
    // Canonical paths catch link loops; a directory that cannot be canonicalised is still walked.
    if let Ok(canonical) = fs::canonicalize(&dir)
        && !seen.insert(canonical)
    {
        return;
    }
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(problem(
                dir.to_string_lossy().into_owned(),
                error::UNREADABLE,
                &e,
            ));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(problem(
                    dir.to_string_lossy().into_owned(),
                    error::UNREADABLE,
                    &e,
                ));
                continue;
            }
        };
        let file_name = entry.file_name();
        if file_name.as_encoded_bytes().first() == Some(&b'.') {
            continue;
        }
        let child_rel = rel.join(&file_name);
        let child = root.join(&child_rel);
        // `fs::metadata` follows links, so a dangling link fails here.
        let meta = match fs::metadata(&child) {
            Ok(meta) => meta,
            Err(e) => {
                problems.push(problem(
                    child.to_string_lossy().into_owned(),
                    error::UNREADABLE,
                    &e,
                ));
                continue;
            }
        };
        if meta.is_dir() {
            walk(root, &child_rel, seen, found, problems);
        } else if meta.is_file() {
            match fs::File::open(&child) {
                Ok(_) => found.push((child_rel, meta.len())),
                Err(e) => problems.push(problem(
                    child.to_string_lossy().into_owned(),
                    error::UNREADABLE,
                    &e,
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(e: &Expanded, root: &Path) -> Vec<String> {
        let prefix = root.to_string_lossy().into_owned();
        e.inputs
            .iter()
            .map(|i| i.name.strip_prefix(&prefix).unwrap_or(&i.name).to_owned())
            .collect()
    }

    #[test]
    fn directory_is_walked_recursively_in_byte_order_skipping_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/c")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        for f in [
            "b/c/z.txt",
            "b/a.txt",
            "B.txt",
            "a.txt",
            "a.txt.gz",
            ".hidden",
            ".git/x",
            "b/.swp",
        ] {
            fs::write(root.join(f), "x").unwrap();
        }
        let e = expand(&[root.to_path_buf()]);
        assert!(e.problems.is_empty(), "{:?}", e.problems);
        assert_eq!(
            names(&e, root),
            ["/B.txt", "/a.txt", "/a.txt.gz", "/b/a.txt", "/b/c/z.txt"]
        );
        assert_eq!(e.inputs[0].size, 1);
        let relative: Vec<_> = e.inputs.iter().map(|i| i.relative.as_str()).collect();
        assert_eq!(
            relative,
            ["B.txt", "a.txt", "a.txt.gz", "b/a.txt", "b/c/z.txt"]
        );
    }

    #[test]
    fn paths_keep_the_order_given_and_hidden_files_given_by_name_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let z = dir.path().join("z.jsonl");
        let hidden = dir.path().join(".a");
        fs::write(&z, "{}").unwrap();
        fs::write(&hidden, "{}").unwrap();
        let e = expand(&[z.clone(), hidden.clone()]);
        let paths: Vec<_> = e.inputs.iter().map(|i| i.path.clone()).collect();
        assert_eq!(paths, [z.clone(), hidden]);
        assert_eq!(e.inputs[0].name, z.to_string_lossy());
        assert_eq!(e.inputs[0].relative, "z.jsonl");
        assert_eq!(Input::file(&z).relative, "z.jsonl");
    }

    #[test]
    fn missing_path_is_a_problem_not_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        let e = expand(&[dir.path().join("nope")]);
        assert!(e.inputs.is_empty());
        assert_eq!(e.problems.len(), 1);
        assert_eq!(e.problems[0].reason, error::MISSING_PATH);
        assert!(!e.problems[0].detail.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn dangling_symlink_is_unreadable_and_the_rest_is_read() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("ok.txt"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("link.txt")).unwrap();
        let e = expand(&[dir.path().to_path_buf()]);
        assert_eq!(names(&e, dir.path()), ["/ok.txt"]);
        assert_eq!(e.problems.len(), 1);
        assert_eq!(e.problems[0].reason, error::UNREADABLE);
        assert!(e.problems[0].name.ends_with("link.txt"));
        // Given by name, a dangling link is unreadable too, not missing.
        let e = expand(&[dir.path().join("link.txt")]);
        assert_eq!(e.problems[0].reason, error::UNREADABLE);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("d")).unwrap();
        fs::write(dir.path().join("d/f.txt"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("d/loop")).unwrap();
        let e = expand(&[dir.path().to_path_buf()]);
        assert_eq!(names(&e, dir.path()), ["/d/f.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn file_without_read_permission_is_unreadable() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("secret.txt");
        fs::write(&f, "x").unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::File::open(&f).is_ok() {
            println!("skipped: running as root, permissions do not block reads");
            return;
        }
        let sub = dir.path().join("locked");
        fs::create_dir(&sub).unwrap();
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o000)).unwrap();
        let e = expand(&[dir.path().to_path_buf()]);
        assert!(e.inputs.is_empty());
        let reasons: Vec<_> = e.problems.iter().map(|p| p.reason.as_str()).collect();
        assert_eq!(reasons, ["error:unreadable", "error:unreadable"]);
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
    }
}
