//! A TLS test rig, made at test time and on loopback only: a throwaway certificate authority
//! ([`TestCa`]) whose leaves ([`Leaf`]) a rustls server ([`TlsFront`]) on 127.0.0.1 presents,
//! relaying each connection's plain bytes to an `http` server (wiremock, the emulator).
//!
//! One rig for both TLS suites: the transport's ([`crate::tls_transport`]) and the client's
//! ([`crate::tls_client`]).

use std::net::SocketAddr;
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose, date_time_ymd,
};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A certificate authority that exists for one test.
pub(crate) struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

/// A server certificate and its key.
pub(crate) struct Leaf {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
}

impl TestCa {
    /// A new CA named `name`, with a fresh key.
    pub(crate) fn new(name: &str) -> Self {
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let key = KeyPair::generate().expect("a CA key");
        Self {
            issuer: CertifiedIssuer::self_signed(params, key).expect("a CA certificate"),
        }
    }

    /// The CA certificate, PEM-encoded: what a client adds as a trusted root.
    pub(crate) fn pem(&self) -> String {
        self.issuer.pem()
    }

    /// A leaf for `names` (DNS names or IP addresses), valid from 2020 to 2100.
    pub(crate) fn leaf(&self, names: &[&str]) -> Leaf {
        self.leaf_valid(names, 2020, 2100)
    }

    /// A leaf for `names` that expired at the start of 2021.
    pub(crate) fn expired_leaf(&self, names: &[&str]) -> Leaf {
        self.leaf_valid(names, 2020, 2021)
    }

    fn leaf_valid(&self, names: &[&str], from_year: i32, until_year: i32) -> Leaf {
        let names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        let mut params = CertificateParams::new(names).expect("valid subject names");
        params
            .distinguished_name
            .push(DnType::CommonName, "pc test server");
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.not_before = date_time_ymd(from_year, 1, 1);
        params.not_after = date_time_ymd(until_year, 1, 1);
        let key = KeyPair::generate().expect("a leaf key");
        let certificate = params
            .signed_by(&key, &self.issuer)
            .expect("a leaf certificate");
        Leaf {
            chain: vec![certificate.der().clone()],
            key: PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
        }
    }
}

/// A rustls server on 127.0.0.1 presenting a [`Leaf`]; each connection that completes the
/// handshake is relayed, bytes as they are, to a plain `http` backend. Dropping it stops
/// accepting.
pub(crate) struct TlsFront {
    address: SocketAddr,
    task: JoinHandle<()>,
}

impl TlsFront {
    /// Starts the server on a free loopback port.
    pub(crate) async fn start(leaf: &Leaf, backend: SocketAddr) -> Self {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS 1.2 and 1.3")
            .with_no_client_auth()
            .with_single_cert(leaf.chain.clone(), leaf.key.clone_key())
            .expect("the leaf and its key match");
        // No ALPN: the client falls back to HTTP/1.1, which the backend speaks.
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let address = listener.local_addr().expect("bound address");
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    // A refused handshake is what most tests expect: the client hangs up.
                    let Ok(mut tls) = acceptor.accept(socket).await else {
                        return;
                    };
                    let Ok(mut plain) = TcpStream::connect(backend).await else {
                        return;
                    };
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                });
            }
        });
        Self { address, task }
    }

    /// `https://{host}:{port}`: `host` is `127.0.0.1` or `localhost`, or a name the leaf does not
    /// carry.
    pub(crate) fn url(&self, host: &str) -> String {
        format!("https://{host}:{}", self.address.port())
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// An error and its causes, `: `-separated: what a person reading a log would see.
pub(crate) fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![error.to_string()];
    let mut next = error.source();
    while let Some(cause) = next {
        parts.push(cause.to_string());
        next = cause.source();
    }
    parts.join(": ")
}
