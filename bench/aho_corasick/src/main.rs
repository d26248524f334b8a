//! Rust aho-corasick over the benchmark corpus, one search per line, as
//! lexgate's Engine::Scan is timed: the automaton build and the file
//! reading are excluded, the matching loop is timed.
//!
//!     aho_corasick_peer KEYWORDS CORPUS leftmost-longest|overlapping
//!
//! Prints `AHO_RS {"build_s":..,"scan_s":..,"matches":..,"bytes":..}`.
//! leftmost-longest: non-overlapping matches, the longest at each start
//! (MatchKind::LeftmostLongest); overlapping: every occurrence of every
//! keyword (MatchKind::Standard, find_overlapping_iter). Both use the DFA.
use aho_corasick::{AhoCorasickBuilder, MatchKind};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: {} KEYWORDS CORPUS leftmost-longest|overlapping", args[0]);
        std::process::exit(2);
    }
    let keywords_text = std::fs::read(&args[1]).expect("read keywords");
    let keywords: Vec<&[u8]> = keywords_text
        .split(|&b| b == b'\n')
        .map(|k| k.strip_suffix(b"\r").unwrap_or(k))
        .filter(|k| !k.is_empty())
        .collect();
    let corpus = std::fs::read(&args[2]).expect("read corpus");
    let overlapping = match args[3].as_str() {
        "leftmost-longest" => false,
        "overlapping" => true,
        other => {
            eprintln!("unknown mode {other}");
            std::process::exit(2);
        }
    };
    let build_start = Instant::now();
    let ac = AhoCorasickBuilder::new()
        .match_kind(if overlapping {
            MatchKind::Standard
        } else {
            MatchKind::LeftmostLongest
        })
        .dfa(true)
        .build(&keywords);
    let build_s = build_start.elapsed().as_secs_f64();

    let lines: Vec<&[u8]> = corpus.split(|&b| b == b'\n').collect();
    let scan_start = Instant::now();
    let mut matches: u64 = 0;
    for line in &lines {
        if overlapping {
            matches += ac.find_overlapping_iter(line).count() as u64;
        } else {
            matches += ac.find_iter(line).count() as u64;
        }
    }
    let scan_s = scan_start.elapsed().as_secs_f64();
    println!(
        "AHO_RS {{\"build_s\":{:.4},\"scan_s\":{:.4},\"matches\":{},\"bytes\":{},\"keywords\":{}}}",
        build_s,
        scan_s,
        matches,
        corpus.len(),
        keywords.len()
    );
}
