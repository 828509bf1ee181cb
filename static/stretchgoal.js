/*
 * stretchgoal.js — the drop-in progress widget.  No framework, no build.
 *
 *   <script src="https://SERVICE/static/stretchgoal.js" defer></script>
 *   <div data-stretchgoal="store-handle/campaign-slug"></div>
 *
 *   <stretch-goal campaign="store-handle/campaign-slug"></stretch-goal>
 *
 * Optional attributes on the div (on the custom element without the
 * "data-stretchgoal-" prefix: view, interval, base, theme, accent, radius):
 *   data-stretchgoal-view="compact"   bar and next milestone only
 *   data-stretchgoal-interval="30"    seconds between polls (2..3600)
 *   data-stretchgoal-base="https://…" service origin (default: this script's)
 *   data-stretchgoal-theme="dark"     light, dark or auto (the default)
 *   data-stretchgoal-accent="#7b2ff7" accent colour, #rrggbb
 *   data-stretchgoal-radius="8"       corner radius in px, 0..24
 * Without theme, accent or radius the campaign's own look (chosen in the
 * admin, "look" in the JSON) applies.
 *   data-stretchgoal-lang="de"        language (default: the store's; on
 *                                     the custom element the lang attribute)
 *
 * The script polls GET /api/v1/public/{store}/{campaign} with If-None-Match
 * (a 304 costs nothing), builds the DOM with textContent only (never
 * innerHTML with data) and, when a milestone unlocks while the page is
 * open, celebrates with confetti (not under prefers-reduced-motion); a
 * secret goal's locked card turns over (CSS, likewise).  A
 * polite live region announces unlocks and the campaign getting funded or
 * ending, only when they happen (never on a poll that changed nothing).
 *
 * On the iframe page /w/… (a <main data-stretchgoal-page="ETAG">), the page
 * is already rendered by the service: the script keeps it until the JSON
 * changes, then updates it in place, and posts its height to the parent:
 *   {"type": "stretchgoal:resize", "height": N, "campaign": "store/slug"}
 * Words: the JSON's "text" (the catalogue of its language, templates/i18n/,
 * with plural forms chosen by Intl.PluralRules for its "lang"); TEXT below
 * is the English fallback for older services, and window.StretchGoalText
 * may override any entry.  The widget's root takes the JSON's lang and dir.
 */
