//! `cho bench`: load scenarios against a fresh in-process instance, printing
//! throughput and latency percentiles. A benchmark, not a test: it asserts
//! nothing and the figures depend on the machine.
//!
//! The load generator runs in the same process as the server and competes with
//! it for the CPU, so the figures are a lower bound for the server alone.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use cho_identity::{create_user, NewUser, Role};
use cho_platform::config::{Config, Secret};
use serde_json::{json, Value};
use sqlx::Connection;

use crate::server::{self, Mode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    /// Product lists (filters, sorts, pages) and product details, anonymously.
    Browse,
    /// Product lists alone (six filters and sorts).
    List,
    /// Product details alone.
    Detail,
    /// The storefront's HTML pages: home, categories (filtered and sorted), products.
    Storefront,
    /// `--requests` requests to `/healthz` and a product list, printing the process's
    /// resident memory as they go: it must stay flat.
    Memory,
    /// Signed-in shoppers add to cart and place COD orders, spread over 50 SKUs.
    Checkout,
    /// The same, everyone buying one SKU (a flash sale: checkouts queue on its row).
    FlashSale,
    /// VNPay IPNs verified and applied (order → PAID), on orders placed beforehand.
    Ipn,
}

#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Scenarios to run (default: all).
    #[arg(long, value_enum)]
    pub scenario: Vec<Scenario>,
    /// Seconds each scenario runs.
    #[arg(long, default_value_t = 10)]
    pub duration: u64,
    /// Concurrent virtual users.
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,
    /// Requests the memory scenario sends.
    #[arg(long, default_value_t = 1_000_000)]
    pub requests: u64,
    /// Orders placed (untimed) for the IPN scenario to pay.
    #[arg(long, default_value_t = 5000)]
    pub ipn_orders: usize,
    /// How long public catalog responses are cached, in ms (0: every request reads the database).
    #[arg(long, default_value_t = 1000)]
    pub cache_ms: u64,
    /// Also run on PostgreSQL: a server URL whose user may create databases
    /// (a throwaway database is created and dropped).
    #[arg(long, env = "CHO_BENCH_POSTGRES_URL")]
    pub postgres: Option<String>,
    /// Skip SQLite (with `--postgres`).
    #[arg(long, requires = "postgres")]
    pub postgres_only: bool,
    /// Load a shop already running at this URL instead of starting one (browse, list, detail
    /// and memory only), e.g. to measure a server pinned to one core from another process.
    #[arg(long)]
    pub target: Option<String>,
}

pub struct Report {
    pub backend: &'static str,
    pub scenario: Scenario,
    pub requests: usize,
    pub errors: usize,
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
    pub unit: &'static str,
    pub units: usize,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        if self.requests == 0 {
            // The memory scenario keeps no latencies: they would be what it measures.
            return write!(
                f,
                "{:<10} {:<12} {:>8.0} {}/s  ({} {}, {} errors)",
                self.backend,
                format!("{:?}", self.scenario).to_lowercase(),
                self.units as f64 / secs,
                self.unit,
                self.units,
                self.unit,
                self.errors,
            );
        }
        write!(
            f,
            "{:<10} {:<9} {:>9.0} req/s  {:>8.0} {}/s  p50 {:>6.2} ms  p99 {:>6.2} ms  ({} requests, {} errors)",
            self.backend,
            format!("{:?}", self.scenario).to_lowercase(),
            self.requests as f64 / secs,
            self.units as f64 / secs,
            self.unit,
            self.p50.as_secs_f64() * 1000.0,
            self.p99.as_secs_f64() * 1000.0,
            self.requests,
            self.errors,
        )
    }
}

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    let scenarios = if args.scenario.is_empty() {
        vec![
            Scenario::Browse,
            Scenario::Checkout,
            Scenario::FlashSale,
            Scenario::Ipn,
        ]
    } else {
        args.scenario.clone()
    };
    let mut backends: Vec<(&'static str, Option<String>)> = Vec::new();
    if !args.postgres_only {
        backends.push(("sqlite", None));
    }
    if let Some(url) = &args.postgres {
        backends.push(("postgres", Some(url.clone())));
    }
    println!(
        "cho bench: {} s per scenario, {} virtual users, {} cores",
        args.duration,
        args.concurrency,
        cores()
    );
    if let Some(target) = &args.target {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(args.concurrency)
            .build()?;
        for &scenario in &scenarios {
            let result = match scenario {
                Scenario::Browse => browse(&client, target, &args, Pages::Both).await,
                Scenario::Storefront => storefront(&client, target, &args).await,
                Scenario::List => browse(&client, target, &args, Pages::Lists).await,
                Scenario::Detail => browse(&client, target, &args, Pages::Details).await,
                other => anyhow::bail!("--target runs browse, list and detail, not {other:?}"),
            };
            let (latencies, errors, elapsed, units, unit) = result?;
            let report = summarise("target", scenario, latencies, errors, elapsed, units, unit);
            println!("{report}");
        }
        return Ok(());
    }
    for (backend, admin_url) in backends {
        for &scenario in &scenarios {
            let report = run_one(backend, admin_url.as_deref(), scenario, &args).await?;
            println!("{report}");
        }
    }
    Ok(())
}

fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// A throwaway database: a temp SQLite dir, or a new PostgreSQL database.
struct Scratch {
    data_dir: std::path::PathBuf,
    postgres: Option<(String, String)>,
}

impl Scratch {
    async fn create(admin_url: Option<&str>) -> anyhow::Result<(Self, Option<String>)> {
        let data_dir =
            std::env::temp_dir().join(format!("cho-bench-{}", uuid::Uuid::new_v4().simple()));
        let Some(admin_url) = admin_url else {
            return Ok((
                Scratch {
                    data_dir,
                    postgres: None,
                },
                None,
            ));
        };
        let name = format!("cho_bench_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(admin_url)
            .await
            .context("connecting to PostgreSQL")?;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await?;
        // The same server and options (e.g. `?host=/var/run/postgresql`), another database.
        let mut url = reqwest::Url::parse(admin_url).context("the PostgreSQL URL")?;
        url.set_path(&name);
        let url = url.to_string();
        Ok((
            Scratch {
                data_dir,
                postgres: Some((admin_url.to_owned(), name)),
            },
            Some(url),
        ))
    }

    async fn remove(self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
        if let Some((admin_url, name)) = self.postgres {
            if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url).await {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await;
            }
        }
    }
}

async fn run_one(
    backend: &'static str,
    admin_url: Option<&str>,
    scenario: Scenario,
    args: &BenchArgs,
) -> anyhow::Result<Report> {
    let (scratch, database_url) = Scratch::create(admin_url).await?;
    let mut config = Config {
        listen: "127.0.0.1:0".into(),
        data_dir: scratch.data_dir.clone(),
        database_url,
        db_max_connections: 16,
        application_secret: Some(Secret::new("bench-secret-bench-secret-bench-secret-0123")),
        log: "error".into(),
        response_cache_ms: args.cache_ms,
        // One load generator is one address: the per-client budgets would measure themselves.
        rate_limit_public_per_minute: 0,
        rate_limit_user_per_minute: 0,
        sandbox: true,
        ..Config::default()
    };
    config.set("identity.login_rate_per_minute", i64::MAX);
    let state = server::prepare(&config, Mode::Full).await?;
    cho_catalog::demo::seed(&state.db)
        .await
        .map_err(|e| anyhow::anyhow!("demo catalog: {e}"))?;
    let running = server::start(state, Mode::Full).await?;
    let base = format!("http://{}", running.addr.expect("serving HTTP"));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .build()?;
    let result = match scenario {
        Scenario::Browse => browse(&client, &base, args, Pages::Both).await,
        Scenario::Storefront => storefront(&client, &base, args).await,
        Scenario::List => browse(&client, &base, args, Pages::Lists).await,
        Scenario::Detail => browse(&client, &base, args, Pages::Details).await,
        Scenario::Memory => memory(&client, &base, args).await,
        Scenario::Checkout => checkout(&client, &base, &running.state, args, 50).await,
        Scenario::FlashSale => checkout(&client, &base, &running.state, args, 1).await,
        Scenario::Ipn => ipn(&client, &base, &running.state, args).await,
    };
    running.stop().await;
    scratch.remove().await;
    let (latencies, errors, elapsed, units, unit) = result?;
    Ok(summarise(
        backend, scenario, latencies, errors, elapsed, units, unit,
    ))
}

