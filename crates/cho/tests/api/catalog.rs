use std::collections::HashSet;

use cho_identity::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::TestApp;

async fn all_pages(app: &TestApp, query: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/products?{query}&limit=50&cursor={c}"),
            None => format!("/v1/products?{query}&limit=50"),
        };
        let page = app.get(&path, None).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {:?}", page.body);
        items.extend(page.body["items"].as_array().unwrap().iter().cloned());
        match page.body["nextCursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return items,
        }
    }
}

#[tokio::test]
async fn the_demo_catalog_browses_filters_sorts_and_pages() {
    let app = TestApp::spawn_with(|c| c.demo = true).await;

    // Every product exactly once across pages.
    let everything = all_pages(&app, "sort=newest").await;
    assert!(everything.len() >= 200, "{} products", everything.len());
    let ids: HashSet<&str> = everything
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), everything.len());

    // Sorted by what the shopper pays, across page boundaries.
    let by_price = all_pages(&app, "sort=price_asc").await;
    let paid = |p: &Value| {
        p["salePrice"]
            .as_i64()
            .unwrap_or_else(|| p["price"].as_i64().unwrap())
    };
    assert!(by_price.windows(2).all(|w| paid(&w[0]) <= paid(&w[1])));
    assert_eq!(by_price.len(), everything.len());
    let by_price_desc = all_pages(&app, "sort=price_desc").await;
    assert!(by_price_desc.windows(2).all(|w| paid(&w[0]) >= paid(&w[1])));
    // Sorts with many ties (every demo product has sold nothing, and no rating) still page
    // through every product once.
    for sort in ["best_selling", "rating"] {
        let sorted = all_pages(&app, &format!("sort={sort}")).await;
        let once: HashSet<&str> = sorted.iter().map(|p| p["id"].as_str().unwrap()).collect();
        assert_eq!(
            (sorted.len(), once.len()),
            (everything.len(), everything.len()),
            "{sort}"
        );
    }

    // A parent category includes its subcategories' products.
    let categories = app.get("/v1/categories", None).await.body["items"]
        .as_array()
        .unwrap()
        .clone();
    let parent = categories
        .iter()
        .find(|c| !c["children"].as_array().unwrap().is_empty())
        .unwrap();
    let child = &parent["children"][0];
    let in_parent = all_pages(
        &app,
        &format!("category={}", parent["slug"].as_str().unwrap()),
    )
    .await;
    let in_child = all_pages(
        &app,
        &format!("category={}", child["slug"].as_str().unwrap()),
    )
    .await;
    assert!(!in_child.is_empty() && in_parent.len() > in_child.len());
    let child_slugs: HashSet<&str> = parent["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["slug"].as_str().unwrap())
        .collect();
    assert!(in_parent
        .iter()
        .all(|p| child_slugs.contains(p["category"]["slug"].as_str().unwrap())));

    // Brand and price range.
    let brands = app.get("/v1/brands", None).await.body["items"]
        .as_array()
        .unwrap()
        .clone();
    assert!(brands.len() >= 20);
    let apple = all_pages(&app, "brand=apple").await;
    assert!(!apple.is_empty() && apple.iter().all(|p| p["brand"]["slug"] == "apple"));
    let mid = all_pages(&app, "minPrice=5000000&maxPrice=10000000").await;
    assert!(
        !mid.is_empty()
            && mid
                .iter()
                .all(|p| (5_000_000..=10_000_000).contains(&paid(p)))
    );
    let in_stock = all_pages(&app, "inStock=true").await;
    assert!(in_stock.iter().all(|p| p["inStock"] == true));

    // Every demo product has real pictures, cached by browsers.
    let image = everything[0]["imageUrl"].as_str().unwrap();
    let picture = app
        .client
        .get(format!("{}{image}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(picture.status(), reqwest::StatusCode::OK, "{image}");
    assert_eq!(picture.headers()["content-type"], "image/svg+xml");
    assert!(picture.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("max-age="));
    let etag = picture.headers()["etag"].clone();
    assert!(picture.text().await.unwrap().starts_with("<svg"));
    let again = app
        .client
        .get(format!("{}{image}", app.base))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), reqwest::StatusCode::NOT_MODIFIED);
    let missing = app.get("/static/demo/no-such-product-1.svg", None).await;
    assert_eq!(missing.status, reqwest::StatusCode::NOT_FOUND);

    // A list entry says of a product what its page says.
    for entry in &everything {
        let mut detail = app
            .get(
                &format!("/v1/products/{}", entry["slug"].as_str().unwrap()),
                None,
            )
            .await
            .ok();
        let detail = detail.as_object_mut().unwrap();
        for only_on_the_page in [
            "shortDescription",
            "description",
            "specs",
            "imageUrls",
            "status",
            "variants",
        ] {
            detail.remove(only_on_the_page);
        }
        assert_eq!(&Value::Object(detail.clone()), entry);
    }

    // Detail by slug, with variants.
    let slug = everything[0]["slug"].as_str().unwrap();
    let detail = app.get(&format!("/v1/products/{slug}"), None).await;
    assert_eq!(detail.status, StatusCode::OK);
    let variant = &detail.body["variants"][0];
    for field in ["id", "sku", "name", "price", "stockQuantity", "attributes"] {
        assert!(variant.get(field).is_some(), "variant has {field}");
    }
    assert!(detail.body["specs"].is_object());
    assert_eq!(
        app.get("/v1/products/khong-ton-tai", None).await.status,
        StatusCode::NOT_FOUND
    );
    app.stop().await;
}

