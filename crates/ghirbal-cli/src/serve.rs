//! `ghirbal serve OUT`: the read-only web UI over an output folder and its index.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use clap::Args;

/// Arguments of `ghirbal serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// The output folder (indexed by `ghirbal index --rejects OUT` first).
    #[arg(default_value = "ghirbal-out")]
    out: PathBuf,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The address to listen on; another than 127.0.0.1 only to share the UI on purpose
    /// (it has no login).
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
}

pub fn serve(args: ServeArgs) -> anyhow::Result<u8> {
    let addr = SocketAddr::new(args.bind, args.port);
    if !args.bind.is_loopback() {
        eprintln!(
            "ghirbal serve: listening on {} (not loopback): anyone who reaches it can read the corpus",
            args.bind
        );
    }
    ghirbal_serve::serve(&args.out, addr, |bound| {
        println!(
            "  serving {} on http://{bound}/ (Ctrl-C stops)",
            args.out.display()
        );
    })?;
    Ok(0)
}
