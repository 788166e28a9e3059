//! The Rust side of `benches/one_call.sh`: Get Secret Value through the blocking client, called
//! `CALLS` times in a row on one client after `WARMUP` untimed calls, against the emulator at
//! `URL`; each timed call includes reading the ACTIVE value's length and dropping the answer
//! (its values zeroed). Prints the duration of each timed call in nanoseconds, one per line,
//! once they are all done (the script computes the statistics of every language alike).
//!
//! `one_call URL SECRET_ID CALLS WARMUP`, or `one_call create URL` to create the secret the
//! calls read and print its id. The keys come from `NCLOUD_ACCESS_KEY` / `NCLOUD_SECRET_KEY`.

#![allow(clippy::print_stdout, reason = "the measuring script reads what it printed")]

use std::hint::black_box;
use std::io::{self, BufWriter, Write};
use std::time::Instant;

use secretmanager_blocking::ncp::{self, Client};

const USAGE: &str = "usage: one_call URL SECRET_ID CALLS WARMUP | one_call create URL";

fn client(url: &str) -> Result<Client, Box<dyn std::error::Error>> {
    Ok(Client::builder().base_url(url).credentials_from_env().no_proxy().build()?)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [create, url] if create == "create" => {
            let value = r#"{"user":"bench","password":"one-call-Pa55word"}"#;
            let secret =
                client(url)?.create_secret(&ncp::CreateSecret::new("benchonecall", value, ["password"]))?;
            println!("{}", secret.secret_id);
            Ok(())
        }
        [url, id, calls, warmup] => {
            let (calls, warmup): (usize, usize) = (calls.parse()?, warmup.parse()?);
            let client = client(url)?;
            let op = ncp::GetSecretValue::new(id.as_str());
            for _ in 0..warmup {
                black_box(client.get_secret_value(&op)?);
            }
            let mut nanos = Vec::with_capacity(calls);
            for _ in 0..calls {
                let start = Instant::now();
                let chain = client.get_secret_value(black_box(&op))?;
                let active = chain.chain.active.as_ref().map_or(0, |value| value.len());
                drop(chain); // the answer is freed (and its values zeroed) within the timing
                nanos.push(start.elapsed().as_nanos());
                if active == 0 {
                    return Err("the answer has no ACTIVE value".into());
                }
            }
            let mut out = BufWriter::new(io::stdout().lock());
            for n in nanos {
                writeln!(out, "{n}")?;
            }
            out.flush()?;
            Ok(())
        }
        _ => Err(USAGE.into()),
    }
}
