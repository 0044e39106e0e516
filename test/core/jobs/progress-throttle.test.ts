import { describe, expect, it } from 'vitest';
import { throttleProgress } from '../../../src-main/core/jobs/progress-throttle';

describe('throttleProgress', () => {
  it('sends at most one report per interval and always the last one on flush', () => {
    let now = 0;
    const sent: number[] = [];
    const t = throttleProgress<number>(
      (n) => sent.push(n),
      100,
      () => now,
    );
    for (let i = 1; i <= 25; i++) {
      t.offer(i);
      now += 10;
    }
    expect(sent).toEqual([1, 11, 21]);
    t.flush();
    expect(sent).toEqual([1, 11, 21, 25]);
    t.flush();
    expect(sent).toEqual([1, 11, 21, 25]);
  });
});
