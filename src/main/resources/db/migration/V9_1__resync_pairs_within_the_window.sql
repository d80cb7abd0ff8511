-- Every code pair sent to ResyncMFADevice within the replay window, per user and device, not only the last one: a
-- pair seen again within the window is refused, on any instance, by this table's primary key.
CREATE TABLE resync_pairs (
    iam_user       VARCHAR(64)  NOT NULL,
    serial_number  VARCHAR(512) NOT NULL,
    pair_hash      VARCHAR(64)  NOT NULL,
    pair_step      BIGINT       NOT NULL,
    PRIMARY KEY (iam_user, serial_number, pair_hash)
);
INSERT INTO resync_pairs (iam_user, serial_number, pair_hash, pair_step)
    SELECT iam_user, serial_number, pair_hash, pair_step FROM resync_attempts;

-- resync_attempts keeps only the count of refused pairs in a row, which an attempt now reserves before IAM is asked.
ALTER TABLE resync_attempts DROP COLUMN pair_hash;
ALTER TABLE resync_attempts DROP COLUMN pair_step;
