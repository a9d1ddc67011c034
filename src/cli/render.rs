//! `zukai render`: draws eras as SVG, PNG and/or Scene JSON, or checks that committed
//! drawings are up to date (`--check`, for CI).
//!
//! Nothing is written unless every inventory loads without errors, and every write is atomic,
//! so a broken inventory never leaves a half-updated `out/`.

use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, write_atomic};
use crate::check::{self, CheckConfig};
use crate::diag::{self, Diagnostic, Severity};
use crate::layout::{Direction, Engine};
use crate::model::{Era, load};
use crate::render::{png, svg};
use crate::scene::build::{self, SceneOptions};
use crate::scene::theme::{self, Theme};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Largest `--scale` accepted: a 16× PNG of a large diagram is already hundreds of MB.
pub const MAX_SCALE: f32 = 16.0;

/// Arguments of `zukai render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Inventory files or directories. Default: every inventory in `inventories/`.
    pub files: Vec<PathBuf>,
    /// Where to write: a file (`arch.svg`, `arch.png`, `arch.json`) when one era is drawn,
    /// otherwise a directory that gets `<era>.svg` / `<era>.png` / `<era>.json`.
    /// Default: `out/`.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// What to write. Default: svg and png (or what the `-o` file's extension names).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Render in memory and compare with the files on disk; exit 1 naming every stale or
    /// missing file. Writes nothing.
    #[arg(long)]
    pub check: bool,
    /// Which way links flow.
    #[arg(long, value_enum, default_value_t = DirectionArg::Right)]
    pub direction: DirectionArg,
    /// Colour theme.
    #[arg(long, default_value = "default", value_parser = parse_theme)]
    pub theme: &'static Theme,
    /// PNG pixels per SVG pixel.
    #[arg(long, default_value_t = 2.0, value_parser = parse_scale)]
    pub scale: f32,
    /// Layout engine: zukai's own layered engine (fast at any size), or the layout-rs crate.
    #[arg(long, value_enum, default_value_t = EngineArg::Layered)]
    pub engine: EngineArg,
    /// Empty space around the picture, in px. Default: the scene builder's (40).
    #[arg(long, value_parser = parse_pad)]
    pub pad: Option<f64>,
}

/// Output formats of `zukai render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// SVG with the font embedded.
    Svg,
    /// PNG rasterised by resvg.
    Png,
    /// The Scene as JSON (geometry, colours, placed text).
    Json,
    /// SVG, PNG and JSON.
    All,
}

/// `--engine` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// zukai's layered (Sugiyama) engine with orthogonal routing.
    Layered,
    /// The layout-rs crate for each container (containers of more than 150 children still
    /// use the layered engine).
    LayoutRs,
}

/// `--direction` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DirectionArg {
    /// Left to right.
    Right,
    /// Top to bottom.
    Down,
}

fn parse_theme(s: &str) -> Result<&'static Theme, String> {
    theme::by_name(s).ok_or_else(|| {
        let names: Vec<&str> = theme::ALL.iter().map(|t| t.name).collect();
        format!("unknown theme `{s}`; themes: {}", names.join(", "))
    })
}

fn parse_scale(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= MAX_SCALE => Ok(v),
        _ => Err(format!("expected a number above 0 and at most {MAX_SCALE}")),
    }
}

fn parse_pad(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=10_000.0).contains(&v) => Ok(v),
        _ => Err("expected a number of px from 0 to 10000".to_string()),
    }
}

/// One file `zukai render` produces.
#[derive(Debug)]
struct Output {
    path: PathBuf,
    bytes: Vec<u8>,
    /// PNGs are compared as pictures, everything else byte for byte.
    png: bool,
}

/// Runs `zukai render`.
pub fn run(args: RenderArgs) -> u8 {
    match render(&args) {
        Ok(code) => code,
        Err(Failure::Usage(msg)) => {
            eprintln!("zukai render: {msg}");
            EXIT_ERROR
        }
        Err(Failure::Refused(code)) => code,
    }
}

enum Failure {
    /// Bad arguments or an I/O error: message, exit 2.
    Usage(String),
    /// Already reported (diagnostics printed): this exit code.
    Refused(u8),
}

