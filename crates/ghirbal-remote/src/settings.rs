//! Where the storage settings come from: the AWS environment, the AWS profile files, and the
//! run's `[storage]` keys, in that order of precedence from last to first.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// How ghirbal reaches object storage: endpoint and credentials for S3, and the retry and
/// timeout policy for every store.
#[derive(Clone)]
pub struct Settings {
    /// S3 endpoint (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_S3`, the profile's `endpoint_url`,
    /// or `[storage] endpoint`); `None` is AWS itself. An `http://` endpoint is allowed
    /// because it says so.
    pub endpoint: Option<String>,
    /// Region (`AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`); default
    /// `us-east-1`.
    pub region: String,
    /// Access key, secret and session token, when any source gives them; without them
    /// requests go unsigned (public buckets), never to an instance-metadata service.
    pub(crate) credentials: Option<Credentials>,
    /// Attempts after a failure before an object is given up (`error:unreadable` records)
    /// or a listing stops the run; each attempt that reads bytes starts the count afresh.
    pub max_retries: u32,
    /// First backoff; it doubles per failed attempt, with jitter, up to `backoff_max`.
    /// Throttling answers (429, S3 `SlowDown`) start at four times this.
    pub backoff_initial: Duration,
    /// Longest wait between two attempts.
    pub backoff_max: Duration,
    /// Time to open a connection.
    pub connect_timeout: Duration,
    /// Longest silence while a body streams: a stalled connection is dropped and resumed. A
    /// whole request has no time limit, since a multi-GB WARC takes minutes to stream.
    pub read_timeout: Duration,
    /// Size of the parts of a multipart upload (S3's minimum is 5 MiB).
    pub part_bytes: usize,
}

#[derive(Clone)]
pub(crate) struct Credentials {
    pub(crate) key_id: String,
    pub(crate) secret: String,
    pub(crate) token: Option<String>,
}

impl std::fmt::Debug for Settings {
    /// Shows everything but the credentials, of which it says only whether there are any.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("signed", &self.credentials.is_some())
            .field("max_retries", &self.max_retries)
            .field("backoff_initial", &self.backoff_initial)
            .field("backoff_max", &self.backoff_max)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("part_bytes", &self.part_bytes)
            .finish()
    }
}

impl Default for Settings {
    /// No endpoint, no credentials, the default policy.
    fn default() -> Settings {
        Settings {
            endpoint: None,
            region: "us-east-1".into(),
            credentials: None,
            max_retries: 10,
            backoff_initial: Duration::from_millis(200),
            backoff_max: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(60),
            part_bytes: 8 << 20,
        }
    }
}

impl Settings {
    /// Settings from the process environment and the AWS profile files.
    pub fn from_env() -> Settings {
        let env: BTreeMap<String, String> = std::env::vars().collect();
        Settings::from_vars(&env)
    }

    /// Settings from `env` (as `std::env::vars`) and the profile files it points to.
    ///
    /// Credentials: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`);
    /// else the profile `AWS_PROFILE` (default `default`) of `AWS_SHARED_CREDENTIALS_FILE`
    /// (default `~/.aws/credentials`), then of `AWS_CONFIG_FILE` (default `~/.aws/config`).
    /// Region and endpoint: the environment, else the profile in the config file.
    pub fn from_vars(env: &BTreeMap<String, String>) -> Settings {
        let get = |k: &str| env.get(k).filter(|v| !v.is_empty()).cloned();
        let profile = get("AWS_PROFILE").unwrap_or_else(|| "default".into());
        let home = get("HOME").map(PathBuf::from);
        let file = |var: &str, rel: &str| {
            get(var)
                .map(PathBuf::from)
                .or_else(|| home.as_ref().map(|h| h.join(rel)))
        };
        let credentials_file = file("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials")
            .and_then(|p| std::fs::read_to_string(p).ok())
            .map(|t| ini_section(&t, &profile, false))
            .unwrap_or_default();
        let config_file = file("AWS_CONFIG_FILE", ".aws/config")
            .and_then(|p| std::fs::read_to_string(p).ok())
            .map(|t| ini_section(&t, &profile, true))
            .unwrap_or_default();
        let from_files = |k: &str| {
            credentials_file
                .get(k)
                .or_else(|| config_file.get(k))
                .cloned()
        };

        let credentials = match (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")) {
            (Some(key_id), Some(secret)) => Some(Credentials {
                key_id,
                secret,
                token: get("AWS_SESSION_TOKEN"),
            }),
            _ => match (
                from_files("aws_access_key_id"),
                from_files("aws_secret_access_key"),
            ) {
                (Some(key_id), Some(secret)) => Some(Credentials {
                    key_id,
                    secret,
                    token: from_files("aws_session_token"),
                }),
                _ => None,
            },
        };
        let mut settings = Settings {
            endpoint: get("AWS_ENDPOINT_URL_S3")
                .or_else(|| get("AWS_ENDPOINT_URL"))
                .or_else(|| get("AWS_ENDPOINT"))
                .or_else(|| config_file.get("endpoint_url").cloned()),
            region: get("AWS_REGION")
                .or_else(|| get("AWS_DEFAULT_REGION"))
                .or_else(|| config_file.get("region").cloned())
                .unwrap_or_else(|| "us-east-1".into()),
            credentials,
            ..Settings::default()
        };
        if let Some(n) = get("GHIRBAL_STORAGE_MAX_RETRIES").and_then(|v| v.parse().ok()) {
            settings.max_retries = n;
        }
        if let Some(ms) = get("GHIRBAL_STORAGE_BACKOFF_MS").and_then(|v| v.parse().ok()) {
            settings.backoff_initial = Duration::from_millis(ms);
        }
        settings
    }

