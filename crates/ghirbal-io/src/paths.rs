//! Lists of inputs in a file, one path or URL a line, as Common Crawl publishes them
//! (`warc.paths.gz`, `wet.paths.gz`).

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;

use crate::storage;

/// Reads the list of inputs in `place` (a local path or a URL; plain or gzip, found by its
/// first bytes): one path or URL a line, blank lines and lines starting with `#` skipped, and
/// `base` (a URL or a folder) put before every line that is neither a URL nor an absolute
/// path. The error says what could not be read, in words fit for one line.
pub fn read_paths(place: &str, base: Option<&str>) -> Result<Vec<PathBuf>, String> {
    let shown = storage::display_url(place);
    let bytes = if storage::is_url(place) {
        storage::get()
            .and_then(|s| s.read_all(place))
            .map_err(|e| format!("cannot read the paths file {shown}: {e}"))?
            .ok_or_else(|| format!("the paths file {shown} does not exist"))?
    } else {
        std::fs::read(place).map_err(|e| format!("cannot read the paths file {shown}: {e}"))?
    };
    let text: Box<dyn Read> = if bytes.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::read::MultiGzDecoder::new(&bytes[..]))
    } else {
        Box::new(&bytes[..])
    };
    let mut out = Vec::new();
    for (n, line) in BufReader::new(text).lines().enumerate() {
        let line = line.map_err(|e| format!("the paths file {shown}, line {}: {e}", n + 1))?;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let full = match base {
            Some(base) if !storage::is_url(line) && !line.starts_with('/') => {
                storage::join(base, line)
            }
            _ => line.to_owned(),
        };
        out.push(PathBuf::from(full));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn relative_lines_get_the_base_and_gzip_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let list = "crawl-data/a.warc.gz\n\n# note\nhttps://other/b.warc.gz\n/abs/c.warc.gz\n";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(list.as_bytes()).unwrap();
        let path = dir.path().join("warc.paths.gz");
        std::fs::write(&path, gz.finish().unwrap()).unwrap();
        let got = read_paths(path.to_str().unwrap(), Some("https://data.example/")).unwrap();
        assert_eq!(
            got,
            [
                PathBuf::from("https://data.example/crawl-data/a.warc.gz"),
                PathBuf::from("https://other/b.warc.gz"),
                PathBuf::from("/abs/c.warc.gz"),
            ]
        );
        let plain = dir.path().join("list.txt");
        std::fs::write(&plain, "x.jsonl\n").unwrap();
        assert_eq!(
            read_paths(plain.to_str().unwrap(), None).unwrap(),
            [PathBuf::from("x.jsonl")]
        );
    }

    #[test]
    fn a_missing_paths_file_is_an_error() {
        let e = read_paths("/nonexistent/warc.paths.gz", None).unwrap_err();
        assert!(e.contains("cannot read the paths file"), "{e}");
    }
}
