//! Partner Center clouds.
//!
//! - [`Cloud`]: the public cloud, China (21Vianet) or any base URL.

/// Which Partner Center to talk to.
///
/// # Example
///
/// ```
/// use pc_client::Cloud;
///
/// assert_eq!(Cloud::Public.base_url(), "https://api.partnercenter.microsoft.com");
/// assert_eq!(Cloud::Custom("http://127.0.0.1:8080".into()).base_url(), "http://127.0.0.1:8080");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Cloud {
    /// Global and US Government: `https://api.partnercenter.microsoft.com`. The default.
    #[default]
    Public,
    /// China, operated by 21Vianet: `https://partner.partnercenterapi.microsoftonline.cn`.
    China,
    /// Any other base URL (tests, the emulator, proxies): `https`, or plain `http` to a loopback
    /// host (127.0.0.0/8, `::1`, `localhost`); no query.
    Custom(String),
}

impl Cloud {
    /// The API base URL.
    pub fn base_url(&self) -> &str {
        match self {
            Self::Public => "https://api.partnercenter.microsoft.com",
            Self::China => "https://partner.partnercenterapi.microsoftonline.cn",
            Self::Custom(url) => url,
        }
    }

    /// The Microsoft Entra ID authority of the public cloud.
    pub const PUBLIC_AUTHORITY: &'static str = "https://login.microsoftonline.com";

    /// The Microsoft Entra ID authority of the China cloud (21Vianet).
    pub const CHINA_AUTHORITY: &'static str = "https://login.chinacloudapi.cn";

    /// The Microsoft Entra ID authority of the cloud, if it is a known one.
    pub fn authority(&self) -> Option<&'static str> {
        match self {
            Self::Public => Some(Self::PUBLIC_AUTHORITY),
            Self::China => Some(Self::CHINA_AUTHORITY),
            Self::Custom(_) => None,
        }
    }
}
