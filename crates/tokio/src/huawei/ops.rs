//! One awaitable method per CSMS operation, each a thin wrapper of [`Client::call`].

use secretmanager_core::huawei::{self, Operation};

use super::Client;

secretmanager_core::huawei_operations!(crate::operations::operation_methods, huawei);
