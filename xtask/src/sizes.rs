//! Size report of a dist/ folder: raw, gzip -9 and brotli -q 11 per file, and what a page load fetches.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use crate::error::{Context, Error, Result};

/// The most a page load may fetch, gzip-compressed, in bytes (1 KB = 1000 bytes).
pub const PAGE_LOAD_BUDGET_GZIP: u64 = 150_000;

/// The page a load starts from.
const ENTRY: &str = "index.html";

/// Files that can make the page fetch other files by naming them. A wasm binary counts:
/// its data names the scripts it starts, such as a web worker's.
const FETCHING_TYPES: [&str; 5] = ["html", "js", "mjs", "css", "wasm"];

/// Files the page fetches whose own references are not part of the page load: the service
/// worker is registered after the page has loaded, and what it precaches (every file of
/// dist/, for offline use) is fetched in the background, not by the page.
const NOT_FOLLOWED: [&str; 1] = ["sw.js"];

/// Files for other pages: the iframe resizer, the custom element and the single-file
/// build. The page names them (its share panel shows how to embed the widget) but never
/// fetches them.
const FOR_OTHER_PAGES: [&str; 3] = ["embed.js", "revenue-model.js", "revenue-model-offline.html"];

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sizes {
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

impl std::ops::AddAssign for Sizes {
    fn add_assign(&mut self, other: Self) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }
}

#[derive(Debug)]
pub struct FileSizes {
    /// Path relative to dist/, with `/` separators.
    pub path: String,
    pub sizes: Sizes,
    /// Whether loading the page fetches this file.
    pub page_load: bool,
}

#[derive(Debug)]
pub struct Report {
    pub files: Vec<FileSizes>,
}

impl Report {
    /// Measures every file under `dist`.
    pub fn measure(dist: &Path) -> Result<Self> {
        let mut contents = Vec::new();
        collect(dist, dist, &mut contents)?;
        contents.sort_by(|a, b| a.0.cmp(&b.0));
        let fetched = page_load_files(&contents)?;
        let sizes = measure_all(&contents)?;
        let files = contents
            .into_iter()
            .zip(sizes)
            .map(|((path, _), sizes)| FileSizes {
                page_load: fetched.contains(&path),
                path,
                sizes,
            })
            .collect();
        Ok(Self { files })
    }

    pub fn total(&self) -> Sizes {
        self.sum(|_| true)
    }

    /// What the page itself fetches: everything a page load reaches except the simulation
    /// worker's own files, which the worker fetches and which are counted separately.
    pub fn page_load(&self) -> Sizes {
        self.sum(|file| file.page_load && !is_worker_file(&file.path))
    }

    /// The simulation worker's own files (its loader, glue and wasm).
    pub fn worker(&self) -> Sizes {
        self.sum(|file| file.page_load && is_worker_file(&file.path))
    }

    fn sum(&self, include: impl Fn(&FileSizes) -> bool) -> Sizes {
        let mut total = Sizes::default();
        for file in self.files.iter().filter(|file| include(file)) {
            total += file.sizes;
        }
        total
    }

    /// The table, the totals and the page-load line.
    pub fn render(&self) -> String {
        let width = self
            .files
            .iter()
            .map(|file| file.path.len())
            .chain([5])
            .max()
            .unwrap_or(5);
        let mut out = String::new();
        let row = |out: &mut String, name: &str, sizes: Sizes, mark: &str| {
            let _ = writeln!(
                out,
                "{name:<width$}  {:>10}  {:>10}  {:>10}  {mark}",
                kb(sizes.raw),
                kb(sizes.gzip),
                kb(sizes.brotli)
            );
        };
        let _ = writeln!(
            out,
            "{:<width$}  {:>10}  {:>10}  {:>10}  page load",
            "file", "raw", "gzip -9", "brotli 11"
        );
        for file in &self.files {
            let mark = if file.page_load { "yes" } else { "no" };
            row(&mut out, &file.path, file.sizes, mark);
        }
        row(&mut out, "total", self.total(), "");
        let load = self.page_load();
        let _ = writeln!(
            out,
            "page load (html+js+wasm+css): {} gzip, {} brotli ({} raw; budget {} gzip; 1 KB = 1000 bytes)",
            kb(load.gzip),
            kb(load.brotli),
            kb(load.raw),
            kb(PAGE_LOAD_BUDGET_GZIP)
        );
        let worker = self.worker();
        let _ = writeln!(
            out,
            "simulation worker, counted separately: {} gzip, {} brotli ({} raw)",
            kb(worker.gzip),
            kb(worker.brotli),
            kb(worker.raw)
        );
        let _ = writeln!(out, "{}", self.budget_verdict());
        out
    }

