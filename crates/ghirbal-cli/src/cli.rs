//! Arguments and commands.

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use ghirbal_core::config::{OutputFormat, preset};
use ghirbal_core::{Config, StageName};
use ghirbal_pipeline::{RunOptions, Stages};

use crate::progress::Bar;

/// Turns raw web text into a clean, deduplicated corpus.
#[derive(Parser)]
#[command(name = "ghirbal", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read inputs, run the stages, write OUT/kept, OUT/rejects, OUT/stats.json and
    /// OUT/report.html.
    Run(Box<RunArgs>),
    /// Write OUT/report.html for an existing output folder, and its token counts into
    /// OUT/stats.json.
    Report(crate::report::ReportArgs),
    /// Build OUT/index/: a tantivy index of the kept records (and rejects with --rejects).
    Index(crate::search::IndexArgs),
    /// Search OUT/index/: ranked hits with highlighted snippets.
    Search(crate::search::SearchArgs),
    /// Serve a read-only web UI of OUT on 127.0.0.1: search, records, rejects by reason, the
    /// report.
    Serve(crate::serve::ServeArgs),
}

#[derive(Args)]
struct RunArgs {
    /// Files or directories: JSONL (.jsonl/.json, .gz, .zst), text, Parquet, WET, WARC, HTML;
    /// or URLs: s3://bucket/key, a prefix (s3://bucket/crawl/) or a glob
    /// (s3://bucket/crawl/*.warc.gz), http(s)://host/file. Without any, the sample in
    /// examples/ is used.
    inputs: Vec<PathBuf>,
    /// A file listing inputs, one path or URL a line (plain or .gz, local or a URL), as
    /// Common Crawl's warc.paths.gz; read after the INPUTs.
    #[arg(long, value_name = "FILE")]
    paths: Option<String>,
    /// Put before every relative line of --paths, e.g. https://data.commoncrawl.org/
    #[arg(long, value_name = "URL", requires = "paths")]
    base_url: Option<String>,
    /// Output folder.
    #[arg(short, long, default_value = "ghirbal-out")]
    out: PathBuf,
    /// Preset: arabic-news (default), datatrove-compat, minimal.
    #[arg(long, default_value = preset::DEFAULT)]
    preset: String,
    /// A TOML file whose keys override the preset's.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Output format.
    #[arg(long, value_parser = ["jsonl", "parquet"])]
    format: Option<String>,
    /// Output columns, comma-separated (e.g. id,text); sets `[output] fields`.
    #[arg(long, value_delimiter = ',', value_name = "COLUMNS")]
    fields: Vec<String>,
    /// Stages to switch off, comma-separated: extract, clean, pii, lang, filter, dedup.
    #[arg(long, value_delimiter = ',')]
    skip: Vec<String>,
    /// Run only these stages, comma-separated.
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Continue a killed run in the same output folder.
    #[arg(long, conflicts_with = "overwrite")]
    resume: bool,
    /// Write into an output folder that is not empty: ghirbal's own files there (kept/ and
    /// rejects/ shards, .ghirbal/, index/, stats.json, README.md, report.html) are removed
    /// first; any other file is left alone.
    #[arg(long)]
    overwrite: bool,
    /// Keep, in each kept record's metadata, the lines that cleaning removed and why.
    #[arg(long)]
    explain: bool,
    /// Dedup within this run (`run`, the default) or against the index file a previous run
    /// saved with `[dedup] save_index = "FILE"` (incremental crawls).
    #[arg(long, value_name = "run|FILE")]
    dedup_scope: Option<String>,
    /// Where the input's fields are: a named shape of a common dump (oscar, fineweb, c4,
    /// saudinewsnet, hplt, ccnet, dolma); sets `[input] shape`.
    #[arg(long, value_name = "NAME")]
    input_shape: Option<String>,
    /// Print the effective configuration as TOML and exit.
    #[arg(long)]
    print_config: bool,
    /// No progress bar and no summary table (stats.json is still written).
    #[arg(short, long)]
    quiet: bool,
}

/// Parses `args` (the program name first, as in `std::env::args_os`) and runs the command.
/// A usage error prints clap's message and gives its exit code.
pub fn run(args: Vec<OsString>) -> anyhow::Result<u8> {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version print to stdout and exit 0; usage errors print to stderr, exit 2.
            let _ = e.print();
            return Ok(e.exit_code().clamp(0, 255) as u8);
        }
    };
    match cli.command {
        Command::Run(args) => run_command(*args),
        Command::Report(args) => crate::report::run(args),
        Command::Index(args) => crate::search::index(args),
        Command::Search(args) => crate::search::search(args),
        Command::Serve(args) => crate::serve::serve(args),
    }
}

fn run_command(args: RunArgs) -> anyhow::Result<u8> {
    let config = effective_config(&args)?;
    if args.print_config {
        let full = ghirbal_pipeline::effective_config(&config).context("bad config")?;
        print!("{}", full.to_toml());
        return Ok(0);
    }
    let stages = Stages::build(&config).context("cannot build stages")?;
    // URLs are read through object_store; nothing is set up until one is used.
    ghirbal_remote::install();
    let mut inputs = args.inputs.clone();
    if let Some(paths) = &args.paths {
        let listed =
            ghirbal_io::read_paths(paths, args.base_url.as_deref()).map_err(anyhow::Error::msg)?;
        if listed.is_empty() {
            bail!(
                "the paths file {} lists no input",
                ghirbal_io::storage::display_url(paths)
            );
        }
        inputs.extend(listed);
    }
    if inputs.is_empty() {
        inputs.push(sample_dir()?);
    }
    ready_output(&inputs, &args.out, args.resume, args.overwrite)?;
    let options = RunOptions {
        inputs,
        out: args.out.clone(),
        resume: args.resume,
    };
    let bar = Bar::new(args.quiet);
    let summary = ghirbal_pipeline::run(&config, &stages, &options, &bar)?;
    bar.clear();
    if !args.quiet {
        crate::summary::print(&summary);
    }
    Ok(0)
}

