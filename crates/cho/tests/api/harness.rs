//! Test harness: the real application on a random port against a fresh
//! database, driven over HTTP. `CHO_TEST_DATABASE=postgres` runs the suite on
//! PostgreSQL (`CHO_TEST_POSTGRES_URL`, default the local server); SQLite otherwise.

use std::path::PathBuf;
use std::sync::Arc;

use cho::server::{self, Mode, Running};
use cho_identity::{create_user, NewUser, Role};
use cho_platform::config::{Config, Secret};
use cho_platform::outbox::Consumer;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::Connection;

pub const PASSWORD: &str = "mat-khau-du-dai-123";

pub fn on_postgres() -> bool {
    std::env::var("CHO_TEST_DATABASE").is_ok_and(|v| v == "postgres")
}

fn postgres_admin_url() -> String {
    std::env::var("CHO_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh database: on PostgreSQL a copy of a migrated template, on SQLite a new file
/// (migrated at start). Dropped when the test ends, whether it passed or not.
pub struct FreshDatabase {
    pub url: Option<String>,
    pub data_dir: PathBuf,
    pg_name: Option<String>,
}

/// The migrated database every PostgreSQL test database is copied from: copying is much
/// faster than running every migration again. Its name carries a digest of the
/// migrations, so a template left by an older checkout is never used.
async fn postgres_template(admin: &mut sqlx::PgConnection) -> String {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let digest: Vec<u8> = cho::migrations::ALL
                .postgres
                .iter()
                .flat_map(|m| m.checksum.iter().copied())
                .collect();
            let name = format!(
                "cho_template_{}",
                &cho_platform::secrets::sha256_hex(&digest)[..16]
            );
            let exists: bool =
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                    .bind(&name)
                    .fetch_one(&mut *admin)
                    .await
                    .unwrap();
            if !exists {
                // Built under another name and renamed when complete, so an interrupted
                // run never leaves a half-migrated template behind.
                let building = format!("{name}_building");
                for sql in [
                    format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"),
                    format!("CREATE DATABASE {building}"),
                ] {
                    sqlx::query(&sql).execute(&mut *admin).await.unwrap();
                }
                let mut conn = sqlx::PgConnection::connect(&database_url(&building))
                    .await
                    .unwrap();
                cho::migrations::ALL.postgres.run(&mut conn).await.unwrap();
                conn.close().await.unwrap();
                sqlx::query(&format!("ALTER DATABASE {building} RENAME TO {name}"))
                    .execute(&mut *admin)
                    .await
                    .unwrap();
            }
            name
        })
        .await
        .clone()
}

