const DAY_MS = 86_400_000;

// Volume over the UTC day follows f(t) = 0.5 + 1.5 (2t - 1)², t in [0, 1): a U shape, busiest
// around 00:00 UTC (the daily candle open/close most crypto venues and funding cycles key on) and
// quietest at midday, with a daily mean of exactly 1 so `baseVolume` stays the mean bar volume.

/**
 * The mean of the intraday volume profile over the bar [openTime, openTime + intervalMs): exact for
 * any interval, so daily or weekly bars get a factor of 1 rather than the value at one instant.
 */
export function intradayVolumeFactor(openTime: number, intervalMs: number): number {
  const start = openTime / DAY_MS;
  const end = (openTime + intervalMs) / DAY_MS;
  return (cumulativeProfile(end) - cumulativeProfile(start)) / (end - start);
}

/** ∫₀ˣ f, in days; whole days contribute 1 each. */
function cumulativeProfile(days: number): number {
  const whole = Math.floor(days);
  const t = days - whole;
  return whole + 0.5 * t + 0.25 * ((2 * t - 1) ** 3 + 1);
}
