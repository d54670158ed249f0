import { checkSync } from 'recheck';
for (const s of ['(a|a){1,30}b', '(?:\\w{1,64}){1,64}@', '\\w+@', '(?<!\\w)\\w+@', '^(a+)+$', '(?:\\w{1,64} ?){1,8}@']) {
  const r = checkSync(s, '', { checker: 'automaton' }); console.log(s, r.status, r.status !== 'unknown' ? r.complexity.summary : JSON.stringify(r.error));
  const r2 = checkSync(s, '', {}); console.log('  auto:', r2.status, r2.checker, r2.status !== 'unknown' ? r2.complexity.summary : JSON.stringify(r2.error));
}