    /// The secrets, so that error messages can be scrubbed of them.
    pub(crate) fn secrets(&self) -> Vec<String> {
        self.credentials
            .iter()
            .flat_map(|c| [Some(c.secret.clone()), c.token.clone()])
            .flatten()
            .filter(|s| s.len() >= 4)
            .collect()
    }
}

/// The keys of section `profile` in an AWS INI file (`[default]`, `[name]`; in the config
/// file `[profile name]`), lower-cased; nested settings (indented lines) are skipped.
fn ini_section(text: &str, profile: &str, config: bool) -> BTreeMap<String, String> {
    let wanted = if config && profile != "default" {
        format!("profile {profile}")
    } else {
        profile.to_owned()
    };
    let mut out = BTreeMap::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let line = line.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = name.trim() == wanted;
            continue;
        }
        if inside && let Some((k, v)) = line.split_once('=') {
            out.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn environment_comes_first() {
        let s = Settings::from_vars(&vars(&[
            ("AWS_ACCESS_KEY_ID", "AK"),
            ("AWS_SECRET_ACCESS_KEY", "sekrit-value"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:9000"),
            ("AWS_REGION", "eu-west-1"),
            ("HOME", "/nonexistent"),
        ]));
        assert_eq!(s.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(s.region, "eu-west-1");
        assert_eq!(s.credentials.as_ref().unwrap().key_id, "AK");
        assert_eq!(s.secrets(), ["sekrit-value"]);
        assert!(!format!("{s:?}").contains("sekrit"));
    }

    #[test]
    fn profile_files_are_read_for_the_named_profile() {
        let dir = tempfile::tempdir().unwrap();
        let creds = dir.path().join("credentials");
        let config = dir.path().join("config");
        std::fs::write(
            &creds,
            "[default]\naws_access_key_id = D\naws_secret_access_key = dd\n\n[crawl]\naws_access_key_id = C\naws_secret_access_key = cc\n",
        )
        .unwrap();
        std::fs::write(
            &config,
            "[default]\nregion = us-west-2\n[profile crawl]\nregion = eu-central-1\nendpoint_url = http://127.0.0.1:1\ns3 =\n  addressing_style = path\n",
        )
        .unwrap();
        let s = Settings::from_vars(&vars(&[
            ("AWS_PROFILE", "crawl"),
            ("AWS_SHARED_CREDENTIALS_FILE", creds.to_str().unwrap()),
            ("AWS_CONFIG_FILE", config.to_str().unwrap()),
        ]));
        assert_eq!(s.credentials.as_ref().unwrap().key_id, "C");
        assert_eq!(s.region, "eu-central-1");
        assert_eq!(s.endpoint.as_deref(), Some("http://127.0.0.1:1"));
        let d = Settings::from_vars(&vars(&[
            ("AWS_SHARED_CREDENTIALS_FILE", creds.to_str().unwrap()),
            ("AWS_CONFIG_FILE", config.to_str().unwrap()),
        ]));
        assert_eq!(d.credentials.as_ref().unwrap().key_id, "D");
        assert_eq!(d.region, "us-west-2");
    }

    #[test]
    fn no_credentials_means_unsigned() {
        let s = Settings::from_vars(&vars(&[("HOME", "/nonexistent")]));
        assert!(s.credentials.is_none());
        assert_eq!(s.region, "us-east-1");
    }
}
