-- From this migration on, phone_hash is the HMAC of the E.164 number (server/src/ingest/phone-hash.ts);
-- before, of the digits as typed, so "13910000001" and "+8613910000001" were two phones to the frequency
-- cap. When it was applied (schema_migrations.applied_at, the app's clock) is when the scheme changed: for
-- the cap's 24 h after that, a dial also matches dials stored under the old hashes of its number
-- (docs/data-model.md, "Phone hashes"). Nothing else changes in the table, the column says so itself.
ALTER TABLE call_events COMMENT COLUMN phone_hash 'HMAC-SHA-256 (PHONE_HASH_SECRET) of the E.164 number (before migration 0008: of the digits as typed)';
