//! Payment gateway credentials: set through the admin API, stored sealed, never shown,
//! winning over the CHO_* bootstrap, and re-encrypted by `cho secrets rotate`.

use std::process::Command;
use std::sync::Arc;

use cho_identity::Role;
use cho_payments::credentials::{self, Provider};
use cho_platform::crypto::SecretCache;
use cho_platform::secrets::Keys;
use cho_platform::AppState;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{TestApp, PASSWORD};

const VNPAY_SECRET: &str = "VNPAYSECRETVNPAYSECRET0123456789";
const VNPAY_SECRET_2: &str = "SECONDVNPAYSECRET-SECONDVNPAYSECRET";
const MOMO_ACCESS: &str = "momo-access-key-F8BBA842ECF85";
const MOMO_SECRET: &str = "momo-secret-K951B6PE1waDMi640xX08PD3vg6EkVlz";
const ZALOPAY_KEY1: &str = "zalopay-key1-sdngKKJmqEMzvh5QQcdD2A9XBSKUNaYn";
const ZALOPAY_KEY2: &str = "zalopay-key2-trMrHtvjo6myautxDUiAcYsVtaeQ8nhf";
const ENV_SECRET: &str = "ENVIRONMENTHASHSECRET-ENVIRONMENT";
const ALL_SECRETS: &[&str] = &[
    VNPAY_SECRET,
    VNPAY_SECRET_2,
    MOMO_ACCESS,
    MOMO_SECRET,
    ZALOPAY_KEY1,
    ZALOPAY_KEY2,
    ENV_SECRET,
];
/// The harness's application secret.
const SECRET_A: &str = "test-secret-test-secret-test-secret-0123456789";
const SECRET_B: &str = "rotated-secret-rotated-secret-rotated-secret-b";

fn assert_no_secret(text: &str) {
    for secret in ALL_SECRETS {
        assert!(!text.contains(secret), "a secret leaked into: {text}");
    }
}

impl TestApp {
    async fn put_credentials(
        &self,
        token: &str,
        provider: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let reply = self
            .request(
                Method::PUT,
                &format!("/v1/admin/payment-credentials/{provider}"),
                Some(token),
                Some(body),
            )
            .await;
        assert_no_secret(&reply.body.to_string());
        (reply.status, reply.body)
    }

    async fn credential_list(&self, token: &str) -> Value {
        let reply = self.get("/v1/admin/payment-credentials", Some(token)).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        assert_no_secret(&reply.body.to_string());
        reply.body
    }

    async fn rows(&self) -> Vec<(String, String, String, String)> {
        self.state()
            .db
            .query(
                "SELECT provider, environment, ciphertext, key_id
                 FROM payment_credentials
                 ORDER BY provider, environment",
            )
            .fetch_all()
            .await
            .unwrap()
    }
}

fn item<'a>(list: &'a Value, provider: &str) -> &'a Value {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["provider"] == provider)
        .unwrap()
}

