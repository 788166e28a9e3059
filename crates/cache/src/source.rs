//! Where a cache gets its values: one implementation per client, each knowing what one entry
//! of its provider holds and how to refresh it cheaply.

use secretmanager_blocking::{ChangeSubscription, SecretString, huawei, ncp};
use secretmanager_core::huawei::{ShowSecretStage, ShowSecretVersion};

/// A client a [`SecretCache`](crate::SecretCache) can be put over:
/// [`ncp::Client`](secretmanager_blocking::ncp::Client) and
/// [`huawei::Client`](secretmanager_blocking::huawei::Client). Implemented by these only.
pub trait Source: sealed::Fetch + Clone + Send + Sync + 'static {}

impl Source for ncp::Client {}
impl Source for huawei::Client {}

/// What one entry of the cache is the value of.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Selector {
    /// NCP: the secret's whole chain (PREVIOUS, ACTIVE, PENDING), from one Get Secret Value.
    Chain,
    /// CSMS: the version a stage is on.
    Stage(Box<str>),
    /// CSMS: one version.
    Version(Box<str>),
}

/// A [`Selector`] borrowed from a read's arguments: looking an entry up allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SelectorRef<'a> {
    Chain,
    Stage(&'a str),
    Version(&'a str),
}

impl Selector {
    /// Whether this is the entry `wanted` names.
    pub(crate) fn matches(&self, wanted: SelectorRef<'_>) -> bool {
        match (self, wanted) {
            (Selector::Chain, SelectorRef::Chain) => true,
            (Selector::Stage(a), SelectorRef::Stage(b)) | (Selector::Version(a), SelectorRef::Version(b)) => {
                **a == *b
            }
            _ => false,
        }
    }

    /// The owned form of `wanted`.
    pub(crate) fn from_ref(wanted: SelectorRef<'_>) -> Self {
        match wanted {
            SelectorRef::Chain => Selector::Chain,
            SelectorRef::Stage(stage) => Selector::Stage(stage.into()),
            SelectorRef::Version(version) => Selector::Version(version.into()),
        }
    }
}

/// What a read asks for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Want<'a> {
    /// NCP ACTIVE, CSMS SYSCURRENT.
    Current,
    /// NCP PREVIOUS, CSMS SYSPREVIOUS.
    Previous,
    /// A stage by name.
    Stage(&'a str),
    /// A CSMS version by id.
    Version(&'a str),
}

/// The values one fetch brought. Secrets are zeroed when the last holder drops them.
#[derive(Debug)]
pub(crate) enum Values {
    /// NCP: the chain.
    Chain { previous: Option<SecretString>, active: Option<SecretString>, pending: Option<SecretString> },
    /// CSMS: one version's text (none for a binary one) and its id.
    Version { version_id: String, value: Option<SecretString> },
}

/// What a fetch found.
#[derive(Debug)]
pub(crate) enum Fetched {
    /// New values.
    New(Values),
    /// The values held are still current (CSMS: the stage is on the same version).
    Unchanged,
}

pub(crate) mod sealed {
    use super::*;

    /// The provider-specific part of a cache. Not nameable outside the crate.
    #[allow(private_interfaces)]
    pub trait Fetch {
        /// The provider's names of the current and the previous value's stages.
        const CURRENT: &'static str;
        const PREVIOUS: &'static str;

        /// The entry that holds what `want` asks for, or why there is none.
        fn selector(want: Want<'_>) -> Result<SelectorRef<'_>, &'static str>;

        /// The value `want` asks for in `values` (which the entry of `selector(want)` holds).
        fn pick<'v>(values: &'v Values, want: Want<'_>) -> Option<&'v SecretString>;

        /// Fetches the entry `selector` of `secret`; `held` is what the entry holds now.
        fn fetch(
            &self,
            secret: &str,
            selector: &Selector,
            held: Option<&Values>,
        ) -> Result<Fetched, secretmanager_blocking::Error>;

        /// For an entry whose values moved: the other entry of the same secret that moved with
        /// them (CSMS: SYSPREVIOUS when SYSCURRENT moved).
        fn moves_with(selector: &Selector) -> Option<Selector>;

        /// Calls `listener` with every secret a call through the client may have changed.
        fn subscribe(&self, listener: Box<dyn Fn(&str) + Send + Sync>) -> ChangeSubscription;

        /// Runs `read`, which may wait for another reader's fetch or fetch itself, where this
        /// source allows a thread to wait (an async client's: off the runtime's workers).
        fn waiting<R>(&self, read: impl FnOnce() -> Result<R, crate::Error>) -> Result<R, crate::Error> {
            read()
        }
    }
}

/// The CSMS stage names of the current and the previous value.
const SYSCURRENT: &str = "SYSCURRENT";
const SYSPREVIOUS: &str = "SYSPREVIOUS";

// The trait is sealed: its items are crate-private in effect, and so are their types.
#[allow(private_interfaces)]
impl sealed::Fetch for ncp::Client {
    const CURRENT: &'static str = "ACTIVE";
    const PREVIOUS: &'static str = "PREVIOUS";

    fn selector(want: Want<'_>) -> Result<SelectorRef<'_>, &'static str> {
        match want {
            Want::Current | Want::Previous => Ok(SelectorRef::Chain),
            Want::Stage(stage) if ncp_stage(stage).is_some() => Ok(SelectorRef::Chain),
            Want::Stage(_) => Err("an NCP stage is PREVIOUS, ACTIVE or PENDING"),
            Want::Version(_) => Err("NCP secrets have stages, not versions"),
        }
    }

    fn pick<'v>(values: &'v Values, want: Want<'_>) -> Option<&'v SecretString> {
        let Values::Chain { previous, active, pending } = values else { return None };
        match want {
            Want::Current => active.as_ref(),
            Want::Previous => previous.as_ref(),
            Want::Stage(stage) => match ncp_stage(stage)? {
                NcpStage::Previous => previous.as_ref(),
                NcpStage::Active => active.as_ref(),
                NcpStage::Pending => pending.as_ref(),
            },
            Want::Version(_) => None,
        }
    }

    fn fetch(
        &self,
        secret: &str,
        _selector: &Selector,
        _held: Option<&Values>,
    ) -> Result<Fetched, secretmanager_blocking::Error> {
        ncp_fetch(|read| self.get_secret_value(read), secret)
    }

    fn moves_with(_: &Selector) -> Option<Selector> {
        None
    }

    fn subscribe(&self, listener: Box<dyn Fn(&str) + Send + Sync>) -> ChangeSubscription {
        self.on_secret_change(listener)
    }
}

/// The three NCP stages, named in any case.
enum NcpStage {
    Previous,
    Active,
    Pending,
}

fn ncp_stage(stage: &str) -> Option<NcpStage> {
    [("PREVIOUS", NcpStage::Previous), ("ACTIVE", NcpStage::Active), ("PENDING", NcpStage::Pending)]
        .into_iter()
        .find_map(|(name, value)| stage.eq_ignore_ascii_case(name).then_some(value))
}

// The trait is sealed: its items are crate-private in effect, and so are their types.
#[allow(private_interfaces)]
impl sealed::Fetch for huawei::Client {
    const CURRENT: &'static str = SYSCURRENT;
    const PREVIOUS: &'static str = SYSPREVIOUS;

    fn selector(want: Want<'_>) -> Result<SelectorRef<'_>, &'static str> {
        Ok(match want {
            Want::Current => SelectorRef::Stage(SYSCURRENT),
            Want::Previous => SelectorRef::Stage(SYSPREVIOUS),
            Want::Stage("") | Want::Version("") => return Err("a stage or version name is required"),
            Want::Stage(stage) => SelectorRef::Stage(stage),
            Want::Version(version) => SelectorRef::Version(version),
        })
    }

    fn pick<'v>(values: &'v Values, _want: Want<'_>) -> Option<&'v SecretString> {
        match values {
            Values::Version { value, .. } => value.as_ref(),
            Values::Chain { .. } => None,
        }
    }

    fn fetch(
        &self,
        secret: &str,
        selector: &Selector,
        held: Option<&Values>,
    ) -> Result<Fetched, secretmanager_blocking::Error> {
        huawei_fetch(
            |stage| self.show_secret_stage(stage),
            |version| self.show_secret_version(version),
            secret,
            selector,
            held,
        )
    }

    fn moves_with(selector: &Selector) -> Option<Selector> {
        match selector {
            Selector::Stage(stage) if &**stage == SYSCURRENT => Some(Selector::Stage(SYSPREVIOUS.into())),
            _ => None,
        }
    }

    fn subscribe(&self, listener: Box<dyn Fn(&str) + Send + Sync>) -> ChangeSubscription {
        self.on_secret_change(listener)
    }
}

/// The NCP fetch, whatever sends `read` (Get Secret Value): the whole chain.
pub(crate) fn ncp_fetch(
    read: impl FnOnce(&ncp::GetSecretValue) -> Result<ncp::SecretValueChain, secretmanager_blocking::Error>,
    secret: &str,
) -> Result<Fetched, secretmanager_blocking::Error> {
    let chain = read(&ncp::GetSecretValue::new(secret))?.chain;
    Ok(Fetched::New(Values::Chain { previous: chain.previous, active: chain.active, pending: chain.pending }))
}

/// The CSMS fetch, whatever sends `stage_of` (ShowSecretStage) and `version_of`
/// (ShowSecretVersion). A stage: ShowSecretStage first, and ShowSecretVersion only when the
/// stage moved off the version held. A version: ShowSecretVersion.
pub(crate) fn huawei_fetch(
    stage_of: impl FnOnce(&ShowSecretStage) -> Result<huawei::StageResponse, secretmanager_blocking::Error>,
    version_of: impl FnOnce(
        &ShowSecretVersion,
    ) -> Result<huawei::SecretVersionResponse, secretmanager_blocking::Error>,
    secret: &str,
    selector: &Selector,
    held: Option<&Values>,
) -> Result<Fetched, secretmanager_blocking::Error> {
    let version_id = match selector {
        Selector::Stage(stage) => {
            let on = stage_of(&ShowSecretStage::new(secret, &**stage))?.stage.version_id;
            if let Some(Values::Version { version_id, .. }) = held
                && *version_id == on
            {
                return Ok(Fetched::Unchanged);
            }
            on
        }
        Selector::Version(version) => version.to_string(),
        // CSMS entries are stages and versions; a chain would be its current stage.
        Selector::Chain => {
            return huawei_fetch(stage_of, version_of, secret, &Selector::Stage(SYSCURRENT.into()), held);
        }
    };
    let version = version_of(&ShowSecretVersion::new(secret, version_id.as_str()))?.version;
    Ok(Fetched::New(Values::Version {
        version_id: version.version_metadata.id,
        value: version.secret_string,
    }))
}
