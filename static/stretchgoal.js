/*
 * stretchgoal.js — the drop-in progress widget.  No framework, no build.
 *
 *   <script src="https://SERVICE/static/stretchgoal.js" defer></script>
 *   <div data-stretchgoal="store-handle/campaign-slug"></div>
 *
 * Optional attributes on the div:
 *   data-stretchgoal-view="compact"   bar and next milestone only
 *   data-stretchgoal-interval="30"    seconds between polls (2..3600)
 *   data-stretchgoal-base="https://…" service origin (default: this script's)
 *
 * The script polls GET /api/v1/public/{store}/{campaign} with If-None-Match
 * (a 304 costs nothing), builds the DOM with textContent only (never
 * innerHTML with data) and, when a milestone unlocks while the page is
 * open, celebrates with confetti (not under prefers-reduced-motion).
 * Words: window.StretchGoalText may override any entry of TEXT below.
 */
(function () {
	"use strict";

	var TEXT = {
		raisedOf: "raised of a {goal} goal",
		soldOf: "of {goal} sold",
		of: "of {goal}",
		backer: "backer",
		backers: "backers",
		unlocked: "Unlocked",
		toGo: "{remaining} to go",
		gift: "Gift: ",
		giftAll: "for every backer",
		giftNew: "for everyone who backs from then on",
		ended: "Campaign ended",
		daysLeft: "{n} days left",
		hourLeft: "1 hour left",
		hoursLeft: "{n} hours left",
		soon: "Less than an hour left",
		next: "Next: ",
		nextAt: " at {target} · {remaining} to go",
		allReached: "All stretch goals unlocked!",
		goal: "Goal: {goal}",
		valueText: "{progress} of {goal} ({percent})",
		justUnlocked: "Unlocked: {title}"
	};
	var SVGNS = "http://www.w3.org/2000/svg";
	var SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
	var script = document.currentScript;
	var defaultBase = script && script.src ? new URL(script.src).origin : location.origin;

	function t(key, vars) {
		var o = window.StretchGoalText, s = (o && typeof o[key] === "string") ? o[key] : TEXT[key];
		return s.replace(/\{(\w+)\}/g, function (m, k) {
			return vars && vars[k] != null ? String(vars[k]) : m;
		});
	}

	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text != null) e.textContent = text;
		return e;
	}

	function svg(tag, attrs) {
		var e = document.createElementNS(SVGNS, tag), k;
		for (k in attrs) e.setAttribute(k, String(attrs[k]));
		return e;
	}

	function num(v) {
		return typeof v === "number" && isFinite(v) ? v : 0;
	}

	function str(v) {
		return typeof v === "string" ? v : "";
	}

	/* Only http(s) URLs, or /media/… on the service, ever become an image. */
	function imageUrl(u, base) {
		var url;
		if (typeof u !== "string" || !(/^https?:\/\//i.test(u) || /^\/media\//.test(u)))
			return null;
		try { url = new URL(u, base); } catch (e) { return null; }
		return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
	}

	function pos(v, scale) {
		return scale > 0 ? Math.max(0, Math.min(1000, Math.floor(v * 1000 / scale))) : 0;
	}

	function bar(d, ms) {
		var progress = num(d.progress), goal = num(d.goal), scale = goal, i;
		for (i = 0; i < ms.length; i++) scale = Math.max(scale, num(ms[i].target));
		var disp = d.display || {};
		var wrap = el("div", "sg-bar");
		wrap.setAttribute("role", "progressbar");
		wrap.setAttribute("aria-label", str(d.title));
		wrap.setAttribute("aria-valuemin", "0");
		wrap.setAttribute("aria-valuemax", String(scale));
		wrap.setAttribute("aria-valuenow", String(Math.max(0, Math.min(progress, scale))));
		wrap.setAttribute("aria-valuetext", t("valueText", {
			progress: str(disp.progress), goal: str(disp.goal), percent: str(disp.percent)
		}));
		var s = svg("svg", { "class": "sg-bar-svg", viewBox: "0 0 1000 24",
			preserveAspectRatio: "none", "aria-hidden": "true", focusable: "false" });
		s.appendChild(svg("rect", { "class": "sg-bar-track", x: 0, y: 6, width: 1000, height: 12 }));
		s.appendChild(svg("rect", { "class": "sg-bar-fill", x: 0, y: 6,
			width: progress >= scale ? 1000 : pos(progress, scale), height: 12 }));
		for (i = 0; i < ms.length; i++) {
			var p = pos(num(ms[i].target), scale);
			var line = svg("line", { "class": "sg-bar-marker" + (ms[i].reached ? " sg-reached" : ""),
				x1: p, x2: p, y1: 3, y2: 21 });
			var title = svg("title", {});
			title.textContent = str(ms[i].title);
			line.appendChild(title);
			s.appendChild(line);
		}
		var g = pos(goal, scale);
		var gl = svg("line", { "class": "sg-bar-goal", x1: g, x2: g, y1: 0, y2: 24 });
		var gt = svg("title", {});
		gt.textContent = t("goal", { goal: str(disp.goal) });
		gl.appendChild(gt);
		s.appendChild(gl);
		wrap.appendChild(s);
		return wrap;
	}

	function countdown(d) {
		if (d.ended) return t("ended");
		if (typeof d.ends_at !== "string") return null;
		var left = Date.parse(d.ends_at) - Date.now();
		if (!(left > 0)) return t("ended");
		var hours = Math.floor(left / 3600000), days = Math.floor(hours / 24);
		if (days >= 2) return t("daysLeft", { n: days });
		if (hours >= 2) return t("hoursLeft", { n: hours });
		if (hours === 1) return t("hourLeft");
		return t("soon");
	}

	function amounts(d, compact) {
		var disp = d.display || {};
		var p = el("p", "sg-amounts");
		p.appendChild(el("strong", "sg-progress", str(disp.progress)));
		p.appendChild(document.createTextNode(" " + t(compact ? "of" :
			(d.goal_kind === "money" ? "raisedOf" : "soldOf"), { goal: str(disp.goal) }) + " "));
		p.appendChild(el("span", "sg-percent", str(disp.percent)));
		return p;
	}

	function milestoneItem(m, base) {
		var disp = m.display || {};
		var li = el("li", "sg-milestone " + (m.reached ? "sg-reached" : "sg-locked"));
		li.setAttribute("data-milestone", String(num(m.id)));
		var img = imageUrl(m.image_url, base);
		if (img) {
			var im = el("img", "sg-ms-image");
			im.src = img;
			im.alt = "";
			im.loading = "lazy";
			li.appendChild(im);
		}
		var body = el("div", "sg-ms-body");
		var head = el("p", "sg-ms-head");
		head.appendChild(el("span", "sg-ms-target", str(disp.target)));
		head.appendChild(document.createTextNode(" "));
		head.appendChild(el("strong", "sg-ms-title", str(m.title)));
		head.appendChild(document.createTextNode(" "));
		head.appendChild(el("span", "sg-ms-state", m.reached ? t("unlocked") :
			t("toGo", { remaining: str(disp.remaining) })));
		body.appendChild(head);
		body.appendChild(el("p", "sg-ms-text", str(m.text)));
		if (m.reward === "gift") {
			var q = num(m.gift_quantity) > 1 ? m.gift_quantity + " × " : "";
			body.appendChild(el("p", "sg-ms-gift", t("gift") + q + str(m.gift_title) + " · " +
				t(m.scope === "new" ? "giftNew" : "giftAll")));
		}
		li.appendChild(body);
		return li;
	}

	function build(w, d) {
		var ms = Array.isArray(d.milestones) ? d.milestones : [];
		var compact = w.view === "compact";
		var disp = d.display || {}, i;
		var root = el("section", "sg-widget " + (compact ? "sg-compact" : "sg-full") +
			(d.ended ? " sg-ended" : "") + (num(d.progress) > num(d.goal) ? " sg-overfunded" : ""));
		root.setAttribute("aria-label", str(d.title));
		if (!compact) root.appendChild(el("h2", "sg-title", str(d.title)));
		root.appendChild(amounts(d, compact));
		root.appendChild(bar(d, ms));
		if (compact) {
			var next = null;
			for (i = 0; i < ms.length && !next; i++) if (!ms[i].reached) next = ms[i];
			if (next) {
				var p = el("p", "sg-next", t("next"));
				p.appendChild(el("strong", null, str(next.title)));
				p.appendChild(document.createTextNode(t("nextAt", {
					target: str((next.display || {}).target),
					remaining: str((next.display || {}).remaining) })));
				root.appendChild(p);
			} else if (ms.length) root.appendChild(el("p", "sg-next", t("allReached")));
			if (d.ended) root.appendChild(el("p", "sg-ends", t("ended")));
		} else {
			var meta = el("p", "sg-meta");
			meta.appendChild(el("span", "sg-backers", str(disp.backers) + " " +
				t(num(d.backers) === 1 ? "backer" : "backers")));
			var cd = countdown(d);
			if (cd) meta.appendChild(el("span", "sg-ends", cd));
			root.appendChild(meta);
			if (ms.length) {
				var ol = el("ol", "sg-milestones");
				for (i = 0; i < ms.length; i++) ol.appendChild(milestoneItem(ms[i], w.base));
				root.appendChild(ol);
			}
		}
		var live = el("p", "sg-live");
		live.setAttribute("aria-live", "polite");
		root.appendChild(live);
		return root;
	}

	function reducedMotion() {
		return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
	}

	function confetti(root) {
		if (reducedMotion() || !root.animate) return;
		var layer = el("div", "sg-confetti"), colors = ["#f2a900", "#23794a", "#e4572e", "#2e86de", "#a55eea"];
		layer.setAttribute("aria-hidden", "true");
		for (var i = 0; i < 60; i++) {
			var c = el("i");
			c.style.left = (Math.random() * 100) + "%";
			c.style.background = colors[i % colors.length];
			c.animate([
				{ transform: "translate(0,0) rotate(0deg)", opacity: 1 },
				{ transform: "translate(" + (Math.random() * 120 - 60) + "px," +
					(root.offsetHeight + 40) + "px) rotate(" + (Math.random() * 720) + "deg)", opacity: 0.9 }
			], { duration: 1400 + Math.random() * 1200, delay: Math.random() * 300, easing: "cubic-bezier(.2,.6,.4,1)", fill: "forwards" });
			layer.appendChild(c);
		}
		root.appendChild(layer);
		setTimeout(function () { if (layer.parentNode) layer.parentNode.removeChild(layer); }, 3200);
	}

	function render(w, d) {
		var ms = Array.isArray(d.milestones) ? d.milestones : [];
		var fresh = [], reached = {}, i;
		for (i = 0; i < ms.length; i++) {
			if (!ms[i].reached) continue;
			reached[ms[i].id] = true;
			if (w.reached && !w.reached[ms[i].id]) fresh.push(ms[i]);
		}
		var root = build(w, d);
		w.node.textContent = "";
		w.node.appendChild(root);
		w.reached = reached;
		if (!fresh.length) return;
		for (i = 0; i < fresh.length; i++) {
			var li = root.querySelector('[data-milestone="' + num(fresh[i].id) + '"]');
			if (li) li.classList.add("sg-just-unlocked");
		}
		root.querySelector(".sg-live").textContent = t("justUnlocked", { title: str(fresh[0].title) });
		root.classList.add("sg-celebrating");
		confetti(root);
	}

	function poll(w) {
		if (document.hidden && w.reached) return schedule(w);
		var headers = {};
		if (w.etag) headers["If-None-Match"] = w.etag;
		fetch(w.url, { headers: headers, cache: "no-store", credentials: "omit", mode: "cors" })
			.then(function (r) {
				if (r.status === 304) return null;
				if (r.status === 404) { w.node.textContent = ""; w.etag = null; return null; }
				if (!r.ok) return null;
				var tag = r.headers.get("ETag");
				return r.json().then(function (d) {
					/*
					 * Workers may be up to public_fresh_ms apart: an
					 * answer older than the one shown is skipped.
					 */
					if (d && typeof d === "object" && !(num(d.version) < w.version)) {
						w.etag = tag;
						w.version = num(d.version);
						render(w, d);
					}
				});
			})
			.catch(function () { /* offline or blocked: try again later */ })
			.then(function () { schedule(w); });
	}

	function schedule(w) {
		clearTimeout(w.timer);
		w.timer = setTimeout(function () { poll(w); }, w.interval * 1000);
	}

	function ensureStyles(base) {
		var href = base + "/static/stretchgoal.css", links = document.querySelectorAll("link[rel=stylesheet]");
		for (var i = 0; i < links.length; i++) if (links[i].href === href) return;
		var l = document.createElement("link");
		l.rel = "stylesheet";
		l.href = href;
		document.head.appendChild(l);
	}

	function start(node) {
		if (node.getAttribute("data-stretchgoal-started")) return;
		var id = (node.getAttribute("data-stretchgoal") || "").split("/");
		if (id.length !== 2 || !SLUG.test(id[0]) || !SLUG.test(id[1])) return;
		var base = defaultBase, b = node.getAttribute("data-stretchgoal-base");
		if (b) { try { base = new URL(b).origin; } catch (e) { return; } }
		var iv = parseInt(node.getAttribute("data-stretchgoal-interval") || "30", 10);
		node.setAttribute("data-stretchgoal-started", "1");
		ensureStyles(base);
		var w = {
			node: node, base: base, etag: null, version: 0, reached: null, timer: 0,
			view: node.getAttribute("data-stretchgoal-view") === "compact" ? "compact" : "full",
			interval: isFinite(iv) ? Math.min(3600, Math.max(2, iv)) : 30,
			url: base + "/api/v1/public/" + id[0] + "/" + id[1]
		};
		poll(w);
	}

	function startAll() {
		var nodes = document.querySelectorAll("[data-stretchgoal]");
		for (var i = 0; i < nodes.length; i++) start(nodes[i]);
	}

	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
	else startAll();
	window.StretchGoal = { start: startAll };
})();
