//! How fast one task computes connected components: dedup's own union-find
//! (`ghirbal_dedup::UnionFind`, the one `finish` uses) over random edges, then one `find` per
//! node as `finish` does when it picks each cluster's representative.
//!
//! Random pairs over the whole node range are the worst case for the caches (an LSH bucket
//! joins near-copies from anywhere in the corpus). Prints edges per second and what a billion
//! edges would take at that rate.
//!
//! `cargo run --release -p ghirbal-pipeline --example components_rate -- NODES EDGES`
//! (defaults: 50,000,000 nodes, 200,000,000 edges; the union-find holds 8 bytes per node).

use std::time::Instant;

use ghirbal_dedup::UnionFind;

fn main() {
    let mut args = std::env::args().skip(1);
    let nodes: u32 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(50_000_000);
    let edges: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000_000);
    let mut uf = UnionFind::new(nodes);
    // xorshift64*: a fixed seed, so every run joins the same pairs.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let started = Instant::now();
    for _ in 0..edges {
        let r = next();
        let a = ((r >> 32) % nodes as u64) as u32;
        let b = ((r & 0xFFFF_FFFF) % nodes as u64) as u32;
        uf.union(a, b);
    }
    let unions = started.elapsed().as_secs_f64();
    let mut roots = 0u64;
    for i in 0..nodes {
        if uf.find(i) == i {
            roots += 1;
        }
    }
    let total = started.elapsed().as_secs_f64();
    let rate = edges as f64 / total;
    println!(
        "components_rate: {nodes} nodes, {edges} random edges: unions {unions:.2} s, with a find \
         per node {total:.2} s; {roots} components; {:.2} M edges/s; 10^9 edges in {:.1} min \
         at this rate; union-find {} MB",
        rate / 1e6,
        1e9 / rate / 60.0,
        nodes as u64 * 8 / 1_000_000
    );
}
