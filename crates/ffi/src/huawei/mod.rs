//! The Huawei Cloud CSMS functions: the client, create / rotate / new version / update, stages
//! and versions, rotation tasks, and the result objects they hand out.

pub(crate) mod client;
pub(crate) mod rotate;
pub(crate) mod secret;
pub(crate) mod task;
pub(crate) mod version;

pub(crate) use client::sm_huawei_client;
