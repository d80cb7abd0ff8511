-- At most one running enrollment per IAM user, enforced by the database itself: a second start (double click,
-- second tab, second instance) finds the first instead of creating another device. The row lives exactly as long
-- as the enrollment is STARTED or DEVICE_CREATED.
CREATE TABLE active_enrollments (
    iam_user       VARCHAR(64) PRIMARY KEY,
    enrollment_id  VARCHAR(36) NOT NULL UNIQUE
);
INSERT INTO active_enrollments (iam_user, enrollment_id)
    SELECT iam_user, MAX(id) FROM enrollments WHERE state IN ('STARTED', 'DEVICE_CREATED') GROUP BY iam_user;
