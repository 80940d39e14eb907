// Node preload that keeps the test peers on loopback: kinesalite's CLI and kinesis-local call
// listen() with no host, which would bind every interface. Loaded with
// `node --require tests/peers/loopback_only.js ...`, it rewrites such calls (and wildcard
// hosts) to 127.0.0.1. Unix sockets and handles are left as they are.
'use strict';
const net = require('net');

const LOOPBACK = '127.0.0.1';
const ANY = ['', '0.0.0.0', '::', '[::]'];
const isAny = (host) => host === undefined || host === null || ANY.includes(host);
const realListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const first = args[0];
  if (typeof first === 'object' && first !== null) {
    const isTcp = first.path === undefined && first.fd === undefined &&
        first.handle === undefined && first._handle === undefined;
    if (isTcp && isAny(first.host)) args[0] = {...first, host: LOOPBACK};
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] === 'string' || args[1] === null) {
      if (isAny(args[1])) args[1] = LOOPBACK;
    } else {
      args.splice(1, 0, LOOPBACK);
    }
  } else if (first === undefined || typeof first === 'function') {
    args.unshift(0, LOOPBACK);
  }
  return realListen.apply(this, args);
};