fn render(args: &RenderArgs) -> Result<u8, Failure> {
    let paths = super::inventory_paths(&args.files).map_err(Failure::Usage)?;
    let loaded = load::load_files(&paths);
    if !loaded.io_errors.is_empty() {
        for (path, why) in &loaded.io_errors {
            eprintln!("zukai render: {path}: {why}");
        }
        return Err(Failure::Refused(EXIT_ERROR));
    }
    let diags = check::check(&loaded, &CheckConfig::default());
    let errors: Vec<Diagnostic> = refusals(&diags);
    if !errors.is_empty() {
        eprint!(
            "{}",
            diag::render::human(&loaded.sources, &errors, super::color_stdout())
        );
        eprintln!(
            "zukai render: {} error{} in the inventories: nothing was drawn and nothing in \
             the output was touched",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        return Err(Failure::Refused(EXIT_FINDINGS));
    }
    let mut names = std::collections::BTreeSet::new();
    for era in &loaded.eras {
        if !names.insert(era.name.as_str()) {
            return Err(Failure::Usage(format!(
                "two inventories declare the era `{}`; their drawings would overwrite each \
                 other",
                era.name
            )));
        }
    }
    let targets = targets(args, &loaded.eras)?;
    let mut opts = SceneOptions {
        theme: args.theme,
        direction: match args.direction {
            DirectionArg::Right => Direction::Right,
            DirectionArg::Down => Direction::Down,
        },
        engine: match args.engine {
            EngineArg::Layered => Engine::Layered,
            EngineArg::LayoutRs => Engine::LayoutRs,
        },
        ..SceneOptions::default()
    };
    if let Some(pad) = args.pad {
        opts.pad = pad;
    }

    let outputs = std::thread::scope(|scope| {
        let mut painter = Painter::new(scope);
        for (era, files) in loaded.eras.iter().zip(targets) {
            let scene = build::draw(&crate::graph::diagram::from_era(era), &opts);
            draw(&mut painter, &scene, &era.name, args.scale, files)?;
        }
        if let Some(dir) = output_dir(args) {
            history(&mut painter, args, &loaded, &diags, &opts, &dir)?;
        }
        painter.finish()
    })?;
    if args.check {
        Ok(check(&outputs))
    } else {
        write(&outputs)
    }
}

/// The problems that stop a render: every error `zukai check` reports (loader errors,
/// semantic errors, lints an inventory denies). Warnings never stop a drawing.
fn refusals(diags: &[Diagnostic]) -> Vec<Diagnostic> {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect()
}

/// Where `-o` points (default `out/`), and the format its extension names when it names
/// one file rather than a directory (`arch.svg`; an existing directory is never a file).
fn output(args: &RenderArgs) -> (PathBuf, Option<Format>) {
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(super::DEFAULT_OUT_DIR));
    let file_format = out
        .extension()
        .and_then(|e| e.to_str())
        .and_then(|e| Format::from_str(e, true).ok())
        .filter(|f| *f != Format::All && !out.is_dir());
    (out, file_format)
}

/// The directory drawings go to, or `None` when `-o` names one file.
fn output_dir(args: &RenderArgs) -> Option<PathBuf> {
    match output(args) {
        (dir, None) => Some(dir),
        (_, Some(_)) => None,
    }
}

/// The formats `--format` asks for; without it, SVG and PNG.
fn formats(f: Option<Format>) -> Vec<Format> {
    match f {
        Some(Format::All) => vec![Format::Svg, Format::Png, Format::Json],
        Some(f) => vec![f],
        None => vec![Format::Svg, Format::Png],
    }
}

/// What a directory of drawings also holds, so it tells the system's story on its own: the
/// check report of every era (`check.txt`), and for each pair of consecutive eras (and the
/// first against the last) the diff picture on the shared layout and the Markdown report
/// (`<before>-to-<after>.diff.{svg,png,md}`).
fn history(
    painter: &mut Painter<'_, '_>,
    args: &RenderArgs,
    loaded: &load::Loaded,
    diags: &[Diagnostic],
    opts: &SceneOptions,
    dir: &std::path::Path,
) -> Result<(), Failure> {
    painter.push(
        dir.join("check.txt"),
        diag::render::human(&loaded.sources, diags, false).into_bytes(),
    );
    let wanted = formats(args.format);
    for (b, a) in crate::diff::stable::era_pairs(&loaded.eras) {
        let (before, after) = (&loaded.eras[b], &loaded.eras[a]);
        let stem = format!("{}-to-{}.diff", before.name, after.name);
        let scenes = crate::diff::stable_scenes(before, after, opts);
        let files = wanted
            .iter()
            .map(|f| (*f, dir.join(format!("{stem}.{}", extension(*f)))))
            .collect();
        draw(painter, &scenes.diff, &stem, args.scale, files)?;
        painter.push(
            dir.join(format!("{stem}.md")),
            crate::diff::report::markdown(&scenes.report).into_bytes(),
        );
    }
    Ok(())
}

/// For each era, the files to produce: `(format, path)`.
fn targets(args: &RenderArgs, eras: &[Era]) -> Result<Vec<Vec<(Format, PathBuf)>>, Failure> {
    let (out, file_format) = output(args);
    if let Some(ext) = file_format {
        if eras.len() != 1 {
            return Err(Failure::Usage(format!(
                "-o {} names a file, but {} eras are drawn; give a directory",
                out.display(),
                eras.len()
            )));
        }
        let wanted = formats(Some(args.format.unwrap_or(ext)));
        return Ok(vec![
            wanted
                .into_iter()
                .map(|f| (f, out.with_extension(extension(f))))
                .collect(),
        ]);
    }
    Ok(eras
        .iter()
        .map(|era| {
            formats(args.format)
                .into_iter()
                .map(|f| (f, out.join(format!("{}.{}", era.name, extension(f)))))
                .collect()
        })
        .collect())
}

