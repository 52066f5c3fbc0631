// How IDs cross into and out of SQLite.
//
// IDs are stored as INTEGER, not TEXT. Our snowflake IDs stay below 2^63, so they fit
// SQLite's signed 64-bit integer exactly; as numbers they sort and compare correctly in SQL
// ("message_id < ?" for paging, "ORDER BY message_id DESC" for newest first) and index
// compactly, which decimal TEXT would not do without zero-padding tricks. The database is
// opened with safeIntegers, so every integer comes back as a BigInt (never a rounded
// number); we turn IDs into decimal strings right at the edge of the store.
//
// A client may send any uint64, up to 2^64-1. Anything above 2^63-1 is clamped to 2^63-1:
// no stored ID is that large, so a lookup finds nothing, "below it" means "everything" and
// "above it" means "nothing", which is exactly what the unclamped value would mean.

const INT64_MAX = (1n << 63n) - 1n;

/** A decimal ID string (already validated) as the value to bind in SQL. */
export function toSqlId(id: string): bigint {
  const value = BigInt(id);
  return value > INT64_MAX ? INT64_MAX : value;
}

/** An ID read from SQLite (BigInt under safeIntegers) as its decimal string. */
export function fromSqlId(value: unknown): string {
  if (typeof value === 'bigint' || typeof value === 'number') return value.toString();
  throw new TypeError(`expected an integer ID from SQLite, got ${typeof value}`);
}

/** A small integer column (type, time, count) read from SQLite as a plain number. */
export function fromSqlInt(value: unknown): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  throw new TypeError(`expected an integer from SQLite, got ${typeof value}`);
}

export function fromSqlOptionalId(value: unknown): string | null {
  return value === null || value === undefined ? null : fromSqlId(value);
}