/// Readies `out` for a run over `inputs`: a folder that holds files is refused unless
/// `resume` or `overwrite` (see [`ghirbal_pipeline::ready_output`]). `--overwrite` removes the
/// old output only once every input is found, so a mistyped path stops the run (exit 2) with
/// the old output still there. The command line and `ghirbal.run` share it.
///
/// # Errors
/// The folder holds files and neither switch was given, or it cannot be listed or cleared.
pub fn ready_output(
    inputs: &[PathBuf],
    out: &std::path::Path,
    resume: bool,
    overwrite: bool,
) -> Result<(), ghirbal_pipeline::RunError> {
    let inputs_found = || {
        let found = ghirbal_io::expand(inputs);
        found.fatal.is_none() && found.problems.is_empty() && !found.inputs.is_empty()
    };
    if !overwrite || inputs_found() {
        ghirbal_pipeline::ready_output(out, resume, overwrite)?;
    }
    Ok(())
}

/// The preset, the config file over it, then the command-line switches over both.
fn effective_config(args: &RunArgs) -> anyhow::Result<Config> {
    let mut config = Config::load(&args.preset, args.config.as_deref())?;
    let switches = Switches {
        threads: args.threads,
        format: args.format.clone(),
        fields: args.fields.clone(),
        skip: args.skip.clone(),
        only: args.only.clone(),
        input_shape: args.input_shape.clone(),
        dedup_scope: args.dedup_scope.clone(),
        explain: args.explain,
    };
    switches.apply(&mut config)?;
    Ok(config)
}

/// The run switches that override a config: the command line's, and `ghirbal.run`'s keyword
/// arguments in the Python package, applied by the one function below.
#[derive(Debug, Clone, Default)]
pub struct Switches {
    /// `--threads`.
    pub threads: Option<usize>,
    /// `--format`: `jsonl` or `parquet`.
    pub format: Option<String>,
    /// `--fields`: the output columns (`[output] fields`); empty keeps the config's.
    pub fields: Vec<String>,
    /// `--skip`: stage names to switch off.
    pub skip: Vec<String>,
    /// `--only`: the only stages to run.
    pub only: Vec<String>,
    /// `--input-shape`.
    pub input_shape: Option<String>,
    /// `--dedup-scope`: `run` or an index file.
    pub dedup_scope: Option<String>,
    /// `--explain`.
    pub explain: bool,
}

/// A switch that names no format or stage, `--skip` with `--only`, or a bad `[input]` table.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SwitchError(String);

impl Switches {
    /// Applies the switches over `config`, then checks the `[input]` table they may have set.
    pub fn apply(&self, config: &mut Config) -> Result<(), SwitchError> {
        if let Some(t) = self.threads {
            config.run.threads = t;
        }
        if let Some(f) = &self.format {
            config.run.format = f.parse::<OutputFormat>().map_err(SwitchError)?;
        }
        let parse = |names: &[String]| -> Result<Vec<StageName>, SwitchError> {
            names
                .iter()
                .filter(|n| !n.trim().is_empty())
                .map(|n| n.parse::<StageName>().map_err(SwitchError))
                .collect()
        };
        let skip = parse(&self.skip)?;
        let only = parse(&self.only)?;
        if !skip.is_empty() && !only.is_empty() {
            return Err(SwitchError(
                "--skip and --only cannot be used together".into(),
            ));
        }
        if !only.is_empty() {
            for s in StageName::ALL {
                config.stages.insert(s, only.contains(&s));
            }
        }
        for s in skip {
            config.stages.insert(s, false);
        }
        if !self.fields.is_empty() {
            config.output.fields = self
                .fields
                .iter()
                .map(|f| f.trim().to_owned())
                .filter(|f| !f.is_empty())
                .collect();
        }
        ghirbal_io::schema::Fields::from_config(&config.output)
            .map_err(|e| SwitchError(format!("bad config in [output]: {e}")))?;
        if let Some(shape) = &self.input_shape {
            config.input.shape = shape.clone();
        }
        ghirbal_io::FieldMap::new(&config.input)
            .map_err(|e| SwitchError(format!("bad config in [input]: {e}")))?;
        if let Some(scope) = &self.dedup_scope {
            let dedup = config.sections.entry(StageName::Dedup).or_default();
            dedup.insert("scope".into(), scope.clone().into());
        }
        if self.explain {
            let clean = config.sections.entry(StageName::Clean).or_default();
            clean.insert("explain".into(), true.into());
        }
        Ok(())
    }
}

/// The sample that ships in `examples/`: next to the binary's source tree when run with
/// cargo, else `./examples`.
pub fn sample_dir() -> anyhow::Result<PathBuf> {
    let candidates = [
        PathBuf::from("examples"),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples"),
    ];
    for c in candidates {
        if c.is_dir() {
            return Ok(c);
        }
    }
    bail!("no input given and no examples/ folder here; try `ghirbal run FILE...`")
}
