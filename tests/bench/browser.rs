//! Click-to-input in headless Chromium (Debian's `chromium` and
//! `chromedriver`, given by xtask or found on `PATH`): a parent on the
//! server's demo page with a fresh profile (nothing cached, as on a first
//! visit) clicks the launcher; the time runs until the chat frame is shown
//! (the widget said it is ready) and its message box exists. Both the click
//! and the clock are in the page (`performance.now()`), so WebDriver's own
//! round trips are not counted. Only loopback is involved.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context as _, bail};
use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// Clicks, polls, and answers the milliseconds (or -1 after 15 s).
const MEASURE: &str = r#"
const done = arguments[arguments.length - 1];
const host = document.querySelector("yorisoi-chat");
const launcher = host.shadowRoot.querySelector("button");
const start = performance.now();
launcher.click();
const poll = () => {
  const frame = host.shadowRoot.querySelector("iframe:not([hidden])");
  let input = null;
  try { input = frame && frame.contentDocument && frame.contentDocument.querySelector("textarea"); } catch (e) {}
  const now = performance.now();
  if (input) done(now - start);
  else if (now - start > 15000) done(-1);
  else setTimeout(poll, 1);
};
poll();
"#;

/// Where Chromium and chromedriver are.
#[derive(Debug, Clone)]
pub struct Browser {
    /// The browser.
    pub chromium: PathBuf,
    /// Its WebDriver.
    pub chromedriver: PathBuf,
}

/// A running chromedriver, killed on drop.
struct Driver {
    process: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Measures click-to-input `runs` times on the demo page at `base`, each
/// in a fresh browser profile; the milliseconds of each run.
pub async fn click_to_input(
    browser: &Browser,
    base: &str,
    runs: usize,
) -> anyhow::Result<Vec<f64>> {
    let driver = start_driver(&browser.chromedriver).await?;
    let mut times = Vec::new();
    for _ in 0..runs {
        times.push(one_run(&driver, &browser.chromium, base).await?);
    }
    Ok(times)
}

async fn start_driver(chromedriver: &Path) -> anyhow::Result<Driver> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let process = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("starting {}", chromedriver.display()))?;
    let driver = Driver {
        process,
        url: format!("http://127.0.0.1:{port}"),
    };
    let status = format!("{}/status", driver.url);
    for _ in 0..200 {
        if let Ok(response) = reqwest::get(&status).await
            && response.status().is_success()
        {
            return Ok(driver);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("chromedriver did not answer at {status}")
}

async fn one_run(driver: &Driver, chromium: &Path, base: &str) -> anyhow::Result<f64> {
    let profile = tempfile::tempdir()?;
    let args = [
        "--headless=new".to_owned(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--no-first-run".into(),
        "--window-size=1280,900".into(),
        format!("--user-data-dir={}", profile.path().display()),
    ];
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": chromium, "args": args },
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        bail!("capabilities are an object");
    };
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .context("opening a Chromium session")?;
    let measured = async {
        client.goto(&format!("{base}/demo")).await?;
        client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css("yorisoi-chat"))
            .await
            .context("the loader never drew its launcher")?;
        // A parent clicks once the page has settled (its face is fetched).
        tokio::time::sleep(Duration::from_millis(500)).await;
        let value = client.execute_async(MEASURE, Vec::new()).await?;
        anyhow::Ok(value.as_f64().unwrap_or(-1.0))
    }
    .await;
    let _closed = client.close().await;
    let ms = measured?;
    if ms < 0.0 {
        bail!("the message box did not appear within 15 s of the click");
    }
    Ok(ms)
}
