-- Venues (阵地, issue 15): the office's activity centres, branch rooms and senior-university
-- buildings (seed 002: centres and rooms shared 300+ times by 12 regular and 4 functional
-- branches and 21 associations; seed 003: 16 activity centres and a new 3,000 m² building),
-- with the "六有" checklist of a branch room (seed 004: 云南省离退休干部党支部活动室"六有标准"),
-- their rooms, and bookings of a room that never overlap.
CREATE TABLE venues (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code   CHAR(6)      NOT NULL,
  name          VARCHAR(100) NOT NULL,
  address       VARCHAR(200) NULL,
  kind          ENUM('activity_centre','branch_room','senior_university','other') NOT NULL,
  area_m2       INT UNSIGNED NULL,
  -- 六有: a fixed place, the party flag and sign, rules on the wall, tables and chairs,
  -- books and papers, audio-visual equipment
  has_place     TINYINT(1)   NOT NULL DEFAULT 0,
  has_flag_sign TINYINT(1)   NOT NULL DEFAULT 0,
  has_rules     TINYINT(1)   NOT NULL DEFAULT 0,
  has_furniture TINYINT(1)   NOT NULL DEFAULT 0,
  has_reading   TINYINT(1)   NOT NULL DEFAULT 0,
  has_av        TINYINT(1)   NOT NULL DEFAULT 0,
  -- opening hours Monday..Sunday, seven comma-separated "HH:MM-HH:MM" or "" (closed)
  opening_hours VARCHAR(100) NOT NULL,
  active        TINYINT(1)   NOT NULL DEFAULT 1,
  version       INT UNSIGNED NOT NULL DEFAULT 1,
  created_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_venues_name (office_code, name),
  KEY ix_venues_office (office_code, id),
  CONSTRAINT fk_venues_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE rooms (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  venue_id    BIGINT UNSIGNED NOT NULL,
  name        VARCHAR(60)  NOT NULL,
  capacity    INT UNSIGNED NOT NULL,
  facilities  VARCHAR(400) NOT NULL DEFAULT '',  -- comma-separated
  active      TINYINT(1)   NOT NULL DEFAULT 1,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_rooms_name (venue_id, name),
  KEY ix_rooms_office (office_code, venue_id, id),
  CONSTRAINT fk_rooms_venue FOREIGN KEY (venue_id) REFERENCES venues (id),
  CONSTRAINT fk_rooms_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A booking by the office itself, a branch, an association or partner (organisations) or
-- a volunteer team; booker_id names the row of its kind (NULL for the office).
CREATE TABLE room_bookings (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code     CHAR(6)      NOT NULL,
  room_id         BIGINT UNSIGNED NOT NULL,
  venue_id        BIGINT UNSIGNED NOT NULL,
  booker_kind     ENUM('office','branch','association','partner','team') NOT NULL,
  booker_id       BIGINT UNSIGNED NULL,
  starts_at       DATETIME     NOT NULL,  -- China time, on a half hour
  ends_at         DATETIME     NOT NULL,
  purpose         VARCHAR(200) NOT NULL,
  expected_people INT UNSIGNED NOT NULL,
  people_served   INT UNSIGNED NULL,      -- recorded afterwards
  status          ENUM('booked','cancelled') NOT NULL DEFAULT 'booked',
  cancel_reason   VARCHAR(200) NULL,
  cancelled_at    DATETIME(3)  NULL,
  created_by      VARCHAR(80)  NOT NULL,
  version         INT UNSIGNED NOT NULL DEFAULT 1,
  created_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_bookings_room (office_code, room_id, starts_at, id),
  KEY ix_bookings_venue (office_code, venue_id, starts_at),
  KEY ix_bookings_booker (office_code, booker_kind, booker_id, starts_at),
  CONSTRAINT fk_bookings_room FOREIGN KEY (room_id) REFERENCES rooms (id),
  CONSTRAINT fk_bookings_office FOREIGN KEY (office_code) REFERENCES offices (code),
  CONSTRAINT ck_bookings_time CHECK (ends_at > starts_at),
  CONSTRAINT ck_bookings_booker CHECK ((booker_kind = 'office') = (booker_id IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The database's guarantee that a room's bookings never overlap (MariaDB has no exclusion
-- constraint): each live booking holds every half hour it covers, written in its
-- transaction and deleted when it is cancelled; a second holder of a half hour is a
-- duplicate primary key.
CREATE TABLE room_booking_slots (
  room_id    BIGINT UNSIGNED NOT NULL,
  slot_start DATETIME        NOT NULL,
  booking_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (room_id, slot_start),
  KEY ix_slots_booking (booking_id),
  CONSTRAINT fk_slots_booking FOREIGN KEY (booking_id) REFERENCES room_bookings (id)
) ENGINE=InnoDB;

-- Activities and volunteer events may name the booked room they take place in.
ALTER TABLE activities ADD COLUMN booking_id BIGINT UNSIGNED NULL,
  ADD CONSTRAINT fk_activities_booking FOREIGN KEY (booking_id) REFERENCES room_bookings (id);
ALTER TABLE volunteer_events ADD COLUMN booking_id BIGINT UNSIGNED NULL,
  ADD CONSTRAINT fk_events_booking FOREIGN KEY (booking_id) REFERENCES room_bookings (id);