async fn load(state: &AppState, provider: &str) -> Option<Vec<(String, String)>> {
    credentials::load(state, &state.db, provider)
        .await
        .unwrap()
        .map(|m| {
            m.into_iter()
                .map(|(k, v)| (k, v.expose().to_owned()))
                .collect()
        })
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<_> = items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn admins_set_replace_and_delete_credentials_that_are_stored_sealed_and_never_shown() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@cred.vn", Role::Admin).await;
    let current = app.state().keys.encryption.current_key_id().to_owned();

    let list = app.credential_list(&admin).await;
    assert_eq!(list["environment"], "sandbox");
    assert_eq!(list["currentKeyId"], current.as_str());
    for provider in ["VNPAY", "MOMO", "ZALOPAY"] {
        assert_eq!(item(&list, provider)["source"], "none");
    }

    let (status, body) = app
        .put_credentials(
            &admin,
            "vnpay",
            json!({"tmnCode": "CHOSHOP1", "hashSecret": VNPAY_SECRET}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["provider"], "VNPAY");
    assert_eq!(body["source"], "stored");
    assert_eq!(body["merchantId"], "CHOSHOP1");
    assert_eq!(body["keyId"], current.as_str());
    assert_eq!(body["readable"], true);
    assert!(body["updatedAt"].is_string() && body["updatedBy"].is_string());

    let (status, body) = app
        .put_credentials(
            &admin,
            "ZALOPAY",
            json!({"appId": 2553, "key1": ZALOPAY_KEY1, "key2": ZALOPAY_KEY2}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["merchantId"], "2553");

    let list = app.credential_list(&admin).await;
    assert_eq!(item(&list, "VNPAY")["source"], "stored");
    assert_eq!(item(&list, "VNPAY")["merchantId"], "CHOSHOP1");
    assert_eq!(item(&list, "ZALOPAY")["source"], "stored");
    assert_eq!(item(&list, "MOMO")["source"], "none");

    // In the database: ciphertext under the current key, no plaintext.
    let rows = app.rows().await;
    assert_eq!(rows.len(), 2);
    for (_, environment, ciphertext, key_id) in &rows {
        assert_eq!(environment, "sandbox");
        assert_eq!(key_id, &current);
        assert!(ciphertext.starts_with(&format!("v1:{current}:")));
        assert_no_secret(ciphertext);
        assert!(!ciphertext.contains("CHOSHOP1") && !ciphertext.contains("2553"));
    }

    // What the payment code gets.
    assert_eq!(
        load(app.state(), "VNPAY").await,
        Some(pairs(&[
            ("hashSecret", VNPAY_SECRET),
            ("tmnCode", "CHOSHOP1")
        ]))
    );
    assert_eq!(load(app.state(), "MOMO").await, None);

    // Replacing: the new values are loaded at once (this process's cache is dropped), and
    // the audit log names the changed field, never a value.
    let (status, _) = app
        .put_credentials(
            &admin,
            "VNPAY",
            json!({"tmnCode": "CHOSHOP1", "hashSecret": VNPAY_SECRET_2}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        load(app.state(), "VNPAY").await,
        Some(pairs(&[
            ("hashSecret", VNPAY_SECRET_2),
            ("tmnCode", "CHOSHOP1")
        ]))
    );
    let audit = app.get("/v1/admin/audit-logs", Some(&admin)).await;
    assert_no_secret(&audit.body.to_string());
    let entries: Vec<&Value> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entityType"] == "payment_credentials")
        .collect();
    assert_eq!(entries.len(), 3, "{:?}", audit.body);
    assert_eq!(entries[0]["action"], "payment_credentials.replace");
    assert_eq!(entries[0]["entityId"], "VNPAY/sandbox");
    assert_eq!(
        entries[0]["newValues"]["changedFields"],
        json!(["hashSecret"])
    );
    assert_eq!(entries[2]["action"], "payment_credentials.set");
    assert_eq!(
        entries[2]["newValues"]["changedFields"],
        json!(["tmnCode", "hashSecret"])
    );

    // Another environment is kept apart.
    let reply = app
        .request(
            Method::PUT,
            "/v1/admin/payment-credentials/MOMO?environment=production",
            Some(&admin),
            Some(json!({"partnerCode": "MOMOPROD", "accessKey": MOMO_ACCESS, "secretKey": MOMO_SECRET})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["environment"], "production");
    assert_eq!(load(app.state(), "MOMO").await, None);
    let production = app
        .get(
            "/v1/admin/payment-credentials?environment=production",
            Some(&admin),
        )
        .await;
    assert_no_secret(&production.body.to_string());
    assert_eq!(item(&production.body, "MOMO")["source"], "stored");
    assert_eq!(item(&production.body, "VNPAY")["source"], "none");

    // Deleting.
    let path = "/v1/admin/payment-credentials/VNPAY";
    let reply = app.request(Method::DELETE, path, Some(&admin), None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{:?}", reply.body);
    assert_eq!(load(app.state(), "VNPAY").await, None);
    let reply = app.request(Method::DELETE, path, Some(&admin), None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(
        item(&app.credential_list(&admin).await, "VNPAY")["source"],
        "none"
    );
    app.stop().await;
}

#[tokio::test]
async fn stored_credentials_win_over_the_environment() {
    let app = TestApp::spawn_with(|config| {
        config.set("payments.vnpay_tmn_code", "ENVCODE1");
        config.set("payments.vnpay_hash_secret", ENV_SECRET);
        // Incomplete: MoMo stays unconfigured.
        config.set("payments.momo_partner_code", "MOMOENV");
    })
    .await;
    let admin = app.staff("admin@env.vn", Role::Admin).await;
    let list = app.credential_list(&admin).await;
    let vnpay = item(&list, "VNPAY");
    assert_eq!(vnpay["source"], "environment");
    assert_eq!(vnpay["merchantId"], "ENVCODE1");
    assert!(vnpay["keyId"].is_null());
    assert_eq!(item(&list, "MOMO")["source"], "none");
    assert_eq!(
        load(app.state(), "vnpay").await,
        Some(pairs(&[
            ("hashSecret", ENV_SECRET),
            ("tmnCode", "ENVCODE1")
        ]))
    );

    let (status, _) = app
        .put_credentials(
            &admin,
            "VNPAY",
            json!({"tmnCode": "CHOSHOP1", "hashSecret": VNPAY_SECRET}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        item(&app.credential_list(&admin).await, "VNPAY")["source"],
        "stored"
    );
    assert_eq!(
        load(app.state(), "VNPAY").await,
        Some(pairs(&[
            ("hashSecret", VNPAY_SECRET),
            ("tmnCode", "CHOSHOP1")
        ]))
    );
    // Removing the stored ones brings the environment's back.
    let reply = app
        .request(
            Method::DELETE,
            "/v1/admin/payment-credentials/VNPAY",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(
        load(app.state(), "VNPAY").await,
        Some(pairs(&[
            ("hashSecret", ENV_SECRET),
            ("tmnCode", "ENVCODE1")
        ]))
    );
    app.stop().await;
}

#[tokio::test]
async fn only_admins_reach_credentials() {
    let app = TestApp::spawn().await;
    let staff = app.staff("staff@cred.vn", Role::Staff).await;
    let customer = app.customer("khach@cred.vn").await;
    let body = json!({"tmnCode": "CHOSHOP1", "hashSecret": VNPAY_SECRET});
    for (token, expected) in [
        (None, StatusCode::UNAUTHORIZED),
        (Some(staff.as_str()), StatusCode::FORBIDDEN),
        (Some(customer.as_str()), StatusCode::FORBIDDEN),
    ] {
        for (method, path, body) in [
            (Method::GET, "/v1/admin/payment-credentials", None),
            (
                Method::PUT,
                "/v1/admin/payment-credentials/VNPAY",
                Some(body.clone()),
            ),
            (Method::DELETE, "/v1/admin/payment-credentials/VNPAY", None),
        ] {
            let reply = app.request(method.clone(), path, token, body).await;
            assert_eq!(reply.status, expected, "{method} {path}: {:?}", reply.body);
            assert_eq!(reply.body["statusCode"], expected.as_u16());
        }
    }
    assert!(app.rows().await.is_empty());
    app.stop().await;
}

#[tokio::test]
async fn bad_credentials_are_refused_in_plain_words() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@bad.vn", Role::Admin).await;
    let cases = [
        (
            "PAYPAL",
            json!({"tmnCode": "CHOSHOP1", "hashSecret": VNPAY_SECRET}),
            StatusCode::NOT_FOUND,
            "no payment provider 'PAYPAL'",
        ),
        (
            "VNPAY",
            json!({"tmnCode": "CHOSHOP1"}),
            StatusCode::BAD_REQUEST,
            "hashSecret is required for VNPAY",
        ),
        (
            "VNPAY",
            json!({"tmnCode": "CHOSHOP1", "hashSecret": VNPAY_SECRET, "key1": ZALOPAY_KEY1}),
            StatusCode::BAD_REQUEST,
            "key1 is not a VNPAY credential",
        ),
        (
            "VNPAY",
            json!({"tmnCode": "CHO SHOP", "hashSecret": VNPAY_SECRET}),
            StatusCode::BAD_REQUEST,
            "VNPAY tmnCode must be letters",
        ),
        (
            "MOMO",
            json!({"partnerCode": "MOMO1", "accessKey": "short", "secretKey": MOMO_SECRET}),
            StatusCode::BAD_REQUEST,
            "MOMO accessKey must be 8 to 512 characters",
        ),
        (
            "ZALOPAY",
            json!({"appId": "twenty", "key1": ZALOPAY_KEY1, "key2": ZALOPAY_KEY2}),
            StatusCode::BAD_REQUEST,
            "appId must be digits only",
        ),
        (
            "VNPAY",
            json!({"tmnCode": "CHOSHOP1", "hashSecret": VNPAY_SECRET, "password": "x"}),
            StatusCode::BAD_REQUEST,
            "unknown field `password`",
        ),
        (
            "VNPAY",
            json!({"tmnCode": "CHOSHOP1", "hashSecret": 8_675_309_123_u64}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "a secret must be a string",
        ),
    ];
    for (provider, body, status, message) in cases {
        let (got, reply) = app.put_credentials(&admin, provider, body).await;
        assert_eq!(got, status, "{provider}: {reply}");
        assert_eq!(reply["statusCode"], status.as_u16());
        assert_eq!(reply["error"], status.canonical_reason().unwrap());
        let text = reply["message"].as_str().unwrap();
        assert!(text.contains(message), "{text}");
        assert!(!text.contains("8675309123"), "{text}");
    }
    let reply = app
        .request(
            Method::PUT,
            "/v1/admin/payment-credentials/VNPAY?environment=staging",
            Some(&admin),
            Some(json!({"tmnCode": "CHOSHOP1", "hashSecret": VNPAY_SECRET})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        reply.body["message"],
        "environment must be sandbox or production"
    );
    let reply = app
        .client
        .put(format!("{}/v1/admin/payment-credentials/VNPAY", app.base))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body("{\"tmnCode\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::BAD_REQUEST);
    assert!(app.rows().await.is_empty());
    app.stop().await;
}

/// The app's state with another keyring (and a cache of its own).
fn with_keys(state: &AppState, keys: Keys) -> AppState {
    AppState {
        keys: Arc::new(keys),
        secrets: SecretCache::default(),
        ..state.clone()
    }
}

#[tokio::test]
async fn rotation_reencrypts_every_row_under_the_new_key_once() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@rotate.vn", Role::Admin).await;
    for (provider, body) in [
        (
            "VNPAY",
            json!({"tmnCode": "CHOSHOP1", "hashSecret": VNPAY_SECRET}),
        ),
        (
            "MOMO",
            json!({"partnerCode": "MOMO1", "accessKey": MOMO_ACCESS, "secretKey": MOMO_SECRET}),
        ),
        (
            "ZALOPAY",
            json!({"appId": "2553", "key1": ZALOPAY_KEY1, "key2": ZALOPAY_KEY2}),
        ),
    ] {
        assert_eq!(
            app.put_credentials(&admin, provider, body).await.0,
            StatusCode::OK
        );
    }
    let reply = app
        .request(
            Method::PUT,
            "/v1/admin/payment-credentials/VNPAY?environment=production",
            Some(&admin),
            Some(json!({"tmnCode": "CHOPROD1", "hashSecret": VNPAY_SECRET_2})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let key_a = Keys::from_secret(SECRET_A)
        .encryption
        .current_key_id()
        .to_owned();
    assert_eq!(app.state().keys.encryption.current_key_id(), key_a);
    let before: Vec<_> = {
        let mut all = Vec::new();
        for provider in ["VNPAY", "MOMO", "ZALOPAY"] {
            all.push(load(app.state(), provider).await.unwrap());
        }
        all
    };

    // A process with B current and A previous reads A's rows, and rotates them to B.
    let rotated = with_keys(app.state(), Keys::from_secrets(SECRET_B, &[SECRET_A]));
    let key_b = rotated.keys.encryption.current_key_id().to_owned();
    assert_ne!(key_a, key_b);
    assert_eq!(load(&rotated, "MOMO").await.as_ref(), Some(&before[1]));
    let report = credentials::rotate(&rotated.db, &rotated.keys.encryption)
        .await
        .unwrap();
    assert_eq!((report.reencrypted, report.already_current), (4, 0));
    assert!(report.failed.is_empty());
    for (provider, environment, ciphertext, key_id) in app.rows().await {
        assert_eq!(key_id, key_b, "{provider}/{environment}");
        assert!(ciphertext.starts_with(&format!("v1:{key_b}:")));
        assert_no_secret(&ciphertext);
    }

    // Once the previous secret is dropped, B alone reads the same values.
    let only_b = with_keys(app.state(), Keys::from_secret(SECRET_B));
    for (provider, expected) in ["VNPAY", "MOMO", "ZALOPAY"].into_iter().zip(&before) {
        assert_eq!(load(&only_b, provider).await.as_ref(), Some(expected));
    }
    let production = credentials::stored(&only_b, &only_b.db, Provider::Vnpay, "production")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(production["hashSecret"].expose(), VNPAY_SECRET_2);

    // A second run has nothing to do.
    let again = credentials::rotate(&only_b.db, &only_b.keys.encryption)
        .await
        .unwrap();
    assert_eq!((again.reencrypted, again.already_current), (0, 4));

    // A process still on A alone can no longer read them, and says so without values.
    let list = app.credential_list(&admin).await;
    assert_eq!(item(&list, "VNPAY")["source"], "stored");
    assert_eq!(item(&list, "VNPAY")["readable"], false);
    assert_eq!(item(&list, "VNPAY")["keyId"], key_b.as_str());
    let stale = with_keys(app.state(), Keys::from_secret(SECRET_A));
    let err = credentials::load(&stale, &stale.db, "VNPAY")
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("VNPAY") && err.contains("sandbox"), "{err}");
    assert_no_secret(&err);
    // Rotating with a keyring that knows no key of the rows reports every one of them.
    let lost = credentials::rotate(&stale.db, &stale.keys.encryption)
        .await
        .unwrap();
    assert_eq!(lost.reencrypted, 0);
    assert_eq!(lost.failed.len(), 4);
    assert_eq!(
        (lost.failed[0].0.as_str(), lost.failed[0].1.as_str()),
        ("MOMO", "sandbox")
    );
    assert_no_secret(&format!("{lost:?}"));
    app.stop().await;
}

/// Serves the app with `state` on a port of its own; returns its base URL.
async fn serve(state: AppState) -> (String, tokio::task::JoinHandle<()>) {
    let router = cho::app::router(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });
    (format!("http://{addr}"), server)
}

#[tokio::test]
async fn access_tokens_survive_a_rotation_of_the_application_secret() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@jwt.vn", Role::Admin).await;
    let path = "/v1/admin/payment-credentials";
    // A process with B current and A previous still accepts A's token …
    let (rolling, rolling_server) = serve(with_keys(
        app.state(),
        Keys::from_secrets(SECRET_B, &[SECRET_A]),
    ))
    .await;
    let reply = app
        .client
        .get(format!("{rolling}{path}"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::OK);
    // … and one whose previous secret was dropped does not.
    let (done, done_server) = serve(with_keys(app.state(), Keys::from_secret(SECRET_B))).await;
    let reply = app
        .client
        .get(format!("{done}{path}"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::UNAUTHORIZED);
    rolling_server.abort();
    done_server.abort();
    app.stop().await;
}

#[tokio::test]
async fn cho_secrets_rotate_reencrypts_while_the_service_runs() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@cli.vn", Role::Admin).await;
    for (provider, body) in [
        (
            "VNPAY",
            json!({"tmnCode": "CHOSHOP1", "hashSecret": VNPAY_SECRET}),
        ),
        (
            "ZALOPAY",
            json!({"appId": 2553, "key1": ZALOPAY_KEY1, "key2": ZALOPAY_KEY2}),
        ),
    ] {
        assert_eq!(
            app.put_credentials(&admin, provider, body).await.0,
            StatusCode::OK
        );
    }
    let rotate = |current: &str, previous: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cho"));
        command
            .args(["secrets", "rotate"])
            .env("CHO_DATA_DIR", &app.database.data_dir)
            .env("CHO_APPLICATION_SECRET", current)
            .env("CHO_LOG", "debug")
            .env("CHO_VNPAY_HASH_SECRET", ENV_SECRET)
            // Numbers in the environment stay text: no figment parse error.
            .env("CHO_ZALOPAY_APP_ID", "2553")
            .env("CHO_VIETQR_ACCOUNT_NO", "0123456789")
            .env_remove("CHO_APPLICATION_SECRET_PREVIOUS");
        match &app.database.url {
            Some(url) => command.env("DATABASE_URL", url),
            None => command.env_remove("DATABASE_URL"),
        };
        if let Some(previous) = previous {
            command.env("CHO_APPLICATION_SECRET_PREVIOUS", previous);
        }
        let output = command.output().expect("cho runs");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_no_secret(&stdout);
        assert_no_secret(&stderr);
        (output.status.success(), stdout, stderr)
    };
    let (ok, stdout, stderr) = rotate(
        SECRET_B,
        Some(&format!("{SECRET_A}, {PASSWORD}-not-a-secret-at-all-xx")),
    );
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.contains("2 credential row(s) re-encrypted, 0 already current"),
        "{stdout}"
    );

    // The running service (A only) sees the rows under B's key; B alone reads them.
    let key_b = Keys::from_secret(SECRET_B)
        .encryption
        .current_key_id()
        .to_owned();
    assert!(app.rows().await.iter().all(|r| r.3 == key_b));
    let only_b = with_keys(app.state(), Keys::from_secret(SECRET_B));
    assert_eq!(
        load(&only_b, "VNPAY").await,
        Some(pairs(&[
            ("hashSecret", VNPAY_SECRET),
            ("tmnCode", "CHOSHOP1")
        ]))
    );

    let (ok, stdout, _) = rotate(SECRET_B, None);
    assert!(ok);
    assert!(
        stdout.contains("0 credential row(s) re-encrypted, 2 already current"),
        "{stdout}"
    );

    // A secret that never sealed them: non-zero, naming the rows.
    let (ok, _, stderr) = rotate("a-third-secret-a-third-secret-a-third-secret", None);
    assert!(!ok);
    assert!(stderr.contains("VNPAY credentials for sandbox"), "{stderr}");
    assert!(
        stderr.contains("ZALOPAY credentials for sandbox"),
        "{stderr}"
    );
    app.stop().await;
}