#[tokio::test]
async fn staff_manage_the_catalog_and_every_write_is_audited() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.vn", Role::Admin).await;
    let phones = app
        .post(
            "/v1/admin/categories",
            Some(&admin),
            json!({"name": "Điện thoại"}),
        )
        .await;
    assert_eq!(phones.status, StatusCode::CREATED);
    let phones_id = phones.body["items"][0]["id"].clone();
    let samsung_phones = app
        .post(
            "/v1/admin/categories",
            Some(&admin),
            json!({"name": "Điện thoại Samsung", "parentId": phones_id}),
        )
        .await;
    assert_eq!(
        samsung_phones.body["items"][0]["children"][0]["slug"],
        "dien-thoai-samsung"
    );
    let child_id = samsung_phones.body["items"][0]["children"][0]["id"].clone();
    let brand = app
        .post("/v1/admin/brands", Some(&admin), json!({"name": "Samsung"}))
        .await;
    assert_eq!(brand.status, StatusCode::CREATED);

    let product = json!({
        "name": "Điện thoại Samsung Galaxy A56 5G",
        "categoryId": child_id,
        "brandId": brand.body["id"],
        "specs": {"Màn hình": {"Kích thước": "6.7 inch"}},
        "variants": [
            {"name": "8GB/128GB", "sku": "SS-A56-128", "price": 9_490_000, "salePrice": 8_990_000, "stockQuantity": 5, "attributes": {"storage": "128GB"}},
            {"name": "8GB/256GB", "sku": "SS-A56-256", "price": 10_490_000, "stockQuantity": 0}
        ]
    });
    let created = app
        .post("/v1/admin/products", Some(&admin), product.clone())
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(created.body["slug"], "dien-thoai-samsung-galaxy-a56-5g");
    assert_eq!(
        (
            created.body["price"].as_i64(),
            created.body["salePrice"].as_i64()
        ),
        (Some(9_490_000), Some(8_990_000))
    );
    assert_eq!(created.body["inStock"], true);
    let duplicate_sku = app.post("/v1/admin/products", Some(&admin), json!({
        "name": "Khác", "categoryId": child_id, "variants": [{"name": "x", "sku": "SS-A56-128", "price": 1000, "stockQuantity": 1}]
    })).await;
    assert_eq!(duplicate_sku.status, StatusCode::CONFLICT);
    assert_eq!(duplicate_sku.body["code"], "already_taken");

    // Selling out the only stocked variant flips inStock.
    let public = app
        .get("/v1/products/dien-thoai-samsung-galaxy-a56-5g", None)
        .await;
    assert_eq!(public.body["inStock"], true, "public pages are cached…");
    let variant_id = created.body["variants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["sku"] == "SS-A56-128")
        .unwrap()["id"]
        .clone();
    let update = app
        .request(reqwest::Method::PUT, &format!("/v1/admin/variants/{}", variant_id.as_str().unwrap()), Some(&admin),
            Some(json!({"name": "8GB/128GB", "sku": "SS-A56-128", "price": 9_490_000, "stockQuantity": 0})))
        .await;
    assert_eq!(update.status, StatusCode::OK, "{:?}", update.body);
    assert_eq!(update.body["inStock"], false);
    assert_eq!(update.body["salePrice"], Value::Null);
    let public = app
        .get("/v1/products/dien-thoai-samsung-galaxy-a56-5g", None)
        .await;
    assert_eq!(
        public.body["inStock"], false,
        "…and a catalog write drops the cache at once"
    );

    // Withdrawn variants leave the public page; drafts show only in the back office.
    let other = created.body["variants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["sku"] == "SS-A56-256")
        .unwrap()["id"]
        .clone();
    let withdrawn = app
        .request(
            reqwest::Method::DELETE,
            &format!("/v1/admin/variants/{}", other.as_str().unwrap()),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::NO_CONTENT);
    let public = app
        .get("/v1/products/dien-thoai-samsung-galaxy-a56-5g", None)
        .await;
    assert_eq!(public.body["variants"].as_array().unwrap().len(), 1);
    let mut draft = product.clone();
    draft["name"] = json!("Bản nháp");
    draft["status"] = json!("draft");
    draft["variants"] = json!([]);
    let draft = app.post("/v1/admin/products", Some(&admin), draft).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{:?}", draft.body);
    assert_eq!(
        app.get("/v1/products/ban-nhap", None).await.status,
        StatusCode::NOT_FOUND
    );
    let back_office = app.get("/v1/admin/products", Some(&admin)).await;
    assert_eq!(back_office.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        app.get("/v1/products", None).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // A parent category with children cannot be deleted.
    let delete = app
        .request(
            reqwest::Method::DELETE,
            &format!("/v1/admin/categories/{}", phones_id.as_str().unwrap()),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(delete.status, StatusCode::CONFLICT);
    assert_eq!(delete.body["code"], "category_in_use");

    let logs = app
        .get("/v1/admin/audit-logs?limit=100", Some(&admin))
        .await;
    let actions: Vec<&str> = logs.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["action"].as_str().unwrap())
        .collect();
    for action in [
        "category.create",
        "brand.create",
        "product.create",
        "variant.update",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let variant_log = logs.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["action"] == "variant.update")
        .unwrap();
    assert_eq!(variant_log["oldValues"]["stockQuantity"], 5);
    assert_eq!(variant_log["newValues"]["stockQuantity"], 0);
    assert!(variant_log["ipAddress"].as_str().is_some());
    app.stop().await;
}

#[tokio::test]
async fn lists_follow_every_edit_of_a_product_its_category_and_its_brand() {
    let app = TestApp::spawn_with(|c| c.response_cache_ms = 0).await;
    let admin = app.staff("admin@example.vn", Role::Admin).await;
    let category = app
        .post(
            "/v1/admin/categories",
            Some(&admin),
            json!({"name": "Tai nghe"}),
        )
        .await
        .created()["items"][0]["id"]
        .clone();
    let brand = app
        .post("/v1/admin/brands", Some(&admin), json!({"name": "Sony"}))
        .await
        .created()["id"]
        .clone();
    let product = json!({
        "name": "Tai nghe Sony WH-1000XM6",
        "categoryId": category,
        "brandId": brand,
        "imageUrls": ["/a.jpg"],
        "variants": [{"name": "Đen", "sku": "SONY-XM6", "price": 9_990_000, "stockQuantity": 3}]
    });
    let id = app
        .post("/v1/admin/products", Some(&admin), product.clone())
        .await
        .created()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let entry = || async { app.get("/v1/products", None).await.ok()["items"][0].clone() };
    assert_eq!(entry().await["name"], "Tai nghe Sony WH-1000XM6");

    let mut renamed = product.clone();
    renamed["name"] = json!("Tai nghe chống ồn Sony");
    renamed["imageUrls"] = json!(["/b.jpg", "/a.jpg"]);
    app.request(
        Method::PUT,
        &format!("/v1/admin/products/{id}"),
        Some(&admin),
        Some(renamed),
    )
    .await
    .ok();
    let listed = entry().await;
    assert_eq!(
        (&listed["name"], &listed["imageUrl"]),
        (&json!("Tai nghe chống ồn Sony"), &json!("/b.jpg"))
    );

    let category_path = format!("/v1/admin/categories/{}", category.as_str().unwrap());
    app.request(
        Method::PUT,
        &category_path,
        Some(&admin),
        Some(json!({"name": "Âm thanh"})),
    )
    .await
    .ok();
    let brand_path = format!("/v1/admin/brands/{}", brand.as_str().unwrap());
    app.request(
        Method::PUT,
        &brand_path,
        Some(&admin),
        Some(json!({"name": "Sony Việt Nam"})),
    )
    .await
    .ok();
    let listed = entry().await;
    assert_eq!(listed["category"]["slug"], "am-thanh");
    assert_eq!(listed["brand"]["name"], "Sony Việt Nam");

    // A product whose card is missing (a database from before cards) is listed all the same,
    // and its rating (kept in hundredths) reads as on its page.
    let mut tx = app.state().db.begin().await.unwrap();
    tx.query("UPDATE products SET card = NULL, avg_rating = 433, review_count = 3")
        .execute()
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let listed = entry().await;
    assert_eq!(
        (listed["avgRating"].as_f64(), listed["reviewCount"].as_i64()),
        (Some(4.33), Some(3))
    );
    let page = app.get(&format!("/v1/products/{id}"), None).await.ok();
    assert_eq!(page["avgRating"], listed["avgRating"]);
    assert_eq!(listed["category"]["slug"], "am-thanh");
    app.stop().await;
}
