import { describe, expect, it } from 'vitest';
import { grouped, plural } from './plural';

describe('plural', () => {
  it('says one thing in the singular, any other count in the plural, with thousands grouped', () => {
    expect(plural(1, 'annotation')).toBe('1 annotation');
    expect(plural(0, 'annotation')).toBe('0 annotations');
    expect(plural(2, 'document')).toBe('2 documents');
    expect(plural(20_001, 'annotation')).toBe('20,001 annotations');
    expect(plural(1, 'translation fails', 'translations fail')).toBe('1 translation fails');
    expect(plural(3, 'translation fails', 'translations fail')).toBe('3 translations fail');
    expect(grouped(1234567)).toBe('1,234,567');
    expect(grouped(999)).toBe('999');
  });
});
