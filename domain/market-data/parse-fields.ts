// Number('') is 0, Number('0x1A') is 26 and Number(' Infinity') is Infinity: all wrong for a price
// column. Only plain decimals (optionally with an exponent) count as numbers.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The field as a number, or NaN when it is missing or not a plain decimal. */
export function parseDecimal(field: string | undefined): number {
  return field !== undefined && DECIMAL.test(field) ? Number(field) : NaN;
}

// Epoch magnitudes are unambiguous for market data: 1e11 seconds is the year 5138 and 1e11
// milliseconds is March 1973, 1e14 ms is the year 5138 and 1e14 µs is 1973 again.
const SECONDS_BELOW = 1e11;
const MICROSECONDS_ABOVE = 1e14;

/** Binance kline timestamps: milliseconds, or microseconds in spot dumps from 2025 on. */
export function binanceTimeToMs(value: number): number {
  // Floor, not round: a microsecond closeTime ends in 999, and openTime + interval - 1 ms is wanted.
  return value > MICROSECONDS_ABOVE ? Math.floor(value / 1000) : value;
}

/** A generic epoch timestamp in seconds, milliseconds or microseconds, told apart by magnitude. */
export function epochToMs(value: number): number {
  if (Math.abs(value) < SECONDS_BELOW) return Math.round(value * 1000);
  return binanceTimeToMs(value);
}

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * An ISO-8601 date or date-time to epoch ms, or NaN. Parsed by hand because Date.parse reads a
 * date-time without an offset as local time, which would make a load depend on the machine's zone;
 * here a missing offset means UTC.
 */
export function parseIsoTimestamp(text: string): number {
  const match = ISO_8601.exec(text);
  if (match === null) return NaN;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = 'Z'] = match;
  const fields = [year, month, day, hour, minute, second].map(Number);
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = fields;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, millis);
  const check = new Date(utc);
  // Date.UTC rolls 2024-02-30 over into March; a calendar-invalid date is a bad field, not a new day.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return NaN;
  if (h > 23 || mi > 59 || s > 59) return NaN;
  return utc - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  return sign * (hours * 60 + minutes) * 60_000;
}

/** A timestamp field that is either an epoch number (s, ms or µs) or ISO-8601, to epoch ms; NaN otherwise. */
export function parseTimestamp(field: string | undefined): number {
  if (field === undefined) return NaN;
  const numeric = parseDecimal(field);
  return Number.isNaN(numeric) ? parseIsoTimestamp(field) : epochToMs(numeric);
}