type Outcome = (Vec<Duration>, usize, Duration, usize, &'static str);

/// Runs `step` in `concurrency` loops until the deadline; each step returns
/// (requests made, units completed, errors) and its request latencies.
async fn drive<F, Fut>(
    concurrency: usize,
    duration: Duration,
    step: F,
) -> (Vec<Duration>, usize, Duration, usize)
where
    F: Fn(usize, u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = (Vec<Duration>, usize, usize)> + Send,
{
    let step = Arc::new(step);
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..concurrency {
        let (step, stop) = (step.clone(), stop.clone());
        tasks.spawn(async move {
            let (mut latencies, mut units, mut errors, mut round) = (Vec::new(), 0, 0, 0u64);
            while !stop.load(Ordering::Relaxed) {
                let (lat, done, failed) = step(worker, round).await;
                latencies.extend(lat);
                units += done;
                errors += failed;
                round += 1;
            }
            (latencies, units, errors)
        });
    }
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    let (mut latencies, mut units, mut errors) = (Vec::new(), 0, 0);
    while let Some(Ok((lat, done, failed))) = tasks.join_next().await {
        latencies.extend(lat);
        units += done;
        errors += failed;
    }
    (latencies, errors, started.elapsed(), units)
}

/// Sends `request` and reads the whole body; returns the latency and whether it succeeded.
async fn timed(request: reqwest::RequestBuilder) -> (Duration, bool) {
    let started = Instant::now();
    let ok = match request.send().await {
        Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
        _ => false,
    };
    (started.elapsed(), ok)
}

/// Which catalog pages a browse run asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pages {
    Both,
    Lists,
    Details,
}

async fn browse(
    client: &reqwest::Client,
    base: &str,
    args: &BenchArgs,
    pages: Pages,
) -> anyhow::Result<Outcome> {
    let first: Value = client
        .get(format!("{base}/v1/products?limit=100"))
        .send()
        .await?
        .json()
        .await?;
    let slugs: Arc<Vec<String>> = Arc::new(
        first["items"]
            .as_array()
            .context("products")?
            .iter()
            .filter_map(|p| p["slug"].as_str().map(str::to_owned))
            .collect(),
    );
    let lists = Arc::new([
        "/v1/products",
        "/v1/products?sort=price_asc",
        "/v1/products?sort=best_selling&inStock=true",
        "/v1/products?category=dien-thoai",
        "/v1/products?brand=samsung&sort=price_desc",
        "/v1/products?minPrice=5000000&maxPrice=20000000",
    ]);
    let (client, base) = (client.clone(), base.to_owned());
    let (latencies, errors, elapsed, units) = drive(
        args.concurrency,
        Duration::from_secs(args.duration),
        move |worker, round| {
            let (client, base, slugs, lists) =
                (client.clone(), base.clone(), slugs.clone(), lists.clone());
            async move {
                let n = worker + round as usize;
                let mut timings = Vec::with_capacity(2);
                if pages != Pages::Details {
                    let list = format!("{base}{}", lists[n % lists.len()]);
                    timings.push(timed(client.get(list)).await);
                }
                if pages != Pages::Lists {
                    let detail = format!("{base}/v1/products/{}", slugs[n % slugs.len()]);
                    timings.push(timed(client.get(detail)).await);
                }
                let errors = timings.iter().filter(|(_, ok)| !ok).count();
                let done = timings.len() - errors;
                (timings.into_iter().map(|(t, _)| t).collect(), done, errors)
            }
        },
    )
    .await;
    Ok((latencies, errors, elapsed, units, "pages"))
}

/// Anonymous shoppers on the storefront's pages, each answer read to its end: the
/// home page, category pages with and without filters, and product pages.
async fn storefront(
    client: &reqwest::Client,
    base: &str,
    args: &BenchArgs,
) -> anyhow::Result<Outcome> {
    let first: Value = client
        .get(format!("{base}/v1/products?limit=100"))
        .send()
        .await?
        .json()
        .await?;
    let mut paths: Vec<String> = first["items"]
        .as_array()
        .context("products")?
        .iter()
        .filter_map(|p| {
            Some(format!(
                "/{}/{}",
                p["category"]["slug"].as_str()?,
                p["slug"].as_str()?
            ))
        })
        .collect();
    paths.extend(
        [
            "/",
            "/dien-thoai",
            "/dien-thoai?brand=apple&sort=price_asc",
            "/laptop?in_stock=1",
            "/phu-kien?sort=best_selling",
        ]
        .map(str::to_owned),
    );
    let paths = Arc::new(paths);
    let (client, base) = (client.clone(), base.to_owned());
    let (latencies, errors, elapsed, units) = drive(
        args.concurrency,
        Duration::from_secs(args.duration),
        move |worker, round| {
            let (client, base, paths) = (client.clone(), base.clone(), paths.clone());
            async move {
                let path = &paths[(worker + round as usize * 7) % paths.len()];
                let (took, ok) = timed(client.get(format!("{base}{path}"))).await;
                (vec![took], usize::from(ok), usize::from(!ok))
            }
        },
    )
    .await;
    Ok((latencies, errors, elapsed, units, "pages"))
}

/// The resident memory of this process (server and load generator), in MiB.
fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Sends `--requests` requests (nine to `/healthz` for each product list) and prints the
/// resident memory after every tenth of them.
async fn memory(client: &reqwest::Client, base: &str, args: &BenchArgs) -> anyhow::Result<Outcome> {
    let total = args.requests.max(10);
    let per_worker = total / args.concurrency.max(1) as u64;
    let started = Instant::now();
    let mut errors = 0;
    println!("memory: {:>10} requests, RSS {:>7.1} MiB", 0, rss_mib());
    for tenth in 1..=10u64 {
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..args.concurrency {
            let (client, base) = (client.clone(), base.to_owned());
            tasks.spawn(async move {
                let mut failed = 0;
                for i in 0..per_worker / 10 {
                    let path = if i % 10 == 0 {
                        "/v1/products"
                    } else {
                        "/healthz"
                    };
                    if !timed(client.get(format!("{base}{path}"))).await.1 {
                        failed += 1;
                    }
                }
                failed
            });
        }
        while let Some(failed) = tasks.join_next().await {
            errors += failed?;
        }
        let sent = per_worker * args.concurrency as u64 * tenth / 10;
        println!("memory: {sent:>10} requests, RSS {:>7.1} MiB", rss_mib());
    }
    let sent = (per_worker / 10 * 10) as usize * args.concurrency;
    Ok((Vec::new(), errors, started.elapsed(), sent, "requests"))
}

/// One admin makes a product with `skus` variants, stocked for the whole run,
/// and `shoppers` customers sign in; returns their access tokens and the variant ids.
async fn setup_shop(
    client: &reqwest::Client,
    base: &str,
    state: &cho_platform::AppState,
    shoppers: usize,
    skus: usize,
) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let password = "bench-password-123";
    create_user(
        &state.db,
        NewUser {
            email: Some("bench-admin@cho.local".into()),
            phone: None,
            password: password.into(),
            full_name: "Bench".into(),
            role: Role::Admin,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let login = |email: String| {
        let client = client.clone();
        let url = format!("{base}/v1/auth/login");
        async move {
            let reply: Value = client
                .post(url)
                .json(&json!({"email": email, "password": password}))
                .send()
                .await?
                .json()
                .await?;
            anyhow::Ok(
                reply["accessToken"]
                    .as_str()
                    .context("signed in")?
                    .to_owned(),
            )
        }
    };
    let admin = login("bench-admin@cho.local".into()).await?;
    let category: Value = client
        .post(format!("{base}/v1/admin/categories"))
        .bearer_auth(&admin)
        .json(&json!({"name": "Bench"}))
        .send()
        .await?
        .json()
        .await?;
    let category_id = category["items"]
        .as_array()
        .context("categories")?
        .iter()
        .find(|c| c["slug"] == "bench")
        .context("bench category")?["id"]
        .clone();
    let variants: Vec<String> = {
        let variants: Vec<Value> = (0..skus)
            .map(|i| json!({"name": format!("Mẫu {i}"), "sku": format!("BENCH-{i}"), "price": 199_000, "stockQuantity": 1_000_000_000}))
            .collect();
        let product: Value = client
            .post(format!("{base}/v1/admin/products"))
            .bearer_auth(&admin)
            .json(
                &json!({"name": "Bench product", "categoryId": category_id, "variants": variants}),
            )
            .send()
            .await?
            .json()
            .await?;
        product["variants"]
            .as_array()
            .context("variants")?
            .iter()
            .filter_map(|v| v["id"].as_str().map(str::to_owned))
            .collect()
    };
    let mut tokens = Vec::with_capacity(shoppers);
    for i in 0..shoppers {
        let email = format!("shopper{i}@bench.local");
        create_user(
            &state.db,
            NewUser {
                email: Some(email.clone()),
                phone: None,
                password: password.into(),
                full_name: "Shopper".into(),
                role: Role::Customer,
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        tokens.push(login(email).await?);
    }
    Ok((tokens, variants))
}

async fn checkout(
    client: &reqwest::Client,
    base: &str,
    state: &cho_platform::AppState,
    args: &BenchArgs,
    skus: usize,
) -> anyhow::Result<Outcome> {
    let (tokens, variants) = setup_shop(client, base, state, args.concurrency, skus).await?;
    let variants = Arc::new(variants);
    let tokens = Arc::new(tokens);
    let order = json!({"shippingAddress": {"recipientName": "Nguyễn Văn An", "phone": "0912345678", "provinceCode": 79,
        "wardCode": 26743, "addressDetail": "123 Lê Lợi"}, "paymentMethod": "COD"});
    let (client, base) = (client.clone(), base.to_owned());
    let (latencies, errors, elapsed, units) = drive(
        args.concurrency,
        Duration::from_secs(args.duration),
        move |worker, round| {
            let (client, base, tokens, variants, order) = (
                client.clone(),
                base.clone(),
                tokens.clone(),
                variants.clone(),
                order.clone(),
            );
            async move {
                let token = &tokens[worker];
                let variant = &variants[(worker + round as usize) % variants.len()];
                let add = timed(
                    client
                        .post(format!("{base}/v1/cart/items"))
                        .bearer_auth(token)
                        .json(&json!({"variantId": variant, "quantity": 1})),
                )
                .await;
                let placed = timed(
                    client
                        .post(format!("{base}/v1/orders"))
                        .bearer_auth(token)
                        .json(&order),
                )
                .await;
                let errors = usize::from(!add.1) + usize::from(!placed.1);
                (vec![add.0, placed.0], usize::from(placed.1), errors)
            }
        },
    )
    .await;
    Ok((latencies, errors, elapsed, units, "orders"))
}

async fn ipn(
    client: &reqwest::Client,
    base: &str,
    state: &cho_platform::AppState,
    args: &BenchArgs,
) -> anyhow::Result<Outcome> {
    let (tokens, variants) = setup_shop(client, base, state, args.concurrency, 50).await?;
    // Place the orders the IPNs will pay; this part is not measured.
    let per_shopper = args.ipn_orders.div_ceil(args.concurrency);
    let mut placing = tokio::task::JoinSet::new();
    for (i, token) in tokens.into_iter().enumerate() {
        let (client, base, variant) = (
            client.clone(),
            base.to_owned(),
            variants[i % variants.len()].clone(),
        );
        placing.spawn(async move {
            let mut placed = Vec::with_capacity(per_shopper);
            for _ in 0..per_shopper {
                client.post(format!("{base}/v1/cart/items")).bearer_auth(&token).json(&json!({"variantId": variant, "quantity": 1})).send().await?;
                let order: Value = client
                    .post(format!("{base}/v1/orders"))
                    .bearer_auth(&token)
                    .json(&json!({"shippingAddress": {"recipientName": "Nguyễn Văn An", "phone": "0912345678", "provinceCode": 79,
                        "wardCode": 26743, "addressDetail": "123 Lê Lợi"}, "paymentMethod": "VNPAY"}))
                    .send()
                    .await?
                    .json()
                    .await?;
                let url = reqwest::Url::parse(order["payment"]["paymentUrl"].as_str().context("a payment URL")?)?;
                let txn_ref = url.query_pairs().find(|(k, _)| k == "vnp_TxnRef").context("vnp_TxnRef")?.1.into_owned();
                placed.push((txn_ref, order["total"].as_i64().context("total")?));
            }
            anyhow::Ok(placed)
        });
    }
    let vnpay = cho_payments::vnpay::Vnpay::simulated(state).context("the VNPay sandbox")?;
    let mut queries = Vec::new();
    while let Some(placed) = placing.join_next().await {
        for (txn_ref, total) in placed?? {
            let params =
                vnpay.result_params(&txn_ref, total, "Thanh toan don hang", true, "14422574");
            queries.push(format!(
                "{base}/v1/payments/vnpay/callback?{}",
                vnpay.signed_query(&params)
            ));
        }
    }

    let queries = Arc::new(queries);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut senders = tokio::task::JoinSet::new();
    for _ in 0..args.concurrency {
        let (client, queries, next) = (client.clone(), queries.clone(), next.clone());
        senders.spawn(async move {
            let (mut latencies, mut applied, mut errors) = (Vec::new(), 0, 0);
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = queries.get(i) else { break };
                let sent = Instant::now();
                let answer: Option<Value> = match client.get(url).send().await {
                    Ok(response) => response.json().await.ok(),
                    Err(_) => None,
                };
                latencies.push(sent.elapsed());
                match answer {
                    Some(a) if a["RspCode"] == "00" => applied += 1,
                    _ => errors += 1,
                }
            }
            (latencies, applied, errors)
        });
    }
    let (mut latencies, mut applied, mut errors) = (Vec::new(), 0, 0);
    while let Some(Ok((lat, ok, failed))) = senders.join_next().await {
        latencies.extend(lat);
        applied += ok;
        errors += failed;
    }
    Ok((latencies, errors, started.elapsed(), applied, "payments"))
}

fn summarise(
    backend: &'static str,
    scenario: Scenario,
    mut latencies: Vec<Duration>,
    errors: usize,
    elapsed: Duration,
    units: usize,
    unit: &'static str,
) -> Report {
    latencies.sort_unstable();
    let percentile = |p: f64| {
        if latencies.is_empty() {
            Duration::ZERO
        } else {
            latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)]
        }
    };
    Report {
        backend,
        scenario,
        requests: latencies.len(),
        errors,
        elapsed,
        p50: percentile(0.50),
        p99: percentile(0.99),
        unit,
        units,
    }
}
