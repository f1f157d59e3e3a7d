import { expect, it } from 'vitest';
import { hashRecoveryCode, newRecoveryCodes } from './accounts.recovery.js';

it('makes ten distinct recovery codes that read back however they are typed', () => {
  const codes = newRecoveryCodes();
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);
  for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
  const code = codes[0]!;
  expect(hashRecoveryCode(` ${code.toUpperCase().replaceAll('-', ' ')} `)).toBe(hashRecoveryCode(code));
  expect(hashRecoveryCode(codes[1]!)).not.toBe(hashRecoveryCode(code));
});
