//! One awaitable method per NCP operation, each a thin wrapper of [`Client::call`].

use secretmanager_core::ncp::{self, Operation};

use super::Client;

secretmanager_core::ncp_operations!(crate::operations::operation_methods, ncp);
