// Opt-in for the intake benchmark (node -r ./bench/dnsStub.js): every DNS question of the SPF/DKIM/DMARC check
// is answered at once with "no such record", so that a run can tell the check's own cost from the resolver's.
const dns = require('node:dns');

dns.promises.resolve = async (name) => {
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND', hostname: name });
};
