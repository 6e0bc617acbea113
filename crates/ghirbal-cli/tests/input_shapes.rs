//! Input mapping end to end: a dump whose text is under another name is said at the start and
//! read once configured; named shapes and `[input]` keys; folders of pretty-printed JSON; ids
//! relative to the folder given.

mod util;

use util::*;

const OSCAR_LINE: &str = r#"{"content":"نص الخبر الأول","warc_headers":{"warc-record-id":"<urn:uuid:1>","warc-target-uri":"https://a.example/1","warc-date":"2022-11-27T12:56:25Z"},"metadata":{"identification":{"label":"ar","prob":0.9}}}"#;

#[test]
fn a_dump_with_its_text_under_another_name_is_said_at_the_start_and_read_when_configured() {
    let d = Dir::new();
    let dump = d.write("oscar/ar_meta_part_1.jsonl", format!("{OSCAR_LINE}\n"));
    let out = d.path("out");
    let o = out.display().to_string();
    let run = run_ok(&[dump.to_str().unwrap(), "-o", &o, "--preset", "minimal"]);
    let err = String::from_utf8_lossy(&run.stderr);
    let notes: Vec<&str> = err.lines().filter(|l| l.contains("note:")).collect();
    assert_eq!(notes.len(), 1, "{err}");
    assert!(
        notes[0].contains("`content`") && notes[0].contains("--input-shape"),
        "{err}"
    );
    let s = stats(&out);
    assert_eq!(
        s["total"]["errors"]["error:no_text"], 1,
        "not read unless configured"
    );

    let run = run_ok(&[
        dump.to_str().unwrap(),
        "-o",
        &o,
        "--preset",
        "minimal",
        "--input-shape",
        "oscar",
        "--overwrite",
    ]);
    assert!(!String::from_utf8_lossy(&run.stderr).contains("note:"));
    let kept = rows(&out.join("kept"));
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0]["text"], "نص الخبر الأول");
    assert_eq!(kept[0]["id"], "<urn:uuid:1>");
    assert_eq!(kept[0]["url"], "https://a.example/1");
    // OSCAR's warc-date is the crawl's: `crawl_date`, never `date`.
    assert_eq!(kept[0]["crawl_date"], "2022-11-27T12:56:25Z");
    assert_eq!(kept[0]["date"], serde_json::Value::Null);
}

#[test]
fn input_table_in_a_config_file_maps_fields_and_is_printed() {
    let d = Dir::new();
    let input = d.write(
        "in/a.jsonl",
        "{\"article\":{\"body\":\"نص\",\"headline\":\"عنوان\"},\"published\":\"2024-01-01\"}\n",
    );
    let config = d.write(
        "c.toml",
        "[input]\ntext = \"article.body\"\ntitle = \"article.headline\"\ndate = \"published\"\n",
    );
    let out = d.path("out");
    run_ok(&[
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--preset",
        "minimal",
        "--config",
        config.to_str().unwrap(),
    ]);
    let kept = rows(&out.join("kept"));
    assert_eq!(kept[0]["text"], "نص");
    assert_eq!(kept[0]["title"], "عنوان");
    assert_eq!(kept[0]["date"], "2024-01-01T00:00:00Z");
    assert_eq!(kept[0]["id"], "a.jsonl:0");

    let printed = ghirbal()
        .args(["run", "--print-config", "--input-shape", "c4"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&printed.stdout);
    assert!(
        text.contains("[input]") && text.contains("shape = \"c4\""),
        "{text}"
    );
}

#[test]
fn an_unknown_shape_stops_with_one_line_naming_the_shapes() {
    let d = Dir::new();
    let input = d.write("a.jsonl", "{\"text\":\"x\"}\n");
    let out = ghirbal()
        .args(["run", "--quiet", "--input-shape", "osacr", "-o"])
        .arg(d.path("out"))
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("osacr") && err.contains("saudinewsnet"),
        "{err}"
    );
}

#[test]
fn a_folder_of_pretty_printed_json_files_is_read_as_records_with_relative_ids() {
    let d = Dir::new();
    d.write(
        "in/2015/a.json",
        "{\n  \"text\": \"المقال الأول\",\n  \"url\": \"https://x.example/1\"\n}\n",
    );
    d.write(
        "in/2015/b.json",
        "[\n  {\n    \"text\": \"المقال الثاني\"\n  },\n  {\n    \"text\": \"المقال الثالث\"\n  }\n]\n",
    );
    d.write(
        "in/c.json",
        "{\n  \"text\": \"الرابع\"\n}\n{\n  \"text\": \"الخامس\"\n}\n",
    );
    let out = d.path("out");
    run_ok(&[
        d.path("in").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--preset",
        "minimal",
    ]);
    let s = stats(&out);
    assert_eq!(s["total"]["read"], 5, "{s}");
    assert_eq!(s["total"]["kept"], 5, "{s}");
    let ids: Vec<String> = rows(&out.join("kept"))
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        ids,
        [
            "2015/a.json:0",
            "2015/b.json:0",
            "2015/b.json:1",
            "c.json:0",
            "c.json:1"
        ]
    );
}
