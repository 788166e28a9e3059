//! secretmanager-emulator (being written).
