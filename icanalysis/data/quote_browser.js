/* Quote browser (icanalysis.browser.quote_browser): search, filter, sort, page and download the quotes
   embedded as JSON beside this script. Plain ES2017, no network. Python renders the first page as HTML and
   gives each row's position in every sort order; rowHtml mirrors browser._row_html (a browser test checks
   that both render the same rows). Must not contain a closing script tag or an HTML comment opener. */
(function () {
  "use strict";

  function fold(text) { // case- and quote-style-insensitive: "don't" finds "don’t"
    return String(text).toLowerCase().replace(/[\u2018\u2019\u201b\u2032]/g, "'")
      .replace(/[\u201c\u201d\u201e\u2033]/g, '"');
  }

  var ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"};
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
  }

  function csvCell(value) {
    var text = String(value);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function init(root) {
    if (root.hasAttribute("data-qb-ready")) return;
    root.setAttribute("data-qb-ready", "");
    var data = JSON.parse(root.querySelector("script.qb-data").textContent);
    var one = function (selector) { return root.querySelector(selector); };
    var all = function (selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); };
    var body = one("tbody"), count = one(".qb-count"), pageText = one(".qb-page");
    var search = one(".qb-search input"), size = one(".qb-size");
    var filters = all("select.qb-filter"), heads = all("th[data-sort]");
    var column = {}, sortColumn = {};
    data.columns.forEach(function (name, i) { column[name] = i; });
    data.sorts.forEach(function (name, i) { sortColumn[name] = i; });
    var rows = data.rows.map(function (csv, i) {
      var get = function (name) { return csv[column[name]]; };
      return {csv: csv, get: get, keys: data.keys[i], frames: get("frames").split("|").filter(Boolean),
        hay: fold([get("quote"), get("speaker"), get("context")].join("\n"))};
    });
    var state = {sort: "", desc: false, page: 0, shown: rows};

    function label(name, value) { return data.labels[name][value]; }

    function rowHtml(row) {
      var get = row.get, quote = get("quote"), context = get("context"), at = quote ? context.indexOf(quote) : -1;
      var attrs = data.attrs.map(function (name) {
        return " data-" + name.replace(/_/g, "-") + '="' + esc(get(name)) + '"';
      }).join("");
      var cells = ['<div class="qb-text">' + esc(quote) + "</div>"];
      if (get("is_copy") === "True") cells[0] += '<span class="qb-badge">' + esc(label("is_copy", "True")) + "</span>";
      if (context) {
        cells[0] += '<details class="qb-ctx"><summary>Context</summary><div>' + (at < 0 ? esc(context)
          : esc(context.slice(0, at)) + "<mark>" + esc(quote) + "</mark>" + esc(context.slice(at + quote.length))) +
          "</div></details>";
      }
      var source = [get("outlet"), get("published")].filter(Boolean).join(" · ");
      cells.push(esc(get("speaker") || "—"), esc(label("speaker_role", get("speaker_role"))),
        esc(label("power_tier", get("power_tier"))), esc(label("stance", get("stance"))),
        row.frames.map(function (f) { return "<div>" + esc(label("frame", f)) + "</div>"; }).join(""),
        esc(label("kind", get("kind"))),
        (source ? '<div class="qb-meta">' + esc(source) + "</div>" : "") + "<div>" +
          esc(get("title") || get("article_id")) + '</div><div class="qb-meta">' + esc(get("quote_id")) + "</div>");
      return "<tr" + attrs + ">" + cells.map(function (cell, i) {
        return '<td class="qb-c-' + data.sorts[i] + '">' + cell + "</td>";
      }).join("") + "</tr>";
    }

    function matches(row, needle) {
      if (needle && row.hay.indexOf(needle) < 0) return false;
      return filters.every(function (select) {
        if (!select.value) return true;
        var want = select.value.slice(1), key = select.getAttribute("data-key");
        return key === "frame" ? row.frames.indexOf(want) >= 0 : row.get(key) === want;
      });
    }

    function update(firstPage) {
      var needle = fold(search.value.trim());
      var shown = rows.filter(function (row) { return matches(row, needle); });
      if (state.sort) {
        var k = sortColumn[state.sort];
        shown.sort(function (a, b) { return a.keys[k] - b.keys[k]; });
        if (state.desc) shown.reverse();
      }
      state.shown = shown;
      var per = Number(size.value) || shown.length || 1;
      var pages = Math.max(1, Math.ceil(shown.length / per));
      state.page = firstPage ? 0 : Math.min(state.page, pages - 1);
      var first = state.page * per, page = shown.slice(first, first + per);
      body.innerHTML = page.map(rowHtml).join("");
      count.textContent = shown.length + " of " + rows.length + " quotes";
      pageText.textContent = shown.length ? "rows " + (first + 1) + "–" + (first + page.length) + ", page " +
        (state.page + 1) + " of " + pages : "no quote matches";
      one(".qb-prev").disabled = state.page === 0;
      one(".qb-next").disabled = state.page >= pages - 1;
      heads.forEach(function (head) {
        var on = head.getAttribute("data-sort") === state.sort;
        head.setAttribute("aria-sort", on ? (state.desc ? "descending" : "ascending") : "none");
      });
    }

    function sortBy(key) {
      state.desc = state.sort === key ? !state.desc : false;
      state.sort = key;
      update(true);
    }

    function download() {
      var lines = [data.columns].concat(state.shown.map(function (row) { return row.csv; }));
      var text = "\ufeff" + lines.map(function (line) { return line.map(csvCell).join(","); }).join("\r\n") + "\r\n";
      var url = URL.createObjectURL(new Blob([text], {type: "text/csv;charset=utf-8"}));
      var link = document.createElement("a");
      link.href = url;
      link.download = data.filename;
      link.style.display = "none";
      root.appendChild(link);
      link.click();
      root.removeChild(link);
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }

    search.addEventListener("input", function () { update(true); });
    filters.concat([size]).forEach(function (select) {
      select.addEventListener("change", function () { update(true); });
    });
    one(".qb-prev").addEventListener("click", function () { state.page -= 1; update(false); });
    one(".qb-next").addEventListener("click", function () { state.page += 1; update(false); });
    one(".qb-clear").addEventListener("click", function () {
      search.value = "";
      filters.forEach(function (select) { select.value = ""; });
      state.sort = "";
      update(true);
    });
    one(".qb-download").addEventListener("click", download);
    heads.forEach(function (head) {
      var key = head.getAttribute("data-sort");
      head.addEventListener("click", function () { sortBy(key); });
      head.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(key); }
      });
    });
    all("[data-qb-js]").forEach(function (element) { element.hidden = false; });
    one(".qb-note").hidden = true;
    update(true);
  }

  // This script's own browser; where a notebook front end ran the script elsewhere (classic Notebook evaluates
  // it in the head), every browser not yet set up, looking again briefly while the output is being attached.
  var script = document.currentScript;
  var root = script && script.parentNode && script.parentNode.closest ? script.parentNode.closest(".qb-root") : null;
  if (root) {
    init(root);
    return;
  }
  var tries = 0;
  (function sweep() {
    var waiting = document.querySelectorAll(".qb-root:not([data-qb-ready])");
    Array.prototype.forEach.call(waiting, init);
    if (!waiting.length && ++tries < 40) setTimeout(sweep, 50);
  })();
})();
