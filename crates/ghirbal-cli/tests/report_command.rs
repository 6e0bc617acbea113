//! `ghirbal run` writes report.html and token counts; `ghirbal report OUT` remakes them.

mod util;

use util::*;

fn examples() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

#[test]
fn run_writes_report_html_and_kept_tokens_per_language() {
    let d = Dir::new();
    let out = d.path("out");
    run_ok(&[examples().to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let page = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    assert!(page.contains("<svg"), "no chart");
    assert!(!page.contains("<script"), "a script in the report");
    let s = stats(&out);
    let tokens = &s["tokens"];
    assert_eq!(tokens["tokenizer"], "o200k_base", "{s}");
    let kept = tokens["kept"].as_u64().unwrap();
    assert!(kept > 0, "{tokens}");
    let by_lang: u64 = tokens["by_lang"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(by_lang, kept, "{tokens}");
    assert!(tokens["by_lang"]["ar"].as_u64().unwrap() > 0, "{tokens}");
    assert_balanced(&s);
}

#[test]
fn report_command_remakes_the_report_of_an_existing_output() {
    let d = Dir::new();
    let out = d.path("out");
    run_ok(&[examples().to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let before = stats(&out)["tokens"].clone();
    std::fs::remove_file(out.join("report.html")).unwrap();
    let got = ghirbal()
        .args(["report", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        got.status.success(),
        "{}",
        String::from_utf8_lossy(&got.stderr)
    );
    let stdout = String::from_utf8_lossy(&got.stdout);
    assert!(stdout.contains("report.html"), "{stdout}");
    assert!(stdout.contains("kept tokens (o200k_base)"), "{stdout}");
    assert!(out.join("report.html").is_file());
    assert_eq!(stats(&out)["tokens"], before);
}

#[test]
fn report_of_a_folder_that_is_not_an_output_fails_in_one_line() {
    let d = Dir::new();
    let got = ghirbal()
        .args(["report", d.path("nothing").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(got.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&got.stderr);
    assert!(stderr.contains("not a ghirbal output folder"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}
