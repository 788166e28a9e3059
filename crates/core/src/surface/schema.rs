//! The JSON Schema documents of the operations, one per provider, checked in under `schemas/`
//! (a test regenerates them and fails on any difference).
//!
//! A document lists every operation under `operations` (its names, HTTP method, kind, the
//! request field naming the page of a paged list, and references to its request and answer
//! types), and the types under `requests` (described as read: path and query fields included)
//! and `answers` (described as written). A secret is a string marked `"x-secret": true`; a
//! string enum lists its documented words in `x-enum` (any other word is kept as sent);
//! `format` is `epoch-millis` for NCP dates.

use schemars::generate::{Contract, SchemaSettings};
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Map, Value, json};

use super::OperationInfo;

/// The first member of every document: it is generated, and how to regenerate it.
pub const GENERATED_NOTE: &str =
    "Generated from the Rust types of secretmanager-core. Do not edit by hand: run bash scripts/generate.sh";

/// Where the request types live in a document.
pub const REQUESTS_PATH: &str = "/requests";
/// Where the answer types live in a document.
pub const ANSWERS_PATH: &str = "/answers";

/// Gathers the schemas of one provider's operations.
#[derive(Debug)]
pub struct DocumentBuilder {
    requests: SchemaGenerator,
    answers: SchemaGenerator,
    operations: Map<String, Value>,
}

impl DocumentBuilder {
    /// An empty document.
    pub fn new() -> Self {
        Self {
            requests: generator(Contract::Deserialize, REQUESTS_PATH),
            answers: generator(Contract::Serialize, ANSWERS_PATH),
            operations: Map::new(),
        }
    }

    /// Adds operation `info`, whose request type is `Request` and answer type `Answer`.
    pub fn add<Request: JsonSchema, Answer: JsonSchema>(&mut self, info: &OperationInfo) {
        let request = self.requests.subschema_for::<Request>();
        let answer = self.answers.subschema_for::<Answer>();
        self.operations.insert(
            info.name.to_owned(),
            json!({
                "api_name": info.api_name,
                "method_name": info.method_name,
                "http_method": info.http_method.as_str(),
                "kind": info.kind.as_str(),
                "settled_by": info.settled_by,
                "page_field": info.page_field,
                "request": request,
                "answer": answer,
            }),
        );
    }

    /// The finished document, titled `title`.
    pub fn finish(mut self, title: &str) -> Value {
        json!({
            "$comment": GENERATED_NOTE,
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": title,
            "operations": self.operations,
            "requests": self.requests.take_definitions(true),
            "answers": self.answers.take_definitions(true),
        })
    }
}

impl Default for DocumentBuilder {
    fn default() -> Self {
        Self::new()
    }
}

/// The document titled `title` of `operations`, each added by `visit` (the catalog's `visit`
/// of the operation's name with the visitor given).
pub(crate) fn document(
    operations: &[OperationInfo],
    visit: impl Fn(&OperationInfo, Add<'_>) -> Option<()>,
    title: &str,
) -> Value {
    let mut document = DocumentBuilder::new();
    for info in operations {
        visit(info, Add(&mut document, info));
    }
    document.finish(title)
}

/// Adds the operation visited to a document, as `info` describes it.
pub(crate) struct Add<'a>(&'a mut DocumentBuilder, &'a OperationInfo);

impl<P: crate::ProviderKind> super::Visitor<P> for Add<'_> {
    type Output = ();

    fn visit<O: super::CatalogOperation<Provider = P>>(self) {
        self.0.add::<O, O::Output>(self.1);
    }
}

fn generator(contract: Contract, definitions_path: &'static str) -> SchemaGenerator {
    let mut settings = SchemaSettings::draft2020_12();
    settings.contract = contract;
    settings.definitions_path = definitions_path.into();
    settings.meta_schema = None;
    SchemaGenerator::new(settings)
}
