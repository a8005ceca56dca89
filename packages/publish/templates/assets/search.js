// The search page's filtering (published as search/search.js; the page allows no inline script).
// It reads the index embedded in the page as data, filters it by the form, and builds the rows with
// textContent only: no crawled or registry text is ever parsed as markup. The filters are kept in
// the address (?q=…&year=…), so a link to a search, or going back to it, shows the same results.
"use strict";
(function () {
  var SHOWN = 200;
  var FIELDS = ["q", "region", "level", "jurisdiction", "year", "grade", "state"];
  var STATES = { graded: "已评估", not_found: "未发现报告", unverifiable: "无法核实" };
  var block = document.getElementById("search-index");
  var cards = block ? JSON.parse(block.textContent || "{}").cards || [] : [];
  var body = document.querySelector("#results tbody");
  var count = document.getElementById("count");
  var inputs = {};
  FIELDS.forEach(function (name) {
    inputs[name] = document.getElementById(name);
  });

  function matches(card, f) {
    if (f.q && card.agency.toLowerCase().indexOf(f.q) < 0 && card.agencyId.toLowerCase().indexOf(f.q) < 0)
      return false;
    if (f.region && card.regionCode !== f.region) return false;
    if (f.level && card.level !== f.level) return false;
    if (f.jurisdiction && card.jurisdictionId !== f.jurisdiction) return false;
    if (f.year && String(card.year) !== f.year) return false;
    if (f.grade && card.letter !== f.grade) return false;
    if (f.state && card.state !== f.state) return false;
    return true;
  }

  function cell(row, text, className) {
    var td = document.createElement("td");
    if (className) td.className = className;
    if (text !== null) td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function render() {
    var f = {};
    var query = new URLSearchParams();
    FIELDS.forEach(function (name) {
      var value = inputs[name].value.trim();
      if (value) query.set(name, value);
      f[name] = name === "q" ? value.toLowerCase() : value;
    });
    var found = cards.filter(function (c) {
      return matches(c, f);
    });
    body.textContent = "";
    found.slice(0, SHOWN).forEach(function (c) {
      var row = document.createElement("tr");
      var link = document.createElement("a");
      link.href = c.path;
      link.textContent = c.agency;
      cell(row, null).appendChild(link);
      cell(row, c.jurisdiction);
      cell(row, String(c.year), "num");
      var grade = cell(row, null);
      if (c.letter) {
        var badge = document.createElement("span");
        badge.className = "letter grade-" + c.letter;
        badge.textContent = c.letter;
        grade.appendChild(badge);
      } else grade.textContent = "—";
      cell(row, c.score === null ? "—" : String(c.score), "num");
      cell(row, STATES[c.state] || c.state);
      body.appendChild(row);
    });
    count.textContent =
      "找到" +
      found.length +
      "份评估" +
      (found.length > SHOWN ? "，仅显示前" + SHOWN + "份，请缩小范围" : "");
    var search = query.toString();
    try {
      history.replaceState(null, "", search ? "?" + search : location.pathname);
    } catch (e) {
      // A page opened from disk may not change its address (an opaque origin): nothing is lost.
    }
  }

  var initial = new URLSearchParams(location.search);
  FIELDS.forEach(function (name) {
    var value = initial.get(name);
    if (value !== null) inputs[name].value = value;
    inputs[name].addEventListener(name === "q" ? "input" : "change", render);
  });
  // Back from a card: the browser may restore the form from its cache; show what it holds.
  window.addEventListener("pageshow", render);
  render();
})();
