//! A thin layer over fantoccini + chromedriver: start the driver, open a
//! browser of a given size, and act as a person would (type, click on a
//! visible text, wait until something shows). Every wait polls a condition
//! with a deadline; there are no sleeps standing in for readiness.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

const WAIT: Duration = Duration::from_secs(20);

pub struct Driver {
    port: u16,
    _child: Child,
}

impl Driver {
    pub async fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child =
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .kill_on_drop(true)
                .spawn()
                .expect("chromedriver (scripts/setup --test installs it)");
        let deadline = Instant::now() + WAIT;
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Driver {
            port,
            _child: child,
        }
    }

    pub async fn browser(&self, width: u32, height: u32) -> Browser {
        let profile = std::env::temp_dir().join(format!("seedbed-chrome-{}", store::new_id()));
        let mut caps = json!({
            "goog:chromeOptions": {
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-background-networking", "--disable-component-update", "--no-first-run",
                         "--disable-sync", "--disable-quic", "--lang=zh-CN",
                         format!("--window-size={width},{height}"), format!("--user-data-dir={}", profile.display())]
            }
        });
        if width < 600 {
            // A phone: the real viewport width, touch, and a phone's pixel ratio.
            caps["goog:chromeOptions"]["mobileEmulation"] = json!({"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0, "touch": true}});
        }
        let caps = caps.as_object().unwrap().clone().into_iter().collect();
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a chromium session");
        Browser { client, profile }
    }
}

pub struct Browser {
    client: Client,
    profile: std::path::PathBuf,
}

impl Browser {
    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    async fn until<T, F, Fut>(&self, what: &str, mut probe: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(v) = probe().await {
                return v;
            }
            if Instant::now() > deadline {
                let text = self.page_text().await;
                panic!("timed out waiting for {what}; the page says:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn page_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(b) => b.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Waits until an element matching `css` contains `text`.
    pub async fn wait_text(&self, css: &str, text: &str) {
        self.until(&format!("{css} containing {text:?}"), || async {
            for el in self.client.find_all(Locator::Css(css)).await.ok()? {
                if el.text().await.ok()?.contains(text) {
                    return Some(());
                }
            }
            None
        })
        .await
    }

    pub async fn wait_gone(&self, css: &str) {
        self.until(&format!("{css} to disappear"), || async {
            self.client
                .find_all(Locator::Css(css))
                .await
                .ok()
                .filter(|v| v.is_empty())
                .map(|_| ())
        })
        .await
    }

    /// Waits until the field matching `css` holds exactly `value`.
    pub async fn wait_value(&self, css: &str, value: &str) {
        self.until(&format!("{css} to hold {value:?}"), || async {
            let el = self.client.find(Locator::Css(css)).await.ok()?;
            let v = el.prop("value").await.ok()??;
            (v == value).then_some(())
        })
        .await
    }

    async fn element(&self, css: &str) -> fantoccini::elements::Element {
        self.until(css, || async {
            self.client.find(Locator::Css(css)).await.ok()
        })
        .await
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        self.element(css).await.send_keys(text).await.unwrap();
    }

    /// Empties a field as a person deleting its text would: WebDriver's
    /// clear fires no `input` event, so the app's state would keep the old
    /// text and a re-render (a countdown's tick) would put it back.
    pub async fn clear(&self, css: &str) {
        let el = self.element(css).await;
        el.clear().await.unwrap();
        let arg = serde_json::to_value(&el).unwrap();
        self.client
            .execute(
                "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                vec![arg],
            )
            .await
            .unwrap();
    }

    pub async fn click(&self, css: &str) {
        let el = self.element(css).await;
        self.press(el).await;
    }

    /// Clicks an element after scrolling it to the middle of the window,
    /// as a person would, so the sticky header never covers it.
    async fn press(&self, el: fantoccini::elements::Element) {
        let arg = serde_json::to_value(&el).unwrap();
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
                vec![arg],
            )
            .await
            .unwrap();
        el.click().await.unwrap();
    }

    pub async fn enabled(&self, css: &str) -> bool {
        self.element(css).await.is_enabled().await.unwrap()
    }

    /// Sets an input's value as a date picker would, firing `input` and `change`.
    pub async fn set_value(&self, css: &str, value: &str) {
        let el = self.element(css).await;
        let arg = serde_json::to_value(&el).unwrap();
        self.client
            .execute("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true})); arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", vec![arg, json!(value)])
            .await
            .unwrap();
    }

    /// Clicks the visible `css` element whose text contains `text`.
    pub async fn click_text(&self, css: &str, text: &str) {
        self.click_in("html", css, text).await
    }

    /// Clicks, inside `scope`, the `css` element whose text contains `text`.
    pub async fn click_in(&self, scope: &str, css: &str, text: &str) {
        let el = self
            .until(&format!("{scope} {css} with text {text:?}"), || async {
                let root = self.client.find(Locator::Css(scope)).await.ok()?;
                for el in root.find_all(Locator::Css(css)).await.ok()? {
                    if el.is_displayed().await.unwrap_or(false)
                        && el.text().await.ok()?.trim().contains(text)
                    {
                        return Some(el);
                    }
                }
                None
            })
            .await;
        self.press(el).await;
    }

    /// Runs a script in the page and returns its result.
    pub async fn run(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap()
            .join("target/e2e");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
