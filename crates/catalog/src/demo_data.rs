//! Demo catalog for `cho seed demo`: a deterministic, realistic Vietnamese
//! tech-retail assortment (phones, tablets, laptops, accessories, watches and
//! home appliances).
//!
//! Products are written as one-line rows in small per-family text tables (see
//! [`FAMILIES`]); names, SKUs, variants, specs, copy, sale prices and stock are
//! derived from them. Everything "random" (sales, stock, featured flags, image
//! counts) comes from a fixed hash of the SKU or name, so every call returns
//! exactly the same catalog.

use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct DemoCategory {
    pub name: &'static str,
    /// Name of the parent category, `None` for roots.
    pub parent: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoBrand {
    pub name: &'static str,
    pub description: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoVariant {
    pub name: String,
    pub sku: String,
    /// VND, a multiple of 1 000.
    pub price: i64,
    /// VND, below `price` when present.
    pub sale_price: Option<i64>,
    pub stock: i64,
    pub attributes: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoProduct {
    pub name: String,
    /// Name of a leaf [`DemoCategory`].
    pub category: &'static str,
    /// Name of a [`DemoBrand`].
    pub brand: &'static str,
    pub short_description: String,
    pub description: String,
    pub specs: Value,
    pub image_urls: Vec<String>,
    pub is_featured: bool,
    pub variants: Vec<DemoVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoCatalog {
    pub categories: Vec<DemoCategory>,
    pub brands: Vec<DemoBrand>,
    pub products: Vec<DemoProduct>,
}

/// Builds the whole demo catalog; the result is identical on every call.
pub fn demo_catalog() -> DemoCatalog {
    let categories = CATEGORIES
        .iter()
        .map(|&(name, parent)| DemoCategory { name, parent })
        .collect();
    let brands = BRANDS
        .iter()
        .map(|&(name, _, description)| DemoBrand { name, description })
        .collect();
    let products = FAMILIES
        .iter()
        .flat_map(|family| {
            rows(family.rows)
                .enumerate()
                .map(move |(index, row)| build_product(family, index, &row))
        })
        .collect();
    DemoCatalog {
        categories,
        brands,
        products,
    }
}

// ---------------------------------------------------------------------------
// Taxonomy
// ---------------------------------------------------------------------------

/// (name, parent). Parents come before their children: the seeder relies on it.
const CATEGORIES: &[(&str, Option<&str>)] = &[
    ("Điện thoại", None),
    ("Điện thoại iPhone", Some("Điện thoại")),
    ("Điện thoại Android", Some("Điện thoại")),
    ("Điện thoại phổ thông", Some("Điện thoại")),
    ("Máy tính bảng", None),
    ("iPad", Some("Máy tính bảng")),
    ("Máy tính bảng Android", Some("Máy tính bảng")),
    ("Laptop", None),
    ("MacBook", Some("Laptop")),
    ("Laptop Gaming", Some("Laptop")),
    ("Laptop văn phòng", Some("Laptop")),
    ("Phụ kiện", None),
    ("Tai nghe", Some("Phụ kiện")),
    ("Sạc & Cáp", Some("Phụ kiện")),
    ("Sạc dự phòng", Some("Phụ kiện")),
    ("Ốp lưng", Some("Phụ kiện")),
    ("Chuột", Some("Phụ kiện")),
    ("Bàn phím", Some("Phụ kiện")),
    ("Loa", Some("Phụ kiện")),
    ("Đồng hồ thông minh", None),
    ("Apple Watch", Some("Đồng hồ thông minh")),
    ("Đồng hồ thông minh Android", Some("Đồng hồ thông minh")),
    ("Đồng hồ thể thao GPS", Some("Đồng hồ thông minh")),
    ("Vòng đeo tay thông minh", Some("Đồng hồ thông minh")),
    ("Điện gia dụng", None),
    ("Nồi cơm điện", Some("Điện gia dụng")),
    ("Nồi chiên không dầu", Some("Điện gia dụng")),
    ("Máy lọc không khí", Some("Điện gia dụng")),
    ("Robot hút bụi", Some("Điện gia dụng")),
    ("Tủ lạnh", Some("Điện gia dụng")),
    ("Máy giặt", Some("Điện gia dụng")),
    ("Điều hòa", Some("Điện gia dụng")),
    ("Quạt", Some("Điện gia dụng")),
];

/// (name, SKU prefix, description). The prefix keeps SKUs unique even when
/// two brands use the same model code (e.g. Xiaomi and HUAWEI "Band 10").
const BRANDS: &[(&str, &str, &str)] = &[
    (
        "Apple",
        "APL",
        "Thương hiệu Mỹ nổi tiếng với iPhone, iPad, MacBook và hệ sinh thái liền mạch.",
    ),
    (
        "Samsung",
        "SAM",
        "Tập đoàn Hàn Quốc dẫn đầu về điện thoại Galaxy, màn hình và thiết bị gia dụng.",
    ),
    (
        "Xiaomi",
        "XMI",
        "Thương hiệu công nghệ Trung Quốc với điện thoại, thiết bị nhà thông minh giá tốt.",
    ),
    (
        "OPPO",
        "OPP",
        "Thương hiệu điện thoại nổi bật với camera chân dung và sạc nhanh SUPERVOOC.",
    ),
    (
        "vivo",
        "VIV",
        "Thương hiệu điện thoại chú trọng nhiếp ảnh, hợp tác cùng ZEISS.",
    ),
    (
        "realme",
        "RLM",
        "Thương hiệu điện thoại trẻ trung, cấu hình mạnh trong tầm giá.",
    ),
    (
        "HONOR",
        "HNR",
        "Thương hiệu điện thoại với thiết kế bền bỉ và pin dung lượng lớn.",
    ),
    (
        "Nokia",
        "NOK",
        "Thương hiệu điện thoại phổ thông bền bỉ, quen thuộc với nhiều thế hệ.",
    ),
    (
        "HUAWEI",
        "HUA",
        "Thương hiệu công nghệ nổi bật với đồng hồ, tai nghe và laptop cao cấp.",
    ),
    (
        "ASUS",
        "ASU",
        "Hãng máy tính Đài Loan với các dòng Vivobook, Zenbook, TUF và ROG.",
    ),
    (
        "Acer",
        "ACE",
        "Hãng máy tính Đài Loan với laptop Aspire, Swift, Nitro và Predator.",
    ),
    (
        "Dell",
        "DEL",
        "Hãng máy tính Mỹ nổi tiếng về độ bền với Inspiron, Vostro và XPS.",
    ),
    (
        "HP",
        "HPI",
        "Hãng máy tính Mỹ với laptop văn phòng, doanh nghiệp và gaming OMEN, Victus.",
    ),
    (
        "Lenovo",
        "LEN",
        "Hãng máy tính với ThinkPad, IdeaPad, Yoga và Legion.",
    ),
    (
        "MSI",
        "MSI",
        "Hãng máy tính Đài Loan chuyên laptop gaming và sáng tạo nội dung.",
    ),
    (
        "LG",
        "LGE",
        "Tập đoàn Hàn Quốc nổi tiếng về tủ lạnh, máy giặt, điều hòa và laptop gram.",
    ),
    (
        "Sony",
        "SNY",
        "Thương hiệu Nhật Bản dẫn đầu về tai nghe chống ồn và thiết bị âm thanh.",
    ),
    (
        "JBL",
        "JBL",
        "Thương hiệu âm thanh Mỹ với loa di động và tai nghe Pure Bass.",
    ),
    (
        "Marshall",
        "MAR",
        "Thương hiệu âm thanh Anh Quốc với thiết kế cổ điển đặc trưng.",
    ),
    (
        "Anker",
        "ANK",
        "Thương hiệu phụ kiện sạc hàng đầu thế giới, sở hữu dòng âm thanh Soundcore.",
    ),
    (
        "Baseus",
        "BAS",
        "Thương hiệu phụ kiện di động với thiết kế hiện đại, giá hợp lý.",
    ),
    (
        "Ugreen",
        "UGR",
        "Thương hiệu phụ kiện sạc, cáp và bộ chuyển đổi chất lượng cao.",
    ),
    (
        "Spigen",
        "SPG",
        "Thương hiệu ốp lưng Hàn Quốc nổi tiếng với khả năng chống sốc.",
    ),
    (
        "Logitech",
        "LOG",
        "Thương hiệu Thụy Sĩ chuyên chuột, bàn phím và thiết bị gaming.",
    ),
    (
        "Razer",
        "RAZ",
        "Thương hiệu gaming gear dành cho game thủ chuyên nghiệp.",
    ),
    (
        "Garmin",
        "GAR",
        "Thương hiệu đồng hồ GPS dành cho chạy bộ, đạp xe và thể thao ngoài trời.",
    ),
    (
        "Sharp",
        "SHP",
        "Thương hiệu Nhật Bản với công nghệ lọc khí Plasmacluster và đồ gia dụng bền bỉ.",
    ),
    (
        "Panasonic",
        "PAN",
        "Tập đoàn Nhật Bản với đồ gia dụng, điện lạnh chất lượng cao.",
    ),
    (
        "Toshiba",
        "TOS",
        "Thương hiệu Nhật Bản với tủ lạnh, máy giặt, nồi cơm và quạt bền bỉ.",
    ),
    (
        "Daikin",
        "DAI",
        "Thương hiệu điều hòa Nhật Bản hàng đầu thế giới.",
    ),
    (
        "Philips",
        "PHI",
        "Thương hiệu Hà Lan với đồ gia dụng nhà bếp và máy lọc không khí.",
    ),
    (
        "Sunhouse",
        "SUN",
        "Thương hiệu gia dụng Việt Nam quen thuộc với mọi gia đình.",
    ),
    (
        "Ecovacs",
        "ECO",
        "Thương hiệu robot hút bụi lau nhà thông minh hàng đầu.",
    ),
    (
        "Roborock",
        "RBR",
        "Thương hiệu robot hút bụi cao cấp với điều hướng LiDAR chính xác.",
    ),
    (
        "Dyson",
        "DYS",
        "Thương hiệu Anh Quốc với quạt không cánh, máy lọc khí và máy hút bụi cao cấp.",
    ),
];

// ---------------------------------------------------------------------------
// Product families
// ---------------------------------------------------------------------------

/// A group of products sharing a category, naming prefix, spec layout and
/// description template. Its rows are one product per line:
///
/// `brand | code | title | options | colours | highlight | spec values`
///
/// * `code` is the model part of the SKU (uppercase ASCII, digits, `-`).
/// * `options` are `label=price` with the price in thousand VND
///   (`256GB=30_990` is 30 990 000 ₫); `=790` means a single, unlabelled option.
/// * `colours` is a comma list, possibly empty.
/// * `highlight` completes "<name> nổi bật với …" for the short description.
/// * `spec values` are `;`-separated, in the order of the family's spec keys.
///
/// Variants are options × colours, capped at [`MAX_VARIANTS`] by keeping only
/// the first colours when there are several options.
struct Family {
    category: &'static str,
    /// Product type put before the title ("Điện thoại"), or "" when the title
    /// already says what the product is.
    prefix: &'static str,
    /// Attribute name of the option axis ("storage", "config", …).
    option_key: &'static str,
    spec_keys: SpecKeys,
    /// Long description; `{name}`, `{brand}` and `{s0}`… (spec values) are filled in.
    description: &'static str,
    rows: &'static str,
}

type SpecKeys = &'static [(&'static str, &'static str)];

const MAX_VARIANTS: usize = 6;
const SHORT_DESCRIPTION: &str = "{name} nổi bật với {hl}.";

const FAMILIES: &[Family] = &[
    Family {
        category: "Điện thoại iPhone",
        prefix: "Điện thoại",
        option_key: "storage",
        spec_keys: PHONE_SPECS,
        description: PHONE_TEXT,
        rows: IPHONES,
    },
    Family {
        category: "Điện thoại Android",
        prefix: "Điện thoại",
        option_key: "memory",
        spec_keys: PHONE_SPECS,
        description: PHONE_TEXT,
        rows: ANDROID_PHONES,
    },
    Family {
        category: "Điện thoại phổ thông",
        prefix: "Điện thoại",
        option_key: "",
        spec_keys: FEATURE_PHONE_SPECS,
        description: FEATURE_PHONE_TEXT,
        rows: FEATURE_PHONES,
    },
    Family {
        category: "iPad",
        prefix: "Máy tính bảng",
        option_key: "version",
        spec_keys: TABLET_SPECS,
        description: TABLET_TEXT,
        rows: IPADS,
    },
    Family {
        category: "Máy tính bảng Android",
        prefix: "Máy tính bảng",
        option_key: "version",
        spec_keys: TABLET_SPECS,
        description: TABLET_TEXT,
        rows: ANDROID_TABLETS,
    },
    Family {
        category: "MacBook",
        prefix: "Laptop",
        option_key: "config",
        spec_keys: LAPTOP_SPECS,
        description: MACBOOK_TEXT,
        rows: MACBOOKS,
    },
    Family {
        category: "Laptop Gaming",
        prefix: "Laptop",
        option_key: "config",
        spec_keys: LAPTOP_SPECS,
        description: GAMING_LAPTOP_TEXT,
        rows: GAMING_LAPTOPS,
    },
    Family {
        category: "Laptop văn phòng",
        prefix: "Laptop",
        option_key: "config",
        spec_keys: LAPTOP_SPECS,
        description: OFFICE_LAPTOP_TEXT,
        rows: OFFICE_LAPTOPS,
    },
    Family {
        category: "Tai nghe",
        prefix: "Tai nghe Bluetooth",
        option_key: "",
        spec_keys: HEADPHONE_SPECS,
        description: HEADPHONE_TEXT,
        rows: HEADPHONES,
    },
    Family {
        category: "Tai nghe",
        prefix: "Tai nghe có dây",
        option_key: "",
        spec_keys: WIRED_HEADPHONE_SPECS,
        description: WIRED_HEADPHONE_TEXT,
        rows: WIRED_HEADPHONES,
    },
    Family {
        category: "Sạc & Cáp",
        prefix: "",
        option_key: "length",
        spec_keys: CHARGER_SPECS,
        description: CHARGER_TEXT,
        rows: CHARGERS,
    },
    Family {
        category: "Sạc dự phòng",
        prefix: "Pin sạc dự phòng",
        option_key: "",
        spec_keys: POWER_BANK_SPECS,
        description: POWER_BANK_TEXT,
        rows: POWER_BANKS,
    },
    Family {
        category: "Ốp lưng",
        prefix: "Ốp lưng",
        option_key: "",
        spec_keys: CASE_SPECS,
        description: CASE_TEXT,
        rows: CASES,
    },
    Family {
        category: "Chuột",
        prefix: "Chuột",
        option_key: "",
        spec_keys: MOUSE_SPECS,
        description: MOUSE_TEXT,
        rows: MICE,
    },
    Family {
        category: "Bàn phím",
        prefix: "Bàn phím",
        option_key: "",
        spec_keys: KEYBOARD_SPECS,
        description: KEYBOARD_TEXT,
        rows: KEYBOARDS,
    },
    Family {
        category: "Loa",
        prefix: "Loa Bluetooth",
        option_key: "",
        spec_keys: SPEAKER_SPECS,
        description: SPEAKER_TEXT,
        rows: SPEAKERS,
    },
    Family {
        category: "Apple Watch",
        prefix: "Đồng hồ thông minh",
        option_key: "size",
        spec_keys: WATCH_SPECS,
        description: WATCH_TEXT,
        rows: APPLE_WATCHES,
    },
    Family {
        category: "Đồng hồ thông minh Android",
        prefix: "Đồng hồ thông minh",
        option_key: "size",
        spec_keys: WATCH_SPECS,
        description: WATCH_TEXT,
        rows: ANDROID_WATCHES,
    },
    Family {
        category: "Đồng hồ thể thao GPS",
        prefix: "Đồng hồ thông minh",
        option_key: "size",
        spec_keys: WATCH_SPECS,
        description: WATCH_TEXT,
        rows: SPORT_WATCHES,
    },
    Family {
        category: "Vòng đeo tay thông minh",
        prefix: "Vòng đeo tay thông minh",
        option_key: "",
        spec_keys: BAND_SPECS,
        description: BAND_TEXT,
        rows: BANDS,
    },
    Family {
        category: "Nồi cơm điện",
        prefix: "",
        option_key: "",
        spec_keys: RICE_COOKER_SPECS,
        description: RICE_COOKER_TEXT,
        rows: RICE_COOKERS,
    },
    Family {
        category: "Nồi chiên không dầu",
        prefix: "",
        option_key: "",
        spec_keys: AIR_FRYER_SPECS,
        description: AIR_FRYER_TEXT,
        rows: AIR_FRYERS,
    },
    Family {
        category: "Máy lọc không khí",
        prefix: "",
        option_key: "",
        spec_keys: PURIFIER_SPECS,
        description: PURIFIER_TEXT,
        rows: PURIFIERS,
    },
    Family {
        category: "Robot hút bụi",
        prefix: "",
        option_key: "",
        spec_keys: ROBOT_SPECS,
        description: ROBOT_TEXT,
        rows: ROBOTS,
    },
    Family {
        category: "Tủ lạnh",
        prefix: "",
        option_key: "",
        spec_keys: FRIDGE_SPECS,
        description: FRIDGE_TEXT,
        rows: FRIDGES,
    },
    Family {
        category: "Máy giặt",
        prefix: "",
        option_key: "",
        spec_keys: WASHER_SPECS,
        description: WASHER_TEXT,
        rows: WASHERS,
    },
    Family {
        category: "Điều hòa",
        prefix: "",
        option_key: "capacity",
        spec_keys: AIRCON_SPECS,
        description: AIRCON_TEXT,
        rows: AIRCONS,
    },
    Family {
        category: "Quạt",
        prefix: "",
        option_key: "",
        spec_keys: FAN_SPECS,
        description: FAN_TEXT,
        rows: FANS,
    },
];

// --- Phones -----------------------------------------------------------------

const PHONE_SPECS: SpecKeys = &[
    ("Màn hình", "Kích thước"),
    ("Màn hình", "Công nghệ"),
    ("Vi xử lý", "Chip"),
    ("Camera", "Camera sau"),
    ("Camera", "Camera trước"),
    ("Pin & Sạc", "Dung lượng pin"),
    ("Pin & Sạc", "Sạc nhanh"),
    ("Hệ điều hành", "Phiên bản"),
];

const PHONE_TEXT: &str =
    "{name} sở hữu màn hình {s0} {s1} cùng chip {s2} cho trải nghiệm mượt mà. \
Hệ thống camera {s3} giúp bạn lưu lại mọi khoảnh khắc sắc nét. \
Viên pin {s5} hỗ trợ sạc nhanh {s6}, đủ dùng trọn ngày. \
Hàng chính hãng {brand}, bảo hành 12 tháng.";

const IPHONES: &str = r"
Apple | IP17PM | iPhone 17 Pro Max | 256GB=37_990, 512GB=44_490, 1TB=50_990 | Cam Vũ Trụ, Xanh Đậm, Bạc | khung nhôm nguyên khối tản nhiệt buồng hơi và camera tele 48MP zoom quang 8x | 6.9 inch; Super Retina XDR OLED 120Hz ProMotion; Apple A19 Pro; 48MP + 48MP + 48MP; 18MP Center Stage; 4832 mAh; 40W; iOS 26
Apple | IP17P | iPhone 17 Pro | 256GB=34_990, 512GB=41_490, 1TB=47_990 | Cam Vũ Trụ, Xanh Đậm, Bạc | hiệu năng chip A19 Pro và ba camera 48MP trong thân máy 6.3 inch gọn gàng | 6.3 inch; Super Retina XDR OLED 120Hz ProMotion; Apple A19 Pro; 48MP + 48MP + 48MP; 18MP Center Stage; 3988 mAh; 40W; iOS 26
Apple | IPAIR | iPhone Air | 256GB=31_990, 512GB=38_490, 1TB=44_990 | Xanh Da Trời, Vàng Nhạt, Trắng Mây, Đen Không Gian | thiết kế siêu mỏng 5.6 mm cùng khung titan bóng bẩy | 6.5 inch; Super Retina XDR OLED 120Hz ProMotion; Apple A19 Pro; 48MP Fusion; 18MP Center Stage; 3149 mAh; 20W MagSafe; iOS 26
Apple | IP17 | iPhone 17 | 256GB=24_990, 512GB=31_490 | Đen, Trắng, Xanh Sương Mù, Tím Oải Hương, Xanh Xô Thơm | màn hình ProMotion 120Hz lần đầu có mặt trên bản tiêu chuẩn | 6.3 inch; Super Retina XDR OLED 120Hz ProMotion; Apple A19; 48MP + 48MP; 18MP Center Stage; 3692 mAh; 40W; iOS 26
Apple | IP16PM | iPhone 16 Pro Max | 256GB=30_990, 512GB=36_990, 1TB=42_990 | Titan Sa Mạc, Titan Tự nhiên, Titan Trắng, Titan Đen | khung titan cấp 5 và nút Điều khiển Camera tiện lợi | 6.9 inch; Super Retina XDR OLED 120Hz ProMotion; Apple A18 Pro; 48MP + 48MP + 12MP; 12MP; 4685 mAh; 30W; iOS 26
Apple | IP16P | iPhone 16 Pro | 128GB=25_990, 256GB=28_990, 512GB=34_990 | Titan Sa Mạc, Titan Tự nhiên, Titan Trắng, Titan Đen | camera Fusion 48MP quay video 4K 120fps Dolby Vision | 6.3 inch; Super Retina XDR OLED 120Hz ProMotion; Apple A18 Pro; 48MP + 48MP + 12MP; 12MP; 3582 mAh; 30W; iOS 26
Apple | IP16PL | iPhone 16 Plus | 128GB=22_990, 256GB=25_990 | Đen, Trắng, Hồng, Xanh Mòng Két, Xanh Lưu Ly | màn hình lớn 6.7 inch và thời lượng pin bền bỉ nhất dòng iPhone 16 | 6.7 inch; Super Retina XDR OLED 60Hz; Apple A18; 48MP + 12MP; 12MP; 4674 mAh; 25W; iOS 26
Apple | IP16 | iPhone 16 | 128GB=19_990, 256GB=22_990, 512GB=28_990 | Đen, Trắng, Hồng, Xanh Mòng Két, Xanh Lưu Ly | chip A18 mạnh mẽ, nút Tác vụ và nút Điều khiển Camera | 6.1 inch; Super Retina XDR OLED 60Hz; Apple A18; 48MP + 12MP; 12MP; 3561 mAh; 25W; iOS 26
Apple | IP16E | iPhone 16e | 128GB=16_990, 256GB=19_990, 512GB=25_990 | Đen, Trắng | modem Apple C1 tiết kiệm pin và Apple Intelligence trong mức giá dễ tiếp cận | 6.1 inch; Super Retina XDR OLED 60Hz; Apple A18; 48MP Fusion; 12MP; 4005 mAh; 20W; iOS 26
Apple | IP15PL | iPhone 15 Plus | 128GB=19_290, 256GB=22_290 | Đen, Xanh Dương, Xanh Lá, Vàng, Hồng | Dynamic Island, cổng USB-C và mặt lưng kính pha màu | 6.7 inch; Super Retina XDR OLED 60Hz; Apple A16 Bionic; 48MP + 12MP; 12MP; 4383 mAh; 20W; iOS 26
Apple | IP15 | iPhone 15 | 128GB=16_490, 256GB=19_490 | Đen, Xanh Dương, Xanh Lá, Vàng, Hồng | camera chính 48MP và Dynamic Island trong thiết kế bo cong êm tay | 6.1 inch; Super Retina XDR OLED 60Hz; Apple A16 Bionic; 48MP + 12MP; 12MP; 3349 mAh; 20W; iOS 26
";

const ANDROID_PHONES: &str = r"
Samsung | S25U | Samsung Galaxy S25 Ultra | 12GB/256GB=33_990, 12GB/512GB=36_990, 12GB/1TB=44_990 | Xám Titan, Đen Titan, Xanh Titan, Bạc Titan | bút S Pen tích hợp, camera 200MP và Galaxy AI | 6.9 inch; Dynamic AMOLED 2X 120Hz; Snapdragon 8 Elite for Galaxy; 200MP + 50MP + 50MP + 10MP; 12MP; 5000 mAh; 45W; Android 15 (One UI 7)
Samsung | S25P | Samsung Galaxy S25 Plus | 12GB/256GB=26_990, 12GB/512GB=29_990 | Xanh Navy, Xanh Băng, Bạc, Xanh Mint | màn hình QHD+ 6.7 inch và sạc siêu nhanh 45W | 6.7 inch; Dynamic AMOLED 2X 120Hz; Snapdragon 8 Elite for Galaxy; 50MP + 12MP + 10MP; 12MP; 4900 mAh; 45W; Android 15 (One UI 7)
Samsung | S25 | Samsung Galaxy S25 | 12GB/256GB=22_990, 12GB/512GB=25_990 | Xanh Navy, Xanh Băng, Bạc, Xanh Mint | thân máy nhỏ gọn cùng chip Snapdragon 8 Elite for Galaxy | 6.2 inch; Dynamic AMOLED 2X 120Hz; Snapdragon 8 Elite for Galaxy; 50MP + 12MP + 10MP; 12MP; 4000 mAh; 25W; Android 15 (One UI 7)
Samsung | S25E | Samsung Galaxy S25 Edge | 12GB/256GB=29_990, 12GB/512GB=33_990 | Titan Bạc, Titan Đen, Titan Xanh Băng | thiết kế mỏng 5.8 mm mà vẫn có camera 200MP | 6.7 inch; Dynamic AMOLED 2X 120Hz; Snapdragon 8 Elite for Galaxy; 200MP + 12MP; 12MP; 3900 mAh; 25W; Android 15 (One UI 7)
Samsung | S25FE | Samsung Galaxy S25 FE | 8GB/128GB=15_990, 8GB/256GB=17_490, 8GB/512GB=20_990 | Xanh Navy, Trắng, Đen, Xanh Băng | trải nghiệm Galaxy AI cao cấp trong mức giá dễ chịu | 6.7 inch; Dynamic AMOLED 2X 120Hz; Exynos 2400; 50MP + 12MP + 8MP; 12MP; 4900 mAh; 45W; Android 16 (One UI 8)
Samsung | ZFOLD7 | Samsung Galaxy Z Fold7 | 12GB/256GB=46_990, 12GB/512GB=50_990, 16GB/1TB=60_990 | Xanh Navy, Đen Ánh Kim, Bạc | màn hình gập 8 inch, thân máy khi gập chỉ dày 8.9 mm | 8.0 inch (chính) + 6.5 inch (phụ); Dynamic AMOLED 2X 120Hz; Snapdragon 8 Elite for Galaxy; 200MP + 12MP + 10MP; 10MP; 4400 mAh; 25W; Android 16 (One UI 8)
Samsung | ZFLIP7 | Samsung Galaxy Z Flip7 | 12GB/256GB=28_990, 12GB/512GB=31_990 | Xanh Navy, Đen Ánh Kim, Đỏ San Hô, Xanh Mint | màn hình ngoài FlexWindow 4.1 inch tràn viền | 6.9 inch (chính) + 4.1 inch (phụ); Dynamic AMOLED 2X 120Hz; Exynos 2500; 50MP + 12MP; 10MP; 4300 mAh; 25W; Android 16 (One UI 8)
Samsung | ZFLIP7FE | Samsung Galaxy Z Flip7 FE | 8GB/128GB=20_990, 8GB/256GB=22_990 | Đen, Trắng | thiết kế gập vỏ sò thời trang và mức giá dễ tiếp cận | 6.7 inch (chính) + 3.4 inch (phụ); Dynamic AMOLED 2X 120Hz; Exynos 2400; 50MP + 12MP; 10MP; 4000 mAh; 25W; Android 16 (One UI 8)
Samsung | A56 | Samsung Galaxy A56 5G | 8GB/128GB=9_990, 8GB/256GB=11_290 | Xám, Đen, Hồng, Xanh Oliu | khung kim loại bền bỉ và 6 năm cập nhật Android | 6.7 inch; Super AMOLED 120Hz; Exynos 1580; 50MP + 12MP + 5MP; 12MP; 5000 mAh; 45W; Android 15 (One UI 7)
Samsung | A36 | Samsung Galaxy A36 5G | 8GB/128GB=7_990, 8GB/256GB=8_990 | Đen, Trắng, Tím | màn hình Super AMOLED sắc nét và tính năng Awesome Intelligence | 6.7 inch; Super AMOLED 120Hz; Snapdragon 6 Gen 3; 50MP + 8MP + 5MP; 12MP; 5000 mAh; 45W; Android 15 (One UI 7)
Samsung | A26 | Samsung Galaxy A26 5G | 8GB/128GB=6_290, 8GB/256GB=6_990 | Đen, Trắng, Hồng | chuẩn kháng nước IP67 hiếm có trong phân khúc | 6.7 inch; Super AMOLED 120Hz; Exynos 1380; 50MP + 8MP + 2MP; 13MP; 5000 mAh; 25W; Android 15 (One UI 7)
Samsung | A17 | Samsung Galaxy A17 5G | 8GB/128GB=5_290, 8GB/256GB=5_990 | Đen, Xám, Xanh Dương | thân máy mỏng 7.5 mm và camera chính 50MP chống rung OIS | 6.7 inch; Super AMOLED 90Hz; Exynos 1330; 50MP + 5MP + 2MP; 13MP; 5000 mAh; 25W; Android 15 (One UI 7)
Samsung | A06 | Samsung Galaxy A06 | 4GB/64GB=2_990, 4GB/128GB=3_490 | Đen, Xanh Dương, Bạc | pin 5000 mAh và màn hình lớn 6.7 inch cho nhu cầu cơ bản | 6.7 inch; PLS LCD 60Hz; MediaTek Helio G85; 50MP + 2MP; 8MP; 5000 mAh; 25W; Android 14 (One UI 6)
Xiaomi | X15U | Xiaomi 15 Ultra | 16GB/512GB=32_990, 16GB/1TB=36_990 | Đen, Trắng, Bạc Chrome | hệ thống camera Leica 4 ống kính có cảm biến 1 inch | 6.73 inch; AMOLED 120Hz; Snapdragon 8 Elite; 50MP + 50MP + 200MP + 50MP; 32MP; 5410 mAh; 90W; Android 15 (HyperOS 2)
Xiaomi | X15 | Xiaomi 15 | 12GB/256GB=22_990, 12GB/512GB=24_990 | Đen, Trắng, Xanh Lá | camera Leica Summilux trong thân máy 6.36 inch nhỏ gọn | 6.36 inch; AMOLED 120Hz; Snapdragon 8 Elite; 50MP + 50MP + 60MP; 32MP; 5240 mAh; 90W; Android 15 (HyperOS 2)
Xiaomi | X15TP | Xiaomi 15T Pro | 12GB/256GB=19_490, 12GB/512GB=20_990, 16GB/1TB=23_990 | Đen, Xám, Vàng Mocha | camera tele Leica 5x và chip Dimensity 9400+ | 6.83 inch; AMOLED 144Hz; MediaTek Dimensity 9400+; 50MP + 50MP + 12MP; 32MP; 5500 mAh; 90W; Android 15 (HyperOS 2)
Xiaomi | X15T | Xiaomi 15T | 12GB/256GB=14_490, 12GB/512GB=15_990 | Đen, Xám, Vàng Hồng | bộ ba camera Leica và pin 5500 mAh | 6.83 inch; AMOLED 120Hz; MediaTek Dimensity 8400-Ultra; 50MP + 50MP + 12MP; 32MP; 5500 mAh; 67W; Android 15 (HyperOS 2)
Xiaomi | RN14PP | Xiaomi Redmi Note 14 Pro Plus 5G | 8GB/256GB=10_990, 12GB/512GB=12_490 | Đen, Xanh Dương, Tím | camera 200MP và sạc siêu nhanh 120W | 6.67 inch; AMOLED 120Hz; Snapdragon 7s Gen 3; 200MP + 8MP + 2MP; 20MP; 5110 mAh; 120W; Android 14 (HyperOS)
Xiaomi | RN14P | Xiaomi Redmi Note 14 Pro 5G | 8GB/256GB=8_290, 12GB/512GB=9_290 | Đen, Xanh Dương, Tím | màn hình cong 1.5K và độ bền chuẩn IP68 | 6.67 inch; AMOLED 120Hz; MediaTek Dimensity 7300-Ultra; 200MP + 8MP + 2MP; 20MP; 5110 mAh; 45W; Android 14 (HyperOS)
Xiaomi | RN14 | Xiaomi Redmi Note 14 | 6GB/128GB=4_490, 8GB/128GB=4_890, 8GB/256GB=5_290 | Đen, Xanh Dương, Tím, Xanh Lá | camera 108MP và màn hình AMOLED 120Hz | 6.67 inch; AMOLED 120Hz; MediaTek Helio G99-Ultra; 108MP + 2MP + 2MP; 20MP; 5500 mAh; 33W; Android 14 (HyperOS)
Xiaomi | R15 | Xiaomi Redmi 15 | 6GB/128GB=4_290, 8GB/256GB=4_990 | Đen, Xám Titan, Tím | viên pin khủng 7000 mAh và màn hình 6.9 inch 144Hz | 6.9 inch; IPS LCD 144Hz; Snapdragon 6s Gen 3; 50MP; 8MP; 7000 mAh; 33W; Android 15 (HyperOS 2)
Xiaomi | R14C | Xiaomi Redmi 14C | 4GB/128GB=3_290, 6GB/128GB=3_690 | Đen, Xanh Dương, Xanh Lá | màn hình lớn 6.88 inch 120Hz trong tầm giá phổ thông | 6.88 inch; IPS LCD 120Hz; MediaTek Helio G81-Ultra; 50MP; 13MP; 5160 mAh; 18W; Android 14 (HyperOS)
Xiaomi | RA5 | Xiaomi Redmi A5 | 3GB/64GB=2_190, 4GB/128GB=2_590 | Đen, Xanh Dương, Vàng Cát | màn hình 6.88 inch và pin 5200 mAh cho nhu cầu cơ bản | 6.88 inch; IPS LCD 120Hz; Unisoc T7250; 32MP; 8MP; 5200 mAh; 15W; Android 15 (Go edition)
Xiaomi | POCOX7P | Xiaomi POCO X7 Pro | 8GB/256GB=8_490, 12GB/512GB=9_990 | Đen, Xanh Lá, Vàng | hiệu năng Dimensity 8400-Ultra và pin 6000 mAh cho game thủ | 6.67 inch; AMOLED 120Hz; MediaTek Dimensity 8400-Ultra; 50MP + 8MP; 20MP; 6000 mAh; 90W; Android 15 (HyperOS 2)
OPPO | FINDN5 | OPPO Find N5 | 16GB/512GB=44_990 | Đen, Trắng | màn hình gập 8.12 inch và bản lề titan siêu mỏng | 8.12 inch (chính) + 6.62 inch (phụ); AMOLED 120Hz; Snapdragon 8 Elite; 50MP + 50MP + 8MP; 8MP; 5600 mAh; 80W; Android 15 (ColorOS 15)
OPPO | FINDX8P | OPPO Find X8 Pro | 16GB/512GB=29_990 | Đen, Trắng | bốn camera Hasselblad, trong đó có hai ống kính tiềm vọng | 6.78 inch; AMOLED 120Hz; MediaTek Dimensity 9400; 50MP + 50MP + 50MP + 50MP; 32MP; 5910 mAh; 80W; Android 15 (ColorOS 15)
OPPO | RENO14P | OPPO Reno14 Pro 5G | 12GB/512GB=18_990 | Xám, Trắng Ngọc Trai | camera tele 50MP và chế độ chụp chân dung AI | 6.83 inch; AMOLED 120Hz; MediaTek Dimensity 8450; 50MP + 50MP + 50MP; 50MP; 6200 mAh; 80W; Android 15 (ColorOS 15)
OPPO | RENO14 | OPPO Reno14 5G | 12GB/256GB=15_990, 12GB/512GB=17_490 | Xanh Lá, Trắng Ngọc Trai, Xám | mặt lưng ánh ngọc trai và camera chân dung 50MP | 6.59 inch; AMOLED 120Hz; MediaTek Dimensity 8350; 50MP + 50MP + 8MP; 50MP; 6000 mAh; 80W; Android 15 (ColorOS 15)
OPPO | RENO14F | OPPO Reno14 F 5G | 8GB/256GB=11_490, 12GB/256GB=12_490 | Xanh Dương, Tím, Xanh Lá | chuẩn kháng nước IP69 và pin 6000 mAh | 6.57 inch; AMOLED 120Hz; Snapdragon 6 Gen 1; 50MP + 8MP + 2MP; 32MP; 6000 mAh; 45W; Android 15 (ColorOS 15)
OPPO | RENO13F | OPPO Reno13 F | 8GB/256GB=8_990 | Tím, Xám | thiết kế mỏng nhẹ và độ bền đạt chuẩn IP69 | 6.67 inch; AMOLED 120Hz; MediaTek Helio G100; 50MP + 8MP + 2MP; 32MP; 5800 mAh; 45W; Android 15 (ColorOS 15)
OPPO | A5PRO | OPPO A5 Pro | 8GB/128GB=5_990, 8GB/256GB=6_790 | Nâu Mocha, Xanh Đêm | độ bền chuẩn quân đội và kháng nước IP69 | 6.67 inch; IPS LCD 120Hz; MediaTek Dimensity 6300; 50MP + 2MP; 8MP; 5800 mAh; 45W; Android 15 (ColorOS 15)
OPPO | A58 | OPPO A58 | 8GB/128GB=4_690 | Đen, Xanh Lá | loa kép âm lượng lớn và sạc nhanh 33W | 6.72 inch; IPS LCD 90Hz; MediaTek Helio G85; 50MP + 2MP; 8MP; 5000 mAh; 33W; Android 13 (ColorOS 13)
OPPO | A18 | OPPO A18 | 4GB/128GB=3_690 | Đen, Xanh Dương | thiết kế trẻ trung và pin 5000 mAh | 6.56 inch; IPS LCD 90Hz; MediaTek Helio G85; 8MP + 2MP; 5MP; 5000 mAh; 10W; Android 13 (ColorOS 13.1)
vivo | X200P | vivo X200 Pro | 16GB/512GB=27_990 | Xanh Titan, Đen | camera tele ZEISS 200MP và chip xử lý ảnh V3+ | 6.78 inch; AMOLED 120Hz; MediaTek Dimensity 9400; 50MP + 50MP + 200MP; 32MP; 6000 mAh; 90W; Android 15 (Funtouch OS 15)
vivo | X200FE | vivo X200 FE | 12GB/512GB=16_990 | Xanh Dương, Vàng Nhạt, Đen | thân máy 6.31 inch nhỏ gọn nhưng pin tới 6500 mAh | 6.31 inch; AMOLED 120Hz; MediaTek Dimensity 9300+; 50MP + 50MP + 8MP; 50MP; 6500 mAh; 90W; Android 15 (Funtouch OS 15)
vivo | V50 | vivo V50 | 12GB/256GB=13_490, 12GB/512GB=14_990 | Tím, Xám, Xanh Dương | camera chân dung ZEISS và vòng sáng Aura Light | 6.77 inch; AMOLED 120Hz; Snapdragon 7 Gen 3; 50MP + 50MP; 50MP; 6000 mAh; 90W; Android 15 (Funtouch OS 15)
vivo | V50L | vivo V50 Lite | 8GB/256GB=8_990 | Vàng, Tím, Đen | pin 6500 mAh và sạc nhanh 90W | 6.77 inch; AMOLED 120Hz; Snapdragon 685; 50MP + 2MP; 32MP; 6500 mAh; 90W; Android 15 (Funtouch OS 15)
vivo | Y29 | vivo Y29 | 6GB/128GB=4_490, 8GB/256GB=5_490 | Trắng, Đen, Nâu | độ bền chuẩn quân đội và kháng nước IP64 | 6.68 inch; IPS LCD 120Hz; MediaTek Helio G85; 50MP + 0.08MP; 8MP; 5500 mAh; 44W; Android 14 (Funtouch OS 14)
vivo | Y19S | vivo Y19s | 4GB/128GB=3_490, 6GB/128GB=3_890 | Đen, Bạc | pin 5500 mAh và loa ngoài lớn 300% | 6.68 inch; IPS LCD 90Hz; Unisoc T612; 50MP + 0.08MP; 5MP; 5500 mAh; 15W; Android 14 (Funtouch OS 14)
vivo | Y04 | vivo Y04 | 4GB/64GB=2_590, 4GB/128GB=2_990 | Xanh Lá, Đen | kháng nước IP64 và pin 5150 mAh trong mức giá tiết kiệm | 6.74 inch; IPS LCD 90Hz; Unisoc T7225; 13MP + 0.08MP; 5MP; 5150 mAh; 15W; Android 14 (Funtouch OS 14)
realme | R14PP | realme 14 Pro Plus 5G | 12GB/256GB=13_990, 12GB/512GB=15_490 | Trắng Ngọc Trai, Xám | mặt lưng đổi màu theo nhiệt độ và camera tiềm vọng 50MP | 6.83 inch; AMOLED cong 4 cạnh 120Hz; Snapdragon 7s Gen 3; 50MP + 50MP + 8MP; 32MP; 6000 mAh; 80W; Android 15 (realme UI 6)
realme | R14 | realme 14 5G | 12GB/256GB=9_490 | Bạc, Xanh Lá | hiệu năng gaming ổn định và pin 6000 mAh | 6.67 inch; AMOLED 120Hz; Snapdragon 6 Gen 4; 50MP + 2MP; 16MP; 6000 mAh; 45W; Android 15 (realme UI 6)
realme | C75 | realme C75 | 8GB/128GB=4_990, 8GB/256GB=5_690 | Vàng, Đen | độ bền chuẩn quân đội và pin 6000 mAh | 6.72 inch; IPS LCD 90Hz; MediaTek Helio G92 Max; 50MP; 8MP; 6000 mAh; 45W; Android 14 (realme UI 5)
realme | C71 | realme C71 | 4GB/128GB=3_290, 6GB/128GB=3_690 | Đen, Xanh Dương | pin 6300 mAh và sạc nhanh 45W | 6.67 inch; IPS LCD 120Hz; Unisoc T7250; 50MP; 5MP; 6300 mAh; 45W; Android 15 (realme UI 6)
realme | NOTE60X | realme Note 60x | 3GB/64GB=2_290, 4GB/64GB=2_490 | Xanh Dương, Đen | khung kim loại chắc chắn và kháng nước IP64 | 6.74 inch; IPS LCD 90Hz; Unisoc T612; 8MP; 5MP; 5000 mAh; 10W; Android 14 (Go edition)
HONOR | MAGIC7P | HONOR Magic7 Pro | 12GB/512GB=24_990 | Đen, Xám | camera tele 200MP và pin silicon-carbon 5850 mAh | 6.8 inch; OLED 120Hz; Snapdragon 8 Elite; 50MP + 50MP + 200MP; 50MP; 5850 mAh; 100W; Android 15 (MagicOS 9)
HONOR | H400 | HONOR 400 5G | 12GB/256GB=12_990, 12GB/512GB=13_990 | Bạc, Đen | camera 200MP cùng các tính năng chỉnh ảnh AI | 6.55 inch; AMOLED 120Hz; Snapdragon 7 Gen 3; 200MP + 12MP; 50MP; 6000 mAh; 80W; Android 15 (MagicOS 9)
HONOR | X9C | HONOR X9c | 12GB/256GB=8_990 | Tím, Đen | màn hình cong chống va đập và pin 6600 mAh | 6.78 inch; AMOLED 120Hz; Snapdragon 6 Gen 1; 108MP + 5MP; 16MP; 6600 mAh; 66W; Android 14 (MagicOS 8)
HONOR | X7C | HONOR X7c | 8GB/256GB=5_290 | Xanh Lá, Đen | pin 6000 mAh và loa kép âm lượng 300% | 6.77 inch; IPS LCD 120Hz; Snapdragon 685; 108MP + 2MP; 8MP; 6000 mAh; 35W; Android 14 (MagicOS 8)
";

const FEATURE_PHONE_SPECS: SpecKeys = &[
    ("Màn hình", "Kích thước"),
    ("Kết nối", "Mạng di động"),
    ("Pin", "Dung lượng pin"),
    ("Tiện ích", "Tính năng"),
];

const FEATURE_PHONE_TEXT: &str = "{name} có màn hình {s0}, hỗ trợ {s1} cho cuộc gọi rõ nét. \
Pin {s2} cho thời gian chờ nhiều ngày, phù hợp làm máy phụ hoặc cho ông bà, cha mẹ. \
Tiện ích đi kèm: {s3}.";

const FEATURE_PHONES: &str = r"
Nokia | 105-4G | Nokia 105 4G | =690 | Đen, Xanh Dương, Hồng | bàn phím lớn dễ bấm và pin chờ nhiều ngày | 1.8 inch; 4G VoLTE; 1450 mAh; Radio FM không dây, đèn pin
Nokia | 110-4G | Nokia 110 4G | =890 | Đen, Xanh Dương | camera sau và khe thẻ nhớ để nghe nhạc | 1.8 inch; 4G VoLTE; 1450 mAh; Camera QVGA, nghe nhạc MP3, Radio FM
Nokia | 220-4G | Nokia 220 4G | =1_190 | Đen, Xanh Dương | nghe gọi 4G rõ ràng và cổng sạc USB-C tiện lợi | 2.8 inch; 4G VoLTE; 1450 mAh; Radio FM, Bluetooth 5.0, cổng USB-C
Nokia | 235-4G | Nokia 235 4G | =1_290 | Đen, Xanh Dương | camera 2MP và màn hình 2.8 inch dễ đọc | 2.8 inch; 4G VoLTE; 1450 mAh; Camera 2MP, Radio FM, Bluetooth 5.0
Nokia | 3210-4G | Nokia 3210 4G | =1_590 | Vàng, Xanh Dương, Đen | thiết kế hoài cổ kèm trò chơi rắn săn mồi huyền thoại | 2.4 inch; 4G VoLTE; 1450 mAh; Camera 2MP, Bluetooth 5.0, cổng USB-C, game Snake
Nokia | 8210-4G | Nokia 8210 4G | =1_490 | Xanh Dương, Đỏ | màn hình lớn 2.8 inch và loa to rõ | 2.8 inch; 4G VoLTE; 1450 mAh; Camera VGA, Radio FM, Bluetooth 5.0
";

// --- Tablets ----------------------------------------------------------------

const TABLET_SPECS: SpecKeys = &[
    ("Màn hình", "Kích thước"),
    ("Màn hình", "Công nghệ"),
    ("Vi xử lý", "Chip"),
    ("Bộ nhớ", "RAM"),
    ("Camera", "Camera sau"),
    ("Pin", "Dung lượng pin"),
    ("Hệ điều hành", "Phiên bản"),
];

const TABLET_TEXT: &str =
    "{name} trang bị màn hình {s0} {s1}, lý tưởng cho học tập, vẽ và giải trí. \
Chip {s2} cùng RAM {s3} xử lý đa nhiệm mượt mà, pin {s5} dùng thoải mái cả ngày. \
Máy chạy {s6}, hàng chính hãng {brand} bảo hành 12 tháng.";

const IPADS: &str = r"
Apple | IPDPRO11 | iPad Pro M4 11 inch | Wi-Fi 256GB=28_990, Wi-Fi 512GB=34_990, 5G 256GB=34_990 | Đen Không Gian, Bạc | màn hình Ultra Retina XDR OLED hai lớp và chip M4 | 11 inch; Ultra Retina XDR Tandem OLED 120Hz; Apple M4; 8GB; 12MP; 31.29 Wh; iPadOS 26
Apple | IPDPRO13 | iPad Pro M4 13 inch | Wi-Fi 256GB=37_990, Wi-Fi 512GB=43_990, 5G 256GB=43_990 | Đen Không Gian, Bạc | màn hình 13 inch OLED hai lớp và thân máy mỏng 5.1 mm | 13 inch; Ultra Retina XDR Tandem OLED 120Hz; Apple M4; 8GB; 12MP; 38.99 Wh; iPadOS 26
Apple | IPDAIR11 | iPad Air M3 11 inch | Wi-Fi 128GB=16_990, Wi-Fi 256GB=19_990, 5G 128GB=20_990 | Xám Không Gian, Xanh Dương, Tím, Ánh Sao | chip M3 mạnh mẽ, hỗ trợ Apple Pencil Pro và Magic Keyboard | 11 inch; Liquid Retina 60Hz; Apple M3; 8GB; 12MP; 28.93 Wh; iPadOS 26
Apple | IPDAIR13 | iPad Air M3 13 inch | Wi-Fi 128GB=22_490, Wi-Fi 256GB=25_490, 5G 128GB=26_490 | Xám Không Gian, Xanh Dương, Tím, Ánh Sao | không gian làm việc rộng rãi trên màn hình 13 inch | 13 inch; Liquid Retina 60Hz; Apple M3; 8GB; 12MP; 36.59 Wh; iPadOS 26
Apple | IPDA16 | iPad A16 11 inch | Wi-Fi 128GB=9_990, Wi-Fi 256GB=12_490, 5G 128GB=13_990 | Xanh Dương, Hồng, Vàng, Bạc | chip A16 và bộ nhớ khởi điểm 128GB cho học tập, giải trí | 11 inch; Liquid Retina 60Hz; Apple A16; 6GB; 12MP; 28.93 Wh; iPadOS 26
Apple | IPDMINI7 | iPad mini 7 | Wi-Fi 128GB=13_990, Wi-Fi 256GB=16_990, 5G 128GB=17_990 | Xám Không Gian, Xanh Dương, Tím, Ánh Sao | thân máy 8.3 inch cầm một tay cùng chip A17 Pro | 8.3 inch; Liquid Retina 60Hz; Apple A17 Pro; 8GB; 12MP; 19.3 Wh; iPadOS 26
";

const ANDROID_TABLETS: &str = r"
Samsung | TABS10U | Samsung Galaxy Tab S10 Ultra | 12GB/256GB=30_990, 12GB/512GB=34_990 | Xám, Bạc | màn hình 14.6 inch Dynamic AMOLED 2X kèm bút S Pen | 14.6 inch; Dynamic AMOLED 2X 120Hz; MediaTek Dimensity 9300+; 12GB; 13MP + 8MP; 11200 mAh; Android 14 (One UI 6.1)
Samsung | TABS10P | Samsung Galaxy Tab S10 Plus | 12GB/256GB=24_990 | Xám, Bạc | chuẩn kháng nước IP68 và bút S Pen đi kèm | 12.4 inch; Dynamic AMOLED 2X 120Hz; MediaTek Dimensity 9300+; 12GB; 13MP + 8MP; 10090 mAh; Android 14 (One UI 6.1)
Samsung | TABS10FE | Samsung Galaxy Tab S10 FE | Wi-Fi 8GB/128GB=12_490, 5G 8GB/128GB=14_490 | Xám, Bạc, Xanh Dương | bút S Pen đi kèm miễn phí và chuẩn kháng nước IP68 | 10.9 inch; LCD 90Hz; Exynos 1580; 8GB; 13MP; 8000 mAh; Android 15 (One UI 7)
Samsung | TABS10FEP | Samsung Galaxy Tab S10 FE Plus | Wi-Fi 8GB/128GB=14_990, 5G 8GB/128GB=16_990 | Xám, Bạc, Xanh Dương | màn hình lớn 13.1 inch cho học tập và làm việc | 13.1 inch; LCD 90Hz; Exynos 1580; 8GB; 13MP; 10090 mAh; Android 15 (One UI 7)
Samsung | TABA9P | Samsung Galaxy Tab A9 Plus | Wi-Fi 4GB/64GB=5_490, Wi-Fi 8GB/128GB=6_490, 5G 8GB/128GB=7_490 | Xám, Bạc | loa bốn kênh và màn hình 11 inch 90Hz | 11 inch; TFT LCD 90Hz; Snapdragon 695; 4GB - 8GB (tùy phiên bản); 8MP; 7040 mAh; Android 14 (One UI 6)
Xiaomi | PAD7P | Xiaomi Pad 7 Pro | 12GB/256GB=12_990 | Xám, Xanh Lá | màn hình 3.2K 144Hz và chip Snapdragon 8s Gen 3 | 11.2 inch; LCD 3.2K 144Hz; Snapdragon 8s Gen 3; 12GB; 50MP; 8850 mAh; Android 15 (HyperOS 2)
Xiaomi | PAD7 | Xiaomi Pad 7 | 8GB/128GB=9_490, 8GB/256GB=10_490 | Xám, Xanh Lá, Tím | màn hình 3.2K sắc nét, hỗ trợ bàn phím và bút cảm ứng | 11.2 inch; LCD 3.2K 144Hz; Snapdragon 7+ Gen 3; 8GB; 13MP; 8850 mAh; Android 15 (HyperOS 2)
Xiaomi | RPADPRO | Xiaomi Redmi Pad Pro | 6GB/128GB=6_490, 8GB/128GB=6_990 | Xám, Xanh Lá | màn hình 12.1 inch 2.5K và pin 10000 mAh | 12.1 inch; LCD 2.5K 120Hz; Snapdragon 7s Gen 2; 6GB - 8GB (tùy phiên bản); 8MP; 10000 mAh; Android 14 (HyperOS)
Xiaomi | RPAD2 | Xiaomi Redmi Pad 2 | 4GB/128GB=4_490, 6GB/128GB=4_990 | Xám, Tím | màn hình 2.5K 90Hz và loa bốn kênh Dolby Atmos | 11 inch; LCD 2.5K 90Hz; MediaTek Helio G100-Ultra; 4GB - 6GB (tùy phiên bản); 8MP; 9000 mAh; Android 15 (HyperOS 2)
Lenovo | IDEATABPRO | Lenovo Idea Tab Pro | 8GB/256GB=8_990 | Xám | màn hình 12.7 inch 3K 144Hz và bút Tab Pen Plus đi kèm | 12.7 inch; LCD 3K 144Hz; MediaTek Dimensity 8300; 8GB; 13MP; 10200 mAh; Android 14
Lenovo | TABM11 | Lenovo Tab M11 | 4GB/128GB=4_990 | Xám | màn hình 11 inch 90Hz và bút Tab Pen đi kèm | 11 inch; IPS LCD 90Hz; MediaTek Helio G88; 4GB; 8MP; 7040 mAh; Android 13
OPPO | PAD3 | OPPO Pad 3 | 8GB/256GB=11_990 | Xám, Tím | màn hình 2.8K 144Hz và sạc nhanh 67W | 11.61 inch; LCD 2.8K 144Hz; MediaTek Dimensity 8350; 8GB; 8MP; 9520 mAh; Android 15 (ColorOS 15)
";

// --- Laptops ----------------------------------------------------------------

const LAPTOP_SPECS: SpecKeys = &[
    ("Bộ xử lý", "CPU"),
    ("Đồ họa", "Card đồ họa"),
    ("Màn hình", "Kích thước & độ phân giải"),
    ("Màn hình", "Tần số quét"),
    ("Thiết kế", "Trọng lượng"),
    ("Pin", "Dung lượng"),
    ("Hệ điều hành", "Phiên bản"),
];

const MACBOOK_TEXT: &str = "{name} chạy chip {s0} với {s1}, hoạt động êm ái và tiết kiệm điện. \
Màn hình {s2} tần số quét {s3} hiển thị sống động, thời lượng pin {s5}. \
Thân máy nhôm nguyên khối chỉ {s4}, chạy {s6} mới nhất.";

const GAMING_LAPTOP_TEXT: &str = "{name} trang bị {s0} và card đồ họa {s1}, chiến mượt các tựa game AAA lẫn tác vụ đồ họa nặng. \
Màn hình {s2} tần số quét {s3} cho chuyển động mượt mà, không xé hình. \
Máy nặng {s4}, pin {s5} và cài sẵn {s6} bản quyền.";

const OFFICE_LAPTOP_TEXT: &str =
    "{name} sử dụng {s0} cùng {s1}, đáp ứng tốt học tập, văn phòng và giải trí nhẹ. \
Màn hình {s2} tần số quét {s3} hiển thị rõ nét, máy nặng {s4} dễ dàng mang theo. \
Pin {s5}, cài sẵn {s6} bản quyền.";

const MACBOOKS: &str = r"
Apple | MBA13M4 | MacBook Air 13 inch M4 | 16GB/256GB=26_990, 16GB/512GB=31_990, 24GB/512GB=36_990 | Xanh Da Trời, Đen Nửa Đêm, Ánh Sao, Bạc | chip M4 mạnh mẽ và thiết kế không quạt siêu mỏng nhẹ | Apple M4 10 nhân CPU; 8 nhân GPU; 13.6 inch Liquid Retina (2560 x 1664); 60Hz; 1.24 kg; 18 giờ; macOS Tahoe
Apple | MBA15M4 | MacBook Air 15 inch M4 | 16GB/256GB=31_990, 16GB/512GB=36_990, 24GB/512GB=41_990 | Xanh Da Trời, Đen Nửa Đêm, Ánh Sao, Bạc | màn hình lớn 15.3 inch và hệ thống 6 loa sống động | Apple M4 10 nhân CPU; 10 nhân GPU; 15.3 inch Liquid Retina (2880 x 1864); 60Hz; 1.51 kg; 18 giờ; macOS Tahoe
Apple | MBA13M2 | MacBook Air 13 inch M2 | 16GB/256GB=19_990, 16GB/512GB=24_990 | Đen Nửa Đêm, Ánh Sao, Xám Không Gian | mức giá dễ tiếp cận nhất dòng MacBook, phù hợp học sinh, sinh viên | Apple M2 8 nhân CPU; 8 nhân GPU; 13.6 inch Liquid Retina (2560 x 1664); 60Hz; 1.24 kg; 18 giờ; macOS Tahoe
Apple | MBP14M5 | MacBook Pro 14 inch M5 | 16GB/512GB=42_990, 16GB/1TB=47_990, 24GB/1TB=52_990 | Đen Không Gian, Bạc | chip M5 tăng tốc AI và màn hình Liquid Retina XDR | Apple M5 10 nhân CPU; 10 nhân GPU; 14.2 inch Liquid Retina XDR (3024 x 1964); 120Hz ProMotion; 1.55 kg; 24 giờ; macOS Tahoe
Apple | MBP14M4P | MacBook Pro 14 inch M4 Pro | 24GB/512GB=52_990, 24GB/1TB=58_990, 48GB/1TB=68_990 | Đen Không Gian, Bạc | sức mạnh M4 Pro cho lập trình, dựng phim và đồ họa chuyên nghiệp | Apple M4 Pro 12 nhân CPU; 16 nhân GPU; 14.2 inch Liquid Retina XDR (3024 x 1964); 120Hz ProMotion; 1.6 kg; 22 giờ; macOS Tahoe
Apple | MBP16M4P | MacBook Pro 16 inch M4 Pro | 24GB/512GB=64_990, 48GB/512GB=74_990 | Đen Không Gian, Bạc | màn hình 16.2 inch rộng nhất dòng MacBook và pin tới 24 giờ | Apple M4 Pro 14 nhân CPU; 20 nhân GPU; 16.2 inch Liquid Retina XDR (3456 x 2234); 120Hz ProMotion; 2.14 kg; 24 giờ; macOS Tahoe
";

const GAMING_LAPTOPS: &str = r"
ASUS | TUFF16 | ASUS TUF Gaming F16 FX607JV | 16GB/512GB=27_990, 32GB/1TB=31_990 | Xám | độ bền chuẩn quân đội MIL-STD-810H và card RTX 4060 | Intel Core i7-13650HX; NVIDIA GeForce RTX 4060 8GB; 16 inch FHD+ (1920 x 1200); 165Hz; 2.2 kg; 90 Wh; Windows 11 Home
ASUS | TUFA15 | ASUS TUF Gaming A15 FA506NCR | 16GB/512GB=18_990 | Đen | cấu hình AMD Ryzen 7 cân tốt các game eSports phổ biến | AMD Ryzen 7 7435HS; NVIDIA GeForce RTX 3050 4GB; 15.6 inch FHD (1920 x 1080); 144Hz; 2.3 kg; 48 Wh; Windows 11 Home
ASUS | ROGG16 | ASUS ROG Strix G16 G615 | 16GB/1TB=42_990, 32GB/1TB=46_990 | Xám | màn hình 2.5K 240Hz và card RTX 5060 thế hệ mới | Intel Core i7-14650HX; NVIDIA GeForce RTX 5060 8GB; 16 inch 2.5K (2560 x 1600); 240Hz; 2.5 kg; 90 Wh; Windows 11 Home
ASUS | ROGG14 | ASUS ROG Zephyrus G14 GA403 | 32GB/1TB=55_990 | Xám, Trắng | vỏ nhôm nguyên khối chỉ 1.57 kg và màn hình 3K OLED | AMD Ryzen AI 9 HX 370; NVIDIA GeForce RTX 5060 8GB; 14 inch 3K OLED (2880 x 1800); 120Hz; 1.57 kg; 73 Wh; Windows 11 Home
Acer | NITROV15 | Acer Nitro V 15 ANV15-51 | 8GB/512GB=19_990, 16GB/512GB=21_990 | Đen | card RTX 4050 và mức giá tốt cho sinh viên | Intel Core i5-13420H; NVIDIA GeForce RTX 4050 6GB; 15.6 inch FHD (1920 x 1080); 144Hz; 2.1 kg; 57 Wh; Windows 11 Home
Acer | NITROL16 | Acer Nitro Lite 16 NL16-71G | 16GB/512GB=18_990 | Trắng | thiết kế trẻ trung màu trắng, mỏng nhẹ chỉ 1.95 kg | Intel Core i5-13420H; NVIDIA GeForce RTX 3050 6GB; 16 inch WUXGA (1920 x 1200); 165Hz; 1.95 kg; 53 Wh; Windows 11 Home
Acer | PHN16 | Acer Predator Helios Neo 16 PHN16-72 | 16GB/512GB=36_990, 32GB/1TB=41_990 | Đen | tản nhiệt AeroBlade 3D thế hệ 5 và màn hình 240Hz | Intel Core i7-14650HX; NVIDIA GeForce RTX 4060 8GB; 16 inch WQXGA (2560 x 1600); 240Hz; 2.8 kg; 90 Wh; Windows 11 Home
MSI | KATANA15 | MSI Katana 15 B13VFK | 16GB/512GB=26_990, 32GB/1TB=30_990 | Đen | bàn phím RGB 4 vùng và card RTX 4060 mạnh mẽ | Intel Core i7-13620H; NVIDIA GeForce RTX 4060 8GB; 15.6 inch FHD (1920 x 1080); 144Hz; 2.25 kg; 53.5 Wh; Windows 11 Home
MSI | CYBORG15 | MSI Cyborg 15 A13VE | 16GB/512GB=20_990 | Đen | thiết kế mặt đáy trong suốt phong cách cyberpunk | Intel Core i5-13420H; NVIDIA GeForce RTX 4050 6GB; 15.6 inch FHD (1920 x 1080); 144Hz; 1.98 kg; 53.5 Wh; Windows 11 Home
MSI | THIN15 | MSI Thin 15 B13UC | 16GB/512GB=17_490 | Xám | thiết kế mỏng nhẹ cùng RTX 3050 cho game thủ mới bắt đầu | Intel Core i5-13420H; NVIDIA GeForce RTX 3050 4GB; 15.6 inch FHD (1920 x 1080); 144Hz; 1.86 kg; 52.4 Wh; Windows 11 Home
Lenovo | LOQ15 | Lenovo LOQ 15IAX9 | 16GB/512GB=20_990, 24GB/512GB=21_990 | Xám | tản nhiệt Hyperchamber và nút Lenovo AI Engine+ | Intel Core i5-12450HX; NVIDIA GeForce RTX 4050 6GB; 15.6 inch FHD (1920 x 1080); 144Hz; 2.38 kg; 60 Wh; Windows 11 Home
Lenovo | LEGION5 | Lenovo Legion 5 15IRX10 | 32GB/1TB=42_990 | Xám | màn hình OLED 2.5K 165Hz trong thân máy chỉ 1.85 kg | Intel Core i7-13650HX; NVIDIA GeForce RTX 5060 8GB; 15.1 inch 2.5K OLED (2560 x 1600); 165Hz; 1.85 kg; 84 Wh; Windows 11 Home
HP | VICTUS15 | HP Victus 15 fa1139TX | 16GB/512GB=18_990 | Đen | thiết kế tối giản, hợp cả học tập lẫn chơi game | Intel Core i5-13420H; NVIDIA GeForce RTX 3050 6GB; 15.6 inch FHD (1920 x 1080); 144Hz; 2.29 kg; 70 Wh; Windows 11 Home
HP | OMEN16 | HP OMEN 16 2025 | 32GB/1TB=44_990 | Đen | tản nhiệt OMEN Tempest và chip Intel Core Ultra 7 | Intel Core Ultra 7 255H; NVIDIA GeForce RTX 5060 8GB; 16 inch 2.5K (2560 x 1600); 165Hz; 2.35 kg; 83 Wh; Windows 11 Home
Dell | G15 | Dell Gaming G15 5530 | 16GB/512GB=23_990 | Xám | khung máy bền bỉ và tản nhiệt lấy cảm hứng từ Alienware | Intel Core i5-13450HX; NVIDIA GeForce RTX 3050 6GB; 15.6 inch FHD (1920 x 1080); 120Hz; 2.65 kg; 56 Wh; Windows 11 Home + Office Home & Student
";

const OFFICE_LAPTOPS: &str = r"
ASUS | VIVO15 | ASUS Vivobook 15 X1504VA | 8GB/512GB=12_990, 16GB/512GB=14_490 | Bạc, Xanh Đen | bản lề mở 180 độ và bàn phím có hàng phím số | Intel Core i5-1335U; Intel Iris Xe Graphics; 15.6 inch FHD (1920 x 1080); 60Hz; 1.7 kg; 42 Wh; Windows 11 Home
ASUS | VIVO15OLED | ASUS Vivobook 15 OLED A1505VA | 16GB/512GB=16_990 | Đen, Bạc | màn hình OLED phủ 100% dải màu DCI-P3 | Intel Core i5-13500H; Intel Iris Xe Graphics; 15.6 inch FHD OLED (1920 x 1080); 60Hz; 1.7 kg; 50 Wh; Windows 11 Home
ASUS | ZEN14 | ASUS Zenbook 14 OLED UX3405MA | 16GB/512GB=24_990, 32GB/1TB=28_990 | Xanh Dương Đậm, Bạc | màn hình 3K OLED 120Hz và thân máy nhôm chỉ 1.2 kg | Intel Core Ultra 7 155H; Intel Arc Graphics; 14 inch 3K OLED (2880 x 1800); 120Hz; 1.2 kg; 75 Wh; Windows 11 Home
Acer | ASPLITE15 | Acer Aspire Lite 15 AL15-52H | 16GB/512GB=12_490 | Bạc | vỏ kim loại sang trọng và hiệu năng chip H-series | Intel Core i5-12450H; Intel UHD Graphics; 15.6 inch FHD (1920 x 1080); 60Hz; 1.7 kg; 40 Wh; Windows 11 Home
Acer | SWIFTGO14 | Acer Swift Go 14 SFG14-73 | 16GB/512GB=19_990 | Bạc | màn hình 2.8K OLED và chip Intel Core Ultra tích hợp NPU | Intel Core Ultra 5 125H; Intel Arc Graphics; 14 inch 2.8K OLED (2880 x 1800); 90Hz; 1.32 kg; 65 Wh; Windows 11 Home
Dell | INS153530 | Dell Inspiron 15 3530 | 8GB/512GB=14_990, 16GB/512GB=16_490 | Đen, Bạc | màn hình 120Hz mượt mà và bàn phím full-size | Intel Core i5-1334U; Intel Iris Xe Graphics; 15.6 inch FHD (1920 x 1080); 120Hz; 1.62 kg; 41 Wh; Windows 11 Home + Office Home & Student
Dell | INS145440 | Dell Inspiron 14 5440 | 16GB/512GB=19_490 | Xanh Băng | màn hình tỉ lệ 16:10 và webcam FHD | Intel Core 5 120U; Intel Graphics; 14 inch FHD+ (1920 x 1200); 60Hz; 1.54 kg; 54 Wh; Windows 11 Home + Office Home & Student
Dell | XPS13 | Dell XPS 13 9350 | 16GB/512GB=41_990, 32GB/1TB=49_990 | Bạc | chip Intel Core Ultra Series 2 và thời lượng pin cả ngày | Intel Core Ultra 7 258V; Intel Arc 140V; 13.4 inch FHD+ (1920 x 1200); 120Hz; 1.19 kg; 55 Wh; Windows 11 Home
HP | HP15FD | HP 15 fd0234TU | 8GB/512GB=13_490, 16GB/512GB=14_990 | Bạc | thiết kế gọn nhẹ cho học sinh, sinh viên và nhân viên văn phòng | Intel Core i5-1335U; Intel Iris Xe Graphics; 15.6 inch FHD (1920 x 1080); 60Hz; 1.59 kg; 41 Wh; Windows 11 Home
HP | PAV15 | HP Pavilion 15 eg3095TU | 16GB/512GB=16_990 | Bạc | loa B&O và vỏ nhôm sang trọng | Intel Core i5-1335U; Intel Iris Xe Graphics; 15.6 inch FHD (1920 x 1080); 60Hz; 1.74 kg; 41 Wh; Windows 11 Home
HP | PROBOOK440 | HP ProBook 440 G11 | 16GB/512GB=20_990 | Bạc | bảo mật doanh nghiệp HP Wolf Security và độ bền cao | Intel Core Ultra 5 125U; Intel Graphics; 14 inch WUXGA (1920 x 1200); 60Hz; 1.38 kg; 56 Wh; Windows 11 Pro
HP | ENVYX360 | HP Envy x360 14 2024 | 16GB/512GB=24_990 | Bạc | màn hình cảm ứng OLED gập xoay 360 độ | Intel Core Ultra 5 125U; Intel Graphics; 14 inch 2.8K OLED cảm ứng (2880 x 1800); 120Hz; 1.39 kg; 59 Wh; Windows 11 Home
Lenovo | SLIM3 | Lenovo IdeaPad Slim 3 15IRH8 | 16GB/512GB=14_990 | Xám | chip Intel H-series hiệu năng cao trong tầm giá phổ thông | Intel Core i5-13420H; Intel UHD Graphics; 15.6 inch FHD (1920 x 1080); 60Hz; 1.62 kg; 47 Wh; Windows 11 Home
Lenovo | SLIM5 | Lenovo IdeaPad Slim 5 14IMH9 | 16GB/512GB=18_990, 16GB/1TB=20_490 | Xám | màn hình OLED WUXGA và vỏ nhôm mỏng nhẹ | Intel Core Ultra 5 125H; Intel Arc Graphics; 14 inch WUXGA OLED (1920 x 1200); 60Hz; 1.46 kg; 57 Wh; Windows 11 Home
Lenovo | THINKE14 | Lenovo ThinkPad E14 Gen 6 | 16GB/512GB=21_990 | Đen | bàn phím ThinkPad huyền thoại và độ bền chuẩn quân đội | Intel Core Ultra 5 125H; Intel Arc Graphics; 14 inch WUXGA (1920 x 1200); 60Hz; 1.44 kg; 47 Wh; Windows 11 Home
Lenovo | THINKBOOK14 | Lenovo ThinkBook 14 G7 IML | 16GB/512GB=17_990 | Xám | nhiều cổng kết nối và bảo mật vân tay cho doanh nghiệp nhỏ | Intel Core Ultra 5 125U; Intel Graphics; 14 inch WUXGA (1920 x 1200); 60Hz; 1.38 kg; 60 Wh; Windows 11 Home
Lenovo | YOGASLIM7X | Lenovo Yoga Slim 7x | 16GB/1TB=27_990 | Xám | chip Snapdragon X Plus và pin hơn 20 giờ | Qualcomm Snapdragon X Plus; Qualcomm Adreno; 14.5 inch 3K OLED (2944 x 1840); 90Hz; 1.28 kg; 70 Wh; Windows 11 Home
MSI | MODERN14 | MSI Modern 14 C13M | 8GB/512GB=10_490, 16GB/512GB=11_490 | Xám | thiết kế mỏng nhẹ 1.4 kg và mức giá tốt cho sinh viên | Intel Core i3-1315U; Intel UHD Graphics; 14 inch FHD (1920 x 1080); 60Hz; 1.4 kg; 39.3 Wh; Windows 11 Home
LG | GRAM14 | LG gram 14 2024 | 16GB/512GB=27_990 | Trắng | trọng lượng dưới 1 kg cùng pin 72 Wh | Intel Core Ultra 5 125H; Intel Arc Graphics; 14 inch WUXGA (1920 x 1200); 60Hz; 0.999 kg; 72 Wh; Windows 11 Home
HUAWEI | MATED16 | HUAWEI MateBook D 16 2024 | 16GB/512GB=16_490 | Xám Không Gian | màn hình 16 inch tỉ lệ 16:10 và vỏ kim loại | Intel Core i5-12450H; Intel UHD Graphics; 16 inch WUXGA (1920 x 1200); 60Hz; 1.68 kg; 56 Wh; Windows 11 Home
";

// --- Accessories ------------------------------------------------------------

const HEADPHONE_SPECS: SpecKeys = &[
    ("Thiết kế", "Kiểu tai nghe"),
    ("Âm thanh", "Chống ồn"),
    ("Pin", "Thời lượng sử dụng"),
    ("Kết nối", "Cổng sạc"),
    ("Kết nối", "Bluetooth"),
    ("Độ bền", "Kháng nước"),
];

const HEADPHONE_TEXT: &str =
    "Tai nghe kết nối {s4} ổn định, thời lượng pin {s2} và sạc qua cổng {s3}. \
Kiểu tai nghe: {s0}; chống ồn: {s1}; kháng nước: {s5}. \
Hàng chính hãng {brand}, bảo hành 12 tháng.";

const HEADPHONES: &str = r"
Apple | AIRPODSPRO3 | AirPods Pro 3 | =6_790 | Trắng | chống ồn chủ động gấp đôi và cảm biến nhịp tim | Nhét tai (True Wireless); Chủ động (ANC); 8 giờ (24 giờ kèm hộp); USB-C; Bluetooth 5.3; IP57
Apple | AIRPODSPRO2 | AirPods Pro 2 USB-C | =5_490 | Trắng | chip H2 và chế độ Xuyên âm thích ứng | Nhét tai (True Wireless); Chủ động (ANC); 6 giờ (30 giờ kèm hộp); USB-C; Bluetooth 5.3; IP54
Apple | AIRPODS4 | AirPods 4 | =3_490 | Trắng | thiết kế mở thoải mái, ôm vừa nhiều dáng tai | Nửa nhét tai (True Wireless); Không; 5 giờ (30 giờ kèm hộp); USB-C; Bluetooth 5.3; IP54
Apple | AIRPODS4ANC | AirPods 4 chống ồn chủ động | =4_990 | Trắng | chống ồn chủ động lần đầu có trên thiết kế mở | Nửa nhét tai (True Wireless); Chủ động (ANC); 5 giờ (30 giờ kèm hộp); USB-C; Bluetooth 5.3; IP54
Apple | AIRPODSMAX | AirPods Max USB-C | =12_990 | Đen Nửa Đêm, Ánh Sao, Xanh Dương, Tím, Cam | âm thanh độ trung thực cao và âm thanh không gian cá nhân hóa | Chụp tai; Chủ động (ANC); 20 giờ; USB-C; Bluetooth 5.0; Không hỗ trợ
Samsung | BUDS3PRO | Samsung Galaxy Buds3 Pro | =4_990 | Bạc, Trắng | thiết kế thanh Blade Light và chống ồn thích ứng | Nhét tai (True Wireless); Chủ động thích ứng (ANC); 6 giờ (26 giờ kèm hộp); USB-C; Bluetooth 5.4; IP57
Samsung | BUDS3 | Samsung Galaxy Buds3 | =3_290 | Bạc, Trắng | tính năng phiên dịch trực tiếp nhờ Galaxy AI | Nửa nhét tai (True Wireless); Chủ động (ANC); 5 giờ (24 giờ kèm hộp); USB-C; Bluetooth 5.4; IP57
Samsung | BUDSFE | Samsung Galaxy Buds FE | =1_790 | Đen, Trắng | âm bass mạnh mẽ và chống ồn chủ động giá tốt | Nhét tai (True Wireless); Chủ động (ANC); 6 giờ (21 giờ kèm hộp); USB-C; Bluetooth 5.2; IPX2
Sony | WH1000XM6 | Sony WH-1000XM6 | =10_490 | Đen, Bạc, Xanh Đá | chip QN3 chống ồn hàng đầu và 12 micro thu âm | Chụp tai; Chủ động (ANC) QN3; 30 giờ; USB-C; Bluetooth 5.3; Không hỗ trợ
Sony | WH1000XM5 | Sony WH-1000XM5 | =7_990 | Đen, Bạc, Xanh Đêm | khả năng chống ồn đỉnh cao nhờ 8 micro và bộ xử lý V1 | Chụp tai; Chủ động (ANC); 30 giờ; USB-C; Bluetooth 5.2; Không hỗ trợ
Sony | WF1000XM5 | Sony WF-1000XM5 | =5_990 | Đen, Bạc | củ loa Dynamic Driver X và hỗ trợ LDAC Hi-Res | Nhét tai (True Wireless); Chủ động (ANC); 8 giờ (24 giờ kèm hộp); USB-C; Bluetooth 5.3; IPX4
Sony | WHCH720N | Sony WH-CH720N | =2_990 | Đen, Trắng, Xanh Dương | trọng lượng chỉ 192 g và chống ồn chủ động | Chụp tai; Chủ động (ANC); 35 giờ; USB-C; Bluetooth 5.2; Không hỗ trợ
JBL | TUNE520BT | JBL Tune 520BT | =1_290 | Đen, Trắng, Xanh Dương, Tím | âm thanh JBL Pure Bass và pin 57 giờ | Chụp tai; Không; 57 giờ; USB-C; Bluetooth 5.3; Không hỗ trợ
JBL | LIVEBEAM3 | JBL Live Beam 3 | =4_290 | Đen, Xanh Dương, Bạc | hộp sạc thông minh có màn hình cảm ứng 1.45 inch | Nhét tai (True Wireless); Chủ động thích ứng (ANC); 12 giờ (48 giờ kèm hộp); USB-C; Bluetooth 5.3; IP55
JBL | WAVEBEAM2 | JBL Wave Beam 2 | =1_390 | Đen, Trắng, Xanh Dương | chống ồn chủ động và pin 40 giờ trong tầm giá phổ thông | Nhét tai (True Wireless); Chủ động (ANC); 10 giờ (40 giờ kèm hộp); USB-C; Bluetooth 5.3; IP54
Xiaomi | RBUDS6PRO | Xiaomi Redmi Buds 6 Pro | =1_490 | Đen, Trắng, Tím | chống ồn 55dB và âm thanh Hi-Res LDAC | Nhét tai (True Wireless); Chủ động (ANC) 55dB; 9.5 giờ (36 giờ kèm hộp); USB-C; Bluetooth 5.3; IP54
Xiaomi | RBUDS6A | Xiaomi Redmi Buds 6 Active | =390 | Đen, Trắng, Hồng | mức giá dễ chịu cùng pin 30 giờ | Nửa nhét tai (True Wireless); Khử ồn cuộc gọi; 6 giờ (30 giờ kèm hộp); USB-C; Bluetooth 5.4; IPX4
Anker | LIB4NC | Anker Soundcore Liberty 4 NC | =1_990 | Đen, Trắng, Xanh Dương | chống ồn thích ứng giảm tới 98.5% tiếng ồn | Nhét tai (True Wireless); Chủ động thích ứng (ANC); 10 giờ (50 giờ kèm hộp); USB-C; Bluetooth 5.3; IPX4
Anker | P40I | Anker Soundcore P40i | =1_090 | Đen, Trắng, Xanh Dương | hộp sạc kiêm giá đỡ điện thoại và pin 60 giờ | Nhét tai (True Wireless); Chủ động thích ứng (ANC); 12 giờ (60 giờ kèm hộp); USB-C; Bluetooth 5.3; IPX5
Baseus | BOWIEM2S | Baseus Bowie M2s | =790 | Đen, Trắng | chống ồn chủ động 48dB trong mức giá dưới 1 triệu | Nhét tai (True Wireless); Chủ động (ANC); 7 giờ (30 giờ kèm hộp); USB-C; Bluetooth 5.3; IPX4
Marshall | MAJORV | Marshall Major V | =3_990 | Đen, Nâu | thiết kế cổ điển và thời lượng pin hơn 100 giờ | Chụp tai (On-ear); Không; 100+ giờ; USB-C; Bluetooth 5.3; Không hỗ trợ
HUAWEI | FREEBUDS6I | HUAWEI FreeBuds 6i | =1_990 | Đen, Trắng, Tím | chống ồn thông minh 3.0 và âm bass sâu | Nhét tai (True Wireless); Chủ động (ANC); 8 giờ (35 giờ kèm hộp); USB-C; Bluetooth 5.3; IP54
OPPO | ENCOAIR4 | OPPO Enco Air4 | =1_290 | Trắng, Xanh Lá | chống ồn chủ động 32dB và độ trễ thấp khi chơi game | Nửa nhét tai (True Wireless); Chủ động (ANC); 7 giờ (43 giờ kèm hộp); USB-C; Bluetooth 5.4; IP55
";

const WIRED_HEADPHONE_SPECS: SpecKeys = &[
    ("Thiết kế", "Kiểu tai nghe"),
    ("Kết nối", "Cổng kết nối"),
    ("Tiện ích", "Micro đàm thoại"),
    ("Thiết kế", "Chiều dài dây"),
];

const WIRED_HEADPHONE_TEXT: &str = "Tai nghe kết nối qua {s1}, dây dài {s3}, không cần sạc pin. \
Kiểu tai nghe: {s0}; micro đàm thoại: {s2}. \
Hàng chính hãng {brand}, bảo hành 12 tháng.";

const WIRED_HEADPHONES: &str = r"
Apple | EARPODSC | Apple EarPods USB-C | =590 | Trắng | thiết kế quen thuộc, cắm trực tiếp vào cổng USB-C | Nhét tai (Earbuds); USB-C; Có, kèm nút điều khiển; 1.1 m
Sony | MDREX15AP | Sony MDR-EX15AP | =250 | Đen, Trắng | thiết kế nhỏ gọn, âm thanh cân bằng và micro đàm thoại | Nhét tai (In-ear); Jack 3.5 mm; Có; 1.2 m
";

const CHARGER_SPECS: SpecKeys = &[
    ("Thông số", "Loại"),
    ("Thông số", "Công suất tối đa"),
    ("Kết nối", "Cổng"),
    ("Công nghệ", "Chuẩn sạc nhanh"),
    ("Thông số", "Đặc điểm"),
];

const CHARGER_TEXT: &str =
    "Sản phẩm có công suất tối đa {s1}, cổng kết nối: {s2}, hỗ trợ chuẩn {s3}. \
Đặc điểm: {s4}. \
Hàng chính hãng {brand}, bảo hành 12 tháng 1 đổi 1.";

const CHARGERS: &str = r"
Apple | ADP20W | Adapter sạc Apple USB-C 20W | =490 | Trắng | khả năng sạc nhanh iPhone lên 50% pin trong khoảng 30 phút | Củ sạc; 20W; 1 cổng USB-C; USB Power Delivery; Tương thích iPhone, iPad, AirPods
Apple | ADP35W | Adapter sạc Apple 35W hai cổng USB-C | =1_490 | Trắng | hai cổng sạc đồng thời cho iPhone, iPad cùng chân cắm gập gọn | Củ sạc; 35W; 2 cổng USB-C; USB Power Delivery; Chân cắm gập gọn
Apple | CABLECC | Cáp sạc Apple USB-C bện dù | 1m 60W=490, 2m 240W=890 | Trắng | lớp vỏ bện dù bền bỉ, hạn chế gãy gập | Cáp sạc; 60W - 240W (tùy phiên bản); USB-C sang USB-C; USB Power Delivery; Dây bện dù
Samsung | ADP25W | Adapter sạc nhanh Samsung 25W USB-C | =390 | Đen, Trắng | chuẩn sạc siêu nhanh PPS cho điện thoại Galaxy | Củ sạc; 25W; 1 cổng USB-C; Super Fast Charging (PPS); Kèm cáp USB-C 1m
Samsung | ADP45W | Adapter sạc nhanh Samsung 45W USB-C | =790 | Đen | chuẩn sạc siêu nhanh 2.0 cho Galaxy S25 Ultra và máy tính bảng | Củ sạc; 45W; 1 cổng USB-C; Super Fast Charging 2.0 (PPS); Kèm cáp USB-C 1.8m
Anker | A735 | Củ sạc Anker 735 Nano II GaN 65W | =1_190 | Đen, Trắng | công nghệ GaN II nhỏ gọn, sạc được cả laptop | Củ sạc; 65W; 2 cổng USB-C + 1 cổng USB-A; PowerIQ 3.0, USB PD; Công nghệ GaN II
Anker | A322 | Cáp Anker 322 USB-C to USB-C 60W | 0.9m=150, 1.8m=190 | Đen, Trắng | dây bện nylon bền bỉ, chịu được hơn 10.000 lần gập | Cáp sạc; 60W; USB-C sang USB-C; USB Power Delivery; Dây bện nylon
Baseus | GAN5PRO | Củ sạc Baseus GaN5 Pro 65W | =690 | Đen, Trắng | ba cổng sạc cùng lúc cho điện thoại, máy tính bảng và laptop | Củ sạc; 65W; 2 cổng USB-C + 1 cổng USB-A; USB PD 3.0, QC 4+; Công nghệ GaN5
Baseus | COOLPLAYL | Cáp Baseus CoolPlay USB-C to Lightning 20W | 1m=120, 2m=150 | Đen, Trắng | khả năng sạc nhanh iPhone 20W và đầu cáp chống gãy | Cáp sạc; 20W; USB-C sang Lightning; USB Power Delivery; Vỏ TPE mềm dẻo
Ugreen | NEXODE100 | Củ sạc Ugreen Nexode 100W 4 cổng GaN | =1_290 | Đen | bốn cổng sạc đồng thời, đủ mạnh cho cả MacBook Pro | Củ sạc; 100W; 3 cổng USB-C + 1 cổng USB-A; USB PD 3.0, PPS, QC 4+; Công nghệ GaN II
Ugreen | CCABLE100 | Cáp Ugreen USB-C to USB-C 100W bện dù | 1m=190, 2m=230 | Đen, Xám | công suất 100W sạc được laptop và truyền dữ liệu 480Mbps | Cáp sạc; 100W; USB-C sang USB-C; USB Power Delivery; Dây bện nylon, chip E-Marker
Xiaomi | ADP67W | Adapter sạc Xiaomi 67W Turbo | =590 | Trắng | công nghệ HyperCharge 67W cho điện thoại Xiaomi và Redmi | Củ sạc; 67W; 1 cổng USB-A; Xiaomi HyperCharge; Kèm cáp USB-A sang USB-C
";

const POWER_BANK_SPECS: SpecKeys = &[
    ("Thông số", "Dung lượng"),
    ("Thông số", "Công suất tối đa"),
    ("Kết nối", "Cổng sạc"),
    ("Tiện ích", "Sạc không dây"),
    ("Thiết kế", "Trọng lượng"),
];

const POWER_BANK_TEXT: &str = "Pin sạc có dung lượng {s0}, công suất tối đa {s1}, cổng sạc: {s2}. \
Sạc không dây: {s3}; trọng lượng {s4}, gọn gàng mang theo khi đi làm, du lịch. \
Hàng chính hãng {brand}, bảo hành 18 tháng.";

const POWER_BANKS: &str = r"
Anker | MAGGO10K | Anker MagGo 10000mAh Qi2 15W | =1_590 | Đen, Trắng, Xanh Dương | khả năng sạc không dây từ tính chuẩn Qi2 và màn hình hiển thị thông minh | 10000 mAh; 27W; 1 cổng USB-C; Có (Qi2 15W); 218 g
Anker | ZOLO10K | Anker Zolo 10000mAh 30W kèm cáp | =490 | Đen, Trắng | cáp USB-C tích hợp sẵn tiện lợi khi ra ngoài | 10000 mAh; 30W; 1 cổng USB-C + 1 cổng USB-A + cáp USB-C liền; Không; 215 g
Anker | PRIME20K | Anker Prime 20000mAh 200W | =2_990 | Đen | công suất tổng 200W đủ sạc cùng lúc hai laptop | 20000 mAh; 200W; 2 cổng USB-C + 1 cổng USB-A; Không; 540 g
Baseus | BIPOW10K | Baseus Bipow Pro 10000mAh 22.5W | =390 | Đen, Trắng | màn hình LED hiển thị phần trăm pin và sạc nhanh 22.5W | 10000 mAh; 22.5W; 1 cổng USB-C + 2 cổng USB-A; Không; 230 g
Baseus | BLADE20K | Baseus Blade 20000mAh 100W | =1_590 | Đen | thiết kế siêu mỏng dạng tấm, sạc được laptop | 20000 mAh; 100W; 2 cổng USB-C + 2 cổng USB-A; Không; 480 g
Baseus | MAGMINI10K | Baseus Magnetic Mini 10000mAh 20W | =690 | Đen, Trắng, Tím | thiết kế hít từ tính nhỏ gọn gắn lưng iPhone | 10000 mAh; 20W; 1 cổng USB-C; Có (7.5W từ tính); 200 g
Xiaomi | PB10K | Xiaomi Power Bank 10000mAh 22.5W | =390 | Đen | vỏ nhôm bền đẹp và sạc hai chiều 22.5W | 10000 mAh; 22.5W; 1 cổng USB-C + 1 cổng USB-A; Không; 220 g
Xiaomi | PB20K | Xiaomi Power Bank 20000mAh 22.5W | =590 | Đen | dung lượng lớn, sạc đầy điện thoại 4-5 lần | 20000 mAh; 22.5W; 1 cổng USB-C + 2 cổng USB-A; Không; 440 g
Samsung | EBP3400 | Samsung 10000mAh 25W EB-P3400 | =790 | Be, Xanh Navy | chuẩn sạc siêu nhanh 25W cho điện thoại Galaxy | 10000 mAh; 25W; 1 cổng USB-C + 1 cổng USB-A; Không; 200 g
Ugreen | NEXODEPB20K | Ugreen Nexode 20000mAh 130W | =1_390 | Xám | màn hình thông minh hiển thị công suất sạc theo thời gian thực | 20000 mAh; 130W; 2 cổng USB-C + 1 cổng USB-A; Không; 490 g
";

const CASE_SPECS: SpecKeys = &[
    ("Thiết kế", "Chất liệu"),
    ("Thiết kế", "Dòng máy tương thích"),
    ("Tiện ích", "Hỗ trợ MagSafe"),
    ("Độ bền", "Chống sốc"),
];

const CASE_TEXT: &str = "Ốp được thiết kế riêng cho {s1}, chất liệu: {s0}. \
Hỗ trợ MagSafe: {s2}; mức bảo vệ: {s3}. \
Ốp ôm khít máy, phím bấm nhạy và không che cổng sạc.";

const CASES: &str = r"
Apple | CASE17PMSIL | Apple Silicone MagSafe cho iPhone 17 Pro Max | =1_390 | Đen, Xanh Dương, Cam, Hồng | lớp silicone mềm mịn và nam châm MagSafe tích hợp | Silicone, lót sợi mềm; iPhone 17 Pro Max; Có; Bảo vệ cơ bản
Apple | CASE17PCLR | Apple trong suốt MagSafe cho iPhone 17 Pro | =1_390 | Trong suốt | thiết kế trong suốt khoe trọn màu sắc nguyên bản của iPhone | Polycarbonate và TPU; iPhone 17 Pro; Có; Bảo vệ cơ bản
Apple | CASE16SIL | Apple Silicone MagSafe cho iPhone 16 | =1_190 | Đen, Hồng, Xanh Lá, Xanh Dương | thiết kế vừa khít, bảo vệ camera và các cạnh | Silicone, lót sợi mềm; iPhone 16; Có; Bảo vệ cơ bản
Samsung | CASES25USIL | Samsung Silicone cho Galaxy S25 Ultra | =590 | Đen, Xanh Dương, Xám | chất liệu silicone cao cấp, cầm nắm chắc tay | Silicone; Galaxy S25 Ultra; Không; Bảo vệ cơ bản
Samsung | CASEFLIP7CLR | Samsung Clear Case cho Galaxy Z Flip7 | =690 | Trong suốt | thiết kế ôm sát, giữ nguyên vẻ đẹp của máy gập | Polycarbonate; Galaxy Z Flip7; Không; Bảo vệ cơ bản
Baseus | CASE16PMMAG | Baseus chống sốc MagSafe cho iPhone 16 Pro Max | =290 | Trong suốt, Đen | gờ bảo vệ camera và bốn góc chống sốc | TPU và Polycarbonate; iPhone 16 Pro Max; Có; Chống sốc 4 góc
Spigen | UHMAG16P | Spigen Ultra Hybrid MagFit cho iPhone 16 Pro | =490 | Trong suốt, Đen Nhám | mặt lưng cứng chống ố vàng và viền TPU hấp thụ va đập | TPU và Polycarbonate; iPhone 16 Pro; Có; Chuẩn quân đội MIL-STD 810G
Spigen | TARMORS25U | Spigen Tough Armor cho Galaxy S25 Ultra | =590 | Đen, Xám | ba lớp bảo vệ kèm chân đế dựng máy | TPU, Polycarbonate và đệm khí; Galaxy S25 Ultra; Không; Chuẩn quân đội MIL-STD 810G
";

const MOUSE_SPECS: SpecKeys = &[
    ("Kết nối", "Kiểu kết nối"),
    ("Cảm biến", "Độ phân giải"),
    ("Pin", "Thời lượng pin"),
    ("Thiết kế", "Trọng lượng"),
    ("Thiết kế", "Số nút"),
];

const MOUSE_TEXT: &str = "Kết nối: {s0}; độ phân giải: {s1}; thời lượng pin: {s2}. \
Trọng lượng {s3}, số nút: {s4}. \
Hàng chính hãng {brand}, bảo hành 12 tháng.";

const MICE: &str = r"
Logitech | MXM3S | không dây Logitech MX Master 3S | =2_490 | Xám, Trắng | cảm biến 8000 DPI hoạt động trên cả mặt kính và nút bấm yên tĩnh | Bluetooth, đầu thu Logi Bolt; 8000 DPI; Pin sạc, 70 ngày; 141 g; 7 nút
Logitech | M331 | không dây Logitech M331 Silent Plus | =350 | Đen, Đỏ, Xanh Dương | nút bấm giảm 90% tiếng ồn khi click | Đầu thu USB 2.4 GHz; 1000 DPI; 24 tháng (1 pin AA); 91 g; 3 nút
Logitech | G102 | gaming Logitech G102 Lightsync | =390 | Đen, Trắng | đèn RGB Lightsync 16.8 triệu màu | Có dây USB; 8000 DPI; Không dùng pin; 85 g; 6 nút
Logitech | G304 | gaming không dây Logitech G304 Lightspeed | =790 | Đen, Trắng, Tím | kết nối Lightspeed độ trễ thấp và cảm biến HERO | Đầu thu Lightspeed 2.4 GHz; 12000 DPI; 250 giờ (1 pin AA); 99 g; 6 nút
Logitech | M350S | Bluetooth Logitech Pebble Mouse 2 M350s | =490 | Hồng, Trắng, Xám | thiết kế dẹt như viên sỏi, bỏ túi gọn gàng | Bluetooth; 1000 DPI; 24 tháng (1 pin AA); 76 g; 3 nút
Logitech | GPROXSL2 | gaming không dây Logitech G Pro X Superlight 2 | =3_290 | Đen, Trắng, Hồng | trọng lượng siêu nhẹ 60 g và cảm biến HERO 2 32000 DPI | Đầu thu Lightspeed 2.4 GHz; 32000 DPI; 95 giờ (pin sạc); 60 g; 5 nút
Razer | DAV3HS | gaming không dây Razer DeathAdder V3 HyperSpeed | =1_990 | Đen | thiết kế công thái học huyền thoại cho game thủ FPS | Đầu thu HyperSpeed 2.4 GHz; 26000 DPI; 100 giờ (1 pin AA); 55 g; 5 nút
Apple | MAGICMOUSE | Apple Magic Mouse USB-C | =2_290 | Trắng, Đen | bề mặt Multi-Touch hỗ trợ cử chỉ vuốt trên Mac | Bluetooth; Không công bố; Pin sạc, khoảng 1 tháng; 99 g; Bề mặt cảm ứng đa điểm
Xiaomi | MOUSELITE2 | không dây Xiaomi Wireless Mouse Lite 2 | =190 | Đen, Trắng | thiết kế đối xứng gọn nhẹ cho văn phòng | Đầu thu USB 2.4 GHz; 1000 DPI; 12 tháng (1 pin AA); 66 g; 3 nút
";

const KEYBOARD_SPECS: SpecKeys = &[
    ("Kết nối", "Kiểu kết nối"),
    ("Bàn phím", "Loại phím"),
    ("Bàn phím", "Layout"),
    ("Pin", "Thời lượng pin"),
    ("Tiện ích", "Đèn nền"),
];

const KEYBOARD_TEXT: &str = "Kết nối: {s0}; loại phím: {s1}; layout: {s2}. \
Thời lượng pin: {s3}; đèn nền: {s4}. \
Hàng chính hãng {brand}, bảo hành 12 tháng.";

const KEYBOARDS: &str = r"
Logitech | MXKEYSS | không dây Logitech MX Keys S | =2_690 | Xám | phím lõm ôm đầu ngón tay và đèn nền thông minh | Bluetooth, đầu thu Logi Bolt; Phím cắt kéo low-profile; Full-size; 10 ngày (bật đèn), 5 tháng (tắt đèn); Có, tự động
Logitech | K380S | Bluetooth Logitech K380s Multi-Device | =790 | Xám, Hồng, Trắng | khả năng chuyển đổi nhanh giữa 3 thiết bị | Bluetooth; Phím tròn low-profile; Nhỏ gọn (không phím số); 36 tháng (2 pin AAA); Không
Logitech | K120 | có dây Logitech K120 | =190 | Đen | thiết kế bền bỉ, chống tràn nước, gõ êm cho văn phòng | Có dây USB; Phím màng; Full-size; Không dùng pin; Không
Logitech | G213 | gaming Logitech G213 Prodigy | =890 | Đen | phím Mech-Dome phản hồi nhanh và đèn RGB 5 vùng | Có dây USB; Phím Mech-Dome; Full-size; Không dùng pin; RGB Lightsync 5 vùng
Logitech | GPROXTKL | cơ gaming không dây Logitech G Pro X TKL Lightspeed | =4_490 | Đen, Trắng | switch GX chuẩn eSports trong layout TKL gọn gàng | Lightspeed 2.4 GHz, Bluetooth, có dây; Phím cơ GX Brown Tactile; TKL (không phím số); 50 giờ (bật đèn); RGB Lightsync từng phím
Apple | MAGICKBTID | Apple Magic Keyboard Touch ID USB-C | =3_990 | Trắng | cảm biến Touch ID mở khóa và thanh toán nhanh trên Mac chip Apple | Bluetooth, USB-C; Phím cắt kéo; Nhỏ gọn (không phím số); Khoảng 1 tháng; Không
Razer | BWV4X | cơ gaming Razer BlackWidow V4 X | =3_290 | Đen | 6 phím macro chuyên dụng và switch Razer Green | Có dây USB; Phím cơ Razer Green; Full-size; Không dùng pin; RGB Chroma từng phím
Logitech | POPKEYS | không dây Logitech Pop Keys | =1_490 | Hồng, Tím, Vàng | phím emoji tùy biến và thiết kế máy đánh chữ cổ điển | Bluetooth, đầu thu Logi Bolt; Phím cơ tròn; Nhỏ gọn (không phím số); 36 tháng (2 pin AAA); Không
";

const SPEAKER_SPECS: SpecKeys = &[
    ("Âm thanh", "Công suất"),
    ("Pin", "Thời lượng pin"),
    ("Độ bền", "Kháng nước, bụi"),
    ("Kết nối", "Bluetooth"),
    ("Thiết kế", "Trọng lượng"),
];

const SPEAKER_TEXT: &str = "Loa có công suất {s0}, thời lượng pin {s1} và chuẩn kháng nước {s2}. \
Kết nối {s3}, trọng lượng {s4}, dễ dàng mang theo khi dã ngoại, du lịch. \
Hàng chính hãng {brand}, bảo hành 12 tháng.";

const SPEAKERS: &str = r"
JBL | FLIP7 | JBL Flip 7 | =3_590 | Đen, Xanh Dương, Đỏ, Tím | công nghệ AI Sound Boost và chuẩn IP68 chống nước, bụi | 35W; 14 giờ; IP68; Bluetooth 5.4; 560 g
JBL | FLIP6 | JBL Flip 6 | =2_490 | Đen, Xanh Dương, Đỏ | âm bass mạnh mẽ từ hệ thống loa 2 chiều | 30W; 12 giờ; IP67; Bluetooth 5.1; 550 g
JBL | CHARGE6 | JBL Charge 6 | =4_490 | Đen, Xanh Dương, Đỏ | pin 24 giờ kiêm sạc dự phòng cho điện thoại | 45W; 24 giờ; IP68; Bluetooth 5.4; 1.3 kg
JBL | GO4 | JBL Go 4 | =990 | Đen, Xanh Dương, Hồng, Đỏ | thiết kế bỏ túi cùng âm thanh JBL Pro Sound | 4.2W; 7 giờ; IP67; Bluetooth 5.3; 190 g
JBL | PBENCORE2 | JBL PartyBox Encore Essential 2 | =7_990 | Đen | công suất 100W và hiệu ứng đèn theo nhạc cho bữa tiệc | 100W; 6 giờ; IPX4; Bluetooth 5.3; 6.3 kg
Sony | ULTFIELD1 | Sony ULT Field 1 | =2_990 | Đen, Trắng, Xanh Lá, Cam | nút ULT tăng bass sâu và chuẩn IP67 | 20W; 12 giờ; IP67; Bluetooth 5.3; 650 g
Sony | SRSXB100 | Sony SRS-XB100 | =1_190 | Đen, Xanh Dương, Cam, Xám | thiết kế nhỏ gọn kèm dây đeo và micro đàm thoại | 5W; 16 giờ; IP67; Bluetooth 5.3; 274 g
Marshall | EMBERTON3 | Marshall Emberton III | =4_990 | Đen, Kem | âm thanh 360 độ True Stereophonic và pin 32 giờ | 20W; 32+ giờ; IP67; Bluetooth 5.3 LE Audio; 680 g
Marshall | WILLEN2 | Marshall Willen II | =2_490 | Đen, Kem | thiết kế nhỏ gọn có dây đeo đa năng và chuẩn IP67 | 10W; 17+ giờ; IP67; Bluetooth 5.3; 310 g
Xiaomi | SOUNDOUT30 | Xiaomi Sound Outdoor 30W | =1_190 | Đen, Xanh Dương, Đỏ | khả năng ghép đôi tới 100 loa và kháng nước IP67 | 30W; 12 giờ; IP67; Bluetooth 5.4; 660 g
Anker | MOTION300 | Anker Soundcore Motion 300 | =1_990 | Đen, Xanh Dương | âm thanh Hi-Res không dây hỗ trợ LDAC | 30W; 13 giờ; IPX7; Bluetooth 5.3; 770 g
";

// --- Watches ----------------------------------------------------------------

const WATCH_SPECS: SpecKeys = &[
    ("Màn hình", "Công nghệ"),
    ("Pin", "Thời lượng pin"),
    ("Độ bền", "Kháng nước"),
    ("Sức khỏe & thể thao", "Tính năng"),
    ("Thiết kế", "Chất liệu vỏ"),
    ("Kết nối", "Tương thích"),
];

const WATCH_TEXT: &str = "Đồng hồ có màn hình {s0}, thời lượng pin {s1} và chuẩn kháng nước {s2}. \
Tính năng nổi bật: {s3}. \
Chất liệu vỏ: {s4}; tương thích: {s5}.";

const APPLE_WATCHES: &str = r"
Apple | AWS11 | Apple Watch Series 11 GPS | 42mm=11_490, 46mm=12_290 | Đen Bóng, Bạc, Vàng Hồng | pin 24 giờ và tính năng cảnh báo tăng huyết áp | Retina LTPO3 OLED Always-On; 24 giờ; WR50 (50 m); Điện tâm đồ, SpO2, cảnh báo tăng huyết áp, điểm giấc ngủ; Nhôm; iPhone (iOS 26)
Apple | AWS11LTE | Apple Watch Series 11 GPS + Cellular | 42mm=14_490, 46mm=15_290 | Đen Bóng, Bạc, Vàng Hồng | eSIM độc lập để nghe gọi, nhắn tin không cần mang iPhone | Retina LTPO3 OLED Always-On; 24 giờ; WR50 (50 m); Điện tâm đồ, SpO2, cảnh báo tăng huyết áp, eSIM; Nhôm; iPhone (iOS 26)
Apple | AWU3 | Apple Watch Ultra 3 | 49mm=23_990 | Titan Tự nhiên, Titan Đen | vỏ titan 49 mm, GPS tần số kép và nhắn tin vệ tinh khẩn cấp | Retina LTPO3 OLED góc rộng Always-On; 42 giờ; WR100 (100 m), EN13319; Điện tâm đồ, SpO2, GPS tần số kép, SOS vệ tinh; Titan; iPhone (iOS 26)
Apple | AWSE3 | Apple Watch SE 3 GPS | 40mm=6_990, 44mm=7_690 | Đen Nửa Đêm, Ánh Sao | màn hình Always-On và chip S10 trong mức giá dễ tiếp cận | Retina LTPO3 OLED Always-On; 18 giờ; WR50 (50 m); Nhịp tim, nhiệt độ cổ tay, điểm giấc ngủ, phát hiện té ngã; Nhôm; iPhone (iOS 26)
Apple | AWS10 | Apple Watch Series 10 GPS | 42mm=9_490, 46mm=10_290 | Đen Bóng, Bạc, Vàng Hồng | thiết kế mỏng nhất từ trước đến nay cùng màn hình góc rộng | Retina LTPO3 OLED Always-On; 18 giờ; WR50 (50 m); Điện tâm đồ, SpO2, phát hiện ngưng thở khi ngủ; Nhôm; iPhone (iOS 26)
";

const ANDROID_WATCHES: &str = r"
Samsung | GW8 | Samsung Galaxy Watch8 | 40mm=7_990, 44mm=8_490 | Bạc, Xám | thiết kế mỏng nhẹ và trợ lý Gemini ngay trên cổ tay | Super AMOLED; 40 giờ; 5ATM, IP68; Chỉ số chống oxy hóa, điện tâm đồ, đo huyết áp; Nhôm; Android
Samsung | GW8C | Samsung Galaxy Watch8 Classic | 46mm=10_990 | Đen, Trắng | vòng xoay bezel cơ học cổ điển và nút Quick Button | Super AMOLED; 40 giờ; 5ATM, IP68; Chỉ số chống oxy hóa, điện tâm đồ, đo huyết áp; Thép không gỉ; Android
Samsung | GWULTRA | Samsung Galaxy Watch Ultra 2025 | 47mm=13_990 | Xám Titan, Trắng Titan, Xanh Titan | vỏ titan bền bỉ và pin tới 100 giờ ở chế độ tiết kiệm | Super AMOLED 3000 nits; 100 giờ (tiết kiệm pin); 10ATM, IP68; Điện tâm đồ, đo huyết áp, GPS tần số kép; Titan; Android
Samsung | GW7 | Samsung Galaxy Watch7 | 40mm=5_990, 44mm=6_490 | Xanh Lá, Bạc | khả năng theo dõi sức khỏe toàn diện cùng Galaxy AI | Super AMOLED; 40 giờ; 5ATM, IP68; Điện tâm đồ, đo huyết áp, phân tích giấc ngủ; Nhôm; Android
Xiaomi | WATCHS4 | Xiaomi Watch S4 | 47mm=3_490 | Đen, Bạc | vòng bezel thay đổi được và pin 15 ngày | AMOLED 1.43 inch; 15 ngày; 5ATM; Nhịp tim, SpO2, giấc ngủ, 150+ chế độ thể thao; Hợp kim nhôm; Android, iOS
Xiaomi | RWATCH5 | Xiaomi Redmi Watch 5 | =2_190 | Đen, Bạc | màn hình AMOLED 2.07 inch và pin 24 ngày | AMOLED 2.07 inch; 24 ngày; 5ATM; Nhịp tim, SpO2, giấc ngủ, 150+ chế độ thể thao; Hợp kim nhôm; Android, iOS
HUAWEI | WGT5 | HUAWEI Watch GT 5 | 41mm=4_990, 46mm=5_490 | Đen, Trắng | thiết kế sang trọng và pin tới 14 ngày | AMOLED; 14 ngày; 5ATM; Nhịp tim TruSense, SpO2, giấc ngủ, căng thẳng; Thép không gỉ; Android, iOS
HUAWEI | WFIT4 | HUAWEI Watch Fit 4 | =2_990 | Đen, Trắng, Tím | thân máy mỏng 9.3 mm và GPS chính xác | AMOLED 1.82 inch; 10 ngày; 5ATM; GPS, nhịp tim, SpO2, 100+ chế độ thể thao; Hợp kim nhôm; Android, iOS
";

const SPORT_WATCHES: &str = r"
Garmin | FR265 | Garmin Forerunner 265 | 46mm=10_490 | Đen, Trắng | màn hình AMOLED và chỉ số sẵn sàng luyện tập cho dân chạy bộ | AMOLED; 13 ngày; 5ATM; GPS đa băng tần, Training Readiness, HRV, giáo án chạy thích ứng; Polymer gia cố sợi; Android, iOS
Garmin | FR165 | Garmin Forerunner 165 | 43mm=6_490 | Đen, Trắng | màn hình AMOLED và mức giá tốt cho người mới chạy bộ | AMOLED; 11 ngày; 5ATM; GPS, nhịp tim, HRV, giáo án Garmin Coach; Polymer gia cố sợi; Android, iOS
Garmin | VENU3 | Garmin Venu 3 | 45mm=11_990 | Đen, Trắng | tính năng huấn luyện giấc ngủ và nghe gọi qua Bluetooth | AMOLED; 14 ngày; 5ATM; GPS, Body Battery, huấn luyện giấc ngủ, 30+ ứng dụng thể thao; Thép không gỉ; Android, iOS
Garmin | FENIX8 | Garmin Fenix 8 AMOLED | 47mm=25_990 | Đen, Xám | đèn pin LED, khả năng lặn 40 m và bản đồ định tuyến | AMOLED; 16 ngày; 10ATM, lặn 40 m; GPS đa băng tần, bản đồ TopoActive, loa và micro; Thép không gỉ, kính sapphire; Android, iOS
Garmin | INSTINCT3 | Garmin Instinct 3 AMOLED | 45mm=11_490 | Đen, Xám | độ bền chuẩn quân đội cho các hoạt động ngoài trời | AMOLED; 24 ngày; 10ATM; GPS đa băng tần, la bàn, khí áp kế, đèn pin LED; Polymer gia cố sợi; Android, iOS
Garmin | VIVOACTIVE6 | Garmin Vivoactive 6 | 42mm=8_490 | Đen, Trắng | hơn 80 ứng dụng thể thao và pin 11 ngày | AMOLED; 11 ngày; 5ATM; GPS, Body Battery, theo dõi giấc ngủ, 80+ môn thể thao; Nhôm; Android, iOS
";

const BAND_SPECS: SpecKeys = &[
    ("Màn hình", "Kích thước"),
    ("Pin", "Thời lượng pin"),
    ("Độ bền", "Kháng nước"),
    ("Sức khỏe", "Tính năng"),
];

const BAND_TEXT: &str = "Vòng đeo tay có màn hình {s0}, thời lượng pin {s1}, kháng nước {s2}. \
Tính năng: {s3}. \
Hàng chính hãng {brand}, bảo hành 12 tháng.";

const BANDS: &str = r"
Xiaomi | BAND10 | Xiaomi Smart Band 10 | =1_090 | Đen, Bạc, Hồng | màn hình AMOLED 1.72 inch và chế độ theo dõi bơi lội | 1.72 inch AMOLED; 21 ngày; 5ATM; Nhịp tim, SpO2, giấc ngủ, 150+ chế độ thể thao
Xiaomi | BAND9 | Xiaomi Smart Band 9 | =790 | Đen, Bạc, Hồng, Xanh Dương | vỏ hợp kim nhôm và pin 21 ngày | 1.62 inch AMOLED; 21 ngày; 5ATM; Nhịp tim, SpO2, giấc ngủ, 150+ chế độ thể thao
Xiaomi | BAND9PRO | Xiaomi Smart Band 9 Pro | =1_490 | Đen, Bạc | màn hình chữ nhật 1.74 inch và GPS tích hợp | 1.74 inch AMOLED; 21 ngày; 5ATM; GPS, nhịp tim, SpO2, giấc ngủ
Samsung | FIT3 | Samsung Galaxy Fit3 | =1_190 | Xám, Bạc, Hồng | màn hình lớn 1.6 inch và pin 13 ngày | 1.6 inch AMOLED; 13 ngày; 5ATM, IP68; Nhịp tim, SpO2, giấc ngủ, phát hiện té ngã
HUAWEI | BAND10 | HUAWEI Band 10 | =990 | Đen, Trắng, Hồng, Xanh Lá | thiết kế mỏng 8.99 mm và pin 14 ngày | 1.47 inch AMOLED; 14 ngày; 5ATM; Nhịp tim, SpO2, giấc ngủ, cảm xúc
";

// --- Home appliances --------------------------------------------------------

const RICE_COOKER_SPECS: SpecKeys = &[
    ("Thông số", "Dung tích"),
    ("Thông số", "Công suất"),
    ("Thiết kế", "Loại nồi"),
    ("Thiết kế", "Lòng nồi"),
    ("Tiện ích", "Chức năng nấu"),
];

const RICE_COOKER_TEXT: &str = "Nồi có dung tích {s0}, công suất {s1}, loại nồi: {s2}. \
Lòng nồi: {s3}; chức năng: {s4}. \
Bảo hành chính hãng 12 tháng.";

const RICE_COOKERS: &str = r"
Sharp | KSN192ETV | Nồi cơm điện Sharp 1.8 lít KS-N192ETV | =790 | Đỏ | lòng nồi chống dính dày dặn, nấu cơm chín đều | 1.8 lít; 660W; Nắp gài cơ; Hợp kim nhôm phủ chống dính; Nấu cơm, hâm nóng, giữ ấm
Panasonic | SRCX188 | Nồi cơm điện tử Panasonic 1.8 lít SR-CX188SRA | =2_790 | Bạc | công nghệ Fuzzy Logic tự điều chỉnh nhiệt cho từng loại gạo | 1.8 lít; 670W; Điện tử; Hợp kim nhôm phủ Diamond Fluorine 4 lớp; 12 chế độ: cơm trắng, gạo lứt, cháo, hấp, nấu chậm
Toshiba | RC18IX1PV | Nồi cơm cao tần Toshiba 1.8 lít RC-18IX1PV | =4_990 | Đen | công nghệ cao tần IH làm nóng đồng đều toàn bộ lòng nồi | 1.8 lít; 1300W; Cao tần (IH); Hợp kim nhôm phủ than hoạt tính 7 lớp; 16 chế độ: cơm dẻo, cơm giòn, gạo lứt, cháo, làm bánh
Sunhouse | SHD8955 | Nồi cơm điện tử Sunhouse Mama 1.8 lít SHD8955 | =1_190 | Trắng | bảng điều khiển cảm ứng tiếng Việt dễ sử dụng | 1.8 lít; 860W; Điện tử; Hợp kim nhôm phủ chống dính Whitford; 8 chế độ: nấu nhanh, gạo lứt, cháo, hầm, hấp
Philips | HD4518 | Nồi cơm điện tử Philips 1.8 lít HD4518/62 | =1_990 | Trắng | công nghệ nấu 3D giữ trọn hương vị và dưỡng chất | 1.8 lít; 860W; Điện tử; Hợp kim nhôm phủ chống dính 5 lớp; 10 chế độ: cơm trắng, cơm niêu, cháo, súp, hấp
Xiaomi | MIRICE15 | Nồi cơm điện thông minh Xiaomi Mi Smart 1.5 lít | =1_290 | Trắng | khả năng điều khiển, hẹn giờ nấu qua ứng dụng Mi Home | 1.5 lít; 600W; Điện tử, kết nối Wi-Fi; Hợp kim nhôm phủ chống dính; Hơn 200 chế độ nấu qua ứng dụng
";

const AIR_FRYER_SPECS: SpecKeys = &[
    ("Thông số", "Dung tích"),
    ("Thông số", "Công suất"),
    ("Thông số", "Nhiệt độ"),
    ("Tiện ích", "Chế độ nấu"),
    ("Tiện ích", "Điều khiển"),
];

const AIR_FRYER_TEXT: &str = "Nồi có dung tích {s0}, công suất {s1}, nhiệt độ điều chỉnh {s2}. \
Chế độ nấu: {s3}; điều khiển: {s4}. \
Bảo hành chính hãng 12 tháng.";

const AIR_FRYERS: &str = r"
Philips | HD9257 | Nồi chiên không dầu Philips 6.2 lít HD9257/80 | =2_690 | Đen | công nghệ Rapid Air giảm tới 90% dầu mỡ | 6.2 lít; 1700W; 40 - 200°C; 13 chế độ cài sẵn; Núm xoay cơ
Xiaomi | AF65 | Nồi chiên không dầu Xiaomi Smart Air Fryer 6.5 lít | =2_190 | Đen | cửa sổ quan sát và điều khiển qua ứng dụng Mi Home | 6.5 lít; 1800W; 40 - 230°C; 11 chế độ: chiên, nướng, sấy, rã đông, lên men; Cảm ứng và ứng dụng
Sunhouse | SHD4062 | Nồi chiên không dầu Sunhouse 6 lít SHD4062 | =1_290 | Đen | dung tích 6 lít đủ nướng nguyên con gà | 6 lít; 1500W; 80 - 200°C; 8 chế độ cài sẵn; Cảm ứng điện tử
Sharp | KFAF55 | Nồi chiên không dầu Sharp 5.5 lít KF-AF55EV-BK | =1_690 | Đen | lòng nồi phủ chống dính dễ vệ sinh, dùng được trong máy rửa chén | 5.5 lít; 1500W; 80 - 200°C; 7 chế độ cài sẵn; Cảm ứng điện tử
Panasonic | NFCC500 | Nồi chiên không dầu Panasonic 5 lít NF-CC500SXV | =2_990 | Đen | cảm biến nhiệt tự điều chỉnh giúp món ăn giòn đều | 5 lít; 1350W; 80 - 200°C; 9 chế độ cài sẵn; Cảm ứng điện tử
";

const PURIFIER_SPECS: SpecKeys = &[
    ("Hiệu năng", "Diện tích phù hợp"),
    ("Hiệu năng", "CADR"),
    ("Bộ lọc", "Màng lọc"),
    ("Vận hành", "Độ ồn"),
    ("Tiện ích", "Kết nối"),
];

const PURIFIER_TEXT: &str =
    "Máy phù hợp phòng {s0}, lưu lượng lọc sạch (CADR) {s1} với màng lọc {s2}. \
Độ ồn {s3}; kết nối thông minh: {s4}. \
Bảo hành chính hãng 12 tháng.";

const PURIFIERS: &str = r"
Xiaomi | AP4LITE | Máy lọc không khí Xiaomi Smart Air Purifier 4 Lite | =2_490 | Trắng | khả năng lọc 99.97% bụi mịn PM2.5 cho phòng ngủ và phòng khách nhỏ | 25 - 43 m²; 360 m³/h; HEPA H13 3 trong 1; 33.4 - 61 dB; Wi-Fi, ứng dụng Mi Home
Xiaomi | AP4PRO | Máy lọc không khí Xiaomi Smart Air Purifier 4 Pro | =4_990 | Trắng | màn hình OLED hiển thị chất lượng không khí theo thời gian thực | 35 - 60 m²; 500 m³/h; HEPA H13 3 trong 1; 33.4 - 65 dB; Wi-Fi, ứng dụng Mi Home
Sharp | FPJ40E | Máy lọc không khí Sharp FP-J40E-W | =2_990 | Trắng | công nghệ Plasmacluster Ion khử mùi và diệt khuẩn | 16 - 30 m²; 222 m³/h; HEPA và than hoạt tính; 23 - 49 dB; Không
Sharp | KCG50 | Máy lọc không khí tạo ẩm Sharp KC-G50EV-W | =5_990 | Trắng | tính năng lọc khí kết hợp tạo ẩm, phù hợp phòng máy lạnh | 20 - 38 m²; 306 m³/h; HEPA, than hoạt tính, màng tạo ẩm; 19 - 48 dB; Không
Philips | AC0920 | Máy lọc không khí Philips AC0920/10 | =2_990 | Trắng | thiết kế nhỏ gọn và chế độ ngủ siêu êm chỉ 15 dB | 20 - 49 m²; 250 m³/h; HEPA NanoProtect; 15 - 50 dB; Wi-Fi, ứng dụng Philips Air+
Dyson | TP07 | Quạt lọc không khí Dyson Purifier Cool TP07 | =16_990 | Trắng Bạc, Đen Niken | khả năng vừa lọc sạch không khí vừa làm mát không cánh | 30 - 81 m²; 290 m³/h; HEPA H13 và than hoạt tính; 40 - 56 dB; Wi-Fi, ứng dụng MyDyson
LG | AS10GD | Máy lọc không khí LG PuriCare 360 Hit AS10GDWH0 | =9_990 | Trắng | khả năng lọc 360 độ và cảm biến bụi mịn PM1.0 | 20 - 40 m²; 250 m³/h; HEPA và than hoạt tính; 25 - 48 dB; Wi-Fi, ứng dụng LG ThinQ
";

const ROBOT_SPECS: SpecKeys = &[
    ("Hiệu năng", "Lực hút"),
    ("Điều hướng", "Công nghệ"),
    ("Pin", "Dung lượng pin"),
    ("Trạm sạc", "Tính năng"),
    ("Lau nhà", "Kiểu lau"),
];

const ROBOT_TEXT: &str = "Robot có lực hút {s0}, điều hướng {s1} lập bản đồ chính xác, pin {s2}. \
Trạm sạc: {s3}; kiểu lau: {s4}. \
Bảo hành chính hãng 12 tháng.";

const ROBOTS: &str = r"
Ecovacs | T30OMNI | Robot hút bụi lau nhà Ecovacs Deebot T30 Omni | =13_990 | Trắng, Đen | giẻ lau tự mở rộng làm sạch sát mép tường và góc nhà | 11000 Pa; LiDAR TrueMapping 2.0; 5200 mAh; Tự giặt giẻ nước nóng 70°C, sấy khí nóng, đổ rác; Giẻ xoay OZMO Turbo 2.0
Ecovacs | X8PRO | Robot hút bụi lau nhà Ecovacs Deebot X8 Pro Omni | =22_990 | Trắng | công nghệ lau con lăn OZMO Roller tự làm sạch liên tục | 18000 Pa; LiDAR và AIVI 3D; 6400 mAh; Tự giặt con lăn, sấy khí nóng, đổ rác, tự cấp nước; Con lăn OZMO Roller
Ecovacs | N20PLUS | Robot hút bụi lau nhà Ecovacs Deebot N20 Plus | =6_990 | Trắng | trạm đổ rác tự động chứa bụi tới 60 ngày | 8000 Pa; LiDAR TrueMapping; 5200 mAh; Tự đổ rác; Khăn lau kéo
Xiaomi | X20PLUS | Robot hút bụi lau nhà Xiaomi Robot Vacuum X20 Plus | =10_990 | Trắng | trạm đa năng tự giặt giẻ, tự sấy và đổ rác | 6000 Pa; LiDAR LDS; 5200 mAh; Tự giặt giẻ, sấy khí nóng, đổ rác; Hai giẻ xoay
Xiaomi | S20 | Robot hút bụi lau nhà Xiaomi Robot Vacuum S20 | =4_990 | Trắng, Đen | lực hút 5000 Pa và định vị LiDAR trong mức giá dễ tiếp cận | 5000 Pa; LiDAR LDS; 3200 mAh; Đế sạc; Khăn lau kéo
Roborock | QREVOS | Robot hút bụi lau nhà Roborock Qrevo S | =12_990 | Trắng, Đen | tính năng tự nâng giẻ 7 mm khi gặp thảm | 7000 Pa; LiDAR PreciSense; 5200 mAh; Tự giặt giẻ, sấy khí nóng, đổ rác, tự cấp nước; Hai giẻ xoay nâng hạ
";

const FRIDGE_SPECS: SpecKeys = &[
    ("Thông số", "Dung tích tổng"),
    ("Thiết kế", "Kiểu tủ"),
    ("Công nghệ", "Inverter"),
    ("Công nghệ", "Làm lạnh & bảo quản"),
    ("Thông số", "Điện năng tiêu thụ"),
];

const FRIDGE_TEXT: &str = "Tủ có dung tích {s0}, kiểu tủ: {s1}, công nghệ {s2} vận hành êm và tiết kiệm điện (khoảng {s4}). \
Tiện ích: {s3}. \
Bảo hành chính hãng 24 tháng, máy nén 10 năm.";

const FRIDGES: &str = r"
Samsung | RT22M4032BY | Tủ lạnh Samsung Inverter 236 lít RT22M4032BY/SV | =6_490 | Đen | công nghệ Digital Inverter tiết kiệm điện và bền bỉ | 236 lít; Ngăn đá trên, 2 cánh; Digital Inverter; Làm lạnh vòm All-around Cooling; 0.93 kWh/ngày
LG | GND332 | Tủ lạnh LG Inverter 335 lít GN-D332BL | =9_490 | Đen | ngăn rau quả giữ ẩm và công nghệ DoorCooling+ | 335 lít; Ngăn đá trên, 2 cánh; Smart Inverter Compressor; DoorCooling+, khử mùi Nano Carbon; 1.1 kWh/ngày
Panasonic | NRTV301 | Tủ lạnh Panasonic Inverter 268 lít NR-TV301VGMV | =10_990 | Đen | ngăn đông mềm Prime Fresh bảo quản thịt cá không cần rã đông | 268 lít; Ngăn đá dưới, 2 cánh; Econavi Inverter; Kháng khuẩn Blue Ag+, Prime Fresh; 0.85 kWh/ngày
Toshiba | GRB22VU | Tủ lạnh Toshiba Inverter 180 lít GR-B22VU UKG | =5_290 | Xám | kích thước nhỏ gọn cho gia đình 2-3 người và phòng trọ | 180 lít; Ngăn đá trên, 2 cánh; Origin Inverter; Làm lạnh đa chiều, khử mùi Ag+ Bio; 0.71 kWh/ngày
Sharp | SJFX420 | Tủ lạnh Sharp Inverter 401 lít SJ-FX420VG-BK | =11_490 | Đen | thiết kế 4 cánh kiểu Pháp sang trọng | 401 lít; Multi Door, 4 cánh; J-Tech Inverter; Plasmacluster Ion khử mùi; 1.2 kWh/ngày
Samsung | RS62R5001M9 | Tủ lạnh Samsung Inverter 655 lít Side by Side RS62R5001M9/SV | =19_990 | Bạc | dung tích lớn 655 lít cho gia đình đông thành viên | 655 lít; Side by Side, 2 cánh; Digital Inverter; All-around Cooling, làm đá nhanh; 1.7 kWh/ngày
";

const WASHER_SPECS: SpecKeys = &[
    ("Thông số", "Khối lượng giặt"),
    ("Thiết kế", "Kiểu máy"),
    ("Công nghệ", "Động cơ"),
    ("Thông số", "Tốc độ quay vắt"),
    ("Tiện ích", "Chương trình nổi bật"),
];

const WASHER_TEXT: &str =
    "Máy có khối lượng giặt {s0}, kiểu máy: {s1}, động cơ: {s2}, tốc độ vắt {s3}. \
Tiện ích: {s4}. \
Bảo hành chính hãng 24 tháng.";

const WASHERS: &str = r"
LG | FV1410S4B | Máy giặt LG AI DD Inverter 10 kg FV1410S4B | =9_990 | Đen | trí tuệ nhân tạo AI DD nhận biết chất liệu, bảo vệ sợi vải | 10 kg; Cửa trước (lồng ngang); Truyền động trực tiếp Inverter; 1400 vòng/phút; Giặt hơi nước Steam diệt 99.9% vi khuẩn
Samsung | WW90T3040 | Máy giặt Samsung Inverter 9 kg WW90T3040WW/SV | =8_490 | Trắng | công nghệ giặt bong bóng siêu mịn Eco Bubble | 9 kg; Cửa trước (lồng ngang); Digital Inverter; 1400 vòng/phút; Giặt nhanh 15 phút, vệ sinh lồng giặt
Toshiba | AWDUK1000 | Máy giặt Toshiba Inverter 9 kg AW-DUK1000KV | =6_990 | Xám | công nghệ giặt bọt khí Ultra Fine Bubble làm sạch sâu | 9 kg; Cửa trên (lồng đứng); Direct Drive Inverter; 800 vòng/phút; Giặt bọt khí, chống nhăn
Panasonic | NAV10FR1 | Máy giặt Panasonic Inverter 10 kg NA-V10FR1BVT | =11_990 | Đen | giặt nước nóng Active Foam loại bỏ vi khuẩn và tác nhân dị ứng | 10 kg; Cửa trước (lồng ngang); Inverter; 1400 vòng/phút; Giặt nước nóng, kháng khuẩn Blue Ag+
LG | FV1411D4P | Máy giặt sấy LG Inverter 11 kg/7 kg FV1411D4P | =16_990 | Đen | khả năng giặt sấy liền mạch, tiết kiệm không gian | 11 kg giặt / 7 kg sấy; Cửa trước (lồng ngang), có sấy; AI DD Inverter; 1400 vòng/phút; Sấy hơi nước, giặt nhanh 39 phút
Sharp | ESY80HV | Máy giặt Sharp 8 kg ES-Y80HV-S | =4_490 | Bạc | mâm giặt xoáy 3D và mức giá tốt cho gia đình nhỏ | 8 kg; Cửa trên (lồng đứng); Truyền động dây curoa; 700 vòng/phút; Giặt nhanh, vệ sinh lồng giặt
";

const AIRCON_SPECS: SpecKeys = &[
    ("Thông số", "Loại máy"),
    ("Công nghệ", "Inverter"),
    ("Thông số", "Phạm vi làm lạnh"),
    ("Thông số", "Môi chất lạnh"),
    ("Tiện ích", "Tính năng nổi bật"),
];

const AIRCON_TEXT: &str =
    "Máy thuộc loại {s0}, phạm vi làm lạnh {s2}, sử dụng gas {s3} thân thiện môi trường. \
Tiện ích: {s4}. \
Bảo hành chính hãng 24 tháng, máy nén 5 năm.";

const AIRCONS: &str = r"
Daikin | FTKB | Điều hòa Daikin Inverter dòng FTKB | 1 HP=10_490, 1.5 HP=13_490, 2 HP=18_990 | Trắng | máy nén Swing tiết kiệm điện, vận hành êm ái | 1 chiều (làm lạnh); Có; 15 - 30 m² (tùy công suất); R32; Luồng gió Coanda, lọc bụi mịn PM2.5
Daikin | FTHF | Điều hòa Daikin Inverter 2 chiều dòng FTHF | 1 HP=12_990, 1.5 HP=15_990, 2 HP=21_490 | Trắng | khả năng làm lạnh mùa hè và sưởi ấm mùa đông | 2 chiều (làm lạnh, sưởi ấm); Có; 15 - 30 m² (tùy công suất); R32; Sưởi ấm, hẹn giờ, chế độ ngủ đêm
Panasonic | XPU | Điều hòa Panasonic Inverter dòng XPU | 1 HP=11_490, 1.5 HP=14_490, 2 HP=20_490 | Trắng | công nghệ Nanoe-G lọc bụi mịn và ức chế vi khuẩn | 1 chiều (làm lạnh); Có; 15 - 30 m² (tùy công suất); R32; Nanoe-G, iAuto-X làm lạnh nhanh
LG | V10 | Điều hòa LG Dual Inverter dòng V10 | 1 HP=8_990, 1.5 HP=10_990, 2 HP=15_490 | Trắng | máy nén Dual Inverter tiết kiệm tới 70% điện năng | 1 chiều (làm lạnh); Có; 15 - 30 m² (tùy công suất); R32; Làm lạnh nhanh, điều khiển qua LG ThinQ
Samsung | WINDFREE | Điều hòa Samsung WindFree Inverter | 1 HP=11_990, 1.5 HP=14_990 | Trắng | công nghệ làm lạnh không gió buốt qua 23.000 lỗ thoát khí siêu nhỏ | 1 chiều (làm lạnh); Có; 15 - 20 m² (tùy công suất); R32; WindFree, AI Auto Cooling, kết nối SmartThings
Toshiba | C10 | Điều hòa Toshiba Inverter dòng C10 | 1 HP=8_490, 1.5 HP=10_490 | Trắng | chế độ Hi-Power làm lạnh tức thì và độ bền cao | 1 chiều (làm lạnh); Có; 15 - 20 m² (tùy công suất); R32; Hi-Power, lọc bụi, tự làm sạch
Sharp | XP | Điều hòa Sharp Inverter dòng XP | 1 HP=7_990, 1.5 HP=9_990 | Trắng | công nghệ J-Tech Inverter và Plasmacluster Ion | 1 chiều (làm lạnh); Có; 15 - 20 m² (tùy công suất); R32; Plasmacluster Ion, làm lạnh nhanh Powerful Jet
";

const FAN_SPECS: SpecKeys = &[
    ("Thông số", "Loại quạt"),
    ("Thông số", "Công suất"),
    ("Vận hành", "Tốc độ gió"),
    ("Tiện ích", "Điều khiển"),
    ("Tiện ích", "Tính năng"),
];

const FAN_TEXT: &str = "Loại quạt: {s0}; công suất {s1}, {s2}. \
Điều khiển: {s3}; tiện ích: {s4}. \
Bảo hành chính hãng 12 tháng.";

const FANS: &str = r"
Panasonic | F307KHB | Quạt đứng Panasonic F-307KHB | =2_490 | Xám | động cơ bền bỉ, gió êm và tự động đảo chiều | Quạt đứng; 48W; 3 tốc độ; Nút nhấn cơ; Đảo chiều tự động, hẹn giờ tắt
Xiaomi | SFAN2 | Quạt đứng thông minh Xiaomi Smart Standing Fan 2 | =1_690 | Trắng | động cơ DC siêu êm và điều khiển bằng giọng nói | Quạt đứng; 15W; 100 cấp độ; Cảm ứng, ứng dụng Mi Home; Gió tự nhiên, đảo chiều 140 độ
Xiaomi | TOWERFAN | Quạt tháp Xiaomi Smart Tower Fan | =2_190 | Trắng | thiết kế dạng tháp không cánh an toàn cho trẻ nhỏ | Quạt tháp; 22W; 100 cấp độ; Cảm ứng, ứng dụng Mi Home; Đảo chiều 150 độ, chế độ ngủ
Sunhouse | SHD7727 | Quạt điều hòa Sunhouse SHD7727 | =2_690 | Trắng | khả năng làm mát bằng hơi nước cho không gian 20-30 m² | Quạt điều hòa hơi nước; 120W; 3 tốc độ; Remote; Bình chứa nước 30 lít, đá khô làm lạnh
Dyson | AM07 | Quạt không cánh Dyson Cool AM07 | =9_990 | Trắng Bạc, Đen Niken | công nghệ Air Multiplier thổi luồng gió êm, đều | Quạt tháp không cánh; 56W; 10 tốc độ; Remote gắn nam châm; Hẹn giờ ngủ, đảo chiều 70 độ
Toshiba | FLSD10 | Quạt đứng Toshiba F-LSD10(W)VN | =1_490 | Trắng | động cơ DC tiết kiệm điện và 9 cấp độ gió | Quạt đứng; 26W; 9 tốc độ; Remote; Đảo chiều tự động, hẹn giờ 12 giờ
";

// ---------------------------------------------------------------------------
// Row parsing and product building
// ---------------------------------------------------------------------------

/// One parsed table row; see [`Family`] for the format.
struct Row {
    brand: &'static str,
    code: &'static str,
    title: &'static str,
    /// (label, price in VND); an empty label means "no option axis".
    options: Vec<(&'static str, i64)>,
    colors: Vec<&'static str>,
    highlight: &'static str,
    specs: Vec<&'static str>,
}

/// Non-empty, non-comment lines of a table, parsed. The tables are constants,
/// so a malformed row is a programming error and panics (the tests build
/// every row).
fn rows(table: &'static str) -> impl Iterator<Item = Row> {
    table
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(parse_row)
}

fn parse_row(line: &'static str) -> Row {
    let fields: Vec<&'static str> = line.split('|').map(str::trim).collect();
    let [brand, code, title, options, colors, highlight, specs] = fields[..] else {
        panic!("demo row needs 7 '|'-separated fields: {line}");
    };
    Row {
        brand,
        code,
        title,
        options: options.split(',').map(parse_option).collect(),
        colors: colors
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect(),
        highlight,
        specs: specs.split(';').map(str::trim).collect(),
    }
}

/// `"256GB=30_990"` → `("256GB", 30_990_000)`.
fn parse_option(text: &'static str) -> (&'static str, i64) {
    let (label, thousands) = text
        .split_once('=')
        .unwrap_or_else(|| panic!("demo option needs 'label=price': {text}"));
    let thousands: i64 = thousands
        .trim()
        .replace('_', "")
        .parse()
        .unwrap_or_else(|_| panic!("bad demo price: {text}"));
    (label.trim(), thousands * 1_000)
}

fn build_product(family: &Family, index: usize, row: &Row) -> DemoProduct {
    assert_eq!(
        row.specs.len(),
        family.spec_keys.len(),
        "spec values of {} do not match the family's spec keys",
        row.title
    );
    let name = if family.prefix.is_empty() {
        row.title.to_string()
    } else {
        format!("{} {}", family.prefix, row.title)
    };
    let slug = slugify(&name);
    let image_count = 1 + hash(&slug) % 3;
    DemoProduct {
        short_description: fill(SHORT_DESCRIPTION, &name, row),
        description: fill(family.description, &name, row),
        specs: spec_groups(family.spec_keys, &row.specs),
        image_urls: (1..=image_count)
            .map(|n| format!("/static/demo/{slug}-{n}.svg"))
            .collect(),
        // The first row of each family is its flagship; a few more are picked
        // by hash so the storefront's "featured" strip is varied.
        is_featured: index == 0 || hash(&name) % 100 < 12,
        variants: build_variants(family, row),
        category: family.category,
        brand: row.brand,
        name,
    }
}

fn fill(template: &str, name: &str, row: &Row) -> String {
    let mut text = template
        .replace("{name}", name)
        .replace("{brand}", row.brand)
        .replace("{hl}", row.highlight);
    for (i, value) in row.specs.iter().enumerate() {
        text = text.replace(&format!("{{s{i}}}"), value);
    }
    text
}

/// `{"Màn hình": {"Kích thước": "6.9 inch", …}, "Pin & Sạc": {…}}`.
fn spec_groups(keys: SpecKeys, values: &[&str]) -> Value {
    let mut groups = Map::new();
    for (&(group, key), &value) in keys.iter().zip(values) {
        if let Value::Object(entries) = groups
            .entry(group)
            .or_insert_with(|| Value::Object(Map::new()))
        {
            entries.insert(key.to_string(), Value::from(value));
        }
    }
    Value::Object(groups)
}

fn build_variants(family: &Family, row: &Row) -> Vec<DemoVariant> {
    let brand_code = brand_code(row.brand);
    let options = &row.options[..row.options.len().min(MAX_VARIANTS)];
    // Keep options × colours within MAX_VARIANTS by dropping trailing colours.
    let colors: Vec<Option<&str>> = if row.colors.is_empty() {
        vec![None]
    } else {
        let per_option = (MAX_VARIANTS / options.len()).max(1);
        row.colors
            .iter()
            .take(per_option)
            .copied()
            .map(Some)
            .collect()
    };

    let mut variants = Vec::with_capacity(options.len() * colors.len());
    for &(label, price) in options {
        for &color in &colors {
            let mut sku = format!("{brand_code}-{}", row.code);
            let mut name_parts = Vec::new();
            let mut attributes = Map::new();
            if !label.is_empty() {
                assert!(
                    !family.option_key.is_empty(),
                    "{}: option label without an option key",
                    row.title
                );
                sku = format!("{sku}-{}", option_code(label));
                name_parts.push(label);
                attributes.insert(family.option_key.to_string(), Value::from(label));
            }
            if let Some(color) = color {
                sku = format!("{sku}-{}", color_code(color));
                name_parts.push(color);
                attributes.insert("color".to_string(), Value::from(color));
            }
            let h = hash(&sku);
            variants.push(DemoVariant {
                name: if name_parts.is_empty() {
                    "Tiêu chuẩn".to_string()
                } else {
                    name_parts.join(" - ")
                },
                price,
                sale_price: sale_price(price, h),
                stock: stock(h),
                attributes: Value::Object(attributes),
                sku,
            });
        }
    }
    variants
}

fn brand_code(brand: &str) -> &'static str {
    BRANDS
        .iter()
        .find(|(name, _, _)| *name == brand)
        .map(|&(_, code, _)| code)
        .unwrap_or_else(|| panic!("demo row uses unknown brand {brand}"))
}

/// About 40% of variants are on sale, 5–20% off, rounded the way Vietnamese
/// shops price things (…990.000 ₫ above a million, …9.000 ₫ below).
fn sale_price(price: i64, h: u64) -> Option<i64> {
    if h % 100 >= 40 {
        return None;
    }
    let percent_off = 5 + (h / 100 % 16) as i64;
    let discounted = price * (100 - percent_off) / 100;
    let step = if price >= 1_000_000 { 100_000 } else { 10_000 };
    let sale = discounted / step * step - step / 10;
    (sale > 0 && sale < price).then_some(sale)
}

/// About 3% of variants are sold out; the rest hold 5–200 units.
fn stock(h: u64) -> i64 {
    if (h >> 20) % 100 < 3 {
        0
    } else {
        5 + ((h >> 32) % 196) as i64
    }
}

/// "256GB" → "256", "16GB/512GB" → "16-512", "1.5 HP" → "1-5-HP".
fn option_code(label: &str) -> String {
    ascii_upper(label)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|token| !token.is_empty())
        .map(|token| match token.strip_suffix("GB") {
            Some(number) if number.chars().all(|c| c.is_ascii_digit()) => number,
            _ => token,
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// First word in full plus initials of the rest, so similar colours stay
/// distinct: "Đen" → "DEN", "Titan Tự nhiên" → "TITANTN", "Xanh Lá" → "XANHL".
fn color_code(color: &str) -> String {
    let mut words = color.split_whitespace().map(|word| {
        ascii_upper(word)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
    });
    let mut code = words.next().unwrap_or_default();
    code.extend(words.filter_map(|word| word.chars().next()));
    code
}

fn ascii_upper(text: &str) -> String {
    text.chars()
        .map(fold_vietnamese)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Same result as `crate::slug::slugify` for the Vietnamese text used here,
/// without needing Unicode normalisation tables.
fn slugify(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| fold_vietnamese(c).to_ascii_lowercase())
        .collect();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Strips Vietnamese diacritics from one (precomposed) letter.
fn fold_vietnamese(c: char) -> char {
    const GROUPS: &[(&str, char)] = &[
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'A'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ÈÉẺẼẸÊỀẾỂỄỆ", 'E'),
        ("ìíỉĩị", 'i'),
        ("ÌÍỈĨỊ", 'I'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'O'),
        ("ùúủũụưừứửữự", 'u'),
        ("ÙÚỦŨỤƯỪỨỬỮỰ", 'U'),
        ("ỳýỷỹỵ", 'y'),
        ("ỲÝỶỸỴ", 'Y'),
        ("đ", 'd'),
        ("Đ", 'D'),
    ];
    if c.is_ascii() {
        return c;
    }
    GROUPS
        .iter()
        .find(|(letters, _)| letters.contains(c))
        .map_or(c, |&(_, base)| base)
}

/// FNV-1a with a SplitMix64 finaliser: stable across platforms and Rust
/// versions (unlike `DefaultHasher`), and well mixed in the low bits.
fn hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn leaf_categories(catalog: &DemoCatalog) -> HashSet<&'static str> {
        let parents: HashSet<&str> = catalog.categories.iter().filter_map(|c| c.parent).collect();
        catalog
            .categories
            .iter()
            .map(|c| c.name)
            .filter(|name| !parents.contains(name))
            .collect()
    }

    fn all_variants(catalog: &DemoCatalog) -> impl Iterator<Item = &DemoVariant> {
        catalog.products.iter().flat_map(|p| &p.variants)
    }

    #[test]
    fn has_enough_products_categories_and_brands() {
        let catalog = demo_catalog();
        assert!(
            catalog.products.len() >= 220,
            "only {} products",
            catalog.products.len()
        );
        assert!((20..=35).contains(&catalog.categories.len()));
        assert!((25..=40).contains(&catalog.brands.len()));
    }

    #[test]
    fn category_tree_is_two_levels_with_parents_first() {
        let catalog = demo_catalog();
        let mut seen = HashSet::new();
        for category in &catalog.categories {
            if let Some(parent) = category.parent {
                assert!(
                    seen.contains(parent),
                    "{} listed before its parent",
                    category.name
                );
            }
            assert!(
                seen.insert(category.name),
                "duplicate category {}",
                category.name
            );
        }
        assert!(catalog.categories.iter().any(|c| c.parent.is_some()));
    }

    #[test]
    fn products_use_existing_leaf_categories_and_brands() {
        let catalog = demo_catalog();
        let leaves = leaf_categories(&catalog);
        let brands: HashSet<&str> = catalog.brands.iter().map(|b| b.name).collect();
        for product in &catalog.products {
            assert!(
                leaves.contains(product.category),
                "{}: {}",
                product.name,
                product.category
            );
            assert!(
                brands.contains(product.brand),
                "{}: {}",
                product.name,
                product.brand
            );
        }
        // Every leaf and every brand is actually used.
        let used_categories: HashSet<&str> = catalog.products.iter().map(|p| p.category).collect();
        let used_brands: HashSet<&str> = catalog.products.iter().map(|p| p.brand).collect();
        assert_eq!(used_categories, leaves);
        assert_eq!(used_brands, brands);
    }

    #[test]
    fn skus_are_unique_and_well_formed() {
        let catalog = demo_catalog();
        let mut seen = HashSet::new();
        for variant in all_variants(&catalog) {
            assert!(
                seen.insert(variant.sku.as_str()),
                "duplicate SKU {}",
                variant.sku
            );
            assert!(
                variant
                    .sku
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'),
                "bad SKU {}",
                variant.sku
            );
        }
    }

    #[test]
    fn product_names_and_slugs_are_unique() {
        let catalog = demo_catalog();
        let mut names = HashSet::new();
        let mut slugs = HashSet::new();
        for product in &catalog.products {
            assert!(
                names.insert(product.name.as_str()),
                "duplicate name {}",
                product.name
            );
            assert!(
                slugs.insert(slugify(&product.name)),
                "duplicate slug for {}",
                product.name
            );
        }
        let category_slugs: HashSet<String> =
            catalog.categories.iter().map(|c| slugify(c.name)).collect();
        assert_eq!(category_slugs.len(), catalog.categories.len());
    }

    #[test]
    fn prices_are_whole_thousands_and_sales_are_discounts() {
        let catalog = demo_catalog();
        for variant in all_variants(&catalog) {
            assert!(
                variant.price > 0 && variant.price % 1_000 == 0,
                "{}",
                variant.sku
            );
            if let Some(sale) = variant.sale_price {
                assert!(sale > 0 && sale < variant.price, "{}", variant.sku);
                assert_eq!(sale % 1_000, 0, "{}", variant.sku);
            }
        }
        let total = all_variants(&catalog).count();
        let on_sale = all_variants(&catalog)
            .filter(|v| v.sale_price.is_some())
            .count();
        let share = on_sale * 100 / total;
        assert!((25..=55).contains(&share), "{share}% of variants on sale");
    }

    #[test]
    fn variant_counts_and_stock_are_in_range() {
        let catalog = demo_catalog();
        for product in &catalog.products {
            assert!(
                (1..=6).contains(&product.variants.len()),
                "{}",
                product.name
            );
        }
        assert!(all_variants(&catalog).all(|v| (0..=200).contains(&v.stock)));
        assert!(all_variants(&catalog).any(|v| v.stock == 0));
        assert!(all_variants(&catalog).any(|v| v.stock > 0));
    }

    #[test]
    fn copy_specs_and_images_are_filled_in() {
        let catalog = demo_catalog();
        for product in &catalog.products {
            for text in [&product.short_description, &product.description] {
                assert!(
                    !text.contains('{') && !text.contains('}'),
                    "{}: {text}",
                    product.name
                );
            }
            let groups = product.specs.as_object().expect("specs is an object");
            assert!(
                !groups.is_empty() && groups.values().all(Value::is_object),
                "{}",
                product.name
            );
            assert!(
                (1..=3).contains(&product.image_urls.len()),
                "{}",
                product.name
            );
            for url in &product.image_urls {
                assert!(
                    url.starts_with("/static/demo/") && url.ends_with(".svg") && url.is_ascii(),
                    "{url}"
                );
            }
            for variant in &product.variants {
                assert!(variant.attributes.is_object(), "{}", variant.sku);
            }
        }
    }

    #[test]
    fn catalog_is_deterministic() {
        let skus = |catalog: DemoCatalog| -> Vec<String> {
            catalog
                .products
                .into_iter()
                .flat_map(|p| p.variants)
                .map(|v| v.sku)
                .collect()
        };
        assert_eq!(skus(demo_catalog()), skus(demo_catalog()));
        assert_eq!(demo_catalog(), demo_catalog());
    }

    #[test]
    fn codes_and_slugs_fold_vietnamese() {
        assert_eq!(color_code("Titan Tự nhiên"), "TITANTN");
        assert_eq!(color_code("Đen"), "DEN");
        assert_eq!(option_code("16GB/512GB"), "16-512");
        assert_eq!(option_code("1TB"), "1TB");
        assert_eq!(
            slugify("Nồi cơm điện Sharp 1.8 lít"),
            "noi-com-dien-sharp-1-8-lit"
        );
    }
}