(function () {
	"use strict";

	var TEXT = {
		landmark: "{title}: campaign progress",
		barLabel: "{title}: progress",
		valueTextMoney: "{progress} of {goal} raised, {percent}",
		valueTextUnits: "{progress} of {goal} sold, {percent}",
		raisedOf: "raised of a {goal} goal",
		soldOf: "of {goal} sold",
		of: "of {goal}",
		funded: "Funded!",
		fundedOver: "{percent} of the {goal} goal.",
		fundedAt: "The {goal} goal is reached.",
		backers: { one: "{n} backer", other: "{n} backers" },
		startsDays: { one: "Starts in {n} day", other: "Starts in {n} days" },
		startsHours: { one: "Starts in {n} hour", other: "Starts in {n} hours" },
		startsSoon: "Starts in less than an hour",
		daysLeft: { one: "{n} day left", other: "{n} days left" },
		hoursLeft: { one: "{n} hour left", other: "{n} hours left" },
		soon: "Less than an hour left",
		ended: "Campaign ended",
		endedOn: "Campaign ended on {date}",
		goalsHeading: "Stretch goals",
		unlocked: "Unlocked",
		secretUnlocked: "Secret goal unlocked",
		secretTitle: "Secret stretch goal",
		secretText: "Revealed when the campaign reaches {target}.",
		toGo: "{remaining} to go",
		gift: "Gift:",
		giftAll: "for every backer",
		giftNew: "for everyone who backs from then on",
		next: "Next:",
		nextAt: "at {target} · {remaining} to go",
		allReached: "All stretch goals unlocked!",
		announceFunded: "Funded! {progress} of {goal}",
		justUnlocked: "Unlocked: {title}"
	};
	var SVGNS = "http://www.w3.org/2000/svg";
	var SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
	var LANG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}$/;
	/* The words of the answer being rendered: its "text" and "lang". */
	var words = { text: null, lang: "en", plural: null };
	var script = document.currentScript;
	var defaultBase = script && script.src ? new URL(script.src).origin : location.origin;

	function speak(d) {
		var lang = typeof d.lang === "string" && LANG.test(d.lang) ? d.lang : "en";
		words.text = d.text && typeof d.text === "object" ? d.text : null;
		if (lang !== words.lang || !words.plural) {
			words.lang = lang;
			try { words.plural = new Intl.PluralRules(lang); } catch (e) { words.plural = null; }
		}
	}

	/* A message: a text, or plural forms chosen by the count vars.count. */
	function t(key, vars) {
		var o = window.StretchGoalText, s = null, cat;
		if (o && (typeof o[key] === "string" || (o[key] && typeof o[key] === "object"))) s = o[key];
		else if (words.text && words.text[key] != null) s = words.text[key];
		else s = TEXT[key];
		if (s && typeof s === "object") {
			cat = vars && typeof vars.count === "number" && words.plural ?
				words.plural.select(vars.count) : "other";
			s = typeof s[cat] === "string" ? s[cat] : s.other;
		}
		if (typeof s !== "string") s = "";
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

	function scaleOf(d, ms) {
		var scale = num(d.goal), i;
		for (i = 0; i < ms.length; i++)
			if (ms[i].metric !== "backers") scale = Math.max(scale, num(ms[i].target));
		return Math.max(scale, num(d.progress));
	}

	function bar(d, ms) {
		var progress = num(d.progress), goal = num(d.goal), scale = scaleOf(d, ms), i;
		var disp = d.display || {};
		var wrap = el("div", "sg-bar");
		wrap.setAttribute("role", "progressbar");
		wrap.setAttribute("aria-label", t("barLabel", { title: str(d.title) }));
		wrap.setAttribute("aria-valuemin", "0");
		wrap.setAttribute("aria-valuemax", String(scale));
		wrap.setAttribute("aria-valuenow", String(Math.max(0, progress)));
		wrap.setAttribute("aria-valuetext", t(d.goal_kind === "money" ? "valueTextMoney" : "valueTextUnits", {
			progress: str(disp.progress), goal: str(disp.goal), percent: str(disp.percent)
		}));
		var s = svg("svg", { "class": "sg-bar-svg", viewBox: "0 0 1000 24",
			preserveAspectRatio: "none", "aria-hidden": "true", focusable: "false" });
		var fill = progress >= scale ? 1000 : pos(progress, scale), g = pos(goal, scale);
		s.appendChild(svg("rect", { "class": "sg-bar-track", x: 0, y: 6, width: 1000, height: 12 }));
		s.appendChild(svg("rect", { "class": "sg-bar-fill", x: 0, y: 6, width: fill, height: 12 }));
		if (progress > goal && fill > g)
			s.appendChild(svg("rect", { "class": "sg-bar-over", x: g, y: 6, width: fill - g, height: 12 }));
		for (i = 0; i < ms.length; i++) {
			if (ms[i].metric === "backers") continue;	/* listed, not drawn */
			var p = pos(num(ms[i].target), scale);
			s.appendChild(svg("line", { "class": "sg-bar-marker" + (ms[i].reached ? " sg-reached" : ""),
				x1: p, x2: p, y1: 3, y2: 21 }));
		}
		s.appendChild(svg("line", { "class": "sg-bar-goal", x1: g, x2: g, y1: 0, y2: 24 }));
		wrap.appendChild(s);
		return wrap;
	}

	/* upcoming, live, funded or ended: the JSON says; older services did not. */
	function stateOf(d) {
		if (d.state === "upcoming" || d.state === "live" || d.state === "funded" || d.state === "ended")
			return d.state;
		if (d.ended) return "ended";
		return num(d.progress) >= num(d.goal) ? "funded" : "live";
	}

	/* As the service counts: N days from 2 days on, N hours from 1 hour on. */
	function steps(left, days, hours, soon) {
		var h = Math.floor(left / 3600000), dd = Math.floor(h / 24);
		if (dd >= 2) return t(days, { n: dd, count: dd });
		if (h >= 1) return t(hours, { n: h, count: h });
		return t(soon);
	}

	function countdown(d) {
		var disp = d.display || {}, left;
		if (stateOf(d) === "ended") {
			left = typeof d.ends_at === "string" ? Date.parse(d.ends_at) : NaN;
			return left <= Date.now() && disp.ends_on ? t("endedOn", { date: str(disp.ends_on) }) : t("ended");
		}
		if (stateOf(d) === "upcoming" && typeof d.starts_at === "string") {
			left = Date.parse(d.starts_at) - Date.now();
			if (left > 0) return steps(left, "startsDays", "startsHours", "startsSoon");
		}
		if (typeof d.ends_at !== "string") return null;
		left = Date.parse(d.ends_at) - Date.now();
		if (!(left > 0)) return t("ended");
		return steps(left, "daysLeft", "hoursLeft", "soon");
	}

	function amounts(d, compact) {
		var disp = d.display || {};
		var p = el("p", "sg-amounts");
		p.appendChild(el("strong", "sg-progress", str(disp.progress)));
		p.appendChild(document.createTextNode(" " + t(compact ? "of" :
			(d.goal_kind === "money" ? "raisedOf" : "soldOf"), { goal: str(disp.goal) }) + " "));
		if (compact && num(d.progress) >= num(d.goal) && num(d.goal) > 0) {
			p.appendChild(el("span", "sg-funded", t("funded")));
			p.appendChild(document.createTextNode(" "));
		}
		p.appendChild(el("span", "sg-percent", str(disp.percent)));
		return p;
	}

	/*
	 * A secret goal not reached yet comes without title, texts, photo or
	 * gift (the service never sends them): a locked card with its target.
	 */
	function hiddenOf(m) {
		return m.secret === true && !m.reached;
	}

	function milestoneItem(m, base) {
		var disp = m.display || {}, hidden = hiddenOf(m);
		var li = el("li", "sg-milestone " + (m.reached ? "sg-reached" : "sg-locked") +
			(m.secret === true ? " sg-secret" : "") + (hidden ? " sg-hidden" : ""));
		li.setAttribute("data-milestone", String(num(m.id)));
		var img = hidden ? null : imageUrl(m.image_url, base);
		if (hidden) {
			var lock = el("div", "sg-ms-lock");
			lock.setAttribute("aria-hidden", "true");
			li.appendChild(lock);
		} else if (img) {
			var im = el("img", "sg-ms-image");
			im.src = img;
			im.alt = str(m.image_alt);
			im.loading = "lazy";
			li.appendChild(im);
		}
		var body = el("div", "sg-ms-body");
		var head = el("p", "sg-ms-head");
		head.appendChild(el("span", "sg-ms-target", str(disp.target)));
		head.appendChild(document.createTextNode(" "));
		head.appendChild(el("strong", "sg-ms-title", hidden ? t("secretTitle") : str(m.title)));
		head.appendChild(document.createTextNode(" "));
		head.appendChild(el("span", "sg-ms-state", m.reached ?
			t(m.secret === true ? "secretUnlocked" : "unlocked") :
			t("toGo", { remaining: str(disp.remaining) })));
		body.appendChild(head);
		body.appendChild(el("p", "sg-ms-text", hidden ?
			t("secretText", { target: str(disp.target) }) : str(m.text)));
		if (!hidden && m.reward === "gift") {
			var q = num(m.gift_quantity) > 1 ? m.gift_quantity + " × " : "";
			body.appendChild(el("p", "sg-ms-gift", t("gift") + " " + q + str(m.gift_title) + " · " +
				t(m.scope === "new" ? "giftNew" : "giftAll")));
		}
		li.appendChild(body);
		return li;
	}

	function build(w, d) {
		var ms = Array.isArray(d.milestones) ? d.milestones : [];
		var compact = w.view === "compact", state = stateOf(d);
		var disp = d.display || {}, i, cd;
		/*
		 * The campaign's default look ("look" in the JSON) where the embed
		 * set none.  The iframe page has its look from the service already
		 * (its theme attribute and :root style), the embed's own included.
		 */
		var look = !w.page && d.look && typeof d.look === "object" ? d.look : {};
		var theme = w.themeSet ? w.theme : (look.theme === "light" || look.theme === "dark" ? look.theme : "auto");
		var accent = w.accent || (typeof look.accent === "string" && /^#[0-9a-fA-F]{6}$/.test(look.accent) ? look.accent : null);
		var radius = w.radius !== null ? w.radius : (typeof look.radius === "number" && look.radius >= 0 && look.radius <= 24 ? Math.floor(look.radius) : null);
		var root = el("section", "sg-widget " + (compact ? "sg-compact" : "sg-full") +
			" sg-state-" + state + (state === "ended" ? " sg-ended" : "") +
			(num(d.progress) > num(d.goal) ? " sg-overfunded" : "") +
			(theme !== "auto" ? " sg-theme-" + theme : ""));
		if (accent) {
			/* CSSOM, not a style attribute: allowed under a strict CSP. */
			var rgb = parseInt(accent.slice(1), 16);
			var yiq = ((rgb >> 16) & 255) * 299 + ((rgb >> 8) & 255) * 587 + (rgb & 255) * 114;
			root.style.setProperty("--sg-custom-accent", accent);
			root.style.setProperty("--sg-custom-on-accent", yiq >= 128000 ? "#000000" : "#ffffff");
		}
		if (radius !== null) root.style.setProperty("--sg-custom-radius", radius + "px");
		root.setAttribute("aria-label", w.label || t("landmark", { title: str(d.title) }));
		if (words.lang) root.setAttribute("lang", words.lang);
		root.setAttribute("dir", d.dir === "rtl" ? "rtl" : "ltr");
		/* One h1 on the iframe page; in a store's page the widget is a section. */
		var heading = el(w.page ? "h1" : "h2", "sg-title" + (compact ? " sg-vh" : ""), str(d.title));
		root.appendChild(heading);
		root.appendChild(amounts(d, compact));
		root.appendChild(bar(d, ms));
		if (compact) {
			if (state === "upcoming" && (cd = countdown(d))) root.appendChild(el("p", "sg-ends sg-starts", cd));
			var next = null;
			for (i = 0; i < ms.length && !next; i++) if (!ms[i].reached) next = ms[i];
			if (next) {
				var p = el("p", "sg-next", t("next") + " ");
				p.appendChild(el("strong", null, hiddenOf(next) ? t("secretTitle") : str(next.title)));
				p.appendChild(document.createTextNode(" "));
				p.appendChild(document.createTextNode(t("nextAt", {
					target: str((next.display || {}).target),
					remaining: str((next.display || {}).remaining) })));
				root.appendChild(p);
			} else if (ms.length) root.appendChild(el("p", "sg-next", t("allReached")));
			if (state === "ended") root.appendChild(el("p", "sg-ends", countdown(d)));
		} else {
			if (num(d.progress) >= num(d.goal) && num(d.goal) > 0) {
				var f = el("p", "sg-funded-banner");
				f.appendChild(el("strong", "sg-funded", t("funded")));
				f.appendChild(document.createTextNode(" " + t(num(d.progress) > num(d.goal) ? "fundedOver" : "fundedAt",
					{ percent: str(disp.percent), goal: str(disp.goal) })));
				root.appendChild(f);
			}
			var meta = el("p", "sg-meta");
			meta.appendChild(el("span", "sg-backers", t("backers",
				{ n: str(disp.backers), count: num(d.backers) })));
			cd = countdown(d);
			if (cd) meta.appendChild(el("span", "sg-ends" + (state === "upcoming" ? " sg-starts" : ""), cd));
			root.appendChild(meta);
			if (ms.length) {
				root.appendChild(el(w.page ? "h2" : "h3", "sg-vh", t("goalsHeading")));
				var ol = el("ol", "sg-milestones");
				for (i = 0; i < ms.length; i++) ol.appendChild(milestoneItem(ms[i], w.base));
				root.appendChild(ol);
			}
		}
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

	/* What to tell a screen reader about this answer: only news. */
	function news(w, d, fresh) {
		var state = stateOf(d), disp = d.display || {};
		if (fresh.length) return t("justUnlocked", { title: str(fresh[0].title) });
		if (w.state && w.state !== state && state === "funded")
			return t("announceFunded", { progress: str(disp.progress), goal: str(disp.goal) });
		if (w.state && w.state !== state && state === "ended") return countdown(d);
		return "";
	}

	function render(w, d) {
		var ms = Array.isArray(d.milestones) ? d.milestones : [];
		var fresh = [], reached = {}, i;
		for (i = 0; i < ms.length; i++) {
			if (!ms[i].reached) continue;
			reached[ms[i].id] = true;
			if (w.reached && !w.reached[ms[i].id]) fresh.push(ms[i]);
		}
		speak(d);
		if (!w.label) w.label = uniqueLabel(t("landmark", { title: str(d.title) }));
		var root = build(w, d), say = news(w, d, fresh);
		if (w.root && w.root.parentNode === w.node) w.node.replaceChild(root, w.root);
		else w.node.insertBefore(root, w.live);
		w.root = root;
		w.reached = reached;
		w.state = stateOf(d);
		if (say) w.live.textContent = say;
		if (!fresh.length) return;
		for (i = 0; i < fresh.length; i++) {
			var li = root.querySelector('[data-milestone="' + num(fresh[i].id) + '"]');
			if (li) li.classList.add("sg-just-unlocked");
		}
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
				if (r.status === 404) {
					if (w.root && w.root.parentNode) w.root.parentNode.removeChild(w.root);
					w.root = null; w.etag = null; return null;
				}
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

	var labels = {};	/* landmark names given out on this page */

	/* Two widgets of one campaign on a page must not share a landmark name. */
	function uniqueLabel(name) {
		var n = labels[name] = (labels[name] || 0) + 1;
		return n === 1 ? name : name + " (" + n + ")";
	}

	/* The iframe page tells its parent how tall it is, when that changes. */
	function reportHeight(w) {
		if (window.parent === window || !w.page) return;
		var last = -1;
		function send() {
			var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
			if (h === last) return;
			last = h;
			window.parent.postMessage({ type: "stretchgoal:resize", height: h, campaign: w.campaign }, "*");
		}
		if (window.ResizeObserver) new ResizeObserver(send).observe(document.documentElement);
		window.addEventListener("load", send);
		send();
	}

	function start(node) {
		if (node.getAttribute("data-stretchgoal-started")) return;
		var custom = node.localName === "stretch-goal";
		function opt(name) {
			return node.getAttribute(custom ? name : "data-stretchgoal-" + name);
		}
		var campaign = node.getAttribute(custom ? "campaign" : "data-stretchgoal") || "";
		var id = campaign.split("/");
		if (id.length !== 2 || !SLUG.test(id[0]) || !SLUG.test(id[1])) return;
		var base = defaultBase, b = opt("base");
		if (b) { try { base = new URL(b).origin; } catch (e) { return; } }
		var page = custom ? null : node.getAttribute("data-stretchgoal-page");
		/* The iframe page takes its poll interval from its URL (?interval=30). */
		var iv = parseInt(opt("interval") || (page && new URLSearchParams(location.search)
			.get("interval")) || "30", 10);
		var theme = opt("theme"), accent = opt("accent"), lang = opt("lang");
		var radius = /^([0-9]|1[0-9]|2[0-4])$/.test(opt("radius") || "") ? parseInt(opt("radius"), 10) : null;
		node.setAttribute("data-stretchgoal-started", "1");
		if (!page) ensureStyles(base);
		var w = {
			node: node, base: base, etag: page || null, reached: null, timer: 0,
			campaign: campaign, page: !!page, state: null,
			version: page ? num(parseInt(node.getAttribute("data-stretchgoal-version"), 10)) : 0,
			view: opt("view") === "compact" ? "compact" : "full",
			theme: theme === "light" || theme === "dark" ? theme : "auto",
			themeSet: theme === "light" || theme === "dark" || theme === "auto",
			radius: radius,
			accent: accent && /^#[0-9a-fA-F]{6}$/.test(accent) ? accent : null,
			interval: isFinite(iv) ? Math.min(3600, Math.max(2, iv)) : 30,
			url: base + "/api/v1/public/" + id[0] + "/" + id[1] +
				(lang && LANG.test(lang) ? "?lang=" + encodeURIComponent(lang) : "")
		};
		w.live = node.querySelector(".sg-live");
		if (!w.live) {
			w.live = el("div", "sg-live");
			w.live.setAttribute("role", "status");
			w.live.setAttribute("aria-live", "polite");
			node.appendChild(w.live);
		}
		if (page) {
			/* The service rendered the page: keep it until the JSON changes. */
			var i, li = node.querySelectorAll(".sg-milestone.sg-reached[data-milestone]");
			w.root = node.querySelector(".sg-widget");
			w.label = w.root ? w.root.getAttribute("aria-label") : null;
			w.reached = {};
			for (i = 0; i < li.length; i++) w.reached[li[i].getAttribute("data-milestone")] = true;
			var st = w.root && /\bsg-state-(\w+)/.exec(w.root.className);
			w.state = st ? st[1] : null;
			reportHeight(w);
			schedule(w);
			return;
		}
		w.root = null;
		poll(w);
	}

	function startAll() {
		var nodes = document.querySelectorAll("[data-stretchgoal], stretch-goal");
		for (var i = 0; i < nodes.length; i++) start(nodes[i]);
	}

	/* <stretch-goal campaign="store/slug" view="compact" theme="dark"> */
	if (window.customElements && !window.customElements.get("stretch-goal")) {
		var StretchGoalElement = function () {
			return Reflect.construct(HTMLElement, [], StretchGoalElement);
		};
		StretchGoalElement.prototype = Object.create(HTMLElement.prototype);
		StretchGoalElement.prototype.constructor = StretchGoalElement;
		StretchGoalElement.prototype.connectedCallback = function () { start(this); };
		Object.setPrototypeOf(StretchGoalElement, HTMLElement);
		window.customElements.define("stretch-goal", StretchGoalElement);
	}

	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
	else startAll();
	window.StretchGoal = { start: startAll };
})();
