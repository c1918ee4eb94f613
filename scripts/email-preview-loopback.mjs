// Preloaded into React Email's preview server by scripts/email-preview.ts: its CLI has no host
// option and calls server.listen(port, callback), which listens on every interface. A listen
// without a host is given 127.0.0.1, so only this machine reaches the preview.
import http from "node:http";

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function listenOnLoopback(...args) {
  if (typeof args[0] === "number" && (args.length === 1 || typeof args[1] === "function")) args.splice(1, 0, "127.0.0.1");
  return listen.apply(this, args);
};
