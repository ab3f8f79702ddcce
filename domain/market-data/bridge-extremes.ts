/**
 * How far a continuous path rose above and fell below its start during one bar, given where it
 * ended (`change`, in log or logit units) and its variance over the bar.
 *
 * The maximum of a Brownian bridge from 0 to b with variance s² has P(max > m) = exp(-2m(m-b)/s²)
 * for m >= max(0, b); inverting it gives max = (b + sqrt(b² - 2 s² ln U)) / 2. The minimum mirrors it.
 * So high/low are the extremes of the very path that produced open→close, not arbitrary padding,
 * and `up >= max(0, change)`, `down <= min(0, change)` hold by construction.
 *
 * `uHigh` and `uLow` are uniforms in [0, 1); they are drawn by the caller so its draw count stays fixed.
 */
export function bridgeExtremes(
  change: number,
  variance: number,
  uHigh: number,
  uLow: number,
): { up: number; down: number } {
  const spread = (u: number) => Math.sqrt(change * change - 2 * variance * Math.log(1 - u));
  return {
    up: (change + spread(uHigh)) / 2,
    down: (change - spread(uLow)) / 2,
  };
}
