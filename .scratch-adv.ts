import { ALL_DETECTORS } from './src/masking/detectors/index.js';
const N = 1_000_000;
const inputs: Record<string, string> = {
  a: 'a'.repeat(N), one: '1'.repeat(N), dashAt: '-'.repeat(N) + '@', aAt: 'a'.repeat(N) + '@', atA: '@' + 'a.'.repeat(N / 2),
  digitsSp: '1 '.repeat(N / 2), digitsDot: '1.'.repeat(N / 2), digitsDash: '12-'.repeat(N / 3), colon: 'a:'.repeat(N / 2), hex: 'f'.repeat(N),
  eyJ: 'eyJ'.repeat(N / 3), eyJdot: 'eyJhbGciOiJIUzI1NiJ9.'.repeat(N / 22), pem: '-----BEGIN PRIVATE KEY-----\n'.repeat(N / 28),
  pwd: 'password='.repeat(N / 9), url: 'a://b:'.repeat(N / 6), token: 'token '.repeat(N / 6) + 'x'.repeat(600), ibanish: 'GB82'.repeat(N / 4),
  plus: '+1 '.repeat(N / 3), paren: '(1) '.repeat(N / 4), mail: 'a@b.co '.repeat(N / 7), ssn: '123-45-6781 '.repeat(N / 12),
  ipv6: '1:'.repeat(N / 2), card: '4111 '.repeat(N / 5),
};
for (const [name, text] of Object.entries(inputs)) {
  const row: string[] = [];
  for (const d of ALL_DETECTORS) { const t = performance.now(); const n = d.find(text).length; row.push(`${d.name}=${(performance.now() - t).toFixed(0)}ms/${n}`); }
  console.log(name.padEnd(10), row.join('  '));
}