fn extension(f: Format) -> &'static str {
    match f {
        Format::Svg => "svg",
        Format::Png => "png",
        Format::Json | Format::All => "json",
    }
}

/// Draws a scene into the requested files (in memory); `name` says which in errors.
fn draw(
    painter: &mut Painter<'_, '_>,
    scene: &crate::scene::Scene,
    name: &str,
    scale: f32,
    files: Vec<(Format, PathBuf)>,
) -> Result<(), Failure> {
    let svg_text = svg::to_svg(scene);
    for (format, path) in files {
        match format {
            Format::Svg => painter.push(path, svg_text.clone().into_bytes()),
            Format::Png => painter.paint(path, name, svg_text.clone(), scale)?,
            Format::Json | Format::All => {
                let mut json = serde_json::to_string_pretty(scene)
                    .map_err(|e| Failure::Usage(format!("`{name}`: {e}")))?;
                json.push('\n');
                painter.push(path, json.into_bytes());
            }
        }
    }
    Ok(())
}

/// Collects the files of a render in order, rasterising PNGs on worker threads meanwhile:
/// a PNG costs about as much as laying out its picture, so on a render of several eras and
/// their diffs the next layout runs while the last picture is drawn. Output bytes do not
/// depend on the number of threads.
struct Painter<'scope, 'env> {
    scope: &'scope std::thread::Scope<'scope, 'env>,
    /// At most this many PNGs are drawn at once (each holds its whole canvas in memory).
    workers: usize,
    outputs: Vec<Output>,
    /// PNGs being drawn: the index of their (still empty) output, and the worker.
    running: std::collections::VecDeque<(usize, PngJob<'scope>)>,
}

type PngJob<'scope> = std::thread::ScopedJoinHandle<'scope, Result<Vec<u8>, String>>;

impl<'scope, 'env> Painter<'scope, 'env> {
    fn new(scope: &'scope std::thread::Scope<'scope, 'env>) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Painter {
            scope,
            workers: cores.saturating_sub(1).clamp(1, 3),
            outputs: Vec::new(),
            running: Default::default(),
        }
    }

    fn push(&mut self, path: PathBuf, bytes: Vec<u8>) {
        self.outputs.push(Output {
            path,
            bytes,
            png: false,
        });
    }

    /// Starts drawing `svg_text` as a PNG, after waiting for the oldest one when every
    /// worker is busy.
    fn paint(
        &mut self,
        path: PathBuf,
        name: &str,
        svg_text: String,
        scale: f32,
    ) -> Result<(), Failure> {
        if self.running.len() >= self.workers {
            self.wait_oldest()?;
        }
        let name = name.to_string();
        let job = self
            .scope
            .spawn(move || png::to_png(&svg_text, scale).map_err(|e| format!("`{name}`: {e}")));
        self.running.push_back((self.outputs.len(), job));
        self.outputs.push(Output {
            path,
            bytes: Vec::new(),
            png: true,
        });
        Ok(())
    }

    fn wait_oldest(&mut self) -> Result<(), Failure> {
        if let Some((i, job)) = self.running.pop_front() {
            let bytes = job
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                .map_err(Failure::Usage)?;
            self.outputs[i].bytes = bytes;
        }
        Ok(())
    }

    /// Every file, once every PNG is drawn.
    fn finish(mut self) -> Result<Vec<Output>, Failure> {
        while !self.running.is_empty() {
            self.wait_oldest()?;
        }
        Ok(self.outputs)
    }
}

/// Whether `path` already holds what would be written. PNGs are compared as pictures
/// (within one step per channel), so a PNG committed from another CPU is not stale.
fn is_fresh(o: &Output) -> Result<bool, std::io::Error> {
    let on_disk = std::fs::read(&o.path)?;
    Ok(if o.png {
        png::same_picture(&on_disk, &o.bytes)
    } else {
        on_disk == o.bytes
    })
}

fn check(outputs: &[Output]) -> u8 {
    let mut stale = 0;
    for o in outputs {
        match is_fresh(o) {
            Ok(true) => {}
            Ok(false) => {
                stale += 1;
                println!("stale: {}", o.path.display());
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                stale += 1;
                println!("missing: {}", o.path.display());
            }
            Err(e) => {
                stale += 1;
                println!("unreadable: {}: {e}", o.path.display());
            }
        }
    }
    if stale == 0 {
        println!("{} files up to date", outputs.len());
        EXIT_CLEAN
    } else {
        eprintln!(
            "zukai render --check: {stale} of {} files are not up to date; run `zukai render` to redraw them",
            outputs.len()
        );
        EXIT_FINDINGS
    }
}

fn write(outputs: &[Output]) -> Result<u8, Failure> {
    for o in outputs {
        // An unchanged picture is left alone, so its timestamp and the git index stay quiet.
        if matches!(is_fresh(o), Ok(true)) {
            println!("unchanged {}", o.path.display());
            continue;
        }
        write_atomic(&o.path, &o.bytes)
            .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", o.path.display())))?;
        println!("wrote {} ({} bytes)", o.path.display(), o.bytes.len());
    }
    Ok(EXIT_CLEAN)
}
