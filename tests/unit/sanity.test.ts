import { describe, expect, it } from 'vitest';
describe('toolchain', () => {
  it('runs on Node 20 or later', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
  });
});
