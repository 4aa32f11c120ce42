// Chợ's pages in a real browser: starts the `cho` binary on a free port against a fresh
// SQLite database with the demo catalog, drives Debian's Chromium through playwright-core,
// runs axe-core on every page a scenario visits (a violation of serious or critical
// impact fails it) and keeps a screenshot of each step in target/browser-artifacts/.
//
//   node tests/browser/run.mjs            # uses target/debug/cho
//   CHO_BIN=target/release/cho node tests/browser/run.mjs

import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { startShop } from "./shop.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const binary = resolve(root, process.env.CHO_BIN ?? "target/debug/cho");
const artifacts = join(root, "target/browser-artifacts");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** A scenario's page, with what every step does: a screenshot and an accessibility check. */
function steps(name, page) {
  let n = 0;
  return {
    async checkpoint(label) {
      n += 1;
      const file = `${name}-${String(n).padStart(2, "0")}-${label}.png`;
      await page.screenshot({ path: join(artifacts, file), fullPage: true });
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((v) => ["serious", "critical"].includes(v.impact));
      check(
        serious.length === 0,
        `${label} (${page.url()}): axe found ${serious
          .map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)
          .join("; ")}`,
      );
    },
  };
}

const PRICE = /^\d{1,3}(\.\d{3})* ₫$/;

async function prices(page) {
  const texts = await page.locator(".grid .card .paid").allTextContents();
  texts.forEach((t) => check(PRICE.test(t), `price '${t}' is not written the Vietnamese way`));
  return texts.map((t) => Number(t.replace(/\D/g, "")));
}

async function register(page, shop, name, email) {
  await page.goto(shop.base + "/dang-ky");
  await page.fill("#full_name", name);
  await page.fill("#email", email);
  await page.fill("#password", "mat-khau-du-dai");
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await page.getByText(`Xin chào, ${name}`).waitFor();
}

/** Registers `email` (unless it is null), puts the first phone's first variant in the cart and checks out paying by `method`. */
async function buyAPhone(page, shop, email, method) {
  if (email) await register(page, shop, "Phạm Thu Hà", email);
  await page.goto(shop.base + "/dien-thoai");
  await page.locator(".grid .card a").first().click();
  await page.locator(".variants form.add-to-cart").first().getByRole("button").click();
  await page.waitForURL(/\/gio-hang/);
  await page.getByRole("link", { name: "Tiến hành đặt hàng" }).click();
  await page.fill("#recipient_name", "Phạm Thu Hà");
  await page.fill("#phone", "0987654321");
  await page.selectOption("#province", "79");
  await page.locator('#ward option[value="26743"]').waitFor({ state: "attached" });
  await page.selectOption("#ward", "26743");
  await page.fill("#address_detail", "45 Nguyễn Huệ");
  await page.check(`input[name="payment_method"][value="${method}"]`);
  await page.getByRole("button", { name: "Đặt hàng", exact: true }).click();
}

