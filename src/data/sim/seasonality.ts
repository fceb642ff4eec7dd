const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const PEAK_HOUR_UTC = 14.5;

/** Per minute of the UTC day: [weekdays..., weekend days...], built once. */
function buildTable(dailyAmplitude: number, weekday: number, weekend: number): Float64Array {
  const table = new Float64Array(2 * 1440);
  for (let minute = 0; minute < 1440; minute++) {
    const cycle = 1 + dailyAmplitude * Math.cos((2 * Math.PI * ((minute + 0.5) / 60 - PEAK_HOUR_UTC)) / 24);
    table[minute] = cycle * weekday;
    table[1440 + minute] = cycle * weekend;
  }
  return table;
}

const VOLATILITY_TABLE = buildTable(0.25, 1.06, 0.8);
const VOLUME_TABLE = buildTable(0.45, 1.12, 0.7);

function tableIndex(timeMs: number): number {
  const day = Math.floor(timeMs / DAY_MS);
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  const minute = Math.floor((timeMs - day * DAY_MS) / MINUTE_MS);
  return (weekday === 0 || weekday === 6 ? 1440 : 0) + minute;
}

/**
 * Intraday volatility multipliers (mean about 1) of the 1440 minutes of the UTC day starting at `dayStartMs`:
 * busiest around the US open (14:30 UTC), quieter on weekends. A view of a shared table: read only.
 */
export function seasonalVolatilityOfDay(dayStartMs: number): Float64Array {
  const start = tableIndex(dayStartMs);
  return VOLATILITY_TABLE.subarray(start, start + 1440);
}

/**
 * Intraday volume multipliers (mean about 1) of the 1440 minutes of the UTC day starting at `dayStartMs`: a stronger
 * daily cycle than volatility, and quiet weekends. A view of a shared table: read only.
 */
export function seasonalVolumeOfDay(dayStartMs: number): Float64Array {
  const start = tableIndex(dayStartMs);
  return VOLUME_TABLE.subarray(start, start + 1440);
}
