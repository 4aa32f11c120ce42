//! A browser without JavaScript, for driving the pages: it keeps the cookies it is
//! given, posts forms and follows no redirect by itself.

use reqwest::header::{ACCEPT, COOKIE, LOCATION, SET_COOKIE};
use reqwest::{redirect, Response, StatusCode};

use crate::harness::{TestApp, PASSWORD};

/// What Chromium asks for when it navigates.
const BROWSER_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// A browser: remembers the cookies it is given and follows no redirect by itself.
pub struct Browser {
    client: reqwest::Client,
    base: String,
    pub cookies: Vec<(String, String)>,
}

impl Browser {
    pub fn new(app: &TestApp) -> Self {
        let client = reqwest::Client::builder()
            .redirect(redirect::Policy::none())
            .build()
            .unwrap();
        Browser {
            client,
            base: app.base.clone(),
            cookies: Vec::new(),
        }
    }

    /// A shopper who registered through the sign-up page and is signed in.
    pub async fn signed_up(app: &TestApp, full_name: &str, email: &str) -> Self {
        let mut browser = Browser::new(app);
        let (_, form) = browser.get("/dang-ky").await;
        let csrf = hidden(&form, "_csrf");
        let fields = [
            ("full_name", full_name),
            ("email", email),
            ("phone", ""),
            ("password", PASSWORD),
            ("_csrf", &csrf),
        ];
        let (status, _, _) = browser.post("/dang-ky", &fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "signed up");
        browser
    }

    /// `login` (an existing account with the test password) signed in through the page.
    pub async fn signed_in(app: &TestApp, login: &str) -> Self {
        let mut browser = Browser::new(app);
        let (_, form) = browser.get("/dang-nhap").await;
        let csrf = hidden(&form, "_csrf");
        let fields = [("login", login), ("password", PASSWORD), ("_csrf", &csrf)];
        let (status, _, _) = browser.post("/dang-nhap", &fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "signed in");
        browser
    }

    fn keep_cookies(&mut self, response: &Response) {
        for set in response.headers().get_all(SET_COOKIE) {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != name);
            if !value.is_empty() {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn get(&mut self, path: &str) -> (StatusCode, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header(ACCEPT, BROWSER_ACCEPT)
            .send()
            .await
            .unwrap();
        self.keep_cookies(&response);
        (response.status(), response.text().await.unwrap())
    }

    /// Where a GET of `path` redirects to.
    pub async fn redirect_of(&mut self, path: &str) -> (StatusCode, Option<String>) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header(ACCEPT, BROWSER_ACCEPT)
            .send()
            .await
            .unwrap();
        self.keep_cookies(&response);
        let location = response
            .headers()
            .get(LOCATION)
            .map(|l| l.to_str().unwrap().to_owned());
        (response.status(), location)
    }

    /// Posts a form; answers the status, the redirect target and the page.
    pub async fn post(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, Option<String>, String) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header(ACCEPT, BROWSER_ACCEPT)
            .form(form)
            .send()
            .await
            .unwrap();
        self.keep_cookies(&response);
        let location = response
            .headers()
            .get(LOCATION)
            .map(|l| l.to_str().unwrap().to_owned());
        (response.status(), location, response.text().await.unwrap())
    }
}

/// The value of the hidden form field `name` on a page.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in the form"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}