/** Opens /admin, which asks to sign in first, as the shop's admin. */
async function signInToAdmin(page, shop) {
  await page.goto(shop.base + "/admin");
  await page.waitForURL(/\/dang-nhap/);
  await page.fill("#login", shop.admin.email);
  await page.fill("#password", shop.admin.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.getByRole("heading", { name: "Tổng quan hôm nay" }).waitFor();
}

function adminMenu(page, name) {
  return page.getByRole("navigation", { name: "Quản trị" }).getByRole("link", { name, exact: true });
}

const scenarios = {
  async "a shopper browses a category, filters, sorts and opens a product"(page, shop, step) {
    await page.goto(shop.base + "/");
    check((await page.locator("h2").allTextContents()).includes("Sản phẩm nổi bật"), "home shows featured products");
    await prices(page);
    await step.checkpoint("home");

    await page.getByRole("navigation", { name: "Danh mục sản phẩm" }).getByRole("link", { name: "Điện thoại", exact: true }).click();
    check((await page.locator("h1").textContent()) === "Điện thoại", "the category page opens");
    await step.checkpoint("category");

    await page.selectOption("#brand", "apple");
    await page.selectOption("#sort", "price_asc");
    await page.getByRole("button", { name: "Lọc" }).click();
    await page.waitForURL(/brand=apple/);
    const brands = await page.locator(".grid .card .card-brand").allTextContents();
    check(brands.length > 0 && brands.every((b) => b === "Apple"), `only Apple products: ${brands}`);
    const sorted = await prices(page);
    check(sorted.every((p, i) => i === 0 || sorted[i - 1] <= p), `prices ascend: ${sorted}`);
    check((await page.inputValue("#sort")) === "price_asc", "the form keeps the chosen sort");
    await step.checkpoint("filtered");

    const first = page.locator(".grid .card a").first();
    const name = (await first.locator(".name").textContent()).trim();
    await first.click();
    check((await page.locator("h1").textContent()).trim() === name, `the product page of ${name} opens`);
    check(PRICE.test(await page.locator(".buy .paid").textContent()), "the product price is in đồng");
    check((await page.locator(".variants .variant").count()) > 0, "variants are listed");
    const data = await page.locator('script[type="application/ld+json"]').allTextContents();
    const product = data.map((d) => JSON.parse(d)).find((d) => d["@type"] === "Product");
    check(product?.offers?.[0]?.priceCurrency === "VND", "JSON-LD offers are in VND");
    await step.checkpoint("product");
  },

  async "a shopper searches without accents, narrows by brand and price, and pages on"(page, shop, step) {
    await page.goto(shop.base + "/");
    const box = page.getByRole("search").getByLabel("Tìm sản phẩm");
    await box.pressSequentially("sams");
    const suggestion = page.locator("#site-search-suggestions option").first();
    await suggestion.waitFor({ state: "attached" });
    check((await suggestion.getAttribute("value")) === "Samsung", "the box suggests the brand as it is typed");
    await box.fill("dien thoai samsung");
    await box.press("Enter");
    await page.waitForURL(/\/tim-kiem\?q=dien\+thoai\+samsung/);
    check((await page.locator("h1").textContent()).includes("dien thoai samsung"), "the results page names the query");
    check((await box.inputValue()) === "dien thoai samsung", "the header box keeps the query");
    const names = await page.locator(".grid .card .name").allTextContents();
    check(names.length > 0 && names[0].includes("Samsung"), `Samsung phones first: ${names.slice(0, 3)}`);
    check((await page.locator(".grid .card .name mark").first().textContent()) === "Điện", "words found without accents are marked");
    await prices(page);
    await step.checkpoint("results");

    const facets = page.getByRole("complementary", { name: "Lọc kết quả" });
    const samsung = facets.getByRole("link", { name: /^Samsung \(\d+\)$/ });
    const count = Number((await samsung.textContent()).match(/\((\d+)\)/)[1]);
    await samsung.click();
    await page.waitForURL(/brand=samsung/);
    const brands = await page.locator(".grid .card .card-brand").allTextContents();
    check(brands.length === Math.min(count, 24) && brands.every((b) => b === "Samsung"), `the facet's ${count} Samsung products: ${brands}`);
    check((await facets.locator("a.chosen").textContent()).startsWith("Samsung"), "the chosen brand is shown as chosen");
    await facets.getByRole("link", { name: /₫.*\(\d+\)$/ }).first().click();
    await page.waitForURL(/min_price=/);
    const url = new URL(page.url());
    const [low, high] = [Number(url.searchParams.get("min_price")), Number(url.searchParams.get("max_price") || Infinity)];
    const paid = await prices(page);
    check(paid.length > 0 && paid.every((p) => p >= low && p <= high), `prices within ${low}–${high}: ${paid}`);
    await step.checkpoint("narrowed");

    await page.getByRole("link", { name: "Bỏ lọc" }).click();
    await page.goto(shop.base + "/tim-kiem?q=" + encodeURIComponent("điện thoại"));
    const firstPage = await page.locator(".grid .card .name").allTextContents();
    await page.getByRole("link", { name: "Xem thêm kết quả" }).click();
    const secondPage = await page.locator(".grid .card .name").allTextContents();
    check(secondPage.length > 0 && !secondPage.some((n) => firstPage.includes(n)), "the next page shows other products");
    await page.goto(shop.base + "/tim-kiem?q=" + encodeURIComponent('xyzzy AND ( "*'));
    check((await page.locator(".empty").textContent()).includes("Không tìm thấy"), "a query with no match says so");
    await step.checkpoint("nothing-found");
  },

  async "the keyboard reaches the content first, and errors are pages"(page, shop, step) {
    await page.goto(shop.base + "/");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    check(focused === "Bỏ qua, đến nội dung chính", `the first Tab stop is the skip link, not '${focused}'`);
    const missing = await page.goto(shop.base + "/khong-co-trang-nay");
    check(missing.status() === 404, "an unknown page answers 404");
    check((await page.locator("h1").textContent()) === "Không tìm thấy trang", "the 404 page says so in Vietnamese");
    await step.checkpoint("not-found");
    await page.getByRole("link", { name: "Chính sách vận chuyển" }).click();
    check((await page.locator("h1").textContent()) === "Chính sách vận chuyển", "policy pages open from the footer");
    await step.checkpoint("policy");
  },

  async "a shopper registers, signs out and signs in again"(page, shop, step) {
    await page.goto(shop.base + "/dien-thoai");
    await page.getByRole("link", { name: "Đăng ký" }).first().click();
    await page.fill("#full_name", "Trần Thị Bình");
    await page.fill("#email", "binh");
    await page.fill("#password", "ngan");
    await page.getByRole("button", { name: "Đăng ký" }).click();
    check((await page.locator(".field-error").count()) === 2, "the bad email and password are named at their fields");
    check((await page.inputValue("#full_name")) === "Trần Thị Bình", "what was typed is kept");
    await step.checkpoint("register-refused");

    await page.fill("#email", "binh@example.vn");
    await page.fill("#password", "mat-khau-du-dai");
    await page.getByRole("button", { name: "Đăng ký" }).click();
    await page.getByText("Xin chào, Trần Thị Bình").waitFor();
    await step.checkpoint("registered");

    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.getByRole("link", { name: "Đăng nhập" }).first().click();
    await page.fill("#login", "binh@example.vn");
    await page.fill("#password", "sai-mat-khau");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    check((await page.getByRole("alert").textContent()).includes("không đúng"), "a wrong password is refused in Vietnamese");
    await step.checkpoint("sign-in-refused");
    await page.fill("#password", "mat-khau-du-dai");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByText("Xin chào, Trần Thị Bình").waitFor();
  },

  async "a shopper adds two variants and checks out with cash on delivery"(page, shop, step) {
    await page.goto(shop.base + "/dang-ky");
    await page.fill("#full_name", "Nguyễn Văn An");
    await page.fill("#email", "an@example.vn");
    await page.fill("#password", "mat-khau-du-dai");
    await page.getByRole("button", { name: "Đăng ký" }).click();
    await page.getByText("Xin chào, Nguyễn Văn An").waitFor();

    await page.goto(shop.base + "/dien-thoai");
    await page.locator(".grid .card a").first().click();
    const product = page.url();
    const adds = page.locator(".variants form.add-to-cart");
    check((await adds.count()) >= 2, "the product has two variants to add");
    await step.checkpoint("product");
    for (const i of [0, 1]) {
      await page.goto(product);
      await adds.nth(i).getByRole("button").click();
      await page.waitForURL(/\/gio-hang/);
    }
    check((await page.locator("table.cart tbody tr").count()) === 2, "both variants are in the cart");
    check((await page.getByRole("status").textContent()).includes("Đã thêm"), "the cart says what happened");
    await step.checkpoint("cart");

    await page.getByRole("link", { name: "Tiến hành đặt hàng" }).click();
    await page.fill("#recipient_name", "Nguyễn Văn An");
    await page.fill("#phone", "0912345678");
    await page.selectOption("#province", "79");
    // The script fills the wards of the chosen province without a round trip.
    await page.locator('#ward option[value="26743"]').waitFor({ state: "attached" });
    await page.selectOption("#ward", "26743");
    await page.fill("#address_detail", "123 Lê Lợi");
    check(await page.isChecked('input[name="payment_method"][value="COD"]'), "cash on delivery is the default");
    await step.checkpoint("checkout");
    await page.getByRole("button", { name: "Đặt hàng", exact: true }).click();
    await page.waitForURL(/\/tai-khoan\/don-hang\/CHO/);
    check((await page.getByRole("status").textContent()).includes("Đặt hàng thành công"), "the order is placed");
    check((await page.locator(".order-status").textContent()) === "Chờ xác nhận", "a COD order waits for the shop");
    check(PRICE.test((await page.locator("dl.totals .paid").textContent()).trim()), "the total is in đồng");
    await step.checkpoint("order");
  },

  async "a failed VNPay payment is retried and lands on the paid page"(page, shop, step) {
    await buyAPhone(page, shop, "ha.vnpay@example.vn", "VNPAY");
    await page.waitForURL(/\/sandbox\/vnpay\/pay/);
    await page.getByRole("button", { name: "Hủy giao dịch" }).click();
    await page.waitForURL(/\/tai-khoan\/don-hang\/CHO.*ket-qua=that-bai/);
    check((await page.getByRole("alert").textContent()).includes("chưa thành công"), "the failure is said in Vietnamese");
    check((await page.locator(".order-status").textContent()) === "Chờ thanh toán", "the order still waits for its money");
    await step.checkpoint("vnpay-failed");

    await page.check('form.pay-again input[value="VNPAY"]');
    await page.getByRole("button", { name: "Thanh toán lại" }).click();
    await page.waitForURL(/\/sandbox\/vnpay\/pay/);
    await page.getByRole("button", { name: "Thanh toán", exact: true }).click();
    await page.waitForURL(/ket-qua=thanh-cong/);
    check((await page.getByRole("status").first().textContent()).includes("Thanh toán thành công"), "the paid page says so");
    check((await page.locator(".order-status").textContent()) === "Đã thanh toán", "the order is paid");
    await step.checkpoint("vnpay-paid");
  },

  async "VietQR shows a QR code and turns to paid when the bank app transfers"(page, shop, step) {
    await buyAPhone(page, shop, "ha.vietqr@example.vn", "VIETQR");
    await page.waitForURL(/\/tai-khoan\/don-hang\/CHO/);
    const qr = page.locator(".qr svg");
    check((await qr.count()) === 1, "the QR code is drawn by the server");
    check((await qr.getAttribute("aria-label")).includes("VietQR"), "the QR code has a name");
    await step.checkpoint("vietqr-waiting");

    const app = await page.getByRole("link", { name: "Mở ứng dụng ngân hàng thử nghiệm" }).getAttribute("href");
    const bank = await page.context().newPage();
    await bank.goto(app);
    await bank.getByRole("button", { name: "Chuyển khoản" }).click();
    await bank.getByText("Chuyển khoản thành công").waitFor();
    await bank.close();
    // The open order page notices by itself.
    await page.locator(".order-status", { hasText: "Đã thanh toán" }).waitFor({ timeout: 15000 });
    check((await page.locator(".qr svg").count()) === 0, "a paid order shows no QR code");
    await step.checkpoint("vietqr-paid");
  },

  async "staff confirm and ship an order and refund part of a paid one; customers stay out"(page, shop, step) {
    await buyAPhone(page, shop, "ha.admin@example.vn", "COD");
    await page.waitForURL(/\/tai-khoan\/don-hang\/CHO/);
    const codOrder = new URL(page.url()).pathname;
    const codCode = codOrder.split("/").pop();
    await buyAPhone(page, shop, null, "VNPAY");
    await page.waitForURL(/\/sandbox\/vnpay\/pay/);
    await page.getByRole("button", { name: "Thanh toán", exact: true }).click();
    await page.waitForURL(/ket-qua=thanh-cong/);
    const paidCode = new URL(page.url()).pathname.split("/").pop();

    const forbidden = await page.goto(shop.base + "/admin");
    check(forbidden.status() === 403, "a customer gets 403 at /admin");
    check((await page.locator("h1").textContent()) === "Không có quyền truy cập", "the 403 page says so");
    await step.checkpoint("admin-forbidden");
    await page.goto(shop.base + "/");
    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await register(page, shop, "Lê Văn Minh", "minh.admin@example.vn");
    const foreign = await page.goto(shop.base + codOrder);
    check(foreign.status() === 404, "another customer's order is not found");
    await page.goto(shop.base + "/");
    await page.getByRole("button", { name: "Đăng xuất" }).click();

    await signInToAdmin(page, shop);
    check(Number(await page.locator(".kpi-orders").textContent()) >= 2, "today's orders are counted");
    check((await page.locator("svg.chart").count()) === 3, "the dashboard draws its charts");
    await step.checkpoint("admin-dashboard");
    await adminMenu(page, "Đơn hàng").click();
    await step.checkpoint("admin-orders");
    await page.getByRole("link", { name: codCode }).click();
    await page.getByRole("button", { name: "Xác nhận đơn" }).click();
    check((await page.locator(".order-status").textContent()) === "Đã xác nhận", "the order is confirmed");
    await page.fill("#tracking_code", "GHN0012345");
    await page.getByRole("button", { name: "Giao cho đơn vị vận chuyển" }).click();
    check((await page.locator(".order-status").textContent()) === "Đang giao hàng", "the order is shipping");
    await step.checkpoint("admin-shipped");

    await page.goto(shop.base + "/admin/don-hang/" + paidCode);
    await page.fill("#amount", "100.000");
    await page.fill("#refund-reason", "Khách trả lại ốp lưng");
    await page.getByRole("button", { name: "Hoàn tiền" }).click();
    check((await page.getByRole("status").textContent()).includes("Đã ghi nhận hoàn tiền"), "the refund is recorded");
    check((await page.locator(".refunds li").first().textContent()).includes("100.000 ₫"), "the refund is listed");
    await step.checkpoint("admin-refunded");

    await adminMenu(page, "Sản phẩm").click();
    await page.locator("table.cart tbody a").first().click();
    const stock = page.locator('input[name="stock"]').first();
    await stock.fill("77");
    await page.locator(".variant-forms form").first().getByRole("button", { name: /^Lưu/ }).click();
    check((await page.getByRole("status").textContent()).includes("Đã lưu phiên bản"), "the variant is saved");
    check((await page.locator('input[name="stock"]').first().inputValue()) === "77", "the new stock is shown");
    await step.checkpoint("admin-product");

    await adminMenu(page, "Chuyển khoản").click();
    check((await page.locator("h1").textContent()) === "Chuyển khoản cần xem xét", "the review queue opens");
    await step.checkpoint("admin-transfers");
    await adminMenu(page, "Nhật ký").click();
    await page.fill("#action", "order.");
    await page.getByRole("button", { name: "Lọc" }).click();
    check((await page.locator("table.audit tbody tr").count()) >= 2, "the confirm and ship are in the audit log");
    await step.checkpoint("admin-audit");
    await adminMenu(page, "Tác vụ nền").click();
    await step.checkpoint("admin-jobs");
    await adminMenu(page, "Cổng thanh toán").click();
    check((await page.locator('input[type="password"]').count()) === 8, "every gateway's fields, none filled in");
    await step.checkpoint("admin-credentials");
  },

  async "staff add a category, a brand and a product that the shop then sells; payments show their callbacks"(page, shop, step) {
    await signInToAdmin(page, shop);
    await adminMenu(page, "Danh mục").click();
    await page.getByRole("button", { name: "Thêm danh mục" }).click();
    check((await page.locator(".field-error").first().textContent()).includes("Vui lòng nhập tên"), "an empty name is named next to its field");
    await step.checkpoint("admin-category-error");
    await page.fill("#f-name", "Máy ảnh");
    await page.getByRole("button", { name: "Thêm danh mục" }).click();
    check((await page.getByRole("status").textContent()).includes("Đã thêm danh mục"), "the category is added");
    await step.checkpoint("admin-categories");

    await adminMenu(page, "Thương hiệu").click();
    await page.fill("#f-name", "Fujifilm");
    await page.getByRole("button", { name: "Thêm thương hiệu" }).click();
    check((await page.getByRole("status").textContent()).includes("Đã thêm thương hiệu"), "the brand is added");
    await step.checkpoint("admin-brands");

    await adminMenu(page, "Sản phẩm").click();
    await page.getByRole("link", { name: "Thêm sản phẩm" }).click();
    await page.fill("#f-name", "Fujifilm X-T50");
    await page.selectOption("#f-category", { label: "Máy ảnh" });
    await page.selectOption("#f-brand", { label: "Fujifilm" });
    await page.fill("#f-short_description", "Máy ảnh không gương lật 40MP");
    await page.fill("#f-specs", "[Cảm biến]\nĐộ phân giải: 40MP");
    await page.fill("#f-variant_name", "Thân máy · Bạc");
    await page.fill("#f-sku", "FUJI-XT50-BODY");
    await page.fill("#f-variant_price", "36.990.000");
    await page.fill("#f-variant_stock", "5");
    await page.getByRole("button", { name: "Thêm sản phẩm" }).click();
    check((await page.getByRole("status").textContent()).includes("Đã thêm sản phẩm"), "the product is added");
    await step.checkpoint("admin-new-product");
    await page.fill("#f-variant_name", "Kèm ống kính 15-45mm");
    await page.fill("#f-sku", "FUJI-XT50-KIT");
    await page.fill("#f-variant_price", "39.990.000");
    await page.fill("#f-variant_stock", "3");
    await page.getByRole("button", { name: "Thêm phiên bản" }).click();
    check((await page.getByRole("status").textContent()).includes("Đã thêm phiên bản"), "the variant is added");

    await page.getByRole("link", { name: "Xem trên cửa hàng" }).click();
    await page.getByRole("heading", { name: "Fujifilm X-T50" }).waitFor();
    check((await page.content()).includes("39.990.000 ₫"), "the shop sells both variants");
    await step.checkpoint("shop-new-product");

    await page.goto(shop.base + "/admin");
    await adminMenu(page, "Thanh toán").click();
    await step.checkpoint("admin-payments");
    await page.selectOption("#cong", "VNPAY");
    await page.getByRole("button", { name: "Lọc" }).click();
    await page.locator("table.cart tbody a").first().click();
    check((await page.locator("h1").textContent()).startsWith("Thanh toán "), "one attempt's page opens");
    await step.checkpoint("admin-payment");
  },

  async "a shopper saves an address in the address book"(page, shop, step) {
    await register(page, shop, "Đỗ Minh Khoa", "khoa@example.vn");
    await page.getByRole("link", { name: "Xin chào, Đỗ Minh Khoa" }).click();
    check((await page.locator("h1").textContent()) === "Thông tin tài khoản", "the account page opens");
    await page.fill("#f-phone", "12345");
    await page.getByRole("button", { name: "Lưu thông tin" }).click();
    check((await page.locator("#loi-phone").textContent()).includes("không hợp lệ"), "a bad phone number is named next to its field");
    await step.checkpoint("profile-error");
    await page.fill("#f-full_name", "Đỗ Minh Khoa Nguyên");
    await page.fill("#f-phone", "0903 123 456");
    await page.getByRole("button", { name: "Lưu thông tin" }).click();
    check((await page.getByRole("status").textContent()).includes("Đã lưu thông tin"), "the details are saved");
    await page.getByRole("link", { name: "Xin chào, Đỗ Minh Khoa Nguyên" }).waitFor();
    await page.fill("#f-current_password", "mat-khau-du-dai");
    await page.fill("#f-new_password", "mat-khau-moi-du-dai");
    await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
    check((await page.getByRole("status").textContent()).includes("Đã đổi mật khẩu"), "the password is changed");
    await step.checkpoint("profile");
    await page.getByRole("link", { name: "Sổ địa chỉ" }).click();
    await page.getByRole("button", { name: "Lưu địa chỉ" }).click();
    check((await page.locator(".field-error").count()) >= 4, "each missing field is named");
    await page.fill("#recipient_name", "Đỗ Minh Khoa");
    await page.fill("#phone", "0903123456");
    await page.selectOption("#province", "79");
    await page.locator('#ward option[value="26743"]').waitFor({ state: "attached" });
    await page.selectOption("#ward", "26743");
    await page.fill("#address_detail", "7 Đồng Khởi");
    await page.getByRole("button", { name: "Lưu địa chỉ" }).click();
    await page.waitForURL(/thong-bao=da-luu/);
    check((await page.locator(".address-book li").textContent()).includes("7 Đồng Khởi, Phường Bến Thành"), "the address is saved");
    await step.checkpoint("address-book");
  },

  async "a phone-sized screen shows the shop without sideways scrolling"(page, shop, step) {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ["/", "/dien-thoai"]) {
      await page.goto(shop.base + path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(overflow <= 0, `${path} is ${overflow}px wider than the screen`);
    }
    await step.checkpoint("mobile-category");
  },
};

mkdirSync(artifacts, { recursive: true });
// Every scenario's shopper comes from 127.0.0.1, as a whole office behind one NAT would.
const shop = await startShop(binary, { CHO_RATE_LIMIT_PUBLIC_PER_MINUTE: "1000" });
// The back office's account, made the way an operator makes one.
shop.admin = shop.createAdmin("quantri@cho.local", "mat-khau-quan-tri");
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
let failed = 0;
try {
  for (const [name, scenario] of Object.entries(scenarios)) {
    const context = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" });
    const page = await context.newPage();
    const slug = name.split(" ").slice(0, 4).join("-").replace(/[^a-z-]/gi, "");
    const started = Date.now();
    try {
      await scenario(page, shop, steps(slug, page));
      console.log(`ok    ${name} (${Date.now() - started} ms)`);
    } catch (err) {
      failed += 1;
      await page.screenshot({ path: join(artifacts, `${slug}-failed.png`), fullPage: true }).catch(() => {});
      console.log(`FAIL  ${name}: ${err.message}`);
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  shop.stop();
}
console.log(`${Object.keys(scenarios).length - failed} passed, ${failed} failed; screenshots in ${artifacts}`);
process.exit(failed ? 1 : 0);
