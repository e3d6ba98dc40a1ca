// orfix: a "Copy" button on every code block. The pages work without it.
"use strict";
(function () {
	function copyText(text) {
		if (navigator.clipboard && window.isSecureContext) {
			return navigator.clipboard.writeText(text);
		}
		return new Promise(function (resolve, reject) {
			var area = document.createElement("textarea");
			area.value = text;
			area.setAttribute("readonly", "");
			area.className = "offscreen";
			document.body.appendChild(area);
			area.select();
			var ok = document.execCommand("copy");
			document.body.removeChild(area);
			if (ok) { resolve(); } else { reject(new Error("copy refused")); }
		});
	}

	function addButton(pre) {
		var button = document.createElement("button");
		button.type = "button";
		button.className = "copy";
		button.textContent = "Copy";
		button.setAttribute("aria-label", "Copy this code");
		var status = document.createElement("span");
		status.className = "copy-status";
		status.setAttribute("role", "status");
		button.addEventListener("click", function () {
			copyText(pre.innerText.replace(/\n$/, "")).then(function () {
				status.textContent = "Copied";
				button.textContent = "Copied";
			}, function () {
				status.textContent = "Select the text and copy it by hand";
			});
			window.setTimeout(function () {
				button.textContent = "Copy";
				status.textContent = "";
			}, 2000);
		});
		var bar = document.createElement("div");
		bar.className = "code-bar";
		bar.appendChild(button);
		bar.appendChild(status);
		pre.parentNode.insertBefore(bar, pre);
	}

	document.querySelectorAll("pre").forEach(addButton);
})();
