//! One call through the blocking client against `URL`, for `benches/memory.sh` to measure the
//! peak memory of decoding one large answer: `peak_memory URL tiny|chain|list|empty-items`
//! (see `memory_server.py`).

#![allow(clippy::print_stdout, reason = "the measuring script reads what it printed")]

use secretmanager_blocking::ncp::{self, Client, Credentials};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(kind)) = (args.next(), args.next()) else {
        return Err("usage: peak_memory URL tiny|chain|list|empty-items".into());
    };
    let client =
        Client::builder().base_url(&url).credentials(Credentials::new("AK", "SK")).no_proxy().build()?;
    match kind.as_str() {
        "chain" | "tiny" => {
            let id = if kind == "tiny" { "tiny" } else { "big" };
            let chain = client.get_secret_value(&ncp::GetSecretValue::new(id))?;
            let bytes: usize = [&chain.chain.previous, &chain.chain.active, &chain.chain.pending]
                .into_iter()
                .flatten()
                .map(|value| value.len())
                .sum();
            println!("chain of {bytes} bytes");
        }
        "list" | "empty-items" => {
            let page = if kind == "list" { 1 } else { 2 };
            match client.get_secret_list(&ncp::GetSecretList::new().page_no(page)) {
                Ok(list) => println!("{} secrets", list.secret_list.len()),
                Err(e) => println!("refused: {e}"),
            }
        }
        other => return Err(format!("unknown answer kind {other}").into()),
    }
    Ok(())
}