/// The URL of database `name` on the test server.
fn database_url(name: &str) -> String {
    let admin_url = postgres_admin_url();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

impl FreshDatabase {
    pub async fn create() -> Self {
        let data_dir =
            std::env::temp_dir().join(format!("cho-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&data_dir).unwrap();
        if !on_postgres() {
            return FreshDatabase {
                url: None,
                data_dir,
                pg_name: None,
            };
        }
        let name = format!("cho_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = sqlx::PgConnection::connect(&postgres_admin_url())
            .await
            .expect("PostgreSQL is reachable");
        let template = postgres_template(&mut admin).await;
        sqlx::query(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .execute(&mut admin)
            .await
            .unwrap();
        FreshDatabase {
            url: Some(database_url(&name)),
            data_dir,
            pg_name: Some(name),
        }
    }

    pub async fn drop_database(mut self) {
        if let Some(name) = self.pg_name.take() {
            if let Ok(mut conn) = sqlx::PgConnection::connect(&postgres_admin_url()).await {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await;
            }
        }
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

/// A test that failed (or forgot to stop its app) still leaves no database behind.
impl Drop for FreshDatabase {
    fn drop(&mut self) {
        if self.pg_name.is_none() && !self.data_dir.exists() {
            return;
        }
        let database = FreshDatabase {
            url: self.url.take(),
            data_dir: self.data_dir.clone(),
            pg_name: self.pg_name.take(),
        };
        // Drop cannot await, and may run inside the test's runtime: a thread of its own.
        let _ = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(database.drop_database());
        })
        .join();
    }
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub running: Option<Running>,
    pub database: FreshDatabase,
}

/// Every error answer has the documented body, with a registered code of its status.
#[track_caller]
fn assert_documented_error(status: StatusCode, body: &Value) -> &str {
    let code = body["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no code in {body}"));
    assert_eq!(body["statusCode"], status.as_u16(), "{body}");
    assert!(
        body["message"].is_string() && body["error"].is_string(),
        "{body}"
    );
    let documented = cho::openapi::error_codes().find(|c| c.code == code);
    let documented = documented.unwrap_or_else(|| panic!("code {code} is not documented: {body}"));
    assert_eq!(
        documented.status,
        status.as_u16(),
        "code {code} documented with another status"
    );
    code
}

/// The documented operations with the error codes each lists (`x-error-codes`).
struct Operations(Vec<(String, Vec<String>, Vec<String>)>);

impl Operations {
    fn from_document(doc: &Value) -> Self {
        let mut operations = Vec::new();
        for (path, methods) in doc["paths"].as_object().expect("paths") {
            let segments: Vec<String> = path.split('/').map(str::to_owned).collect();
            for (method, operation) in methods.as_object().expect("operations") {
                let codes = operation["x-error-codes"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{method} {path} lists no error codes"))
                    .iter()
                    .map(|c| c.as_str().expect("a code").to_owned())
                    .collect();
                operations.push((method.to_uppercase(), segments.clone(), codes));
            }
        }
        Operations(operations)
    }

    /// The codes of the operation that serves `method path`, if one is documented:
    /// of the templates that match, the one with the most literal segments.
    fn codes(&self, method: &Method, path: &str) -> Option<&[String]> {
        let path = path.split('?').next().unwrap_or(path);
        let concrete: Vec<&str> = path.split('/').collect();
        self.0
            .iter()
            .filter(|(m, segments, _)| {
                m == method.as_str()
                    && segments.len() == concrete.len()
                    && segments
                        .iter()
                        .zip(&concrete)
                        .all(|(s, c)| s.starts_with('{') || s == c)
            })
            .max_by_key(|(_, segments, _)| segments.iter().filter(|s| !s.starts_with('{')).count())
            .map(|(_, _, codes)| codes.as_slice())
    }
}

#[must_use = "a reply is there to be checked"]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
}

impl Reply {
    /// The body of what must be a 200 answer.
    #[track_caller]
    pub fn ok(self) -> Value {
        self.expect(StatusCode::OK)
    }

    /// The body of what must be a 201 answer.
    #[track_caller]
    pub fn created(self) -> Value {
        self.expect(StatusCode::CREATED)
    }

    /// The body of what must be an answer with `status`.
    #[track_caller]
    pub fn expect(self, status: StatusCode) -> Value {
        assert_eq!(self.status, status, "{}", self.body);
        self.body
    }
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> Self {
        Self::spawn_with_consumers(configure, None).await
    }

    /// [`TestApp::spawn_with`], running `consumers` (when given) instead of the app's own
    /// outbox consumers.
    pub async fn spawn_with_consumers(
        configure: impl FnOnce(&mut Config),
        consumers: Option<Vec<Arc<dyn Consumer>>>,
    ) -> Self {
        let database = FreshDatabase::create().await;
        // Bound before start so the configuration knows the port the gateway simulators
        // call back, and handed to the server as it is (no bind, drop and rebind race).
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mut config = Config {
            listen: format!("127.0.0.1:{port}"),
            public_url: format!("http://127.0.0.1:{port}"),
            sandbox: true,
            data_dir: database.data_dir.clone(),
            database_url: database.url.clone(),
            db_max_connections: 8,
            application_secret: Some(Secret::new(
                "test-secret-test-secret-test-secret-0123456789",
            )),
            log_format: "pretty".into(),
            log: "warn".into(),
            worker_concurrency: 2,
            // Every test client comes from 127.0.0.1; the limits have tests of their own.
            rate_limit_public_per_minute: 0,
            rate_limit_user_per_minute: 0,
            ..Config::default()
        };
        config.set("identity.login_rate_per_minute", 1_000_000);
        configure(&mut config);
        if let Ok(filter) = std::env::var("CHO_TEST_LOG") {
            // e.g. CHO_TEST_LOG=warn to see the application's logs while debugging a test.
            config.log = filter;
            cho::telemetry::init_logging(&config);
        }
        let state = server::prepare(&config, Mode::Full)
            .await
            .expect("app prepares");
        let overrides = server::Overrides {
            listener: Some(listener),
            consumers,
        };
        let running = server::start_with(state, Mode::Full, overrides)
            .await
            .expect("app starts");
        let base = format!("http://{}", running.addr.unwrap());
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(64)
            .build()
            .unwrap();
        TestApp {
            base,
            client,
            running: Some(running),
            database,
        }
    }

    pub fn state(&self) -> &cho_platform::AppState {
        &self.running.as_ref().unwrap().state
    }

    /// Lets `later` pass for the job queue: runs at once every job due by then (an
    /// order's expiry, the payment closes it enqueues …) instead of sleeping.
    /// Jobs the app's own worker took meanwhile are waited for, and what they enqueue runs too.
    pub async fn run_jobs_due_in(&self, later: std::time::Duration) {
        let at = cho_platform::now() + chrono::Duration::from_std(later).unwrap();
        let worker = server::worker(self.state());
        for _ in 0..200 {
            let ran = worker.run_due(at).await.unwrap();
            let running: i64 = self
                .state()
                .db
                .query("SELECT COUNT(*) FROM jobs WHERE status = 'running'")
                .scalar()
                .await
                .unwrap();
            if ran == 0 && running == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("jobs still running after 2 s");
    }

    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
        self.database.drop_database().await;
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        self.request_with(method, path, token, body, &[]).await
    }

    pub async fn request_with(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = self
            .client
            .request(method.clone(), format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("request is sent");
        let status = response.status();
        let text = response.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        // Gateways' callbacks answer in the gateway's own format, without `statusCode`.
        if status.as_u16() >= 400 && body.get("statusCode").is_some() {
            let code = assert_documented_error(status, &body);
            self.assert_listed(&method, path, code).await;
        }
        Reply { status, body }
    }

    /// An error code a documented operation answered with is one it lists (or one any
    /// operation may answer with): the document cannot fall behind the code.
    async fn assert_listed(&self, method: &Method, path: &str, code: &str) {
        static OPERATIONS: tokio::sync::OnceCell<Operations> = tokio::sync::OnceCell::const_new();
        let operations = OPERATIONS
            // Built rather than fetched: a test that spent its address's request budget
            // still gets its errors checked.
            .get_or_init(|| async {
                let (_, doc) = cho::app::routes(self.state());
                Operations::from_document(&serde_json::to_value(&doc).expect("the API document"))
            })
            .await;
        if let Some(codes) = operations.codes(method, path) {
            assert!(
                codes.iter().any(|c| c == code) || cho::openapi::ANY_OPERATION.contains(&code),
                "{method} {path} answered `{code}`, which its operation does not list: {codes:?}"
            );
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.request(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.request(Method::POST, path, token, Some(body)).await
    }

    /// Registers a customer and signs in; returns the access token.
    pub async fn customer(&self, email: &str) -> String {
        let reply = self
            .post(
                "/v1/auth/register",
                None,
                json!({"email": email, "password": PASSWORD, "fullName": "Khách Hàng"}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        self.login(email).await
    }

    pub async fn login(&self, email: &str) -> String {
        let reply = self
            .post(
                "/v1/auth/login",
                None,
                json!({"email": email, "password": PASSWORD}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        reply.body["accessToken"].as_str().unwrap().to_owned()
    }

    /// Creates an account with `role` directly (as `cho admin create` does) and signs in.
    pub async fn staff(&self, email: &str, role: Role) -> String {
        let user = NewUser {
            email: Some(email.into()),
            phone: None,
            password: PASSWORD.into(),
            full_name: "Nhân Viên".into(),
            role,
        };
        create_user(&self.state().db, user).await.unwrap();
        self.login(email).await
    }

    /// Creates a category, a brand and a product with one variant; returns the variant id.
    pub async fn product_with_stock(
        &self,
        admin: &str,
        sku: &str,
        price: i64,
        stock: i64,
    ) -> String {
        let suffix = sku.to_lowercase();
        let category = self
            .post(
                "/v1/admin/categories",
                Some(admin),
                json!({"name": format!("Danh mục {suffix}")}),
            )
            .await;
        assert_eq!(category.status, StatusCode::CREATED, "{:?}", category.body);
        let category_id = category.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["slug"] == format!("danh-muc-{suffix}"))
            .unwrap()["id"]
            .clone();
        let product = self
            .post(
                "/v1/admin/products",
                Some(admin),
                json!({
                    "name": format!("Sản phẩm {sku}"),
                    "categoryId": category_id,
                    "variants": [{"name": "Mặc định", "sku": sku, "price": price, "stockQuantity": stock}]
                }),
            )
            .await;
        assert_eq!(product.status, StatusCode::CREATED, "{:?}", product.body);
        product.body["variants"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn stock_of(&self, admin: &str, variant_id: &str) -> i64 {
        let products = self.get("/v1/products?limit=100", None).await;
        for product in products.body["items"].as_array().unwrap() {
            let detail = self
                .get(
                    &format!("/v1/admin/products/{}", product["id"].as_str().unwrap()),
                    Some(admin),
                )
                .await;
            for variant in detail.body["variants"].as_array().unwrap() {
                if variant["id"] == variant_id {
                    return variant["stockQuantity"].as_i64().unwrap();
                }
            }
        }
        panic!("variant {variant_id} not found")
    }
}

/// A valid Hồ Chí Minh City address.
pub fn address() -> Value {
    json!({
        "recipientName": "Nguyễn Văn An",
        "phone": "0912345678",
        "provinceCode": 79,
        "wardCode": 26743,
        "addressDetail": "123 Lê Lợi"
    })
}

/// A shop with one product in stock, its admin and one shopper: what the
/// payment tests start from.
pub struct Shop {
    pub app: TestApp,
    pub admin: String,
    pub buyer: String,
    pub variant: String,
}

impl Shop {
    pub const STOCK: i64 = 50;

    pub async fn open() -> Self {
        Self::open_with(|_| {}).await
    }

    pub async fn open_with(configure: impl FnOnce(&mut Config)) -> Self {
        let app = TestApp::spawn_with(configure).await;
        let admin = app.staff("admin@example.vn", Role::Admin).await;
        let variant = app
            .product_with_stock(&admin, "SHOP-1", 1_250_000, Self::STOCK)
            .await;
        let buyer = app.customer("lan@example.vn").await;
        Shop {
            app,
            admin,
            buyer,
            variant,
        }
    }

    /// The shopper buys two units, paying by `method`; the placed order.
    pub async fn order(&self, method: &str) -> Value {
        let item = json!({"variantId": self.variant, "quantity": 2});
        self.app
            .post("/v1/cart/items", Some(&self.buyer), item)
            .await
            .ok();
        let body = json!({"shippingAddress": address(), "paymentMethod": method});
        self.app
            .post("/v1/orders", Some(&self.buyer), body)
            .await
            .created()
    }

    /// The order's `(status, paymentStatus)` as its shopper sees them.
    pub async fn status(&self, order_id: &str) -> (String, String) {
        let order = self
            .app
            .get(&format!("/v1/orders/{order_id}"), Some(&self.buyer))
            .await;
        (
            order.body["status"].as_str().unwrap().into(),
            order.body["paymentStatus"].as_str().unwrap().into(),
        )
    }
    /// The types of the events written for `aggregate_id` (an order, a payment …), oldest first.
    pub async fn event_types(&self, aggregate_id: &str) -> Vec<String> {
        let events =
            cho_platform::outbox::events_for(&self.app.state().db, aggregate_id.parse().unwrap())
                .await
                .unwrap();
        events.into_iter().map(|e| e.event_type).collect()
    }
}
