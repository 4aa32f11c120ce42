//! Vietnamese names of what sales keeps as codes, and times as a shopper in Vietnam
//! reads them.

use cho_sales::status::{OrderStatus, PaymentMethod, PaymentStatus};
use chrono::{DateTime, FixedOffset, Utc};

pub fn status_label(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::PendingPayment => "Chờ thanh toán",
        OrderStatus::PendingConfirmation => "Chờ xác nhận",
        OrderStatus::Paid => "Đã thanh toán",
        OrderStatus::Confirmed => "Đã xác nhận",
        OrderStatus::Shipping => "Đang giao hàng",
        OrderStatus::Delivered => "Đã giao hàng",
        OrderStatus::Completed => "Hoàn thành",
        OrderStatus::Cancelled => "Đã hủy",
        OrderStatus::Refunded => "Đã hoàn tiền",
    }
}

pub fn payment_status_label(status: PaymentStatus) -> &'static str {
    match status {
        PaymentStatus::Unpaid => "Chưa thanh toán",
        PaymentStatus::Paid => "Đã thanh toán",
        PaymentStatus::Failed => "Thanh toán không thành công",
        PaymentStatus::Refunded => "Đã hoàn tiền",
        PaymentStatus::PartiallyRefunded => "Đã hoàn một phần",
    }
}

pub fn method_label(method: PaymentMethod) -> &'static str {
    match method {
        PaymentMethod::Cod => "Thanh toán khi nhận hàng (COD)",
        PaymentMethod::Vnpay => "VNPay (thẻ ATM, thẻ quốc tế, QR ngân hàng)",
        PaymentMethod::Momo => "Ví MoMo",
        PaymentMethod::Zalopay => "Ví ZaloPay",
        PaymentMethod::Vietqr => "Chuyển khoản ngân hàng (VietQR)",
        PaymentMethod::Wallet => "Ví Chợ",
    }
}

pub fn method_hint(method: PaymentMethod) -> &'static str {
    match method {
        PaymentMethod::Cod => "Trả tiền mặt cho nhân viên giao hàng.",
        PaymentMethod::Vnpay | PaymentMethod::Momo | PaymentMethod::Zalopay => {
            "Bạn sẽ được chuyển đến trang thanh toán, rồi quay lại cửa hàng."
        }
        PaymentMethod::Vietqr => {
            "Quét mã QR bằng ứng dụng ngân hàng; đơn được xác nhận khi tiền về."
        }
        PaymentMethod::Wallet => "Trừ vào số dư ví của bạn.",
    }
}

/// Vietnam keeps UTC+7 all year.
fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// `14:05 03/12/2026`, in Asia/Ho_Chi_Minh.
pub fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&vietnam())
        .format("%H:%M %d/%m/%Y")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_vietnam() {
        let at = DateTime::parse_from_rfc3339("2026-12-03T18:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(local_time(at), "01:30 04/12/2026");
    }
}
