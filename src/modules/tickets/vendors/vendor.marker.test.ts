import { expect, it } from 'vitest';
import { holdsMarker } from './vendor.marker.js';

it('finds the marker as a whole word only', () => {
  const m = 'backwatch-incident-41-7';
  expect(holdsMarker(`report\n\n${m}`, m)).toBe(true);
  expect(holdsMarker(`<!-- ${m} -->`, m)).toBe(true);
  expect(holdsMarker(`<small>${m}</small>`, m)).toBe(true);
  expect(holdsMarker(m, m)).toBe(true);
  expect(holdsMarker(`${m}0`, m)).toBe(false);
  expect(holdsMarker(`${m}-2`, m)).toBe(false);
  expect(holdsMarker(`x${m}`, m)).toBe(false);
  expect(holdsMarker(`backwatch-incident-41-70 and then ${m}.`, m)).toBe(true);
  expect(holdsMarker(undefined, m)).toBe(false);
  expect(holdsMarker('anything', '')).toBe(false);
});
