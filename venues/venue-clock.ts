import type { Venue } from './venue.js';

/**
 * The venue's time now (market time on the simulator), for stamping a decision on the clock its
 * acceptance and fills will be stamped on. This machine's clock when the venue reports none or
 * cannot be asked; an accelerated simulator account's market time lies behind it, so TCA then
 * shows the decision's legs as skewed (empty) rather than a cross-clock number.
 */
export async function venueClock(venue: Pick<Venue, 'serverTime'>): Promise<number> {
  const time = await venue.serverTime().catch(() => Number.NaN);
  return Number.isFinite(time) && time > 0 ? time : Date.now();
}