    /// Whether the page load is within the gzip budget, and by how much it is over.
    /// The size is a measured figure for the README, not a pass/fail test.
    pub fn budget_verdict(&self) -> String {
        let gzip = self.page_load().gzip;
        if gzip > PAGE_LOAD_BUDGET_GZIP {
            format!(
                "size budget: OVER by {} ({} gzip against {})",
                kb(gzip - PAGE_LOAD_BUDGET_GZIP),
                kb(gzip),
                kb(PAGE_LOAD_BUDGET_GZIP)
            )
        } else {
            format!(
                "size budget: within ({} gzip of {})",
                kb(gzip),
                kb(PAGE_LOAD_BUDGET_GZIP)
            )
        }
    }
}

/// Files of the simulation worker (named after its binary).
fn is_worker_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.starts_with("simulation-worker"))
}

/// Bytes as kilobytes with one decimal (1 KB = 1000 bytes).
pub fn kb(bytes: u64) -> String {
    format!("{}.{} KB", bytes / 1000, (bytes % 1000) / 100)
}

fn collect(dist: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let entries = fs::read_dir(dir).context(format!("reading {}", dir.display()))?;
    for entry in entries {
        let path = entry.context(format!("reading {}", dir.display()))?.path();
        if path.is_dir() {
            collect(dist, &path, out)?;
        } else {
            let bytes = fs::read(&path).context(format!("reading {}", path.display()))?;
            let relative = path.strip_prefix(dist).unwrap_or(&path);
            let name = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((name, bytes));
        }
    }
    Ok(())
}

/// Sizes of every file, in the same order, compressed on all cores (brotli 11 is slow).
fn measure_all(files: &[(String, Vec<u8>)]) -> Result<Vec<Sizes>> {
    let next = AtomicUsize::new(0);
    let workers = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let mut results: Vec<(usize, Result<Sizes>)> = thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some((_, bytes)) = files.get(index) else {
                            break done;
                        };
                        done.push((index, measure_bytes(bytes)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle.join().unwrap_or_else(|_| {
                    vec![(usize::MAX, Err(Error::new("a compression thread stopped")))]
                })
            })
            .collect()
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, sizes)| sizes).collect()
}

pub fn measure_bytes(bytes: &[u8]) -> Result<Sizes> {
    Ok(Sizes {
        raw: bytes.len() as u64,
        gzip: gzip_len(bytes)?,
        brotli: brotli_len(bytes)?,
    })
}

fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).context("gzip")?;
    Ok(encoder.finish().context("gzip")?.len() as u64)
}

fn brotli_len(bytes: &[u8]) -> Result<u64> {
    let mut compressed = Vec::new();
    {
        // Quality 11, window 22: what `brotli -q 11` and static hosts use.
        let mut writer = brotli::CompressorWriter::new(&mut compressed, 4096, 11, 22);
        writer.write_all(bytes).context("brotli")?;
        writer.flush().context("brotli")?;
    }
    Ok(compressed.len() as u64)
}

