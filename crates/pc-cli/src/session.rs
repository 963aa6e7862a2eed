//! What the commands that call Partner Center share: the client, the per-call options, the format.
//!
//! - `Session`: built from the global flags: credentials, retries, per-call timeout, ids.
//! - `Credentials`: an access token as given, or a Microsoft Entra ID grant.
//!
//! # Design
//!
//! An access token (flag or `PC_ACCESS_TOKEN`) wins: it is what scripts and the demo use, and it
//! needs no network round trip. Without one, the Entra variables choose the grant: a refresh token
//! means App+User (the Secure Application Model, the only way to create or set), a client secret
//! alone means App-only. The authority is `PC_AUTHORITY` when set (`https`, or plain `http` to a
//! loopback host such as the emulator: pc-client refuses anything else), else the public or China
//! cloud's for those endpoints (or no `--endpoint`). Any other endpoint needs `PC_AUTHORITY`,
//! a loopback one included: client secrets and refresh tokens are only ever sent to a token
//! authority somebody named. Inferring the authority from a loopback `--endpoint` used to post
//! production secrets to whatever listened on that port (issue 10); `pc demo` needs no
//! inference, as it uses the emulator's static demo token.

use http::HeaderValue;
use pc_client::{CallOptions, Cloud, EntraCredential, PartnerCenterClient, RetryPolicy};
use pc_models::Secret;

use crate::{AuthArgs, CliError, GlobalArgs, OutputFormat, names};

/// What the Entra variables need, for messages.
const ENTRA_NEEDS: &str = "PC_TENANT_ID and PC_CLIENT_ID with PC_REFRESH_TOKEN (App+User) or \
                           PC_CLIENT_SECRET alone (App-only)";

/// The client and settings of one command run.
#[derive(Debug)]
pub(crate) struct Session {
    pub(crate) client: PartnerCenterClient,
    pub(crate) options: CallOptions,
    pub(crate) format: OutputFormat,
}

impl Session {
    /// Builds the client from the global flags.
    ///
    /// # Errors
    ///
    /// Invalid input (exit code 2) when no credentials were given (or only some of the Entra
    /// variables), the access token cannot be sent in a header, the correlation id is not a GUID,
    /// or the client or credential refuses a setting (endpoint URL, authority, tenant, locale,
    /// application name).
    pub(crate) fn new(global: &GlobalArgs, format: OutputFormat) -> Result<Self, CliError> {
        let mut options = CallOptions::default();
        if let Some(text) = &global.correlation_id {
            options = options.correlation_id(names::correlation_id(text)?);
        }
        let credentials = Credentials::from_args(global)?;
        let mut builder = PartnerCenterClient::builder()
            .contract(global.contract.into())
            .retry_policy(RetryPolicy::default().max_attempts(global.max_attempts))
            .timeout(global.timeout);
        if let Some(endpoint) = &global.endpoint {
            builder = builder.endpoint(endpoint.as_str());
        }
        builder = match credentials {
            Credentials::AccessToken(token) => builder.access_token(token),
            Credentials::Entra(grant) => {
                builder.credential(grant.build(global.endpoint.as_deref())?)
            }
        };
        if let Some(locale) = &global.locale {
            builder = builder.locale(locale.as_str());
        }
        if let Some(application) = &global.application {
            builder = builder.application_name(application.as_str());
        }
        Ok(Self {
            client: builder.build()?,
            options,
            format,
        })
    }
}

/// Where the run's tokens come from.
#[derive(Debug)]
enum Credentials {
    /// `--access-token` or `PC_ACCESS_TOKEN`, sent as given.
    AccessToken(Secret),
    /// A Microsoft Entra ID grant.
    Entra(EntraGrant),
}

/// A complete set of Entra settings.
#[derive(Debug)]
struct EntraGrant {
    tenant: String,
    client_id: String,
    client_secret: Option<Secret>,
    refresh_token: Option<Secret>,
    authority: Option<String>,
}

impl Credentials {
    /// Chooses the credentials: the access token if given, else the Entra settings.
    fn from_args(global: &GlobalArgs) -> Result<Self, CliError> {
        if let Some(token) = global
            .access_token
            .as_ref()
            .map(Secret::expose)
            .filter(|t| !t.trim().is_empty())
        {
            if HeaderValue::from_str(&format!("Bearer {token}")).is_err() {
                return Err(CliError::invalid_input(
                    "the access token holds characters an HTTP header cannot carry",
                ));
            }
            return Ok(Self::AccessToken(Secret::new(token)));
        }
        EntraGrant::from_args(&global.auth).map(Self::Entra)
    }
}

