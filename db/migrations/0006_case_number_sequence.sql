-- Case numbers from a sequence: concurrent intake (mail bursts) no longer queues on one counter row lock.
-- Numbers stay unique and increasing (CAS-<year of registration>-<n>); a rolled-back intake leaves a gap.
CREATE SEQUENCE case_number_seq;
SELECT setval('case_number_seq', greatest(coalesce((SELECT max(last) FROM case_counters), 0), 1),
  (SELECT count(*) > 0 FROM case_counters));
DROP TABLE case_counters;

-- the email channel's per-address daily limit of automatic replies counts these
CREATE INDEX outbox_to_address_idx ON outbox (to_address, created_at);