/// The files a page load fetches: index.html, then every file named by a fetched
/// html/js/css/wasm file, transitively (except what the service worker names, see
/// [`NOT_FOLLOWED`], [`FOR_OTHER_PAGES`] and the link-preview files, which index.html names
/// for other sites). Source maps are fetched only by open
/// developer tools.
pub fn page_load_files(files: &[(String, Vec<u8>)]) -> Result<BTreeSet<String>> {
    if !files.iter().any(|(path, _)| path == ENTRY) {
        return Err(Error::new(format!("dist has no {ENTRY}")));
    }
    let mut fetched = BTreeSet::from([ENTRY.to_string()]);
    let mut queue = vec![ENTRY.to_string()];
    while let Some(current) = queue.pop() {
        let fetches_more = current
            .rsplit_once('.')
            .is_some_and(|(_, ext)| FETCHING_TYPES.contains(&ext))
            && !NOT_FOLLOWED.contains(&current.as_str());
        let Some((_, bytes)) = files.iter().find(|(path, _)| *path == current) else {
            continue;
        };
        if !fetches_more {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for (path, _) in files {
            if !fetched.contains(path)
                && !path.ends_with(".map")
                && !FOR_OTHER_PAGES.contains(&path.as_str())
                && !crate::share_card::FILES.contains(&path.as_str())
                && names(&text, path)
            {
                fetched.insert(path.clone());
                queue.push(path.clone());
            }
        }
    }
    Ok(fetched)
}

/// Whether `text` names `path` as a whole file name (not as part of a longer one).
fn names(text: &str, path: &str) -> bool {
    let part_of_name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    text.match_indices(path).any(|(start, _)| {
        let before = text.get(..start).and_then(|s| s.chars().next_back());
        let after = text
            .get(start + path.len()..)
            .and_then(|s| s.chars().next());
        !before.is_some_and(part_of_name) && !after.is_some_and(part_of_name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> (String, Vec<u8>) {
        (path.to_string(), text.as_bytes().to_vec())
    }

    #[test]
    fn page_load_follows_references_from_the_entry() -> Result<()> {
        let files = [
            file(
                "index.html",
                r#"<link rel="stylesheet" href="./widget-1.css"><script type="module">import init from './app-2.js';</script>"#,
            ),
            file(
                "app-2.js",
                "new URL('app-2_bg.wasm', import.meta.url)\n//# sourceMappingURL=app-2.js.map",
            ),
            file("app-2_bg.wasm", "\0asm\u{1}./worker-loader.js\0"),
            file(
                "worker-loader.js",
                "importScripts('./worker.js'); init('./worker_bg.wasm')",
            ),
            file("worker.js", ""),
            file("worker_bg.wasm", "\0asm"),
            file("app-2.js.map", "{}"),
            file("widget-1.css", "body{}"),
            file("embed.html", "a standalone page nobody links"),
            file("notes.txt", "index.html app-2.js"),
        ];
        let fetched = page_load_files(&files)?;
        let expected = [
            "app-2.js",
            "app-2_bg.wasm",
            "index.html",
            "widget-1.css",
            "worker-loader.js",
            "worker.js",
            "worker_bg.wasm",
        ];
        assert_eq!(
            fetched.iter().map(String::as_str).collect::<Vec<_>>(),
            expected
        );
        Ok(())
    }

    #[test]
    fn the_link_preview_image_and_oembed_response_are_not_page_load() -> Result<()> {
        let files = [
            file(
                "index.html",
                r#"<meta property="og:image" content="./preview.png"><link rel="alternate" type="application/json+oembed" href="./oembed.json">"#,
            ),
            file("preview.png", "\u{89}PNG"),
            file("oembed.json", "{}"),
        ];
        let fetched = page_load_files(&files)?;
        assert_eq!(
            fetched.iter().map(String::as_str).collect::<Vec<_>>(),
            ["index.html"]
        );
        Ok(())
    }

    #[test]
    fn the_service_worker_counts_but_its_precache_list_and_embedding_files_do_not() -> Result<()> {
        let files = [
            file(
                "index.html",
                r#"<script type="module" src="./boot-1.js" integrity="x"></script>"#,
            ),
            file(
                "boot-1.js",
                "import init from './app-2.js'; init('./app-2_bg.wasm'); register(new URL('./sw.js', import.meta.url))",
            ),
            file("app-2.js", ""),
            file(
                "sw.js",
                "const PRECACHE = ['./index.html', './app-2.js', './embed.js', './revenue-model.js'];",
            ),
            file("embed.js", ""),
            file("revenue-model.js", "import './app-2.js'"),
            file(
                "app-2_bg.wasm",
                "<script src=\"https://example.com/embed.js\"> <script src=\"revenue-model.js\">",
            ),
            file("revenue-model-offline.html", "<script type=module>"),
        ];
        let fetched = page_load_files(&files)?;
        assert_eq!(
            fetched.iter().map(String::as_str).collect::<Vec<_>>(),
            [
                "app-2.js",
                "app-2_bg.wasm",
                "boot-1.js",
                "index.html",
                "sw.js"
            ]
        );
        Ok(())
    }

    #[test]
    fn a_name_inside_a_longer_name_is_not_a_reference() {
        assert!(names("src='./a.js'", "a.js"));
        assert!(!names("src='./data.js'", "a.js"));
        assert!(!names("src='./a.js.map'", "a.js"));
        assert!(names(
            "import './snippets/x/inline0.js'",
            "snippets/x/inline0.js"
        ));
    }

    #[test]
    fn measures_a_folder_in_order_with_its_subfolders() -> Result<()> {
        let dist = std::env::temp_dir().join(format!("xtask-sizes-{}", std::process::id()));
        let snippets = dist.join("snippets").join("x");
        fs::create_dir_all(&snippets).context("creating a test folder")?;
        fs::write(dist.join("index.html"), "<script src='./snippets/x/a.js'>")
            .context("writing index.html")?;
        fs::write(snippets.join("a.js"), "x".repeat(5000)).context("writing a.js")?;
        fs::write(dist.join("z.txt"), "unused").context("writing z.txt")?;
        let report = Report::measure(&dist);
        fs::remove_dir_all(&dist).context("removing the test folder")?;
        let report = report?;
        let rows: Vec<(&str, u64, bool)> = report
            .files
            .iter()
            .map(|file| (file.path.as_str(), file.sizes.raw, file.page_load))
            .collect();
        assert_eq!(
            rows,
            [
                ("index.html", 32, true),
                ("snippets/x/a.js", 5000, true),
                ("z.txt", 6, false)
            ]
        );
        assert_eq!(report.page_load().raw, 5032);
        assert_eq!(report.total().raw, 5038);
        assert!(report.page_load().gzip < 200);
        Ok(())
    }

    #[test]
    fn dist_without_index_is_an_error() {
        assert!(page_load_files(&[file("a.js", "")]).is_err());
    }

    #[test]
    fn compression_shrinks_repetitive_input_and_brotli_beats_gzip_here() -> Result<()> {
        let text = "revenue concentration ".repeat(500);
        let sizes = measure_bytes(text.as_bytes())?;
        assert_eq!(sizes.raw, 11_000);
        assert!(sizes.gzip < 200, "gzip {}", sizes.gzip);
        assert!(
            sizes.brotli < sizes.gzip,
            "brotli {} gzip {}",
            sizes.brotli,
            sizes.gzip
        );
        Ok(())
    }

    #[test]
    fn kilobytes_are_thousands_with_one_decimal() {
        assert_eq!(kb(0), "0.0 KB");
        assert_eq!(kb(91_349), "91.3 KB");
        assert_eq!(kb(150_000), "150.0 KB");
    }

    #[test]
    fn budget_counts_only_page_load_files() {
        let big = Sizes {
            raw: 1,
            gzip: PAGE_LOAD_BUDGET_GZIP + 1,
            brotli: 1,
        };
        let small = Sizes {
            raw: 1,
            gzip: 10,
            brotli: 1,
        };
        let report = |page_load| Report {
            files: vec![
                FileSizes {
                    path: "index.html".into(),
                    sizes: small,
                    page_load: true,
                },
                FileSizes {
                    path: "big.wasm".into(),
                    sizes: big,
                    page_load,
                },
            ],
        };
        assert!(report(false)
            .budget_verdict()
            .starts_with("size budget: within"));
        assert!(report(true)
            .budget_verdict()
            .starts_with("size budget: OVER by 0.0 KB"));
        assert!(report(true)
            .render()
            .contains("page load (html+js+wasm+css): 150.0 KB gzip"));
    }
}
