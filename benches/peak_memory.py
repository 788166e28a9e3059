"""One call through the Python package against URL, for benches/memory.sh to measure the peak
memory of decoding one large answer: python3 peak_memory.py URL tiny|chain|list|empty-items."""

import sys

import secretmanager


def main() -> None:
    url, kind = sys.argv[1], sys.argv[2]
    with secretmanager.Client(url, "AK", "SK", no_proxy=True) as client:
        if kind in ("list", "empty-items"):
            try:
                page = client.list_secrets(1 if kind == "list" else 2)
                print(len(page.secrets), "secrets")
            except secretmanager.DecodeError as refused:
                print("refused:", refused)
        else:
            chain = client.get_secret_value("tiny" if kind == "tiny" else "big")
            print("chain of", sum(len(v.reveal()) for v in (chain.previous, chain.active, chain.pending) if v), "bytes")


if __name__ == "__main__":
    main()
