//! secretmanager-blocking (being written).
