import { isValidPhoneNumber } from 'libphonenumber-js/max';
for (const s of ['1 1 1 1 1 1 1', '1111111', '1111111111', '2125550143', '+442079460958', '+1 1 1 1 1 1 1 1 1 1', '(212) 555-0143']) {
  const t = performance.now(); let v = false; for (let i = 0; i < 20000; i++) v = isValidPhoneNumber(s, 'US');
  console.log(s, v, ((performance.now() - t) * 1000 / 20000).toFixed(2), 'µs');
}
