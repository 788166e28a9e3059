//! secretmanager-ffi (being written).
