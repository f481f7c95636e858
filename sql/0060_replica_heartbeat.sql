-- The replica's lag (issue 19): every service process writes this row on the primary every
-- 500 ms; replicated, its age on the replica is how far the replica is behind (pt-heartbeat
-- style: Seconds_Behind_Master is NULL while the SQL thread is stopped).
CREATE TABLE replica_heartbeat (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  ts DATETIME(6) NOT NULL
) ENGINE=InnoDB;
