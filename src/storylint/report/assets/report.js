// storylint HTML report: tabs, filters, and jumps between findings and their passages.
// Everything on the page is already rendered; this script only toggles classes and scrolls,
// so it does no work per paragraph when the page opens.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("storylint-data").textContent);
  var findings = data.findings;
  var visible = findings.map(function () { return true; });
  var cycle = {}; // segment id -> how many times it was clicked (to step through its findings)
  var selected = null;

  function byId(id) { return document.getElementById(id); }

  var form = byId("filters"); // absent when there are no findings
  var ruleSelect = byId("f-rule");
  var sevSelect = byId("f-sev");
  var charSelect = byId("f-char");
  var chapSelect = byId("f-chap");
  var msSelect = byId("f-ms");
  var count = byId("f-count");
  var marks = null; // every highlight, looked up on the first filter change

  function card(i) { return byId("f" + i); }

  function flash(elements) {
    elements.forEach(function (el) {
      el.classList.remove("flash");
      void el.offsetWidth; // restart the animation
      el.classList.add("flash");
    });
  }

  // Tabs
  var tabs = Array.prototype.slice.call(document.querySelectorAll('.tabs [role="tab"]'));

  function showTab(name) {
    tabs.forEach(function (tab) {
      var on = tab.id === "tab-" + name;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      byId(tab.getAttribute("aria-controls")).hidden = !on;
    });
  }

  tabs.forEach(function (tab) {
    tab.addEventListener("click", function () { showTab(tab.id.slice(4)); });
  });

  // Jumps
  // Paragraph chunks off screen are not laid out (CSS content-visibility) and have estimated
  // heights that become real a few frames after they scroll into view, which would push the
  // target away. So a jump first lays out the target's chunk and enough chunks above it to
  // fill the pane, then checks for a few frames that the target stayed in view.
  var chunks = null;

  function reveal(el, pane) {
    var chunk = el.closest(".chunk");
    if (!chunk || !pane) return;
    if (chunks === null) chunks = Array.prototype.slice.call(document.querySelectorAll(".chunk"));
    chunk.classList.add("shown");
    var k = chunks.indexOf(chunk), above = 0;
    while (--k >= 0 && above < pane.clientHeight) {
      chunks[k].classList.add("shown");
      above += chunks[k].offsetHeight;
    }
  }

  function inPane(el) {
    var pane = el.closest(".text, .side");
    if (!pane) return true;
    var r = el.getBoundingClientRect(), p = pane.getBoundingClientRect();
    return r.top >= p.top && r.bottom <= p.bottom;
  }

  function scrollToElement(el) {
    reveal(el, el.closest(".text"));
    el.scrollIntoView({ block: "center", inline: "nearest" });
    var frames = 0;
    (function settle() {
      if (!inPane(el)) el.scrollIntoView({ block: "center", inline: "nearest" });
      if (++frames < 8) requestAnimationFrame(settle);
    })();
  }

  function showPassage(i, e) {
    var segments = (findings[i].e[e] || []).map(byId).filter(Boolean);
    if (!segments.length) return false;
    scrollToElement(segments[0]);
    flash(segments);
    return true;
  }

  function select(i) {
    if (selected !== null && card(selected)) card(selected).classList.remove("selected");
    selected = i;
    card(i).classList.add("selected");
  }

  function showFinding(i) {
    showTab("findings");
    var c = card(i);
    select(i);
    c.scrollIntoView({ block: "nearest" });
    flash([c]);
  }

  var list = byId("finding-list");
  list.addEventListener("click", function (event) {
    var c = event.target.closest(".finding");
    if (!c) return;
    var i = Number(c.dataset.i);
    var link = event.target.closest("a.q");
    event.preventDefault();
    select(i);
    if (link) showPassage(i, Number(link.dataset.e));
    else showPassage(i, findings[i].p) || showPassage(i, 0);
  });
  list.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    var c = event.target.closest(".finding");
    if (!c || event.target !== c) return;
    event.preventDefault();
    var i = Number(c.dataset.i);
    select(i);
    showPassage(i, findings[i].p) || showPassage(i, 0);
  });

  byId("text").addEventListener("click", function (event) {
    var mark = event.target.closest("mark.ev");
    if (!mark) return;
    var ids = mark.dataset.f.split(" ").map(Number).filter(function (i) { return visible[i]; });
    if (!ids.length) return;
    var n = cycle[mark.id] || 0;
    cycle[mark.id] = n + 1;
    showFinding(ids[n % ids.length]);
  });

  // Links from the characters and timeline tabs into the text.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.goto");
    if (link) {
      var target = byId(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      scrollToElement(target);
      flash([target]);
      return;
    }
    var button = event.target.closest(".char-findings");
    if (button && charSelect) {
      resetFilters();
      charSelect.value = button.dataset.char;
      applyFilters();
      showTab("findings");
    }
  });

  // Filters
  function value(select) { return select ? select.value : ""; }

  function resetFilters() {
    [ruleSelect, sevSelect, charSelect, chapSelect, msSelect].forEach(function (s) {
      if (s) s.value = "";
    });
  }

  function applyFilters() {
    var rule = value(ruleSelect), sev = value(sevSelect), who = value(charSelect);
    var chapter = value(chapSelect), ms = value(msSelect);
    var shown = 0;
    var lit = {};
    findings.forEach(function (f, i) {
      var on = (!rule || f.r === rule) && (!sev || f.s === sev) &&
        (!who || f.c.indexOf(who) >= 0) && (!chapter || f.h.indexOf(chapter) >= 0) &&
        (!ms || String(f.m) === ms);
      visible[i] = on;
      card(i).classList.toggle("hidden", !on);
      if (on) {
        shown += 1;
        f.e.forEach(function (ids) { ids.forEach(function (id) { lit[id] = true; }); });
      }
    });
    if (marks === null) marks = document.querySelectorAll("mark.ev");
    for (var k = 0; k < marks.length; k++) marks[k].classList.toggle("off", !lit[marks[k].id]);
    if (count) {
      count.textContent = shown + " of " + findings.length +
        (findings.length === 1 ? " finding" : " findings");
    }
  }

  if (form) {
    form.addEventListener("change", applyFilters);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(applyFilters, 0); });
  }
})();
