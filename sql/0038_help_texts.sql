-- Urgent help's sealed texts hold what 0033 promised the API: a description or a
-- resolution of 1000 characters (3 bytes each in Chinese, 4 for emoji) and a location of
-- 300, sealed (key id, nonce and tag on top). 0033's columns held a third of that.
ALTER TABLE help_requests
  MODIFY description_enc VARBINARY(4200) NOT NULL,
  MODIFY location_enc VARBINARY(1300) NULL,
  MODIFY resolution_enc VARBINARY(4200) NULL;
