// Checkout, enhanced: the ward list follows the province without posting the form back.
// Without this script the "Chọn phường/xã" button does the same by a round trip.
(function () {
  var province = document.getElementById("province");
  var ward = document.getElementById("ward");
  var button = document.getElementById("chon-tinh");
  if (!province || !ward || !window.fetch) return;
  if (button) button.hidden = true;
  province.addEventListener("change", function () {
    var code = province.value;
    ward.length = 1;
    ward.options[0].textContent = code ? "Đang tải…" : "Chọn tỉnh/thành phố trước";
    if (!code) return;
    fetch("/v1/shipping/wards?province=" + encodeURIComponent(code))
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (list) {
        if (province.value !== code) return;
        list.items.forEach(function (item) {
          ward.add(new Option(item.name, item.code));
        });
        ward.options[0].textContent = "Chọn phường/xã";
      })
      .catch(function () {
        // The round trip still works: show its button again.
        ward.options[0].textContent = "Chọn phường/xã";
        if (button) button.hidden = false;
      });
  });
})();
