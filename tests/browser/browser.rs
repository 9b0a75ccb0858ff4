//! One chromedriver per test, and one fresh Chromium profile per session, so
//! the parent and the staff member are as separate as two people's browsers.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tempfile::TempDir;

/// A running chromedriver, stopped on drop.
pub struct Driver {
    process: Child,
    url: String,
    chromium: PathBuf,
}

impl Driver {
    /// Starts chromedriver on a free loopback port and waits until it answers.
    pub async fn start() -> anyhow::Result<Driver> {
        let chromedriver = program("YORISOI_CHROMEDRIVER", "chromedriver")?;
        let chromium = program("YORISOI_CHROMIUM", "chromium")?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let process = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", chromedriver.display()))?;
        let driver = Driver {
            process,
            url: format!("http://127.0.0.1:{port}"),
            chromium,
        };
        driver.wait_ready().await?;
        Ok(driver)
    }

    async fn wait_ready(&self) -> anyhow::Result<()> {
        let status = format!("{}/status", self.url);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(response) = reqwest::get(&status).await
                && response.status().is_success()
            {
                return Ok(());
            }
            if tokio::time::Instant::now() > deadline {
                bail!("chromedriver did not answer at {status}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A new desktop browser with its own empty profile, `width`×`height` pixels.
    pub async fn session(&self, width: u32, height: u32) -> anyhow::Result<Session> {
        self.open(width, height, None, None).await
    }

    /// A new desktop browser (or, with `phone`, a 390×844 phone screen)
    /// whose profile starts with Chromium preferences `prefs` (strict
    /// privacy settings, say).
    pub async fn with_prefs(
        &self,
        prefs: serde_json::Value,
        phone: bool,
    ) -> anyhow::Result<Session> {
        let (width, height, mobile) = if phone {
            (390, 844, Some(phone_metrics(390, 844)))
        } else {
            (1280, 900, None)
        };
        self.open(width, height, mobile, Some(prefs)).await
    }

    /// A new browser emulating a phone screen of `width`×`height` CSS pixels
    /// (a desktop window cannot be made that narrow).
    pub async fn phone(&self, width: u32, height: u32) -> anyhow::Result<Session> {
        self.open(width, height, Some(phone_metrics(width, height)), None)
            .await
    }

    async fn open(
        &self,
        width: u32,
        height: u32,
        mobile: Option<serde_json::Value>,
        prefs: Option<serde_json::Value>,
    ) -> anyhow::Result<Session> {
        let profile = tempfile::tempdir()?;
        let args = [
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--lang=en-US".into(),
            "--hide-scrollbars".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut options = json!({ "binary": self.chromium, "args": args });
        if let Some(metrics) = mobile {
            options["mobileEmulation"] = metrics;
        }
        if let Some(prefs) = prefs {
            options["prefs"] = prefs;
        }
        let capabilities = json!({ "browserName": "chrome", "goog:chromeOptions": options });
        let serde_json::Value::Object(capabilities) = capabilities else {
            bail!("capabilities are an object");
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .context("opening a Chromium session")?;
        Ok(Session {
            client,
            _profile: profile,
        })
    }
}

/// Chromium's emulation of a phone screen of `width`×`height` CSS pixels.
fn phone_metrics(width: u32, height: u32) -> serde_json::Value {
    json!({ "deviceMetrics": { "width": width, "height": height, "pixelRatio": 2, "touch": true } })
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// A browser session and the profile directory it lives in.
pub struct Session {
    /// The WebDriver client.
    pub client: Client,
    _profile: TempDir,
}

impl Session {
    /// Ends the browser (a dropped session would leave Chromium running).
    pub async fn close(self) -> anyhow::Result<()> {
        self.client.close().await?;
        Ok(())
    }
}

fn program(variable: &str, name: &str) -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os(variable) {
        return Ok(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .with_context(|| format!("{name} not found: run the browser tests with `cargo xtask test`"))
}
