//! secretmanager-emulator binary (being written).

fn main() {}
