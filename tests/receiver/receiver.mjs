// receiver.mjs — a webhook receiver on loopback for tests/integration/it_events.
// Every delivery is verified with the standardwebhooks package from npm
// (not stretchgoal's own code).  PORT=N node receiver.mjs
//
//   PUT  /_secret/NAME   body: the endpoint's "whsec_..." secret
//   PUT  /_mode/NAME     body: "ok" | "fail" (503) | "slow:MS" (answer late)
//   GET  /_log/NAME      -> [{"id", "type", "campaign", "seq", "verified"}, ...]
//   GET  /_stats/NAME    -> {"n", "unique", "verified", "first", "last",
//                           "delay_p50", "delay_p99"} (ms; delay: from the
//                           event's created_at to its arrival)
//   POST /hook/NAME      a delivery: 400 when the signature does not verify
import http from "node:http";
import { Webhook } from "standardwebhooks";

const secrets = new Map(), modes = new Map(), logs = new Map();
const port = Number(process.env.PORT);

function log(name) {
	if (!logs.has(name))
		logs.set(name, []);
	return logs.get(name);
}

const server = http.createServer((req, res) => {
	const chunks = [];
	req.on("data", (c) => chunks.push(c));
	req.on("end", () => {
		const body = Buffer.concat(chunks).toString("utf8");
		const [, kind, name] = req.url.split("/");
		if (req.method === "PUT" && kind === "_secret") {
			secrets.set(name, body.trim());
			return res.end("ok");
		}
		if (req.method === "PUT" && kind === "_mode") {
			modes.set(name, body.trim());
			return res.end("ok");
		}
		if (req.method === "GET" && kind === "_log") {
			res.setHeader("Content-Type", "application/json");
			return res.end(JSON.stringify(log(name)));
		}
		if (req.method === "GET" && kind === "_stats") {
			const l = log(name), d = l.map((e) => e.delay).sort((a, b) => a - b);
			const q = (p) => d.length ? d[Math.min(d.length - 1, Math.floor(p * d.length))] : -1;
			res.setHeader("Content-Type", "application/json");
			return res.end(JSON.stringify({
				n: l.length,
				unique: new Set(l.map((e) => e.id)).size,
				verified: l.filter((e) => e.verified).length,
				first: l.length ? l[0].at : 0,
				last: l.length ? l[l.length - 1].at : 0,
				delay_p50: q(0.5),
				delay_p99: q(0.99),
			}));
		}
		if (req.method !== "POST" || kind !== "hook") {
			res.statusCode = 404;
			return res.end();
		}
		const mode = modes.get(name) || "ok";
		if (mode === "fail") {
			res.statusCode = 503;
			return res.end("down");
		}
		let ev, verified = false;
		try {
			ev = new Webhook(secrets.get(name) || "").verify(body, {
				"webhook-id": req.headers["webhook-id"],
				"webhook-timestamp": req.headers["webhook-timestamp"],
				"webhook-signature": req.headers["webhook-signature"],
			});
			verified = ev.id === req.headers["webhook-id"];
		} catch (e) {
			ev = null;
		}
		const entry = {
			id: req.headers["webhook-id"] || "",
			type: ev ? ev.type : "",
			campaign: ev ? ev.campaign : "",
			seq: ev ? ev.seq : -1,
			verified,
			data: ev ? ev.data : null,
			at: Date.now(),
			delay: ev ? Date.now() - Date.parse(ev.created_at) : -1,
		};
		const answer = () => {
			if (name.startsWith("lean"))
				entry.data = null;	/* big runs: keep the log small */
			log(name).push(entry);
			res.statusCode = verified ? 200 : 400;
			res.end(verified ? "thanks" : "bad signature");
		};
		if (mode.startsWith("slow:"))
			setTimeout(answer, Number(mode.slice(5)));
		else
			answer();
	});
});
server.listen(port, "127.0.0.1", () => {
	process.stdout.write(`listening ${port}\n`);
});
