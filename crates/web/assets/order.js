// An order waiting for its payment: its page asks every few seconds whether the money
// arrived (a VietQR transfer, a gateway's late callback) and reloads when the order moves.
(function () {
  var live = document.querySelector("[data-status-url]");
  if (!live || !window.fetch) return;
  var url = live.getAttribute("data-status-url");
  var started = Date.now();
  function poll() {
    if (Date.now() - started > 30 * 60 * 1000) return;
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (order) {
        if (order && order.status !== "PENDING_PAYMENT") {
          live.textContent = "Đơn hàng đã được cập nhật. Đang tải lại…";
          window.location.replace(window.location.pathname);
          return;
        }
        setTimeout(poll, 3000);
      })
      .catch(function () {
        setTimeout(poll, 5000);
      });
  }
  setTimeout(poll, 3000);
})();