impl EntraGrant {
    /// Collects the Entra settings; empty values count as unset.
    fn from_args(auth: &AuthArgs) -> Result<Self, CliError> {
        let text = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let secret = |value: &Option<Secret>| {
            value
                .as_ref()
                .filter(|s| !s.expose().trim().is_empty())
                .cloned()
        };
        let tenant = text(&auth.tenant_id);
        let client_id = text(&auth.client_id);
        let client_secret = secret(&auth.client_secret);
        let refresh_token = secret(&auth.refresh_token);
        let authority = text(&auth.authority);
        if tenant.is_none()
            && client_id.is_none()
            && client_secret.is_none()
            && refresh_token.is_none()
        {
            return Err(CliError::invalid_input(format!(
                "no credentials: pass --access-token TOKEN or set PC_ACCESS_TOKEN, or set \
                 {ENTRA_NEEDS} to get a token from Microsoft Entra ID"
            )));
        }
        let mut unset = Vec::new();
        if tenant.is_none() {
            unset.push("PC_TENANT_ID");
        }
        if client_id.is_none() {
            unset.push("PC_CLIENT_ID");
        }
        let mut problems = Vec::new();
        match unset.as_slice() {
            [] => {}
            [one] => problems.push(format!("{one} is not set")),
            many => problems.push(format!("{} are not set", many.join(" and "))),
        }
        if client_secret.is_none() && refresh_token.is_none() {
            problems.push("neither PC_REFRESH_TOKEN nor PC_CLIENT_SECRET is set".to_owned());
        }
        match (tenant, client_id) {
            (Some(tenant), Some(client_id)) if problems.is_empty() => Ok(Self {
                tenant,
                client_id,
                client_secret,
                refresh_token,
                authority,
            }),
            _ => Err(CliError::invalid_input(format!(
                "incomplete credentials: {} (a token from Microsoft Entra ID needs \
                 {ENTRA_NEEDS}; or pass --access-token TOKEN)",
                problems.join("; ")
            ))),
        }
    }

    /// The authority: `PC_AUTHORITY`, else the cloud's for the public or China endpoint (or no
    /// endpoint). Never inferred from any other endpoint, loopback included.
    fn authority(&self, endpoint: Option<&str>) -> Result<String, CliError> {
        if let Some(authority) = &self.authority {
            return Ok(authority.clone());
        }
        let Some(endpoint) = endpoint else {
            return Ok(public_authority());
        };
        let trimmed = endpoint.trim().trim_end_matches('/');
        for cloud in [Cloud::Public, Cloud::China] {
            if trimmed.eq_ignore_ascii_case(cloud.base_url())
                && let Some(authority) = cloud.authority()
            {
                return Ok(authority.to_owned());
            }
        }
        Err(CliError::invalid_input(format!(
            "set PC_AUTHORITY (or --authority) to the token authority for the custom endpoint \
             {trimmed} (for the emulator, its own URL): client secrets and refresh tokens are \
             only sent to a named token authority"
        )))
    }

    /// Builds the credential: refresh-token grant when a refresh token is set, else client
    /// credentials.
    fn build(self, endpoint: Option<&str>) -> Result<EntraCredential, CliError> {
        let authority = self.authority(endpoint)?;
        let builder = match self.refresh_token {
            Some(refresh_token) => {
                let builder =
                    EntraCredential::refresh_token(self.tenant, self.client_id, refresh_token);
                match self.client_secret {
                    Some(secret) => builder.client_secret(secret),
                    None => builder,
                }
            }
            None => {
                let secret = self.client_secret.ok_or_else(|| {
                    CliError::invalid_input(format!("incomplete credentials: {ENTRA_NEEDS}"))
                })?;
                EntraCredential::client_credentials(self.tenant, self.client_id, secret)
            }
        };
        Ok(builder.authority(authority).build()?)
    }
}

/// The public cloud's authority.
fn public_authority() -> String {
    Cloud::PUBLIC_AUTHORITY.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(authority: Option<&str>) -> EntraGrant {
        EntraGrant {
            tenant: "contoso".into(),
            client_id: "app".into(),
            client_secret: None,
            refresh_token: Some(Secret::new("refresh")),
            authority: authority.map(str::to_owned),
        }
    }

    #[test]
    fn the_authority_is_pc_authority_else_a_known_clouds_and_never_inferred_from_an_endpoint() {
        let default = grant(None);
        let authority = |g: &EntraGrant, e: Option<&str>| g.authority(e).map_err(|e| e.message());
        assert_eq!(
            authority(&default, None).as_deref(),
            Ok("https://login.microsoftonline.com")
        );
        assert_eq!(
            authority(&default, Some("https://api.partnercenter.microsoft.com/")).as_deref(),
            Ok("https://login.microsoftonline.com")
        );
        assert_eq!(
            authority(
                &default,
                Some("https://partner.partnercenterapi.microsoftonline.cn")
            )
            .as_deref(),
            Ok("https://login.chinacloudapi.cn")
        );
        assert_eq!(
            authority(
                &grant(Some("http://127.0.0.1:9090")),
                Some("http://127.0.0.1:8080")
            )
            .as_deref(),
            Ok("http://127.0.0.1:9090")
        );
        for endpoint in [
            "http://127.0.0.1:8080/",
            "http://localhost:8080",
            "http://[::1]:8080",
            "https://proxy.contoso.test",
        ] {
            let refused = authority(&default, Some(endpoint));
            assert!(
                refused.as_ref().is_err_and(
                    |m| m.contains("set PC_AUTHORITY (or --authority) to the token authority")
                ),
                "{endpoint}: {refused:?}"
            );
        }
    }

    #[test]
    fn missing_entra_settings_are_named() {
        let auth = AuthArgs {
            tenant_id: Some("contoso".into()),
            client_id: None,
            client_secret: None,
            refresh_token: Some(Secret::new("refresh")),
            authority: None,
        };
        let message = EntraGrant::from_args(&auth).err().map(|e| e.message());
        assert_eq!(
            message.as_deref(),
            Some(
                "invalid input: incomplete credentials: PC_CLIENT_ID is not set (a token from \
                 Microsoft Entra ID needs PC_TENANT_ID and PC_CLIENT_ID with PC_REFRESH_TOKEN \
                 (App+User) or PC_CLIENT_SECRET alone (App-only); or pass --access-token TOKEN)"
            )
        );
    }
}
