// Selecting text in a segment fills in the "missed by the redaction" field.
document.addEventListener("mouseup", function () {
  var field = document.getElementById("redact-text");
  var text = String(window.getSelection() || "").trim();
  if (field && text && text.length < 200) { field.value = text; }
});
